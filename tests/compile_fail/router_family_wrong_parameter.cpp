// expect-error: fn must accept every typed_event of the family
// A family handler that only takes one member of the family.
#include <oncehub/webhooks.hpp>
namespace wh = oncehub::webhooks;
void f(wh::router& r) {
  r.on<wh::booking_family>([](const wh::typed_event<wh::booking_canceled>&) {});
}
