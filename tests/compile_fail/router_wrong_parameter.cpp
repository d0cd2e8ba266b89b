// expect-error: fn must accept const typed_event<Tag>&
// A handler registered for booking.canceled that takes a conversation event.
#include <oncehub/webhooks.hpp>
namespace wh = oncehub::webhooks;
void f(wh::router& r) {
  r.on<wh::booking_canceled>([](const wh::typed_event<wh::conversation_closed>&) {});
}
