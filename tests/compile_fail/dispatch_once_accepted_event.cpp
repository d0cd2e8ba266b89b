// expect-success
// The counterpart of dispatch_once_unverified_*: what an endpoint accepted compiles,
// as a result and as an event (owned copies and plain events do not, see above).
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/endpoint.hpp>
#include <oncehub/webhooks/signature.hpp>
namespace wh = oncehub::webhooks;
int f(const wh::router& router, wh::dedup_store& seen, wh::endpoint& endpoint, std::string_view body,
      std::string_view signature) {
  auto delivery = endpoint.receive(body, signature);
  const int status = wh::dispatch_once(router, seen, delivery).http_status();
  if (delivery) { return wh::dispatch_once(router, seen, *delivery).http_status(); }
  return status;
}
