// SPDX-License-Identifier: MIT
/// @file
/// `event`: one decoded delivery, as a cheap handle to the parser's decoded views.
#ifndef ONCEHUB_WEBHOOKS_EVENT_HPP
#define ONCEHUB_WEBHOOKS_EVENT_HPP

#include <optional>
#include <span>
#include <string_view>

#include "oncehub/webhooks/booking.hpp"
#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/conversation.hpp"
#include "oncehub/webhooks/detail/event_storage.hpp"
#include "oncehub/webhooks/envelope.hpp"
#include "oncehub/webhooks/events.hpp"
#include "oncehub/webhooks/fields.hpp"

namespace oncehub::webhooks {

class parser;

/// One decoded delivery: its envelope, its typed payload (a booking or a conversation,
/// or raw JSON for event types this library does not know), and the findings.
///
/// An `event` is a small handle (one pointer) into its parser: copy it freely, but it
/// and every view reached through it are valid only until the next parse on that
/// parser, and never longer than the input buffer. Use an owning copy to keep it longer.
class event {
 public:
  /// The event type; `event_type::unknown` when the wire type is not in the catalog.
  [[nodiscard]] event_type type() const noexcept { return storage_->envelope.type; }
  /// The event type exactly as sent, e.g. `"booking.canceled"` or `"contact.created"`.
  [[nodiscard]] std::string_view type_name() const noexcept { return storage_->envelope.type_name; }
  /// Whether the type is in the catalog.
  [[nodiscard]] bool is_known() const noexcept { return type() != event_type::unknown; }
  /// The payload family of a known event, `std::nullopt` for an unknown one.
  [[nodiscard]] std::optional<event_family> family() const noexcept { return family_of(type()); }

  /// The envelope: `id`, `object`, `creation_time`, `type`, `api_version`, raw `data`.
  [[nodiscard]] const webhooks::envelope& envelope() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return storage_->envelope;
  }
  /// The booking payload of a `booking.*` event, `nullptr` otherwise.
  [[nodiscard]] const webhooks::booking* booking() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return family() == event_family::booking ? &storage_->booking : nullptr;
  }
  /// The conversation payload of a `conversation.*` event, `nullptr` otherwise.
  [[nodiscard]] const webhooks::conversation* conversation() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return family() == event_family::conversation ? &storage_->conversation : nullptr;
  }
  /// The `data` object as raw JSON (validated), for every event; what an unknown event
  /// type offers instead of a typed view.
  [[nodiscard]] std::string_view data_json() const noexcept { return storage_->envelope.data; }

  /// Fields that did not match the documented schema (wrong JSON type, bad timestamp,
  /// duplicate key, ...). Empty for a clean delivery.
  [[nodiscard]] std::span<const finding> findings() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return storage_->findings;
  }

 private:
  friend class parser;
  friend struct detail::access;
  explicit event(const detail::event_storage* storage) noexcept : storage_(storage) {}
  const detail::event_storage* storage_;
};

}  // namespace oncehub::webhooks

#endif  // ONCEHUB_WEBHOOKS_EVENT_HPP
