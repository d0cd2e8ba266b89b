// expect-error: use of deleted function
// A temporary parser would destroy the event's views with it.
#include <oncehub/webhooks.hpp>
namespace wh = oncehub::webhooks;
void f(std::string_view body) { auto r = wh::parser{}.parse(body); }
