// expect-success
// The control case: the same shape as the failing ones, with every event handled.
#include <oncehub/webhooks.hpp>
namespace wh = oncehub::webhooks;
int f(const wh::event& e) {
  return wh::visit(
      e, [](const wh::typed_event<wh::booking_canceled>&) { return 1; },
      [](const wh::booking_event auto&) { return 2; }, [](const wh::conversation_event auto&) { return 3; },
      [](const wh::unknown_event&) { return 4; });
}
