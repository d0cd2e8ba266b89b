// SPDX-License-Identifier: MIT
/// @file
/// Fuzzes `detail::parse_rfc3339` against an independent reference: Howard Hinnant's
/// date library (`<date/date.h>`, Debian libhowardhinnant-date-dev; used here only).
///
/// The reference is two independent pieces:
/// - the lexical grammar, a `std::regex` transcribing the RFC 3339 section 5.6 ABNF
///   (`date-time = full-date "T" full-time`, `T`/`Z` case-insensitive per its note,
///   `time-secfrac = "." 1*DIGIT`, `time-numoffset = ("+" / "-") time-hour ":" time-minute`
///   with hour 00-23 and minute 00-59 as its comments say);
/// - the calendar, the time-of-day ranges and the arithmetic (offset applied, days since
///   the epoch), done by `date::parse("%Y-%m-%dT%H:%M:%S%Ez")` into `sys_seconds`.
///
/// Where the two differ by design the comparison is restricted, and why:
/// - leap seconds (`:60`): RFC 3339 allows them, `sys_time` cannot hold them, so we
///   reject them (and date::parse does too): we only check that we reject;
/// - more than 9 fractional digits: the RFC allows any number, we accept 1 to 9
///   (nanoseconds; OnceHub sends 0 or 3): we only check that we reject;
/// - the fraction is handed to the reference's arithmetic as whole milliseconds, the
///   digits truncated, because we document truncation and date::parse rounds (and its
///   nanosecond `sys_time` overflows outside 1678-2262, which RFC 3339 years exceed);
/// - `t` and `z` are given to date::parse upper-cased and `Z` as `+00:00`: its format
///   literals are case-sensitive, and `Z` is not a `%Ez` offset.
///
/// Each input is checked twice: as raw text, and as a timestamp assembled field by field
/// from the same bytes (any value 0-99 in each field, any separator), which reaches the
/// calendar checks far faster than byte mutation does.
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

#include <oncehub/webhooks/detail/timestamp.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "support/check.hpp"
#include "support/data_provider.hpp"

namespace {

using ms_time = std::chrono::sys_time<std::chrono::milliseconds>;

enum class verdict { reject, reject_by_design, accept };

struct reference_result {
  verdict what = verdict::reject;
  ms_time time{};
};

/// The longest RFC 3339 date-time we accept: 19 + ".123456789" + "+hh:mm".
constexpr std::size_t longest_accepted = 35;

reference_result reference(std::string_view text) {
  // Longer texts are rejected by design (at most 9 fractional digits); the regex is
  // only asked about plausible lengths, to keep the fuzzer fast.
  if (text.size() > 64) { return {verdict::reject_by_design, {}}; }
  static const std::regex grammar(
      R"(^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])([01]\d|2[0-3]):([0-5]\d))$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, grammar)) { return {}; }
  if (m[3].str() == "60") { return {verdict::reject_by_design, {}}; }
  const std::string fraction = m[4].matched ? m[4].str() : std::string();
  if (fraction.size() > 9) { return {verdict::reject_by_design, {}}; }

  std::string normalized = m[1].str() + "T" + m[2].str() + ":" + m[3].str();
  normalized += m[5].matched ? std::string("+00:00") : m[6].str() + m[7].str() + ":" + m[8].str();
  std::istringstream in(normalized);
  date::sys_seconds seconds;
  in >> date::parse("%Y-%m-%dT%H:%M:%S%Ez", seconds);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) { return {}; }

  int millis = 0;
  for (std::size_t i = 0; i < 3; ++i) { millis = millis * 10 + (i < fraction.size() ? fraction[i] - '0' : 0); }
  return {verdict::accept, ms_time{seconds} + std::chrono::milliseconds{millis}};
}

std::string show(ms_time t) { return date::format("%F %T", t); }

void check(std::string_view text) {
  const auto ours = oncehub::webhooks::detail::parse_rfc3339(text);
  const reference_result ref = reference(text);
  const std::string what = "\"" + fuzz_support::excerpt(text) + "\"";
  switch (ref.what) {
    case verdict::reject:
      FUZZ_CHECK(!ours, what + " accepted as " + show(*ours) + "; the reference rejects it");
      break;
    case verdict::reject_by_design:
      FUZZ_CHECK(!ours, what + " accepted as " + show(*ours) + "; leap seconds, >9 fraction digits and long texts are rejected by design");
      break;
    case verdict::accept:
      FUZZ_CHECK(ours.has_value(), what + " rejected; the reference reads " + show(ref.time));
      FUZZ_CHECK(*ours == ref.time, what + ": ours " + show(*ours) + ", reference " + show(ref.time));
      break;
  }
  if (ours) {
    FUZZ_CHECK(text.size() >= 20 && text.size() <= longest_accepted, what);
    // Printing the instant in UTC and reading it back is the identity, for instants
    // RFC 3339 can print (an offset can move 0000-01-01 into year -1, or 9999-12-31
    // into year 10000).
    const auto year = date::year_month_day(std::chrono::floor<date::days>(*ours)).year();
    if (year >= date::year{0} && year <= date::year{9999}) {
      const std::string canonical = date::format("%FT%TZ", *ours);
      FUZZ_CHECK(oncehub::webhooks::detail::parse_rfc3339(canonical) == ours, what + " -> " + canonical);
    }
  }
}

/// Two decimal digits, or more for the year; `value` may exceed the field's range.
std::string digits(unsigned value, int width) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%0*u", width, value);
  return buffer;
}

/// A timestamp built field by field from the input, every field possibly out of range.
std::string assemble(FuzzedDataProvider& in) {
  static constexpr char date_time_separators[] = {'T', 't', ' ', 'T'};
  static constexpr char zones[] = {'Z', 'z', '+', '-', 'Z', '+', 'x', '\0'};
  std::string out = digits(in.ConsumeIntegralInRange<unsigned>(0, 9999), 4) + "-" +
                    digits(in.ConsumeIntegralInRange<unsigned>(0, 13), 2) + "-" +
                    digits(in.ConsumeIntegralInRange<unsigned>(0, 32), 2);
  out += date_time_separators[in.ConsumeIntegralInRange<std::size_t>(0, 3)];
  out += digits(in.ConsumeIntegralInRange<unsigned>(0, 25), 2) + ":" +
         digits(in.ConsumeIntegralInRange<unsigned>(0, 61), 2) + ":" +
         digits(in.ConsumeIntegralInRange<unsigned>(0, 61), 2);
  const auto fraction_digits = in.ConsumeIntegralInRange<unsigned>(0, 11);
  if (fraction_digits > 0 || in.ConsumeBool()) {
    out += '.';
    for (unsigned i = 0; i < fraction_digits; ++i) {
      out += static_cast<char>('0' + in.ConsumeIntegralInRange<unsigned>(0, 9));
    }
  }
  const char zone = zones[in.ConsumeIntegralInRange<std::size_t>(0, 7)];
  if (zone == '+' || zone == '-') {
    out += zone;
    out += digits(in.ConsumeIntegralInRange<unsigned>(0, 25), 2) + ":" +
           digits(in.ConsumeIntegralInRange<unsigned>(0, 61), 2);
  } else if (zone != '\0') {
    out += zone;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check(std::string_view(reinterpret_cast<const char*>(data), size));
  FuzzedDataProvider in(data, size);
  check(assemble(in));
  return 0;
}
