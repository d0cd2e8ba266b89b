// expect-error: use of deleted function
// A temporary padded_string would leave the raw JSON views dangling.
#include <oncehub/webhooks.hpp>
namespace wh = oncehub::webhooks;
void f(wh::parser& parser) { auto r = parser.parse(simdjson::padded_string(std::string_view("{}"))); }
