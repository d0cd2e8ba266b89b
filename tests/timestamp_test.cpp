// SPDX-License-Identifier: MIT
// Unit tests for include/oncehub/webhooks/detail/timestamp.hpp: parse_rfc3339, and the
// `timestamp` view of fields.hpp.
#include "oncehub/webhooks/detail/timestamp.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "oncehub/webhooks/fields.hpp"

namespace {

namespace wh = oncehub::webhooks;
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

// Parses from an exactly-sized heap copy, so AddressSanitizer flags any read past the end.
std::optional<ms_time> parse_exact(std::string_view text) {
  const auto copy = std::make_unique<char[]>(text.size() ? text.size() : 1);
  if (!text.empty()) { std::memcpy(copy.get(), text.data(), text.size()); }
  return parse_rfc3339(std::string_view(copy.get(), text.size()));
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

TEST(Timestamp, LowercaseSeparatorAndZone) {
  const ms_time z = utc(2021, 1, 20, 16, 45);
  EXPECT_EQ(parse_exact("2021-01-20t16:45:00Z"), z);
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00z"), z);
  EXPECT_EQ(parse_exact("2021-01-20t16:45:00.000z"), z);
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
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.1234567890Z"), std::nullopt) << "10 fractional digits";
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00.+02:00"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00..5Z"), std::nullopt);
  EXPECT_EQ(parse_exact("2021-01-20T16:45:00,5Z"), std::nullopt);
}

TEST(Timestamp, RejectsMalformedText) {
  for (std::string_view bad : {
           "",
           "2021-01-20T16:45:00",         // missing zone
           "2021-01-20T16:45:00.000",     // missing zone after a fraction
           "2021-01-20 16:45:00Z",        // space separator
           "2021-01-20_16:45:00Z",
           "2021-01-20T16:45:00ZZ",       // trailing garbage
           "2021-01-20T16:45:00Z ",
           "2021-01-20T16:45:00.000Zjunk",
           "2021-01-20T16:45:00+02:00Z",
           "2021-01-20T16:45:00+02:001",
           " 2021-01-20T16:45:00Z",       // leading space
           "2021-01-20T16:45Z",           // no seconds
           "2021-1-20T16:45:00Z",         // one-digit month
           "21-01-20T16:45:00Z",
           "2021/01/20T16:45:00Z",
           "2021-01-20T16-45-00Z",
           "2021-01-20T16:45:00+0200",    // offset without colon
           "2021-01-20T16:45:00+02",      // offset without minutes
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

}  // namespace
