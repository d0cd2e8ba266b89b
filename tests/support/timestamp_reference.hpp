// SPDX-License-Identifier: MIT
/// @file
/// An independent reading of a timestamp, for `fuzz_timestamp` and the generated test in
/// `timestamp_test.cpp`: what `detail::parse_rfc3339` and `detail::parse_iso8601` must do,
/// stated with other tools. Needs Howard Hinnant's date library (`<date/date.h>`, Debian
/// libhowardhinnant-date-dev).
///
/// The reference is two independent pieces:
/// - the lexical grammar, two `std::regex`es: RFC 3339 section 5.6 (`date-time = full-date
///   "T" full-time`, upper case as section 5.6 lets a specification require, `time-secfrac
///   = "." 1*DIGIT`, `time-numoffset = ("+" / "-") time-hour ":" time-minute`, hour 00-23
///   and minute 00-59 as its comments say), and its ISO 8601 superset: `t`, `z`, a space
///   for `T`, `,` as the decimal sign, any number of fraction digits, offsets `+hhmm` and
///   `+hh`;
/// - the calendar, the clock ranges and the arithmetic (offset applied, days since the
///   epoch), done by `date::parse`, which reads the offset as sent: `%z` takes `+hhmm` and
///   `+hh`, `%Ez` takes `+hh:mm`.
///
/// Where the two differ by design, and why:
/// - leap seconds (`:60`): RFC 3339 allows them, `sys_time` cannot hold them, so both
///   parsers reject them (and date::parse does too): `reject_by_design`;
/// - more than 9 fraction digits are not RFC 3339 here (nanoseconds are the most a
///   `date-time` needs; OnceHub sends 0 or 3); ISO 8601 takes any number;
/// - the fraction is handed to the reference's arithmetic as whole milliseconds, the
///   digits truncated, because we document truncation and date::parse rounds (and its
///   nanosecond `sys_time` overflows outside 1678-2262, which these years exceed);
/// - `Z` and `z` are given to date::parse as `+00:00`: it has no directive for them.
#ifndef ONCEHUB_WEBHOOKS_TESTS_TIMESTAMP_REFERENCE_HPP
#define ONCEHUB_WEBHOOKS_TESTS_TIMESTAMP_REFERENCE_HPP

// date.h's parser and libstdc++'s <regex> trip GCC 12's -Wmaybe-uninitialized when
// optimised (with sanitizers, even at -O1): false positives inside those headers.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <date/date.h>

#include <regex>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <chrono>
#include <cstddef>
#include <sstream>
#include <string>
#include <string_view>

namespace timestamp_reference {

using ms_time = std::chrono::sys_time<std::chrono::milliseconds>;

enum class verdict { reject, reject_by_design, accept };

struct result {
  verdict what = verdict::reject;
  ms_time time{};
  bool rfc3339 = false;  ///< accepted by the RFC 3339 grammar too (no finding)
};

/// Fraction digits past the twelfth change neither the verdict nor the millisecond:
/// dropped, so the regexes only ever see short texts (libstdc++'s <regex> recurses per
/// character).
inline std::string shorten(std::string_view text) {
  if (text.size() <= 64 || (text[19] != '.' && text[19] != ',')) { return std::string(text); }
  std::size_t end = 20;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') { ++end; }
  if (end - 20 <= 12) { return std::string(text); }
  return std::string(text.substr(0, 32)) + std::string(text.substr(end));
}

inline result read(std::string_view original) {
  const bool long_fraction = original.size() > 64;
  const std::string text = original.size() > 64 ? shorten(original) : std::string(original);
  if (text.size() > 64) { return {}; }  // no text this long fits the grammar
  static const std::regex rfc3339(
      R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$)");
  static const std::regex iso8601(
      R"(^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}):(\d{2})(?:[.,](\d+))?(?:([Zz])|([+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?))$)");
  std::match_results<std::string::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, iso8601)) { return {}; }
  if (m[3].str() == "60") { return {verdict::reject_by_design, {}, false}; }
  const std::string fraction = m[4].matched ? m[4].str() : std::string();

  const std::string offset = m[5].matched ? std::string("+00:00") : m[6].str();
  const std::string normalized = m[1].str() + "T" + m[2].str() + ":" + m[3].str() + offset;
  std::istringstream in(normalized);
  date::sys_seconds seconds;
  in >> date::parse(offset.find(':') != std::string::npos ? "%Y-%m-%dT%H:%M:%S%Ez" : "%Y-%m-%dT%H:%M:%S%z", seconds);
  // Not `peek()`: at the end of the text it would set failbit on an eof stream.
  if (in.fail() || in.rdbuf()->sgetc() != std::char_traits<char>::eof()) { return {}; }

  int millis = 0;
  for (std::size_t i = 0; i < 3; ++i) { millis = millis * 10 + (i < fraction.size() ? fraction[i] - '0' : 0); }
  const bool strict = !long_fraction && std::regex_match(text, rfc3339);
  return {verdict::accept, ms_time{seconds} + std::chrono::milliseconds{millis}, strict};
}

inline std::string show(ms_time t) { return date::format("%F %T", t); }

}  // namespace timestamp_reference

#endif  // ONCEHUB_WEBHOOKS_TESTS_TIMESTAMP_REFERENCE_HPP
