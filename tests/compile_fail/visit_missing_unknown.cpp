// expect-error: no handler accepts unknown_event
// Both families are handled but not event types newer than the library.
#include <oncehub/webhooks.hpp>
namespace wh = oncehub::webhooks;
void f(const wh::event& e) {
  wh::visit(
      e, [](const wh::booking_event auto&) {}, [](const wh::conversation_event auto&) {});
}
