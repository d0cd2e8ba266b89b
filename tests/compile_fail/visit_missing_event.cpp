// expect-error: no handler accepts booking\.no_show
// Every booking type is handled one by one except booking.no_show: the build must fail
// and say which event is missing.
#include <oncehub/webhooks.hpp>
namespace wh = oncehub::webhooks;
void f(const wh::event& e) {
  wh::visit(
      e, [](const wh::typed_event<wh::booking_scheduled>&) {}, [](const wh::typed_event<wh::booking_rescheduled>&) {},
      [](const wh::typed_event<wh::booking_canceled_then_rescheduled>&) {},
      [](const wh::typed_event<wh::booking_canceled_reschedule_requested>&) {},
      [](const wh::typed_event<wh::booking_canceled>&) {}, [](const wh::typed_event<wh::booking_completed>&) {},
      [](const wh::typed_event<wh::booking_reassigned>&) {}, [](const wh::conversation_event auto&) {},
      [](const wh::unknown_event&) {});
}
