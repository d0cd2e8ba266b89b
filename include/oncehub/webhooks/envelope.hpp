// SPDX-License-Identifier: MIT
/// @file
/// The event envelope: the top level of every delivery (SPEC section 2).
#ifndef ONCEHUB_WEBHOOKS_ENVELOPE_HPP
#define ONCEHUB_WEBHOOKS_ENVELOPE_HPP

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

#include "oncehub/webhooks/events.hpp"
#include "oncehub/webhooks/fields.hpp"

namespace oncehub::webhooks::inline v0 {

/// The API version a payload was rendered in (envelope `api_version`).
enum class payload_version : std::uint8_t { unknown, v1, v2 };
template <>
inline constexpr std::array<std::pair<std::string_view, payload_version>, 2> enum_names<payload_version>{{
    {"v1", payload_version::v1},
    {"v2", payload_version::v2},
}};

/// The envelope of one delivery. `id`, `type` and `data` are required (a delivery without
/// them is rejected); so are `object`, `creation_time` and `api_version`, as strings.
///
/// ```json
/// {"id":"EVNT-2AB8RJY3LF","object":"event","creation_time":"2021-01-20T12:10:03.140Z",
///  "type":"booking.scheduled","api_version":"v2","data":{...}}
/// ```
struct envelope {
  /// Event ID, e.g. `EVNT-2AB8RJY3LF`: the key to de-duplicate retried deliveries on.
  std::string_view id{};
  /// Always `"event"` in OnceHub's payloads (anything else is reported as a finding).
  std::string_view object{};
  /// When OnceHub created the event; invalid (with a finding) when not RFC 3339.
  field<timestamp> creation_time{};
  /// The event type as sent, e.g. `"booking.canceled"`; kept for unknown types too.
  std::string_view type_name{};
  /// The event type, or `event_type::unknown` when `type_name` is not in the catalog.
  event_type type = event_type::unknown;
  /// The API version as sent, e.g. `"v2"`.
  std::string_view api_version{};
  /// `api_version` classified (`unknown` for values other than v1 and v2).
  payload_version version = payload_version::unknown;
  /// The `data` object exactly as it appeared in the body (raw JSON, escapes intact).
  std::string_view data{};
};

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_ENVELOPE_HPP
