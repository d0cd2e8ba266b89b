// SPDX-License-Identifier: MIT
/// @file
/// Fuzzes `detail::parse_rfc3339` (the documented form) and `detail::parse_iso8601` (its
/// unambiguous ISO 8601 superset, read with a finding) against an independent reference:
/// a regex of each grammar plus Howard Hinnant's date library for the calendar and the
/// arithmetic (`tests/support/timestamp_reference.hpp`, which says where and why the
/// comparison is restricted).
///
/// Each input is checked twice: as raw text, and as a timestamp assembled field by field
/// from the same bytes (any value 0-99 in each field, any separator, decimal sign and
/// offset form), which reaches the calendar checks far faster than byte mutation does.
#include <oncehub/webhooks/detail/timestamp.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "support/check.hpp"
#include "support/data_provider.hpp"
#include "support/timestamp_reference.hpp"

namespace {

namespace ref = timestamp_reference;
using ref::ms_time;
using ref::show;

/// The longest RFC 3339 date-time we accept: 19 + ".123456789" + "+hh:mm".
constexpr std::size_t longest_rfc3339 = 35;

void check(std::string_view text) {
  const auto strict = oncehub::webhooks::detail::parse_rfc3339(text);
  const auto iso = oncehub::webhooks::detail::parse_iso8601(text);
  const ref::result expected = ref::read(text);
  const std::string what = "\"" + fuzz_support::excerpt(text) + "\"";
  switch (expected.what) {
    case ref::verdict::reject:
      FUZZ_CHECK(!iso, what + " accepted as " + show(*iso) + "; the reference rejects it");
      FUZZ_CHECK(!strict, what + " accepted as RFC 3339; the reference rejects it");
      break;
    case ref::verdict::reject_by_design:
      FUZZ_CHECK(!iso && !strict, what + " accepted; leap seconds are rejected by design");
      break;
    case ref::verdict::accept:
      FUZZ_CHECK(iso.has_value(), what + " rejected; the reference reads " + show(expected.time));
      FUZZ_CHECK(*iso == expected.time, what + ": ours " + show(*iso) + ", reference " + show(expected.time));
      FUZZ_CHECK(strict.has_value() == expected.rfc3339,
                 what + (expected.rfc3339 ? " is RFC 3339 but parse_rfc3339 rejects it"
                                          : " is not RFC 3339 but parse_rfc3339 accepts it"));
      if (strict) { FUZZ_CHECK(*strict == *iso, what + ": the two parsers disagree on the instant"); }
      break;
  }
  if (strict) { FUZZ_CHECK(text.size() >= 20 && text.size() <= longest_rfc3339, what); }
  if (iso) {
    FUZZ_CHECK(text.size() >= 20, what);
    // Printing the instant in UTC and reading it back is the identity, for instants
    // RFC 3339 can print (an offset can move 0000-01-01 into year -1, or 9999-12-31
    // into year 10000).
    const auto year = date::year_month_day(std::chrono::floor<date::days>(*iso)).year();
    if (year >= date::year{0} && year <= date::year{9999}) {
      const std::string canonical = date::format("%FT%TZ", *iso);
      FUZZ_CHECK(oncehub::webhooks::detail::parse_rfc3339(canonical) == iso, what + " -> " + canonical);
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
  const auto fraction_digits = in.ConsumeIntegralInRange<unsigned>(0, 14);
  if (fraction_digits > 0 || in.ConsumeBool()) {
    out += in.ConsumeIntegralInRange<unsigned>(0, 3) == 0 ? ',' : '.';
    for (unsigned i = 0; i < fraction_digits; ++i) {
      out += static_cast<char>('0' + in.ConsumeIntegralInRange<unsigned>(0, 9));
    }
  }
  const char zone = zones[in.ConsumeIntegralInRange<std::size_t>(0, 7)];
  if (zone == '+' || zone == '-') {
    out += zone;
    out += digits(in.ConsumeIntegralInRange<unsigned>(0, 25), 2);
    // `+hh:mm`, `+hhmm` or `+hh`.
    switch (in.ConsumeIntegralInRange<unsigned>(0, 2)) {
      case 0: out += ":" + digits(in.ConsumeIntegralInRange<unsigned>(0, 61), 2); break;
      case 1: out += digits(in.ConsumeIntegralInRange<unsigned>(0, 61), 2); break;
      default: break;
    }
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
