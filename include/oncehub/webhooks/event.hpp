// SPDX-License-Identifier: MIT
/// @file
/// `event`: one decoded delivery. It *is* a `std::variant` with one alternative per
/// event type (`typed_event<Tag>`) plus `unknown_event`, so `std::visit` works on it
/// directly, and it also offers the untyped accessors (`type()`, `booking()`, ...).
#ifndef ONCEHUB_WEBHOOKS_EVENT_HPP
#define ONCEHUB_WEBHOOKS_EVENT_HPP

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "oncehub/webhooks/booking.hpp"
#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/conversation.hpp"
#include "oncehub/webhooks/detail/event_storage.hpp"
#include "oncehub/webhooks/envelope.hpp"
#include "oncehub/webhooks/events.hpp"
#include "oncehub/webhooks/fields.hpp"

namespace oncehub::webhooks::inline v0 {

class event;
class parser;
class owned_event;

/// The payload view type of a family: `booking` or `conversation`.
template <event_family Family>
using data_type_of = std::conditional_t<Family == event_family::booking, booking, conversation>;

/// One decoded event of a known type, typed at compile time: a handler for
/// `typed_event<booking_canceled>` receives a `booking` from `data()`, no cast needed.
///
/// Like every view, valid until the next parse on its parser.
template <class Tag>
class typed_event {
  static_assert(is_event_tag_v<Tag>, "typed_event needs an event tag such as booking_canceled");

 public:
  /// The event's compile-time tag (`booking_canceled`, ...).
  using tag = Tag;
  /// The payload view: `booking` or `conversation`.
  using data_type = data_type_of<Tag::family>;
  /// The event type, its wire name and its family, at compile time.
  static constexpr event_type type = Tag::type;
  static constexpr std::string_view name = Tag::name;
  static constexpr event_family family = Tag::family;

  /// The envelope: `id`, `creation_time`, `api_version`, raw `data`...
  [[nodiscard]] const webhooks::envelope& envelope() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return storage().envelope;
  }
  /// The typed payload.
  [[nodiscard]] const data_type& data() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    if constexpr (Tag::family == event_family::booking) {
      return storage().booking;
    } else {
      return storage().conversation;
    }
  }
  /// Fields that did not match the documented schema.
  [[nodiscard]] std::span<const finding> findings() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return storage().findings;
  }
  /// The untyped event this alternative belongs to (for logging or `to_owned`).
  [[nodiscard]] webhooks::event event() const noexcept;

 private:
  friend class webhooks::event;
  explicit typed_event(const detail::event_storage* storage) noexcept : storage_(storage) {}
  const detail::event_storage& storage() const noexcept { return storage_.get(); }
  detail::storage_ref storage_;
};

/// An event whose `type` is not in the catalog: OnceHub added a type after this
/// library was written. Its envelope and its `data` as raw JSON are kept.
class unknown_event {
 public:
  /// The type exactly as sent, e.g. `"contact.created"`.
  [[nodiscard]] std::string_view type_name() const noexcept { return storage().envelope.type_name; }
  /// The envelope.
  [[nodiscard]] const webhooks::envelope& envelope() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return storage().envelope;
  }
  /// The `data` object as validated raw JSON.
  [[nodiscard]] std::string_view data_json() const noexcept { return storage().envelope.data; }
  /// Findings about the envelope.
  [[nodiscard]] std::span<const finding> findings() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return storage().findings;
  }
  /// The untyped event this alternative belongs to.
  [[nodiscard]] webhooks::event event() const noexcept;

 private:
  friend class webhooks::event;
  explicit unknown_event(const detail::event_storage* storage) noexcept : storage_(storage) {}
  const detail::event_storage& storage() const noexcept { return storage_.get(); }
  detail::storage_ref storage_;
};

namespace detail {
template <class List>
struct variant_of;
template <class... Tags>
struct variant_of<type_list<Tags...>> {
  using type = std::variant<typed_event<Tags>..., unknown_event>;
};
}  // namespace detail

/// The variant behind `event`: `typed_event<Tag>` for each tag of `all_events`, in
/// catalog order, then `unknown_event`.
using event_variant = typename detail::variant_of<all_events>::type;

/// One decoded delivery: its envelope, its typed payload (a booking or a conversation, or
/// raw JSON for event types this library does not know), and the findings.
///
/// `event` derives from `event_variant`, so it works with `std::visit`, `std::get_if` and
/// `std::holds_alternative` as is:
///
/// ```cpp
/// std::visit(wh::overloaded{
///     [](const wh::typed_event<wh::booking_canceled>& e) { refund(e.data()); },
///     [](const wh::booking_event auto& e) { sync(e.data()); },
///     [](const auto& e) { log(e.envelope().id); },
/// }, event);
/// ```
///
/// An `event` is a small handle into its parser: copy it freely, but it and every view
/// reached through it are valid only until the next parse on that parser, and never
/// longer than the input buffer. `to_owned` makes a copy that lives on its own. In debug
/// and AddressSanitizer builds (`ONCEHUB_WEBHOOKS_VIEW_CHECKS`), reading an `event`,
/// `typed_event` or `unknown_event` after the next parse aborts with a message; views
/// already taken from it (a `const booking&`, a `std::string_view`) are not checked.
class event : public event_variant {
 public:
  /// The event type; `event_type::unknown` when the wire type is not in the catalog.
  [[nodiscard]] event_type type() const noexcept { return storage().envelope.type; }
  /// The event type exactly as sent, e.g. `"booking.canceled"` or `"contact.created"`.
  [[nodiscard]] std::string_view type_name() const noexcept { return storage().envelope.type_name; }
  /// Whether the type is in the catalog.
  [[nodiscard]] bool is_known() const noexcept { return type() != event_type::unknown; }
  /// The payload family of a known event, `std::nullopt` for an unknown one.
  [[nodiscard]] std::optional<event_family> family() const noexcept { return family_of(type()); }

  /// The envelope: `id`, `object`, `creation_time`, `type`, `api_version`, raw `data`.
  [[nodiscard]] const webhooks::envelope& envelope() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return storage().envelope;
  }
  /// The booking payload of a `booking.*` event, `nullptr` otherwise.
  [[nodiscard]] const webhooks::booking* booking() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return family() == event_family::booking ? &storage().booking : nullptr;
  }
  /// The conversation payload of a `conversation.*` event, `nullptr` otherwise.
  [[nodiscard]] const webhooks::conversation* conversation() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return family() == event_family::conversation ? &storage().conversation : nullptr;
  }
  /// The `data` object as raw JSON (validated), for every event; what an unknown event
  /// type offers instead of a typed view.
  [[nodiscard]] std::string_view data_json() const noexcept { return storage().envelope.data; }

  /// Fields that did not match the documented schema (wrong JSON type, bad timestamp,
  /// duplicate key, ...). Empty for a clean delivery.
  [[nodiscard]] std::span<const finding> findings() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return storage().findings;
  }

  /// This event as its variant, for code that wants the base type spelled out.
  [[nodiscard]] const event_variant& variant() const noexcept { return *this; }

 private:
  friend class parser;
  friend class owned_event;
  template <class Tag>
  friend class typed_event;
  friend class unknown_event;
  friend struct detail::access;

  explicit event(const detail::event_storage* storage) noexcept
      : event_variant(make_alternative(storage)), storage_(storage) {}

  // Every read goes through here: in checked builds, a stale handle aborts (see
  // detail::storage_ref); otherwise it is the plain pointer.
  const detail::event_storage& storage() const noexcept { return storage_.get(); }

  static event_variant make_alternative(const detail::event_storage* storage) noexcept {
    return make_alternative(storage, std::make_index_sequence<event_type_count>{});
  }
  template <std::size_t... I>
  static event_variant make_alternative(const detail::event_storage* storage, std::index_sequence<I...>) noexcept {
    // Alternative I is the event type I + 1 (the catalog's order); unknown is last.
    const auto type = static_cast<std::size_t>(storage->envelope.type);
    event_variant out{std::in_place_index<event_type_count>, unknown_event(storage)};
    (void)((type == I + 1
                ? (out.template emplace<I>(typed_event<event_tag<detail::event_table[I].type>>(storage)), true)
                : false) ||
           ...);
    return out;
  }

  detail::storage_ref storage_;
};

template <class Tag>
inline event typed_event<Tag>::event() const noexcept {
  return webhooks::event(&storage());
}

inline event unknown_event::event() const noexcept { return webhooks::event(&storage()); }

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_EVENT_HPP
