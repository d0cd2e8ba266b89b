// expect-error: dispatch_once takes only what endpoint::receive returns
// A parsed event nobody verified: de-duplicating its id would let a forged delivery
// suppress the genuine one. dispatch_once takes an accepted_event (endpoint::receive).
#include <oncehub/webhooks.hpp>
namespace wh = oncehub::webhooks;
int f(const wh::router& router, wh::dedup_store& seen, wh::parser& parser, std::string_view body) {
  auto parsed = parser.parse(body);
  if (!parsed) { return 400; }
  return wh::dispatch_once(router, seen, *parsed).http_status();
}
