// SPDX-License-Identifier: MIT
/// @file
/// Timestamp parsing, allocation-free and `constexpr`, in two grammars.
///
/// - `parse_rfc3339`, the documented form and the decoder's fast path. OnceHub sends
///   `2021-01-20T16:45:00.000Z` and `2020-03-22T09:48:48Z` (0 or 3 fractional digits,
///   always `Z`; SPEC 9.6). We accept the RFC 3339 `date-time` grammar with upper-case
///   `T` and `Z` (section 5.6 lets a specification require upper case), 1 to 9 fractional
///   digits (truncated to milliseconds), `Z` or a `+HH:MM`/`-HH:MM` offset.
/// - `parse_iso8601`, a superset for senders that drift: everything above, plus the
///   unambiguous ISO 8601 variants `t` and `z` in lower case, a space instead of `T`
///   (RFC 3339 section 5.6 NOTE), `,` as the decimal sign, any number of fractional
///   digits (still truncated), and offsets `+HHMM` and `+HH`. The decoder takes a value it
///   reads with the same instant, and records a `nonstandard_format` finding.
///
/// Both check the calendar (month lengths, leap years) and the clock (hour 00-23, minute
/// and second 00-59; offsets up to 23:59). Leap seconds (`:60`) cannot be represented by
/// `sys_time` and are rejected; so are `24:00:00`, a missing offset (a local time is
/// ambiguous), basic-format dates and times (`20210120T164500Z`) and anything else.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_TIMESTAMP_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_TIMESTAMP_HPP

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

namespace oncehub::webhooks::detail {

constexpr bool read_digits(std::string_view text, std::size_t at, std::size_t count, int& out) noexcept {
  if (at + count > text.size()) { return false; }
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') { return false; }
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

/// Both grammars; `Iso8601` adds the variants listed at the top of this file. One
/// template so that the RFC 3339 instance, the decoder's hot path, does no extra work.
template <bool Iso8601>
constexpr std::optional<std::chrono::sys_time<std::chrono::milliseconds>> parse_date_time(
    std::string_view text) noexcept {
  using namespace std::chrono;
  // YYYY-MM-DDTHH:MM:SS is 19 bytes; the shortest valid form adds "Z".
  if (text.size() < 20) { return std::nullopt; }
  const char separator = text[10];
  const bool separator_ok = Iso8601 ? (separator == 'T' || separator == 't' || separator == ' ') : separator == 'T';
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_digits(text, 0, 4, year) || text[4] != '-' || !read_digits(text, 5, 2, month) || text[7] != '-' ||
      !read_digits(text, 8, 2, day) || !separator_ok || !read_digits(text, 11, 2, hour) || text[13] != ':' ||
      !read_digits(text, 14, 2, minute) || text[16] != ':' || !read_digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  const year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                            std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) { return std::nullopt; }

  std::size_t at = 19;
  int millis = 0;
  if (text[at] == '.' || (Iso8601 && text[at] == ',')) {
    ++at;
    const std::size_t first_digit = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      if (at - first_digit < 3) { millis = millis * 10 + (text[at] - '0'); }
      ++at;
    }
    const std::size_t digits = at - first_digit;
    if (digits == 0 || (!Iso8601 && digits > 9)) { return std::nullopt; }
    for (std::size_t d = digits; d < 3; ++d) { millis *= 10; }
  }
  if (at >= text.size()) { return std::nullopt; }

  int offset_minutes = 0;
  if (text[at] == 'Z' || (Iso8601 && text[at] == 'z')) {
    ++at;
  } else if (text[at] == '+' || text[at] == '-') {
    int offset_hour = 0, offset_minute = 0;
    if (!read_digits(text, at + 1, 2, offset_hour) || offset_hour > 23) { return std::nullopt; }
    std::size_t next = at + 3;
    if (next < text.size() && text[next] == ':') {
      if (!read_digits(text, next + 1, 2, offset_minute)) { return std::nullopt; }
      next += 3;
    } else if (!Iso8601) {
      return std::nullopt;
    } else if (next < text.size()) {
      // `+HHMM`; `+HH` ends here.
      if (!read_digits(text, next, 2, offset_minute)) { return std::nullopt; }
      next += 2;
    }
    if (offset_minute > 59) { return std::nullopt; }
    offset_minutes = (offset_hour * 60 + offset_minute) * (text[at] == '-' ? -1 : 1);
    at = next;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) { return std::nullopt; }

  // Local time minus the offset is UTC: 12:00+02:00 is 10:00Z.
  return sys_days{date} + hours{hour} + minutes{minute} + seconds{second} + milliseconds{millis} -
         minutes{offset_minutes};
}

/// Parses an RFC 3339 date-time with upper-case `T` and `Z` into UTC milliseconds;
/// `std::nullopt` otherwise.
constexpr std::optional<std::chrono::sys_time<std::chrono::milliseconds>> parse_rfc3339(
    std::string_view text) noexcept {
  return parse_date_time<false>(text);
}

/// Parses an RFC 3339 date-time or one of the unambiguous ISO 8601 variants listed at the
/// top of this file into UTC milliseconds; `std::nullopt` otherwise.
constexpr std::optional<std::chrono::sys_time<std::chrono::milliseconds>> parse_iso8601(
    std::string_view text) noexcept {
  return parse_date_time<true>(text);
}

}  // namespace oncehub::webhooks::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_TIMESTAMP_HPP
