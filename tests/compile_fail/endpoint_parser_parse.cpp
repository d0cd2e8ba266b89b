// expect-error: discards qualifiers|no matching (member )?function
// An endpoint's parser is read-only: parsing through it would skip the signature check
// and end the event receive() returned.
#include <oncehub/webhooks/endpoint.hpp>
#include <oncehub/webhooks/signature.hpp>
namespace wh = oncehub::webhooks;
void f(wh::endpoint& endpoint, std::string_view body) { auto parsed = endpoint.parser().parse(body); }
