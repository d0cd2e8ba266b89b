// SPDX-License-Identifier: MIT
// Unit tests for include/oncehub/webhooks/detail/timestamp.hpp: parse_rfc3339 (the
// documented form), parse_iso8601 (its unambiguous ISO 8601 superset), and the
// `timestamp` view of fields.hpp. Every form is also checked against Howard Hinnant's
// date library in timestamp_iso8601_test.cpp.
#include "oncehub/webhooks/detail/timestamp.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "oncehub/webhooks.hpp"
#include "oncehub/webhooks/fields.hpp"
#if ONCEHUB_WEBHOOKS_HAVE_DATE
#include "support/timestamp_reference.hpp"
#endif

namespace {

namespace wh = oncehub::webhooks;
using wh::detail::parse_iso8601;
using wh::detail::parse_rfc3339;
using namespace std::chrono;
using ms_time = sys_time<milliseconds>;

constexpr ms_time utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0, int millis = 0) {
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s} + milliseconds{millis};
}

// Compile-time proof that parse_rfc3339 is constexpr.
static_assert(parse_rfc3339("2021-01-20T16:45:00.000Z") == utc(2021, 1, 20, 16, 45));
static_assert(parse_rfc3339("2020-03-22T09:48:48Z") == utc(2020, 3, 22, 9, 48, 48));
static_assert(parse_rfc3339("2021-01-20T18:45:00+02:00") == utc(2021, 1, 20, 16, 45));
static_assert(parse_rfc3339("2024-02-29T00:00:00Z") == utc(2024, 2, 29));
static_assert(!parse_rfc3339("2023-02-29T00:00:00Z").has_value());
static_assert(!parse_rfc3339("2021-01-20T16:45:00").has_value());
static_assert(!parse_rfc3339("").has_value());
static_assert(parse_iso8601("2026-03-02T15:00:00.000+0200") == utc(2026, 3, 2, 13));
static_assert(!parse_rfc3339("2026-03-02T15:00:00.000+0200").has_value());

// Parses from an exactly-sized heap copy, so AddressSanitizer flags any read past the end.
std::optional<ms_time> parse_exact(std::string_view text) {
  const auto copy = std::make_unique<char[]>(text.size() ? text.size() : 1);
  if (!text.empty()) { std::memcpy(copy.get(), text.data(), text.size()); }
  return parse_rfc3339(std::string_view(copy.get(), text.size()));
}

std::optional<ms_time> parse_iso_exact(std::string_view text) {
  const auto copy = std::make_unique<char[]>(text.size() ? text.size() : 1);
  if (!text.empty()) { std::memcpy(copy.get(), text.data(), text.size()); }
  return parse_iso8601(std::string_view(copy.get(), text.size()));
}

TEST(Timestamp, OnceHubForms) {
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.000Z"), utc(2021, 1, 20, 16, 45));
  EXPECT_EQ(parse_exact("2020-03-22T09:48:48Z"), utc(2020, 3, 22, 9, 48, 48));
  EXPECT_EQ(parse_exact("2021-01-20T12:10:03.140Z"), utc(2021, 1, 20, 12, 10, 3, 140));
  EXPECT_EQ(parse_exact("1970-01-01T00:00:00Z"), ms_time{});
  EXPECT_EQ(parse_exact("2099-12-31T23:59:59.999Z"), utc(2099, 12, 31, 23, 59, 59, 999));
}

TEST(Timestamp, OffsetsAreConvertedToUtc) {
  const ms_time z = utc(2021, 1, 20, 16, 45);
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00+02:00"), z - hours{2});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00-05:00"), z + hours{5});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00+00:00"), z);
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00-00:00"), z);
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00+05:30"), z - hours{5} - minutes{30});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.250-09:45"), z + hours{9} + minutes{45} + milliseconds{250});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00+23:59"), z - hours{23} - minutes{59});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00-23:59"), z + hours{23} + minutes{59});
  // Offsets cross day, month and year boundaries.
  EXPECT_EQ(parse_exact("2021-01-01T00:30:00+01:00"), utc(2020, 12, 31, 23, 30));
  EXPECT_EQ(parse_exact("2020-12-31T23:30:00-01:00"), utc(2021, 1, 1, 0, 30));
  EXPECT_EQ(parse_exact("2024-03-01T00:00:00+00:01"), utc(2024, 2, 29, 23, 59));
}

TEST(Timestamp, LowercaseSeparatorAndZoneAreIso8601Only) {
  // RFC 3339 section 5.6 lets a specification require upper case; OnceHub writes it.
  const ms_time z = utc(2021, 1, 20, 16, 45);
  for (std::string_view text : {"2021-01-20t16:45:00Z", "2021-01-20T16:45:00z", "2021-01-20t16:45:00.000z"}) {
    EXPECT_EQ(parse_exact(text), std::nullopt) << text;
    EXPECT_EQ(parse_iso_exact(text), z) << text;
  }
}

TEST(Timestamp, Iso8601VariantsKeepTheirInstant) {
  // The failing input of issue 12, item 4, and every other unambiguous variant.
  EXPECT_EQ(parse_iso_exact("2026-03-02T15:00:00.000+0200"), utc(2026, 3, 2, 13));
  EXPECT_EQ(parse_iso_exact("2026-03-02T15:00:00+02"), utc(2026, 3, 2, 13));
  EXPECT_EQ(parse_iso_exact("2026-03-02T15:00:00-0530"), utc(2026, 3, 2, 20, 30));
  EXPECT_EQ(parse_iso_exact("2026-03-02T15:00:00-05"), utc(2026, 3, 2, 20));
  EXPECT_EQ(parse_iso_exact("2026-03-02 15:00:00Z"), utc(2026, 3, 2, 15));
  EXPECT_EQ(parse_iso_exact("2026-03-02 15:00:00.5+01:00"), utc(2026, 3, 2, 14, 0, 0, 500));
  EXPECT_EQ(parse_iso_exact("2026-03-02T15:00:00,25Z"), utc(2026, 3, 2, 15, 0, 0, 250));
  EXPECT_EQ(parse_iso_exact("2026-03-02T15:00:00.1234567890Z"), utc(2026, 3, 2, 15, 0, 0, 123));
  EXPECT_EQ(parse_iso_exact("2026-03-02T15:00:00." + std::string(1000, '9') + "Z"), utc(2026, 3, 2, 15, 0, 0, 999))
      << "truncated, not rounded, however many digits";
  EXPECT_EQ(parse_iso_exact("2026-01-01T00:30:00+0100"), utc(2025, 12, 31, 23, 30));
  // The documented form is in the superset with the same instant.
  EXPECT_EQ(parse_iso_exact("2021-01-20T16:45:00.000Z"), utc(2021, 1, 20, 16, 45));
  EXPECT_EQ(parse_iso_exact("2021-01-20T18:45:00+02:00"), utc(2021, 1, 20, 16, 45));
}

TEST(Timestamp, AmbiguousOrImpossibleIso8601StaysInvalid) {
  for (std::string_view bad : {
           "2026-03-02T15:00:00",       // no offset: a local time of an unknown zone
           "2026-03-02 15:00:00",       // the same with a space
           "2026-03-02T15:00:00.000",   // no offset after a fraction
           "2026-13-02T15:00:00Z",      // month 13
           "2026-02-29T15:00:00Z",      // not a leap year
           "2026-03-02T24:00:01Z",      // past the end of the day
           "2026-03-02T24:00:00Z",      // the end of the day: refused, ISO 8601-1:2019 dropped it
           "2026-03-02T23:59:60Z",      // leap second: not representable
           "2026-03-02T15:00:00+2400",  // offset hour 24
           "2026-03-02T15:00:00+0260",  // offset minute 60
           "2026-03-02T15:00:00+2",     // one offset digit
           "2026-03-02T15:00:00+020",   // three offset digits
           "2026-03-02T15:00:00+02:0", "2026-03-02T15:00:00+02:", "2026-03-02T15:00:00+020000",
           "2026-03-02T15:00:00.Z",  // a decimal sign without digits
           "2026-03-02T15:00:00,Z",
           "2026-03-02  15:00:00Z",  // two spaces
           "2026-03-02\t15:00:00Z",    "2026-03-02_15:00:00Z",
           "20260302T150000Z",  // ISO 8601 basic format: not this grammar
           "2026-03-02T1500Z",
           "2026-03-02T15:00Z",  // no seconds
           "2026-03-02T15:00:00 Z",    "2026-03-02T15:00:00UTC",  " 2026-03-02T15:00:00Z",      "2026-03-02T15:00:00Z ",
       }) {
    EXPECT_EQ(parse_iso_exact(bad), std::nullopt) << '"' << bad << '"';
    EXPECT_EQ(parse_exact(bad), std::nullopt) << '"' << bad << '"';
  }
}

TEST(Timestamp, FractionalDigitsAreTruncatedToMilliseconds) {
  const ms_time base = utc(2021, 1, 20, 16, 45);
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.1Z"), base + milliseconds{100});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.12Z"), base + milliseconds{120});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.123Z"), base + milliseconds{123});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.1234Z"), base + milliseconds{123});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.12345Z"), base + milliseconds{123});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.123456Z"), base + milliseconds{123});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.1234567Z"), base + milliseconds{123});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.12345678Z"), base + milliseconds{123});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.123456789Z"), base + milliseconds{123});
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.999999999Z"), base + milliseconds{999}) << "truncated, not rounded";
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.000000001Z"), base);
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.5+01:00"), base - hours{1} + milliseconds{500});
}

TEST(Timestamp, CalendarIsChecked) {
  EXPECT_EQ(parse_exact("2024-02-29T12:00:00Z"), utc(2024, 2, 29, 12));
  EXPECT_EQ(parse_exact("2000-02-29T12:00:00Z"), utc(2000, 2, 29, 12));
  EXPECT_EQ(parse_exact("2023-02-29T12:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_exact("1900-02-29T12:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_exact("2024-02-30T12:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-04-31T12:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-04-30T12:00:00Z"), utc(2021, 4, 30, 12));
  EXPECT_EQ(parse_exact("2021-01-32T12:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-01-00T12:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-13-01T12:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-00-01T12:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-12-31T23:59:59Z"), utc(2021, 12, 31, 23, 59, 59));
}

TEST(Timestamp, ClockFieldsAreChecked) {
  EXPECT_EQ(parse_exact("2021-01-20T24:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-01-20T23:60:00Z"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-01-20T23:59:60Z"), std::nullopt) << "leap seconds are not representable";
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00+24:00"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00+02:60"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00-24:00"), std::nullopt);
}

TEST(Timestamp, FractionDigitCountIsChecked) {
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.Z"), std::nullopt) << "0 fractional digits";
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.1234567890Z"), std::nullopt) << "10 fractional digits: ISO 8601 only";
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.+02:00"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00..5Z"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00,5Z"), std::nullopt) << "a decimal comma: ISO 8601 only";
}

TEST(Timestamp, RejectsMalformedText) {
  for (std::string_view bad : {
           "",
           "2021-01-20T16:45:00",      // missing zone
           "2021-01-20T16:45:00.000",  // missing zone after a fraction
           "2021-01-20 16:45:00Z",     // space separator (ISO 8601 only)
           "2021-01-20_16:45:00Z",
           "2021-01-20T16:45:00ZZ",  // trailing garbage
           "2021-01-20T16:45:00Z ",
           "2021-01-20T16:45:00.000Zjunk",
           "2021-01-20T16:45:00+02:00Z",
           "2021-01-20T16:45:00+02:001",
           " 2021-01-20T16:45:00Z",  // leading space
           "2021-01-20T16:45Z",      // no seconds
           "2021-1-20T16:45:00Z",    // one-digit month
           "21-01-20T16:45:00Z",
           "2021/01/20T16:45:00Z",
           "2021-01-20T16-45-00Z",
           "2021-01-20T16:45:00+0200",  // offset without colon (ISO 8601 only)
           "2021-01-20T16:45:00+02",    // offset without minutes (ISO 8601 only)
           "2021-01-20T16:45:00+2:00",
           "2021-01-20T16:45:00 +02:00",
           "2021-01-20T16:45:00UTC",
           "2021-01-20T16:45:00GMT",
           "+2021-01-20T16:45:00Z",
           "2021-01-2aT16:45:00Z",
           "2021-01-20T16:4a:00Z",
           "2021-01-20T16:45:0aZ",
           "2021-01-20T16:45:00.12a4Z",
           "2021-01-20T16:45:00+0a:00",
           "2021-01-20T16:45:00+02:0a",
           "not a timestamp at all",
           "1611161100000",
       }) {
    EXPECT_EQ(parse_exact(bad), std::nullopt) << '"' << bad << '"';
  }
  // An embedded NUL ends nothing: the text is the whole view.
  EXPECT_EQ(parse_exact(std::string_view("2021-01-20T16:45:00Z\0", 21)), std::nullopt);
}

TEST(Timestamp, RejectsEveryTruncation) {
  for (std::string_view valid : {"2021-01-20T16:45:00.000Z", "2020-03-22T09:48:48Z",
                                 "2021-01-20T16:45:00.123456789+02:00", "2021-01-20T16:45:00-05:00"}) {
    ASSERT_TRUE(parse_exact(valid).has_value()) << valid;
    for (std::size_t n = 0; n < valid.size(); ++n) {
      EXPECT_EQ(parse_exact(valid.substr(0, n)), std::nullopt) << '"' << valid.substr(0, n) << '"';
    }
  }
  // In ISO 8601 a cut may still be a whole timestamp: `+02:00` cut to `+02`, and a
  // fraction cut to fewer digits. Every other cut is refused.
  const std::string_view iso = "2021-01-20 16:45:00,123456789012+0230";
  ASSERT_TRUE(parse_iso_exact(iso).has_value());
  for (std::size_t n = 0; n < iso.size(); ++n) {
    const bool whole = n == iso.size() - 2;  // `+02`
    EXPECT_EQ(parse_iso_exact(iso.substr(0, n)).has_value(), whole) << '"' << iso.substr(0, n) << '"';
  }
}

TEST(Timestamp, EveryValidFormAgreesWithChrono) {
  // A sweep over the calendar: midnight UTC of every day in 2023 and 2024.
  for (sys_days d = sys_days{year{2023} / 1 / 1}; d < sys_days{year{2025} / 1 / 1}; d += days{1}) {
    const year_month_day ymd{d};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT13:07:59.042Z", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    EXPECT_EQ(parse_exact(text), d + hours{13} + minutes{7} + seconds{59} + milliseconds{42}) << text;
  }
}

TEST(TimestampView, EqualityComparesTheInstantOnly) {
  const wh::timestamp a{utc(2021, 1, 20, 16, 45), "2021-01-20T16:45:00Z"};
  const wh::timestamp b{utc(2021, 1, 20, 16, 45), "2021-01-20T18:45:00+02:00"};
  const wh::timestamp c{utc(2021, 1, 20, 16, 45, 0, 1), "2021-01-20T16:45:00.001Z"};
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  EXPECT_EQ(wh::timestamp{}.time, ms_time{});
  EXPECT_EQ(wh::timestamp{}.text, "");
}

#if ONCEHUB_WEBHOOKS_HAVE_DATE
// Issue 12, item 4, the whole kind: every combination of date, clock, separator, decimal
// sign and fraction length, and offset form, valid or not, is read by both parsers and
// compared with Howard Hinnant's date library (tests/support/timestamp_reference.hpp).
TEST(Timestamp, EveryIso8601FormAgreesWithTheDateLibrary) {
  const std::vector<std::string> dates = {"2026-03-02", "2024-02-29", "2023-02-29", "1970-01-01", "0001-01-01",
                                          "9999-12-31", "2026-13-02", "2026-00-10", "2026-04-31"};
  const std::vector<std::string> clocks = {"15:00:00", "00:00:00", "23:59:59", "24:00:00", "24:00:01", "23:59:60"};
  const std::vector<std::string> separators = {"T", "t", " ", "_"};
  const std::vector<std::string> fractions = {
      "", ".5", ".123", ".123456789", ".1234567891", ",25", "." + std::string(25, '7'), ".", ","};
  const std::vector<std::string> zones = {"Z",     "z",      "+02:00", "+0200", "+02", "-05:30", "-0530",
                                          "-05",   "+23:59", "-00:00", "+00",   "",    "+24:00", "+2400",
                                          "+0260", "+2",     "+020",   "+02:0", "UTC", "+02:00Z"};
  std::size_t cases = 0, iso_only = 0, rfc3339 = 0;
  for (const auto& d : dates) {
    for (const auto& c : clocks) {
      for (const auto& sep : separators) {
        for (const auto& frac : fractions) {
          for (const auto& zone : zones) {
            const std::string text = d + sep + c + frac + zone;
            ++cases;
            const auto expected = timestamp_reference::read(text);
            const auto iso = parse_iso_exact(text);
            const auto strict = parse_exact(text);
            if (expected.what != timestamp_reference::verdict::accept) {
              EXPECT_FALSE(iso.has_value()) << '"' << text << "\" accepted; the reference rejects it";
              EXPECT_FALSE(strict.has_value()) << '"' << text << '"';
              continue;
            }
            ASSERT_TRUE(iso.has_value()) << '"' << text << "\" rejected; the date library reads "
                                         << timestamp_reference::show(expected.time);
            EXPECT_EQ(*iso, expected.time) << '"' << text << '"';
            EXPECT_EQ(strict.has_value(), expected.rfc3339) << '"' << text << '"';
            if (strict) { EXPECT_EQ(*strict, expected.time) << '"' << text << '"'; }
            ++(expected.rfc3339 ? rfc3339 : iso_only);
          }
        }
      }
    }
  }
  // The matrix exercises both grammars, not only rejections.
  EXPECT_GE(rfc3339, 300u);
  EXPECT_GT(iso_only, 3000u);
  std::printf("timestamps: %zu generated, %zu RFC 3339, %zu ISO 8601 only, the rest refused\n", cases, rfc3339,
              iso_only);
}

// The two forms OnceHub sends take a fixed-width fast path (SWAR checks on three 8-byte
// words): every byte value at every position of each, and every day of the calendar's
// edge years, must read as the date library reads it, through both parsers.
TEST(Timestamp, FixedWidthFormsAgreeWithTheDateLibraryForEveryByte) {
  const auto agree = [](const std::string& text) {
    const auto expected = timestamp_reference::read(text);
    const auto iso = parse_iso_exact(text);
    const auto strict = parse_exact(text);
    if (expected.what != timestamp_reference::verdict::accept) {
      EXPECT_FALSE(iso.has_value()) << '"' << text << "\" accepted; the reference rejects it";
      EXPECT_FALSE(strict.has_value()) << '"' << text << '"';
      return false;
    }
    EXPECT_EQ(iso, expected.time) << '"' << text << '"';
    EXPECT_EQ(strict.has_value(), expected.rfc3339) << '"' << text << '"';
    if (strict) { EXPECT_EQ(*strict, expected.time) << '"' << text << '"'; }
    return strict.has_value();
  };
  std::size_t accepted = 0;
  for (const std::string form : {"2024-02-29T23:59:59Z", "2021-01-20T16:45:00.907Z"}) {
    for (std::size_t at = 0; at < form.size(); ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string text = form;
        text[at] = static_cast<char>(byte);
        accepted += agree(text);
      }
    }
  }
  for (const int y : {0, 1, 100, 1600, 1900, 2000, 2023, 2024, 2100, 9999}) {
    for (int m = 0; m <= 13; ++m) {
      for (int d = 0; d <= 32; ++d) {
        char text[64];  // room for any int, so -Wformat-truncation stays quiet
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT00:00:00Z", y, m, d);
        accepted += agree(text);
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT12:34:56.789Z", y, m, d);
        accepted += agree(text);
      }
    }
  }
  EXPECT_GT(accepted, 7000u);  // not only rejections
}
#endif

// In a delivery: an ISO 8601 variant keeps its instant and its text, and is a finding
// (strict_fields rejects it); an impossible value reads as invalid, as before.
TEST(Timestamp, Iso8601VariantsInADeliveryKeepTheirValueAndAreFindings) {
  const auto body = [](std::string_view time) {
    return std::string(R"({"id":"E","object":"event","creation_time":")") + std::string(time) +
           R"(","type":"booking.scheduled","api_version":"v2","data":{"starting_time":")" + std::string(time) +
           R"("}})";
  };
  wh::parser parser;
  wh::parser strict({.strict_fields = true});
  for (std::string_view text :
       {"2026-03-02T15:00:00.000+0200", "2026-03-02T15:00:00+02", "2026-03-02t13:00:00z", "2026-03-02 13:00:00Z",
        "2026-03-02T15:00:00.0000000000+02:00", "2026-03-02T15:00:00,000+02:00"}) {
    const std::string delivery = body(text);
    auto result = parser.parse(delivery);
    ASSERT_TRUE(result) << result.error().to_string();
    const wh::booking& b = *result->booking();
    ASSERT_TRUE(b.starting_time.has_value()) << text;
    EXPECT_EQ(b.starting_time->time, utc(2026, 3, 2, 13)) << text;
    EXPECT_EQ(b.starting_time->text, text);
    ASSERT_TRUE(result->envelope().creation_time.has_value()) << text;
    EXPECT_EQ(result->envelope().creation_time->time, utc(2026, 3, 2, 13)) << text;
    ASSERT_EQ(result->findings().size(), 2u) << text;
    EXPECT_EQ(result->findings()[0].path(), "creation_time");
    EXPECT_EQ(result->findings()[1].path(), "data.starting_time");
    for (const wh::finding& f : result->findings()) {
      EXPECT_EQ(f.issue(), wh::field_issue::nonstandard_format);
      EXPECT_EQ(f.raw_json(), "\"" + std::string(text) + "\"");
    }
    auto rejected = strict.parse(delivery);
    ASSERT_FALSE(rejected) << text;
    EXPECT_EQ(rejected.error().code(), wh::errc::invalid_value);
    EXPECT_EQ(rejected.error().path(), "creation_time");
  }
  for (std::string_view text : {"2026-03-02T15:00:00", "2026-13-02T15:00:00Z", "2026-03-02T24:00:01Z"}) {
    auto result = parser.parse(body(text));
    ASSERT_TRUE(result) << result.error().to_string();
    EXPECT_TRUE(result->booking()->starting_time.is_invalid()) << text;
    EXPECT_EQ(result->booking()->starting_time.issue(), wh::field_issue::bad_format) << text;
    ASSERT_EQ(result->findings().size(), 2u) << text;
    EXPECT_EQ(result->findings()[1].raw_json(), "\"" + std::string(text) + "\"") << "what arrived is kept";
  }
}

}  // namespace
