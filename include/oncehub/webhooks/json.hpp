// SPDX-License-Identifier: MIT
/// @file
/// `json_kind`, the JSON type of a value as it arrived, and `json_value`, a view of an
/// arbitrary JSON value (custom field values may be any JSON).
#ifndef ONCEHUB_WEBHOOKS_JSON_HPP
#define ONCEHUB_WEBHOOKS_JSON_HPP

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

#include "oncehub/webhooks/config.hpp"

namespace oncehub::webhooks::inline v0 {

/// The JSON type of a value, as it arrived on the wire.
enum class json_kind : std::uint8_t {
  none,     ///< No value (the key was absent).
  null,     ///< `null`
  boolean,  ///< `true` or `false`
  number,   ///< any JSON number
  string,   ///< a JSON string
  array,    ///< a JSON array
  object,   ///< a JSON object
};

/// The lower-case name of a JSON kind: "null", "boolean", "number", "string", "array",
/// "object" (and "none" for `json_kind::none`).
[[nodiscard]] constexpr std::string_view to_string(json_kind kind) noexcept {
  switch (kind) {
    case json_kind::null: return "null";
    case json_kind::boolean: return "boolean";
    case json_kind::number: return "number";
    case json_kind::string: return "string";
    case json_kind::array: return "array";
    case json_kind::object: return "object";
    case json_kind::none: break;
  }
  return "none";
}

namespace detail {
struct access;
}  // namespace detail

/// A view of a JSON value of any kind, e.g. a custom field's `value`.
///
/// `raw_json()` is the value exactly as it appeared in the input (escapes intact, no
/// surrounding whitespace); for a string, `as_string()` is the unescaped text. Both views
/// live as long as the event they came from (until the next parse on that parser, and no
/// longer than the input buffer).
class json_value {
 public:
  constexpr json_value() noexcept = default;

  /// The JSON kind of the value.
  [[nodiscard]] constexpr json_kind kind() const noexcept { return kind_; }
  /// The value as it appeared in the payload: `"text"`, `42`, `[1,2]`, `{"a":true}`, `null`.
  [[nodiscard]] constexpr std::string_view raw_json() const noexcept { return raw_; }

  [[nodiscard]] constexpr bool is_null() const noexcept { return kind_ == json_kind::null; }
  [[nodiscard]] constexpr bool is_string() const noexcept { return kind_ == json_kind::string; }

  /// The unescaped string when the value is a JSON string; empty for a string no UTF-8
  /// text holds (an escaped lone surrogate such as `"\ud800"`: `raw_json()` still has it).
  [[nodiscard]] constexpr std::optional<std::string_view> as_string() const noexcept {
    if (kind_ != json_kind::string || text_.data() == nullptr) { return std::nullopt; }
    return text_;
  }
  /// The boolean when the value is `true` or `false`.
  [[nodiscard]] constexpr std::optional<bool> as_bool() const noexcept {
    if (kind_ != json_kind::boolean) { return std::nullopt; }
    return raw_ == "true";
  }
  /// The integer when the value is a JSON number written as an integer that fits in 64 bits.
  [[nodiscard]] std::optional<std::int64_t> as_int64() const noexcept {
    if (kind_ != json_kind::number) { return std::nullopt; }
    std::int64_t out{};
    auto [end, ec] = std::from_chars(raw_.data(), raw_.data() + raw_.size(), out);
    if (ec != std::errc{} || end != raw_.data() + raw_.size()) { return std::nullopt; }
    return out;
  }
  /// The number as a double when the value is a JSON number.
  [[nodiscard]] std::optional<double> as_double() const noexcept {
    if (kind_ != json_kind::number) { return std::nullopt; }
    double out{};
    auto [end, ec] = std::from_chars(raw_.data(), raw_.data() + raw_.size(), out);
    if (ec != std::errc{} || end != raw_.data() + raw_.size()) { return std::nullopt; }
    return out;
  }

  /// Two values are equal when they have the same kind and the same raw JSON text.
  friend constexpr bool operator==(const json_value& a, const json_value& b) noexcept {
    return a.kind_ == b.kind_ && a.raw_ == b.raw_;
  }

 private:
  friend struct detail::access;
  std::string_view raw_{};
  std::string_view text_{};
  json_kind kind_ = json_kind::none;
};

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_JSON_HPP
