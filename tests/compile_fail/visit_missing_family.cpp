// expect-error: no handler accepts conversation\.reached_out
// Forgetting the conversation family names its first event.
#include <oncehub/webhooks.hpp>
namespace wh = oncehub::webhooks;
void f(const wh::event& e) {
  wh::visit(
      e, [](const wh::booking_event auto&) {}, [](const wh::unknown_event&) {});
}
