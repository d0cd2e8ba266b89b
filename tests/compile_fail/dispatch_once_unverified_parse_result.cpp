// expect-error: dispatch_once takes only what endpoint::receive returns
// The result of parser::parse, unverified, is refused like a bare event.
#include <oncehub/webhooks.hpp>
namespace wh = oncehub::webhooks;
int f(const wh::router& router, wh::dedup_store& seen, wh::parser& parser, std::string_view body) {
  return wh::dispatch_once(router, seen, parser.parse(body)).http_status();
}
