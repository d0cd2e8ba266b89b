// SPDX-License-Identifier: MIT
// Unit tests for include/oncehub/webhooks/json.hpp: json_kind and json_value.
#include "oncehub/webhooks/json.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "oncehub/webhooks/detail/access.hpp"

namespace {

namespace wh = oncehub::webhooks;
using wh::json_kind;
using wh::json_value;
using wh::detail::access;

// A value as the decoder builds it: the raw JSON and, for strings, the unescaped text.
json_value make(json_kind kind, std::string_view raw, std::string_view text = {}) {
  json_value v;
  access::kind(v) = kind;
  access::raw(v) = raw;
  access::text(v) = text;
  return v;
}

static_assert(wh::to_string(json_kind::object) == "object");
static_assert(json_value{}.kind() == json_kind::none);

TEST(JsonValueKind, Names) {
  EXPECT_EQ(wh::to_string(json_kind::none), "none");
  EXPECT_EQ(wh::to_string(json_kind::null), "null");
  EXPECT_EQ(wh::to_string(json_kind::boolean), "boolean");
  EXPECT_EQ(wh::to_string(json_kind::number), "number");
  EXPECT_EQ(wh::to_string(json_kind::string), "string");
  EXPECT_EQ(wh::to_string(json_kind::array), "array");
  EXPECT_EQ(wh::to_string(json_kind::object), "object");
}

TEST(JsonValue, DefaultIsNone) {
  const json_value v;
  EXPECT_EQ(v.kind(), json_kind::none);
  EXPECT_EQ(v.raw_json(), "");
  EXPECT_FALSE(v.is_null());
  EXPECT_FALSE(v.is_string());
  EXPECT_EQ(v.as_string(), std::nullopt);
  EXPECT_EQ(v.as_bool(), std::nullopt);
  EXPECT_EQ(v.as_int64(), std::nullopt);
  EXPECT_EQ(v.as_double(), std::nullopt);
}

TEST(JsonValue, Null) {
  const auto v = make(json_kind::null, "null");
  EXPECT_TRUE(v.is_null());
  EXPECT_FALSE(v.is_string());
  EXPECT_EQ(v.raw_json(), "null");
  EXPECT_EQ(v.as_string(), std::nullopt);
  EXPECT_EQ(v.as_bool(), std::nullopt);
  EXPECT_EQ(v.as_int64(), std::nullopt);
  EXPECT_EQ(v.as_double(), std::nullopt);
}

TEST(JsonValue, Booleans) {
  EXPECT_EQ(make(json_kind::boolean, "true").as_bool(), std::optional<bool>{true});
  EXPECT_EQ(make(json_kind::boolean, "false").as_bool(), std::optional<bool>{false});
  EXPECT_EQ(make(json_kind::boolean, "true").as_string(), std::nullopt);
  EXPECT_EQ(make(json_kind::boolean, "true").as_int64(), std::nullopt);
  // A string that reads "true" is not a boolean.
  EXPECT_EQ(make(json_kind::string, "\"true\"", "true").as_bool(), std::nullopt);
}

TEST(JsonValue, StringsAreUnescaped) {
  const auto v = make(json_kind::string, R"("a\nb \u00e9")", "a\nb \xC3\xA9");
  EXPECT_TRUE(v.is_string());
  EXPECT_FALSE(v.is_null());
  EXPECT_EQ(v.raw_json(), R"("a\nb \u00e9")");
  EXPECT_EQ(v.as_string(), std::optional<std::string_view>{"a\nb \xC3\xA9"});
  EXPECT_EQ(make(json_kind::string, "\"\"", "").as_string(), std::optional<std::string_view>{""});
  // Numbers inside strings are not numbers.
  EXPECT_EQ(make(json_kind::string, "\"42\"", "42").as_int64(), std::nullopt);
  EXPECT_EQ(make(json_kind::string, "\"4.2\"", "4.2").as_double(), std::nullopt);
}

TEST(JsonValue, IntegerNumbers) {
  EXPECT_EQ(make(json_kind::number, "42").as_int64(), std::optional<std::int64_t>{42});
  EXPECT_EQ(make(json_kind::number, "0").as_int64(), std::optional<std::int64_t>{0});
  EXPECT_EQ(make(json_kind::number, "-7").as_int64(), std::optional<std::int64_t>{-7});
  EXPECT_EQ(make(json_kind::number, "9223372036854775807").as_int64(),
            std::optional<std::int64_t>{std::numeric_limits<std::int64_t>::max()});
  EXPECT_EQ(make(json_kind::number, "-9223372036854775808").as_int64(),
            std::optional<std::int64_t>{std::numeric_limits<std::int64_t>::min()});
  EXPECT_EQ(make(json_kind::number, "42").as_double(), std::optional<double>{42.0});
  EXPECT_EQ(make(json_kind::number, "42").as_string(), std::nullopt);
  EXPECT_EQ(make(json_kind::number, "42").as_bool(), std::nullopt);
}

TEST(JsonValue, NonIntegerNumbersAreNotInt64) {
  EXPECT_EQ(make(json_kind::number, "1.5").as_int64(), std::nullopt);
  EXPECT_EQ(make(json_kind::number, "1.5").as_double(), std::optional<double>{1.5});
  EXPECT_EQ(make(json_kind::number, "1e3").as_int64(), std::nullopt);
  EXPECT_EQ(make(json_kind::number, "1e3").as_double(), std::optional<double>{1000.0});
  EXPECT_EQ(make(json_kind::number, "2.5E-1").as_double(), std::optional<double>{0.25});
  EXPECT_EQ(make(json_kind::number, "-0.0").as_int64(), std::nullopt);
}

TEST(JsonValue, OverflowingIntegersAreNotInt64) {
  EXPECT_EQ(make(json_kind::number, "99999999999999999999").as_int64(), std::nullopt);
  EXPECT_EQ(make(json_kind::number, "9223372036854775808").as_int64(), std::nullopt);
  EXPECT_EQ(make(json_kind::number, "-9223372036854775809").as_int64(), std::nullopt);
  EXPECT_EQ(make(json_kind::number, "99999999999999999999").as_double(), std::optional<double>{1e20});
}

TEST(JsonValue, ArraysAndObjectsKeepTheirRawJson) {
  const auto array = make(json_kind::array, "[1,\"two\",null]");
  EXPECT_EQ(array.kind(), json_kind::array);
  EXPECT_EQ(array.raw_json(), "[1,\"two\",null]");
  EXPECT_EQ(array.as_string(), std::nullopt);
  EXPECT_EQ(array.as_int64(), std::nullopt);
  EXPECT_EQ(array.as_double(), std::nullopt);
  EXPECT_EQ(array.as_bool(), std::nullopt);
  const auto object = make(json_kind::object, R"({"a":true})");
  EXPECT_EQ(object.kind(), json_kind::object);
  EXPECT_EQ(object.raw_json(), R"({"a":true})");
  EXPECT_FALSE(object.is_null());
  EXPECT_FALSE(object.is_string());
}

TEST(JsonValue, EqualityIsKindAndRawText) {
  EXPECT_TRUE(make(json_kind::number, "42") == make(json_kind::number, "42"));
  EXPECT_FALSE(make(json_kind::number, "42") == make(json_kind::number, "42.0")) << "same number, other text";
  EXPECT_FALSE(make(json_kind::number, "1") == make(json_kind::string, "1", "1")) << "kinds differ";
  EXPECT_TRUE(make(json_kind::string, "\"A\"", "A") == make(json_kind::string, "\"A\"", "A"));
  EXPECT_FALSE(make(json_kind::string, R"("\u0041")", "A") == make(json_kind::string, "\"A\"", "A"))
      << "raw JSON differs although the text is the same";
  EXPECT_TRUE(json_value{} == json_value{});
  EXPECT_FALSE(json_value{} == make(json_kind::null, "null"));
}

}  // namespace
