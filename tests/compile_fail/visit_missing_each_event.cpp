// expect-error-for-each-event: no handler accepts @wire@ \(typed_event<@family@_@event@>\); add one, or a family or catch-all handler
// For every alternative of event_variant, a visit that handles all the others: each must
// fail to compile, naming the missing event. check.cmake reads the event list from
// events.hpp, so every line of ONCEHUB_WEBHOOKS_EVENT_TYPES, old or new, is checked.
#include <oncehub/webhooks.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>
#include <variant>

namespace wh = oncehub::webhooks;

template <std::size_t I>
void without(const wh::event& e) {
  using missing = std::variant_alternative_t<I, wh::event_variant>;
  wh::visit(e, []<class E>(const E&) requires(!std::is_same_v<E, missing>){});
}

template <std::size_t... I>
void without_each(const wh::event& e, std::index_sequence<I...>) {
  (without<I>(e), ...);
}

void f(const wh::event& e) { without_each(e, std::make_index_sequence<std::variant_size_v<wh::event_variant>>{}); }
