// SPDX-License-Identifier: MIT
/// @file
/// `to_json(event)`: what the library decoded, as one JSON document (the output of
/// `oncehub-webhook inspect`). For logs, debugging and tests; it allocates.
#ifndef ONCEHUB_WEBHOOKS_TO_JSON_HPP
#define ONCEHUB_WEBHOOKS_TO_JSON_HPP

#include <string>
#include <string_view>

#include "oncehub/webhooks/event.hpp"

namespace oncehub::webhooks::inline v0 {

/// Layout of `to_json` output.
enum class json_style : unsigned char {
  pretty,   ///< two-space indentation, one member per line
  compact,  ///< one line: no whitespace, raw JSON values minified
};

/// Renders a decoded event:
///
/// ```json
/// {"type": "booking.scheduled", "known": true, "family": "booking",
///  "envelope": {"id": ..., "object": ..., "creation_time": ..., "api_version": ...},
///  "data": {...}, "findings": [...]}
/// ```
///
/// `data` holds every field the view decoded, under its OnceHub name and nested as in the
/// payload: a reference sent as an ID prints as that string, an expanded one as an
/// object; `null` stays `null`; absent fields are omitted; timestamps and open enums print
/// as the text sent; custom field values print as the JSON they were. A field that did
/// not match the schema prints as it arrived and is listed in `findings` (present only
/// when non-empty) with its path, issue, expected type and what was received. For an
/// unknown event type, `data` is the raw `data` JSON.
[[nodiscard]] std::string to_json(const event& e, json_style style = json_style::pretty);

/// Appends `text` to `out` as a JSON string literal (quotes included), escaping `"`, `\`
/// and control characters; other bytes, UTF-8 included, are copied as they are.
void append_json_string(std::string& out, std::string_view text);

}  // namespace oncehub::webhooks::inline v0

#include "oncehub/webhooks/detail/to_json_impl.hpp"

#endif  // ONCEHUB_WEBHOOKS_TO_JSON_HPP
