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

#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>

namespace oncehub::webhooks::inline v0::detail {

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

/// Byte `i` of an 8-byte little-endian word set to `byte` for each `i` in `lanes` (a bit
/// mask over the 8 bytes). The masks of the SWAR checks below.
constexpr std::uint64_t lanes_of(unsigned lanes, std::uint8_t byte) noexcept {
  std::uint64_t word = 0;
  for (unsigned i = 0; i < 8; ++i) {
    if (lanes & (1u << i)) { word |= std::uint64_t{byte} << (8 * i); }
  }
  return word;
}

/// Whether the 8 bytes in `word` (little-endian) hold an ASCII digit in each lane of
/// `digits` and byte `expected` in each lane of `fixed` (as `lanes_of(fixed, ...)`
/// already placed); other lanes are ignored. Exact: a digit lane passes when its high
/// nibble is 3 and adding 6 keeps it 3, i.e. 0x30..0x39. A carry out of a lane needs a
/// byte >= 0xFA there, which already fails the nibble test, so no lane can pass wrongly.
template <unsigned Digits, unsigned Fixed>
[[gnu::always_inline]] inline bool swar_matches(std::uint64_t word, std::uint64_t expected) noexcept {
  constexpr std::uint64_t high = lanes_of(Digits, 0xF0);
  constexpr std::uint64_t zero = lanes_of(Digits, 0x30);
  constexpr std::uint64_t six = lanes_of(Digits, 0x06);
  constexpr std::uint64_t fixed = lanes_of(Fixed, 0xFF);
  return (((word & fixed) ^ expected) | ((word & high) ^ zero) | (((word + six) & high) ^ zero)) == 0;
}

/// The two-digit numbers of a validated word: byte `i` of the result is
/// `10 * digit(i) + digit(i + 1)` for each digit lane `i` of `Digits` (other lanes are
/// meaningless). No lane carries: 10 * 9 + 9 < 256.
template <unsigned Digits>
[[gnu::always_inline]] inline std::uint64_t swar_pairs(std::uint64_t word) noexcept {
  const std::uint64_t values = (word ^ lanes_of(Digits, 0x30)) & lanes_of(Digits, 0xFF);
  return values * 10 + (values >> 8);
}

[[gnu::always_inline]] inline unsigned lane(std::uint64_t word, unsigned i) noexcept {
  return static_cast<unsigned>(word >> (8 * i)) & 0xFF;
}

/// The fast path of both grammars for the two forms OnceHub sends (SPEC 9.6):
/// `YYYY-MM-DDTHH:MM:SSZ` (20 bytes) and `YYYY-MM-DDTHH:MM:SS.mmmZ` (24 bytes). Three
/// 8-byte loads, all inside `text`, checked and converted in parallel (SWAR) instead of
/// nineteen byte compares. Returns `other_shape` when `text` has another shape or a byte
/// does not fit it (the general path then decides); else what the general path would
/// have returned: `valid` with the instant in `out`, or `impossible` for a date or clock
/// time that does not exist.
enum class fixed_width : std::uint8_t { valid, impossible, other_shape };

[[gnu::always_inline]] inline fixed_width parse_fixed_width(
    std::string_view text, std::chrono::sys_time<std::chrono::milliseconds>& out) noexcept {
  using namespace std::chrono;
  if constexpr (std::endian::native != std::endian::little) {
    return fixed_width::other_shape;
  } else {
    const std::size_t size = text.size();
    if (size != 20 && size != 24) { return fixed_width::other_shape; }
    std::uint64_t date_word = 0, clock_word = 0, tail_word = 0;
    std::memcpy(&date_word, text.data(), 8);       // YYYY-MM-
    std::memcpy(&clock_word, text.data() + 8, 8);  // DDTHH:MM
    constexpr unsigned date_digits = 0b0110'1111, date_fixed = 0b1001'0000;
    constexpr unsigned clock_digits = 0b1101'1011, clock_fixed = 0b0010'0100;
    if (!swar_matches<date_digits, date_fixed>(date_word, lanes_of(1u << 4, '-') | lanes_of(1u << 7, '-')) ||
        !swar_matches<clock_digits, clock_fixed>(clock_word, lanes_of(1u << 2, 'T') | lanes_of(1u << 5, ':'))) {
      return fixed_width::other_shape;
    }
    unsigned second = 0, millis = 0;
    if (size == 20) {
      std::memcpy(&tail_word, text.data() + 12, 8);  // H:MM:SSZ (the first four bytes checked above)
      constexpr unsigned tail_digits = 0b0110'0000, tail_fixed = 0b1001'0000;
      if (!swar_matches<tail_digits, tail_fixed>(tail_word, lanes_of(1u << 4, ':') | lanes_of(1u << 7, 'Z'))) {
        return fixed_width::other_shape;
      }
      second = lane(swar_pairs<tail_digits>(tail_word), 5);
    } else {
      std::memcpy(&tail_word, text.data() + 16, 8);  // :SS.mmmZ
      constexpr unsigned tail_digits = 0b0111'0110, tail_fixed = 0b1000'1001;
      if (!swar_matches<tail_digits, tail_fixed>(
              tail_word, lanes_of(1u << 0, ':') | lanes_of(1u << 3, '.') | lanes_of(1u << 7, 'Z'))) {
        return fixed_width::other_shape;
      }
      const std::uint64_t pairs = swar_pairs<tail_digits>(tail_word);
      second = lane(pairs, 1);
      millis = lane(pairs, 4) * 10 + (lane(tail_word, 6) - '0');
    }
    const std::uint64_t date = swar_pairs<date_digits>(date_word);
    const std::uint64_t clock = swar_pairs<clock_digits>(clock_word);
    const unsigned year_number = lane(date, 0) * 100 + lane(date, 2);
    const unsigned month_number = lane(date, 5), day_number = lane(clock, 0);
    const unsigned hour = lane(clock, 3), minute = lane(clock, 6);
    // The calendar: month 1-12, day 1 to the month's length (February 29 in leap years).
    static constexpr std::uint8_t month_days[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = year_number % 4 == 0 && (year_number % 100 != 0 || year_number % 400 == 0);
    if (month_number - 1 > 11 ||
        day_number - 1 >= month_days[month_number <= 12 ? month_number : 0] + unsigned{leap && month_number == 2} ||
        hour > 23 || minute > 59 || second > 59) {
      return fixed_width::impossible;
    }
    const year_month_day date_ymd{year{static_cast<int>(year_number)}, month{month_number}, day{day_number}};
    out = sys_days{date_ymd} + hours{hour} + minutes{minute} + seconds{second} + milliseconds{millis};
    return fixed_width::valid;
  }
}

/// Both grammars; `Iso8601` adds the variants listed at the top of this file. One
/// template so that the RFC 3339 instance, the decoder's hot path, does no extra work.
template <bool Iso8601>
constexpr std::optional<std::chrono::sys_time<std::chrono::milliseconds>> parse_date_time(
    std::string_view text) noexcept {
  using namespace std::chrono;
  // YYYY-MM-DDTHH:MM:SS is 19 bytes; the shortest valid form adds "Z".
  if (text.size() < 20) { return std::nullopt; }
  if (!std::is_constant_evaluated()) {
    sys_time<milliseconds> fixed{};
    const fixed_width shape = parse_fixed_width(text, fixed);
    if (shape == fixed_width::valid) [[likely]] { return fixed; }
    if (shape == fixed_width::impossible) { return std::nullopt; }
  }
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

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_TIMESTAMP_HPP
