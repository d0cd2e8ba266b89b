// SPDX-License-Identifier: MIT
/// @file
/// The vocabulary of the payload views, built for what OnceHub really sends (SPEC
/// section 9): every field may be absent, `null`, `""` or of an unexpected type, so each
/// view member says which.
///
/// - `field<T>`: absent | null | a `T` | invalid (wrong JSON type or format, with the reason).
/// - `ref<T>`: a reference that arrives as an ID string, an expanded object, or `null`.
/// - `open_enum<E>`: the known enumerator when the string is one, and the raw string always.
/// - `timestamp`: an RFC 3339 time (or an unambiguous ISO 8601 one, with a finding) as
///   `sys_time<milliseconds>` plus its raw text.
/// - `list<T>`: a read-only array view.
/// - `finding`: one field that did not match the schema (path, expected, got).
///
/// Lifetime: every view here points into the parser's buffers and the input; it is valid
/// until the next parse on the same parser, and never longer than the input buffer.
#ifndef ONCEHUB_WEBHOOKS_FIELDS_HPP
#define ONCEHUB_WEBHOOKS_FIELDS_HPP

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/json.hpp"

namespace oncehub::webhooks::inline v0 {

/// Whether a field arrived, and how.
enum class presence : std::uint8_t {
  absent,   ///< the key was not in the payload
  null,     ///< the key was there with the value `null`
  present,  ///< the key was there with a usable value (possibly `""`)
  invalid,  ///< the key was there with a value of the wrong JSON type or format
};

/// The lower-case name of a presence state.
[[nodiscard]] constexpr std::string_view to_string(presence state) noexcept {
  switch (state) {
    case presence::absent: return "absent";
    case presence::null: return "null";
    case presence::present: return "present";
    case presence::invalid: return "invalid";
  }
  return "absent";
}

/// Why a field reads as invalid (or why a `finding` was recorded).
enum class field_issue : std::uint8_t {
  none,                ///< no issue
  wrong_type,          ///< the JSON type is not the documented one (e.g. `"15"` for an integer)
  bad_format,          ///< right type, unusable text (e.g. a malformed timestamp)
  out_of_range,        ///< a number that does not fit the field (e.g. `1.5` or `1e30` for an integer)
  duplicate_key,       ///< the key appeared more than once; the last value was kept
  unexpected_value,    ///< a discriminator that contradicts the envelope (e.g. `data.object`)
  byte_order_mark,     ///< the body began with a UTF-8 byte order mark, skipped (path empty: the document)
  extra_element,       ///< an array sent for a one-object field held more than one element; the
                       ///< first was decoded, each further one is a finding at its index
  nonstandard_format,  ///< decoded exactly, but not in the documented format (an ISO 8601
                       ///< timestamp that is not RFC 3339); the field holds the value
};

/// The lower-case name of a field issue, e.g. `"wrong_type"`.
[[nodiscard]] constexpr std::string_view to_string(field_issue issue) noexcept {
  switch (issue) {
    case field_issue::none: return "none";
    case field_issue::wrong_type: return "wrong_type";
    case field_issue::bad_format: return "bad_format";
    case field_issue::out_of_range: return "out_of_range";
    case field_issue::duplicate_key: return "duplicate_key";
    case field_issue::unexpected_value: return "unexpected_value";
    case field_issue::byte_order_mark: return "byte_order_mark";
    case field_issue::extra_element: return "extra_element";
    case field_issue::nonstandard_format: return "nonstandard_format";
  }
  return "none";
}

/// Thrown by `field<T>::value()` when the field holds no value (exceptions enabled).
class bad_field_access : public std::exception {
 public:
  explicit bad_field_access(presence state) noexcept : state_(state) {}
  /// The state the field was in.
  [[nodiscard]] presence state() const noexcept { return state_; }
  [[nodiscard]] const char* what() const noexcept override {
    switch (state_) {
      case presence::null: return "field::value(): the field is null";
      case presence::invalid: return "field::value(): the field has an invalid value";
      default: return "field::value(): the field is absent";
    }
  }

 private:
  presence state_;
};

template <class T>
class field;

namespace detail {
struct access;
template <class T>
inline constexpr bool is_field_v = false;
template <class T>
inline constexpr bool is_field_v<field<T>> = true;
struct no_enum {};
/// The `E` of `open_enum<E>`; `no_enum` for every other type.
template <class T>
struct enum_of {
  using type = no_enum;
};
[[noreturn]] inline void throw_bad_field_access(presence state) {
#if ONCEHUB_WEBHOOKS_EXCEPTIONS
  throw bad_field_access(state);
#else
  std::fprintf(stderr, "oncehub-webhooks: field::value() called on a field that is %s\n", to_string(state).data());
  std::abort();
#endif
}
}  // namespace detail

/// A payload field: absent, `null`, a value, or invalid.
///
/// ```cpp
/// if (booking.duration_minutes) { use(*booking.duration_minutes); }
/// auto subject = booking.subject.value_or("(no subject)");
/// if (booking.cancel_url.is_null()) { ... }          // sent as null
/// if (booking.location_description == "") { ... }    // sent as ""
/// ```
template <class T>
class field {
 public:
  using value_type = T;

  constexpr field() noexcept(std::is_nothrow_default_constructible_v<T>) = default;
  /// A present field holding `value` (for tests and hand-built views).
  constexpr field(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit by design
      : value_(std::move(value)), state_(presence::present) {}

  /// How the field arrived.
  [[nodiscard]] constexpr presence state() const noexcept { return state_; }
  /// True when the field holds a usable value (`""` included).
  [[nodiscard]] constexpr bool has_value() const noexcept { return state_ == presence::present; }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  [[nodiscard]] constexpr bool is_absent() const noexcept { return state_ == presence::absent; }
  [[nodiscard]] constexpr bool is_null() const noexcept { return state_ == presence::null; }
  [[nodiscard]] constexpr bool is_invalid() const noexcept { return state_ == presence::invalid; }
  /// Why the field is invalid (`field_issue::none` otherwise); the event's findings say more.
  [[nodiscard]] constexpr field_issue issue() const noexcept {
    return state_ == presence::invalid ? issue_ : field_issue::none;
  }

  /// The value; throws `bad_field_access` (or aborts without exceptions) when there is none.
  [[nodiscard]] constexpr const T& value() const {
    if (state_ != presence::present) { detail::throw_bad_field_access(state_); }
    return value_;
  }
  /// The value. Precondition: `has_value()`.
  [[nodiscard]] constexpr const T& operator*() const noexcept { return value_; }
  [[nodiscard]] constexpr const T* operator->() const noexcept { return &value_; }
  /// The value, or `fallback` when absent, null or invalid.
  template <class U>
  [[nodiscard]] constexpr T value_or(U&& fallback) const {
    return has_value() ? value_ : static_cast<T>(std::forward<U>(fallback));
  }

  /// True when present and equal to `other`: `booking.status == booking_status::canceled`,
  /// `form.phone == ""`.
  // Constrained on convertibility, not on `T == U` itself: checking `T == U` would look
  // up this very operator again through ADL and recurse.
  template <class U>
    requires(!detail::is_field_v<U>)
  &&(std::convertible_to<const U&, T> || std::same_as<U, typename detail::enum_of<T>::type> ||
     (!std::same_as<typename detail::enum_of<T>::type, detail::no_enum> &&
      std::convertible_to<const U&, std::string_view>)) [[nodiscard]] friend constexpr bool
  operator==(const field& f, const U& other) noexcept {
    return f.has_value() && f.value_ == other;
  }
  /// Same state, and the same value when present.
  [[nodiscard]] friend constexpr bool operator==(const field& a, const field& b) noexcept {
    if (a.state_ != b.state_) { return false; }
    return a.state_ != presence::present || a.value_ == b.value_;
  }

 private:
  friend struct detail::access;
  T value_{};
  presence state_ = presence::absent;
  field_issue issue_ = field_issue::none;
};

/// An RFC 3339 timestamp, e.g. `2021-01-20T16:45:00.000Z`: the instant (UTC, to the
/// millisecond; offsets applied) and the text exactly as sent. An unambiguous ISO 8601
/// variant (`+0200`, `+02`, `t`/`z`, a space for `T`, `,` or more than nine fraction
/// digits) holds its exact instant too, and its field also has a `nonstandard_format`
/// finding (`detail/timestamp.hpp` has the grammar).
struct timestamp {
  /// The instant, in UTC.
  std::chrono::sys_time<std::chrono::milliseconds> time{};
  /// The text as it appeared in the payload.
  std::string_view text{};

  /// Same instant (the text may differ: `Z` vs `+00:00`).
  friend constexpr bool operator==(const timestamp& a, const timestamp& b) noexcept { return a.time == b.time; }
};

/// The wire names of an open enum's known values; specialised next to each enum.
/// Several names may map to one value (v1 spellings such as `"No-Show"`).
template <class E>
inline constexpr std::array<std::pair<std::string_view, E>, 0> enum_names{};

/// A string enum that stays open: `value()` is the known enumerator (or `E::unknown`),
/// `raw()` is always the string as sent. New values from OnceHub never break parsing.
template <class E>
class open_enum {
 public:
  constexpr open_enum() noexcept = default;
  /// Classifies `raw` against `enum_names<E>`.
  constexpr explicit open_enum(std::string_view raw) noexcept : raw_(raw) {
    for (const auto& [name, value] : enum_names<E>) {
      if (name == raw) {
        value_ = value;
        break;
      }
    }
  }
  /// The known value, or `E::unknown` when the string is not one of `enum_names<E>`.
  [[nodiscard]] constexpr E value() const noexcept { return value_; }
  /// The string exactly as sent (unescaped).
  [[nodiscard]] constexpr std::string_view raw() const noexcept { return raw_; }
  /// Whether the string is a known value.
  [[nodiscard]] constexpr bool is_known() const noexcept { return value_ != E::unknown; }

  [[nodiscard]] friend constexpr bool operator==(const open_enum& a, E b) noexcept { return a.value_ == b; }
  [[nodiscard]] friend constexpr bool operator==(const open_enum& a, std::string_view b) noexcept {
    return a.raw_ == b;
  }
  [[nodiscard]] friend constexpr bool operator==(const open_enum& a, const open_enum& b) noexcept {
    return a.raw_ == b.raw_;
  }

 private:
  friend struct detail::access;
  std::string_view raw_{};
  E value_ = E::unknown;
};

namespace detail {
template <class E>
struct enum_of<open_enum<E>> {
  using type = E;
};
}  // namespace detail

/// The canonical (v2) wire name of a known open-enum value; `""` for `unknown`.
template <class E>
  requires std::is_enum_v<E>
[[nodiscard]] constexpr std::string_view enum_name(E value) noexcept {
  for (const auto& [name, known] : enum_names<E>) {
    if (known == value) { return name; }
  }
  return {};
}

/// A reference to another OnceHub object, which arrives in one of three shapes (SPEC
/// 3.1): an ID string (`"USR-FSD423423"`), an expanded object, or `null` (or is absent).
///
/// ```cpp
/// if (booking.owner.is_expanded()) { greet(booking.owner.object()->first_name); }
/// std::string_view owner_id = booking.owner.id();   // either shape
/// ```
template <class T>
class ref {
 public:
  using object_type = T;

  constexpr ref() noexcept = default;

  [[nodiscard]] constexpr presence state() const noexcept { return state_; }
  /// True when an ID string or an object arrived.
  [[nodiscard]] constexpr bool has_value() const noexcept { return state_ == presence::present; }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  [[nodiscard]] constexpr bool is_absent() const noexcept { return state_ == presence::absent; }
  [[nodiscard]] constexpr bool is_null() const noexcept { return state_ == presence::null; }
  [[nodiscard]] constexpr bool is_invalid() const noexcept { return state_ == presence::invalid; }
  /// Why the reference is invalid (`field_issue::none` otherwise).
  [[nodiscard]] constexpr field_issue issue() const noexcept {
    return state_ == presence::invalid ? issue_ : field_issue::none;
  }

  /// True when the reference arrived as a bare ID string (possibly `""`).
  [[nodiscard]] constexpr bool is_id() const noexcept { return has_value() && !expanded_; }
  /// True when the reference arrived as an expanded object.
  [[nodiscard]] constexpr bool is_expanded() const noexcept { return has_value() && expanded_; }

  /// The ID: the string as sent, or the expanded object's `id` (`""` when it has none
  /// or when there is no value). In v1 deliveries `owner` carries a display name here.
  [[nodiscard]] constexpr std::string_view id() const noexcept {
    if (!has_value()) { return {}; }
    if (expanded_) { return object_.id.value_or(std::string_view{}); }
    return id_;
  }
  /// The expanded object, or `nullptr` when the reference is not expanded.
  [[nodiscard]] constexpr const T* object() const noexcept { return is_expanded() ? &object_ : nullptr; }

 private:
  friend struct detail::access;
  T object_{};
  std::string_view id_{};
  presence state_ = presence::absent;
  field_issue issue_ = field_issue::none;
  bool expanded_ = false;
};

/// A read-only view of a JSON array's decoded elements, e.g. `booking.attendees`. Every
/// element is a `field` (it may be `null` or of the wrong type), and element `i` is the
/// array's element `i`, so positions match the paths in findings.
template <class T>
class list {
 public:
  using value_type = T;
  using const_iterator = const T*;

  constexpr list() noexcept = default;

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] const T* begin() const noexcept { return size_ ? arena_->data() + first_ : nullptr; }
  [[nodiscard]] const T* end() const noexcept { return size_ ? arena_->data() + first_ + size_ : nullptr; }
  /// Element `i`. Precondition: `i < size()`.
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return (*arena_)[first_ + i]; }

  [[nodiscard]] friend bool operator==(const list& a, const list& b) noexcept {
    if (a.size_ != b.size_) { return false; }
    for (std::size_t i = 0; i < a.size_; ++i) {
      if (!(a[i] == b[i])) { return false; }
    }
    return true;
  }

 private:
  friend struct detail::access;
  // Elements live in a parser-owned arena that may grow while later arrays are decoded,
  // so a list stores its arena and an offset, never a raw element pointer.
  const std::vector<T>* arena_ = nullptr;
  std::uint32_t first_ = 0;
  std::uint32_t size_ = 0;
};

/// A string element of a JSON array, e.g. one of `booking.attendees`: each element may
/// itself be `null`, `""` or of the wrong type.
using string_field = field<std::string_view>;

/// One field whose value did not match the documented schema. The field itself reads as
/// invalid (or, for `duplicate_key`, holds the last value), and the event carries the list:
/// an audit trail of OnceHub schema drift. Findings never reject a delivery unless
/// `parser_options::strict_fields` is set.
class finding {
 public:
  static constexpr std::size_t max_path_size = 95;

  /// The JSON path, e.g. `data.duration_minutes` or `data.attendees[1]`.
  [[nodiscard]] constexpr std::string_view path() const noexcept { return {path_.data(), path_size_}; }
  /// What the schema says, e.g. `"integer"`, `"string"`, `"RFC 3339 timestamp"`.
  [[nodiscard]] constexpr std::string_view expected() const noexcept { return expected_; }
  /// The JSON kind that arrived.
  [[nodiscard]] constexpr json_kind got() const noexcept { return got_; }
  /// The value as it arrived (raw JSON, possibly long); valid as long as the event.
  [[nodiscard]] constexpr std::string_view raw_json() const noexcept { return raw_; }
  /// What kind of mismatch this is.
  [[nodiscard]] constexpr field_issue issue() const noexcept { return issue_; }

 private:
  friend struct detail::access;
  std::array<char, max_path_size + 1> path_{};
  std::string_view expected_{};
  std::string_view raw_{};
  std::uint8_t path_size_ = 0;
  json_kind got_ = json_kind::none;
  field_issue issue_ = field_issue::none;
};

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_FIELDS_HPP
