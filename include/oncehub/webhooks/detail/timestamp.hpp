// SPDX-License-Identifier: MIT
/// @file
/// RFC 3339 date-time parsing, allocation-free and `constexpr`.
///
/// OnceHub sends `2021-01-20T16:45:00.000Z` and `2020-03-22T09:48:48Z` (0 or 3 fractional
/// digits, always `Z`; SPEC 9.6). We accept the RFC 3339 `date-time` grammar: `T` or `t`,
/// 1 to 9 fractional digits (truncated to milliseconds), `Z`, `z` or a `+HH:MM`/`-HH:MM`
/// offset, and we check the calendar (month lengths, leap years). Leap seconds (`:60`)
/// cannot be represented by `sys_time` and are rejected.
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

/// Parses an RFC 3339 date-time into UTC milliseconds; `std::nullopt` when malformed.
constexpr std::optional<std::chrono::sys_time<std::chrono::milliseconds>> parse_rfc3339(
    std::string_view text) noexcept {
  using namespace std::chrono;
  // YYYY-MM-DDTHH:MM:SS is 19 bytes; the shortest valid form adds "Z".
  if (text.size() < 20) { return std::nullopt; }
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_digits(text, 0, 4, year) || text[4] != '-' || !read_digits(text, 5, 2, month) || text[7] != '-' ||
      !read_digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != 't') || !read_digits(text, 11, 2, hour) ||
      text[13] != ':' || !read_digits(text, 14, 2, minute) || text[16] != ':' || !read_digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  const year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                            std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) { return std::nullopt; }

  std::size_t at = 19;
  int millis = 0;
  if (text[at] == '.') {
    ++at;
    const std::size_t first_digit = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      if (at - first_digit < 3) { millis = millis * 10 + (text[at] - '0'); }
      ++at;
    }
    const std::size_t digits = at - first_digit;
    if (digits == 0 || digits > 9) { return std::nullopt; }
    for (std::size_t d = digits; d < 3; ++d) { millis *= 10; }
  }
  if (at >= text.size()) { return std::nullopt; }

  int offset_minutes = 0;
  if (text[at] == 'Z' || text[at] == 'z') {
    ++at;
  } else if (text[at] == '+' || text[at] == '-') {
    int offset_hour = 0, offset_minute = 0;
    if (!read_digits(text, at + 1, 2, offset_hour) || at + 3 >= text.size() || text[at + 3] != ':' ||
        !read_digits(text, at + 4, 2, offset_minute) || offset_hour > 23 || offset_minute > 59) {
      return std::nullopt;
    }
    offset_minutes = (offset_hour * 60 + offset_minute) * (text[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) { return std::nullopt; }

  // Local time minus the offset is UTC: 12:00+02:00 is 10:00Z.
  return sys_days{date} + hours{hour} + minutes{minute} + seconds{second} + milliseconds{millis} -
         minutes{offset_minutes};
}

}  // namespace oncehub::webhooks::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_TIMESTAMP_HPP
