// SPDX-License-Identifier: MIT
/// @file
/// The event catalog, at compile time: `event_type`, one tag type per event, the
/// `booking` and `conversation` family tags, name conversion, and subscription coverage.
///
/// Every event type is one line of `ONCEHUB_WEBHOOKS_EVENT_TYPES`; everything else (the
/// enumerator, the tag, the wire name, the family, `all_events`, `event_variant`'s
/// alternatives and `visit`'s diagnostics) derives from it.
#ifndef ONCEHUB_WEBHOOKS_EVENTS_HPP
#define ONCEHUB_WEBHOOKS_EVENTS_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

namespace oncehub::webhooks::inline v0 {

/// The payload family of an event: what `data` holds.
enum class event_family : std::uint8_t {
  booking,       ///< `data` is a booking object
  conversation,  ///< `data` is a conversation object
};

/// The event catalog (SPEC section 5.1), in catalog order: the one list of event types.
///
/// `X(family, event)` declares the event type whose wire name is `"family.event"`: the
/// enumerator `event_type::family_event`, the tag `family_event` (`wh::booking_no_show`),
/// its entry in `detail::event_table` (name and family), its alternative of
/// `event_variant` and its "no handler accepts family.event" diagnostic in `visit` are all
/// generated from that one line, so adding an event type is adding a line here (and its
/// fixtures, which the tests ask for). Spellings are exact, as OnceHub sends them:
/// lower-case snake_case, one dot, and "canceled" with one "l" (checked below).
///
/// An X-macro because C++20 cannot declare enumerators, type aliases or `static_assert`
/// messages from a `constexpr` table; everything that can be a table is one
/// (`detail::event_table`), and only the enum, the aliases and the diagnostics expand it.
#define ONCEHUB_WEBHOOKS_EVENT_TYPES(X)                             \
  X(booking, scheduled)                                             \
  X(booking, rescheduled)                                           \
  X(booking, canceled_then_rescheduled)                             \
  X(booking, canceled_reschedule_requested)                         \
  X(booking, canceled)                                              \
  X(booking, completed)                                             \
  X(booking, no_show)                                               \
  X(booking, reassigned)       /* Booking Calendars */              \
  X(conversation, reached_out) /* seen outside the official docs */ \
  X(conversation, started)                                          \
  X(conversation, closed)                                           \
  X(conversation, abandoned)

/// Every OnceHub webhook event type (one per line of `ONCEHUB_WEBHOOKS_EVENT_TYPES`, in
/// its order: `booking_scheduled` = 1, ...), plus `unknown` for types this library does
/// not know (OnceHub may add event types at any time: such deliveries still parse).
enum class event_type : std::uint8_t {
  unknown = 0,  ///< not in the catalog; the wire name is kept
#define ONCEHUB_WEBHOOKS_EVENT_ENUMERATOR(family, event) family##_##event,
  ONCEHUB_WEBHOOKS_EVENT_TYPES(ONCEHUB_WEBHOOKS_EVENT_ENUMERATOR)
#undef ONCEHUB_WEBHOOKS_EVENT_ENUMERATOR
};

namespace detail {
struct event_info {
  event_type type;
  std::string_view name;
  event_family family;
};

// The catalog as a constexpr table (SPEC section 5.1), expanded from the list above: the
// single source of truth for wire names, families and the enum order at run time.
#define ONCEHUB_WEBHOOKS_EVENT_INFO(family, event) \
  event_info{event_type::family##_##event, #family "." #event, event_family::family},
inline constexpr auto event_table = std::to_array({ONCEHUB_WEBHOOKS_EVENT_TYPES(ONCEHUB_WEBHOOKS_EVENT_INFO)});
#undef ONCEHUB_WEBHOOKS_EVENT_INFO

// Composite subscription values (SPEC section 5.2): never an event's `type`.
inline constexpr std::array<std::pair<std::string_view, event_family>, 2> family_table{{
    {"booking", event_family::booking},
    {"conversation", event_family::conversation},
}};

constexpr bool event_table_is_consistent() noexcept {
  for (std::size_t i = 0; i < event_table.size(); ++i) {
    // Enum order, so that event_table[type - 1] is the entry of `type`.
    if (static_cast<std::size_t>(event_table[i].type) != i + 1) { return false; }
    // Each name starts with its family's composite value and a dot.
    const std::string_view prefix = family_table[static_cast<std::size_t>(event_table[i].family)].first;
    if (event_table[i].name.substr(0, prefix.size()) != prefix || event_table[i].name[prefix.size()] != '.') {
      return false;
    }
    // The rest is lower-case snake_case (SPEC section 5.1): no second dot, no capital,
    // no hyphen, nothing empty.
    const std::string_view rest = event_table[i].name.substr(prefix.size() + 1);
    if (rest.empty() || rest.front() == '_' || rest.back() == '_') { return false; }
    for (char c : rest) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) { return false; }
    }
    // OnceHub spells it "canceled"; "cancelled" would never match a delivery.
    if (rest.find("cancelled") != std::string_view::npos) { return false; }
    for (std::size_t j = 0; j < i; ++j) {
      if (event_table[i].name == event_table[j].name) { return false; }
    }
  }
  for (std::size_t f = 0; f < family_table.size(); ++f) {
    if (static_cast<std::size_t>(family_table[f].second) != f) { return false; }
  }
  return true;
}
static_assert(event_table_is_consistent(),
              "event_table must be in enum order, unique, snake_case and prefixed by its family");
}  // namespace detail

/// The number of known (specific) event types.
inline constexpr std::size_t event_type_count = detail::event_table.size();

/// Every known event type, in catalog order (`unknown` excluded).
inline constexpr std::array<event_type, event_type_count> all_event_types = [] {
  std::array<event_type, event_type_count> out{};
  for (std::size_t i = 0; i < out.size(); ++i) { out[i] = detail::event_table[i].type; }
  return out;
}();

/// Every event family.
inline constexpr std::array<event_family, 2> all_event_families{event_family::booking, event_family::conversation};

/// The wire name of an event type, e.g. `"booking.canceled"`; `"unknown"` for `unknown`.
[[nodiscard]] constexpr std::string_view to_string(event_type type) noexcept {
  const auto index = static_cast<std::size_t>(type);
  if (index == 0 || index > detail::event_table.size()) { return "unknown"; }
  return detail::event_table[index - 1].name;
}

/// The composite subscription value of a family: `"booking"` or `"conversation"`.
[[nodiscard]] constexpr std::string_view to_string(event_family family) noexcept {
  return detail::family_table[static_cast<std::size_t>(family)].first;
}

/// The event type named by a wire string, or `std::nullopt` when it is not in the
/// catalog. Exact and case-sensitive, like OnceHub: `"booking.canceled"` only.
[[nodiscard]] constexpr std::optional<event_type> from_string(std::string_view name) noexcept {
  for (const auto& info : detail::event_table) {
    if (info.name == name) { return info.type; }
  }
  return std::nullopt;
}

/// The family of a known event type; `std::nullopt` for `event_type::unknown`.
[[nodiscard]] constexpr std::optional<event_family> family_of(event_type type) noexcept {
  const auto index = static_cast<std::size_t>(type);
  if (index == 0 || index > detail::event_table.size()) { return std::nullopt; }
  return detail::event_table[index - 1].family;
}

/// The family named by a composite subscription value (`"booking"`, `"conversation"`).
[[nodiscard]] constexpr std::optional<event_family> family_from_string(std::string_view name) noexcept {
  for (const auto& [wire, family] : detail::family_table) {
    if (wire == name) { return family; }
  }
  return std::nullopt;
}

/// Whether a webhook subscription value covers an event type: a specific value covers
/// itself, a composite value (`"booking"`, `"conversation"`) covers every event of its
/// family. Unknown values and `event_type::unknown` are never covered.
///
/// OnceHub does not say whether the `booking` composite includes `booking.reassigned`
/// (SPEC section 5.2); like the docs' "all booking lifecycle events", we say it does.
[[nodiscard]] constexpr bool covers(std::string_view subscription_value, event_type type) noexcept {
  if (type == event_type::unknown) { return false; }
  if (auto specific = from_string(subscription_value)) { return *specific == type; }
  if (auto family = family_from_string(subscription_value)) { return family_of(type) == family; }
  return false;
}

/// The compile-time tag of one specific event: its `event_type`, wire `name` and `family`.
/// Use the aliases below (`booking_canceled`, ...).
template <event_type Type>
struct event_tag {
  static_assert(Type != event_type::unknown, "event_tag needs a specific event type");
  static constexpr event_type type = Type;
  static constexpr std::string_view name = to_string(Type);
  static constexpr event_family family = *family_of(Type);
};

/// The compile-time tag of an event family, mirroring OnceHub's composite subscriptions.
template <event_family Family>
struct family_tag {
  static constexpr event_family family = Family;
  static constexpr std::string_view name = to_string(Family);
};

/// The tags of the catalog, one per line of `ONCEHUB_WEBHOOKS_EVENT_TYPES`:
/// `booking_scheduled`, `booking_rescheduled`, ..., `conversation_abandoned`, each
/// `event_tag<event_type::same_name>`.
#define ONCEHUB_WEBHOOKS_EVENT_TAG(family, event) using family##_##event = event_tag<event_type::family##_##event>;
ONCEHUB_WEBHOOKS_EVENT_TYPES(ONCEHUB_WEBHOOKS_EVENT_TAG)
#undef ONCEHUB_WEBHOOKS_EVENT_TAG

/// The composite `booking` subscription: every `booking.*` event.
using booking_family = family_tag<event_family::booking>;
/// The composite `conversation` subscription: every `conversation.*` event.
using conversation_family = family_tag<event_family::conversation>;

/// A compile-time list of types.
template <class... Ts>
struct type_list {
  static constexpr std::size_t size = sizeof...(Ts);
};

namespace detail {
template <std::size_t... I>
constexpr auto make_all_events(std::index_sequence<I...>) {
  return type_list<event_tag<event_table[I].type>...>{};
}
}  // namespace detail

/// Every specific event tag, in catalog order.
using all_events = decltype(detail::make_all_events(std::make_index_sequence<event_type_count>{}));

/// Whether `T` is one of the specific event tags.
template <class T>
inline constexpr bool is_event_tag_v = false;
template <event_type Type>
inline constexpr bool is_event_tag_v<event_tag<Type>> = true;

/// Whether `T` is a family tag (`booking_family`, `conversation_family`).
template <class T>
inline constexpr bool is_family_tag_v = false;
template <event_family Family>
inline constexpr bool is_family_tag_v<family_tag<Family>> = true;

/// The event types a webhook subscription receives, built from its `events` array
/// (SPEC section 7): specific values (`"booking.canceled"`) and composite ones
/// (`"booking"`, `"conversation"`). Values this library does not know are kept apart
/// (`unknown_values()`), so a newer subscription never breaks an older receiver.
///
/// ```cpp
/// constexpr std::array<std::string_view, 2> events{"booking", "conversation.closed"};
/// constexpr auto subscribed = wh::subscription_set::from(events);
/// static_assert(subscribed.covers(wh::event_type::booking_no_show));
/// ```
class subscription_set {
 public:
  /// The maximum number of unknown values kept (more are counted, not stored).
  static constexpr std::size_t max_unknown_values = 8;

  constexpr subscription_set() noexcept = default;

  /// The set covering `values`.
  template <class Range>
  [[nodiscard]] static constexpr subscription_set from(const Range& values) noexcept;
  /// Every event type, as if subscribed to both composites.
  [[nodiscard]] static constexpr subscription_set all() noexcept;

  /// Adds one subscription value; returns whether it is known.
  constexpr bool add(std::string_view value) noexcept;

  /// Whether events of this type are delivered to the subscription.
  [[nodiscard]] constexpr bool covers(event_type type) const noexcept { return (bits_ & bit(type)) != 0; }
  /// Whether no known event type is covered.
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  /// The number of known event types covered.
  [[nodiscard]] constexpr std::size_t size() const noexcept;
  /// How many values were not in the catalog (the first `max_unknown_values` are kept).
  [[nodiscard]] constexpr std::size_t unknown_count() const noexcept { return unknown_count_; }
  /// The first unknown values, as views of the strings passed in.
  [[nodiscard]] constexpr std::span<const std::string_view> unknown_values() const noexcept;

  friend constexpr bool operator==(const subscription_set& a, const subscription_set& b) noexcept {
    return a.bits_ == b.bits_;
  }

 private:
  static_assert(event_type_count < 32, "subscription_set keeps one bit per event type in a 32-bit word");
  static constexpr std::uint32_t bit(event_type type) noexcept {
    return type == event_type::unknown ? 0u : std::uint32_t{1} << static_cast<unsigned>(type);
  }
  std::array<std::string_view, max_unknown_values> unknown_{};
  std::size_t unknown_count_ = 0;
  std::uint32_t bits_ = 0;
};

}  // namespace oncehub::webhooks::inline v0

#include "oncehub/webhooks/detail/subscription_set_impl.hpp"

#endif  // ONCEHUB_WEBHOOKS_EVENTS_HPP
