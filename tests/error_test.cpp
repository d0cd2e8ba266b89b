// SPDX-License-Identifier: MIT
// Unit tests for include/oncehub/webhooks/error.hpp and detail/error_impl.hpp: error codes,
// std::error_code interop, the fixed-buffer `error`, fixed_writer, write_path, error_builder.
#include "oncehub/webhooks/error.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace {

namespace wh = oncehub::webhooks;
using wh::errc;
using wh::json_kind;
using wh::detail::error_builder;
using wh::detail::fixed_writer;
using wh::detail::path_segment;
using wh::detail::write_path;

struct expected_code {
  errc code;
  int value;
  std::string_view name;
};
// Written out independently of the library's table: the name is the enum identifier.
constexpr std::array<expected_code, 35> all_codes{{
    {errc::empty_body, 1, "empty_body"},
    {errc::too_large, 2, "too_large"},
    {errc::too_deep, 3, "too_deep"},
    {errc::invalid_utf8, 4, "invalid_utf8"},
    {errc::invalid_string, 5, "invalid_string"},
    {errc::invalid_number, 6, "invalid_number"},
    {errc::malformed_json, 7, "malformed_json"},
    {errc::trailing_content, 8, "trailing_content"},
    {errc::wrong_type, 9, "wrong_type"},
    {errc::missing_field, 10, "missing_field"},
    {errc::invalid_value, 11, "invalid_value"},
    {errc::duplicate_field, 12, "duplicate_field"},
    {errc::unknown_event_type, 13, "unknown_event_type"},
    {errc::insufficient_padding, 14, "insufficient_padding"},
    {errc::out_of_memory, 15, "out_of_memory"},
    {errc::signature_header_missing, 16, "signature_header_missing"},
    {errc::signature_header_malformed, 17, "signature_header_malformed"},
    {errc::signature_timestamp_invalid, 18, "signature_timestamp_invalid"},
    {errc::signature_timestamp_too_old, 19, "signature_timestamp_too_old"},
    {errc::signature_timestamp_too_new, 20, "signature_timestamp_too_new"},
    {errc::signature_mismatch, 21, "signature_mismatch"},
    {errc::signature_no_secret, 22, "signature_no_secret"},
    {errc::internal_error, 23, "internal_error"},
    {errc::api_authentication_failed, 24, "api_authentication_failed"},
    {errc::api_permission_denied, 25, "api_permission_denied"},
    {errc::api_not_found, 26, "api_not_found"},
    {errc::api_conflict, 27, "api_conflict"},
    {errc::api_invalid_request, 28, "api_invalid_request"},
    {errc::api_rate_limited, 29, "api_rate_limited"},
    {errc::api_server_error, 30, "api_server_error"},
    {errc::api_unexpected_status, 31, "api_unexpected_status"},
    {errc::unsupported_encoding, 32, "unsupported_encoding"},
    {errc::compressed_body, 33, "compressed_body"},
    {errc::form_encoded_body, 34, "form_encoded_body"},
    {errc::html_body, 35, "html_body"},
}};

// True when `text` is well-formed UTF-8 (no truncated or stray sequences).
bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    if (lead < 0x80) {
      extra = 0;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= text.size()) { return false; }
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) { return false; }
    }
    i += extra + 1;
  }
  return true;
}

TEST(ErrorHelpers, Utf8ValidatorWorks) {
  EXPECT_TRUE(is_valid_utf8("abc\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("abc\xC3"));
  EXPECT_FALSE(is_valid_utf8("abc\xE2\x82"));
  EXPECT_FALSE(is_valid_utf8("\xA9"));
}

// ---- errc -----------------------------------------------------------------------------

static_assert(wh::to_string(errc::missing_field) == "missing_field");
static_assert(wh::to_string(errc::out_of_memory) == "out_of_memory");
static_assert(wh::describe(errc::missing_field) == "a required field is missing");
static_assert(wh::to_string(static_cast<errc>(0)) == "unknown_error");
static_assert(wh::describe(static_cast<errc>(36)) == "unknown error");

TEST(ErrorCode, NamesAreTheEnumIdentifiers) {
  for (const auto& c : all_codes) {
    EXPECT_EQ(static_cast<int>(c.code), c.value) << c.name;
    EXPECT_EQ(wh::to_string(c.code), c.name);
  }
}

TEST(ErrorCode, EveryCodeHasItsOwnDescription) {
  std::set<std::string_view> seen;
  for (const auto& c : all_codes) {
    const std::string_view text = wh::describe(c.code);
    EXPECT_FALSE(text.empty()) << c.name;
    EXPECT_NE(text, "unknown error") << c.name;
    EXPECT_NE(text, c.name);
    EXPECT_TRUE(seen.insert(text).second) << "duplicate description for " << c.name;
  }
  EXPECT_EQ(wh::describe(errc::empty_body), "the request body is empty");
  EXPECT_EQ(wh::describe(errc::wrong_type), "a value has the wrong JSON type");
}

// The codes are one list (ONCEHUB_WEBHOOKS_ERRC_CODES), expanded here on its own: every
// line has its enumerator with the value written on it, its identifier as to_string and
// its description as describe and as the std::error_code message. Generic over the list,
// so a new line is checked without touching this test.
struct listed_code {
  errc code;
  int value;
  std::string_view name;
  std::string_view description;
};
#define ONCEHUB_WEBHOOKS_TEST_LISTED(id, value, description) listed_code{errc::id, value, #id, description},
constexpr auto listed_codes = std::to_array({ONCEHUB_WEBHOOKS_ERRC_CODES(ONCEHUB_WEBHOOKS_TEST_LISTED)});
#undef ONCEHUB_WEBHOOKS_TEST_LISTED

constexpr bool every_listed_code_is_derived() {
  for (std::size_t i = 0; i < listed_codes.size(); ++i) {
    const listed_code& c = listed_codes[i];
    // Values are appended only: 1, 2, 3... in list order, each the enumerator's value.
    if (c.value != static_cast<int>(i) + 1 || static_cast<int>(c.code) != c.value) { return false; }
    if (wh::to_string(c.code) != c.name || wh::describe(c.code) != c.description) { return false; }
    if (wh::detail::errc_table[i].code != c.code) { return false; }
  }
  const auto past_the_end = static_cast<errc>(listed_codes.size() + 1);
  return listed_codes.size() == wh::detail::errc_table.size() && wh::to_string(past_the_end) == "unknown_error";
}
static_assert(every_listed_code_is_derived());

TEST(ErrorCode, EveryListedCodeHasItsValueNameAndDescription) {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < listed_codes.size(); ++i) {
    const listed_code& c = listed_codes[i];
    EXPECT_EQ(c.value, static_cast<int>(i) + 1) << c.name;
    EXPECT_EQ(static_cast<int>(c.code), c.value) << c.name;
    EXPECT_EQ(wh::to_string(c.code), c.name);
    EXPECT_EQ(wh::describe(c.code), c.description) << c.name;
    EXPECT_EQ(wh::make_error_code(c.code).message(), c.description) << c.name;
    EXPECT_TRUE(names.insert(c.name).second) << c.name;
  }
  // The ABI: the list is exactly the codes pinned independently above, value by value.
  ASSERT_EQ(listed_codes.size(), all_codes.size());
  for (std::size_t i = 0; i < all_codes.size(); ++i) {
    EXPECT_EQ(listed_codes[i].value, all_codes[i].value) << all_codes[i].name;
    EXPECT_EQ(listed_codes[i].name, all_codes[i].name);
  }
}

TEST(ErrorCode, OutOfRangeValuesAreUnknown) {
  for (int raw : {0, 36, 200, 255}) {
    const auto code = static_cast<errc>(raw);
    EXPECT_EQ(wh::to_string(code), "unknown_error") << raw;
    EXPECT_EQ(wh::describe(code), "unknown error") << raw;
  }
}

TEST(ErrorCode, StdErrorCodeInterop) {
  const std::error_code ec = errc::missing_field;  // implicit, via is_error_code_enum
  EXPECT_EQ(ec.value(), 10);
  EXPECT_STREQ(ec.category().name(), "oncehub-webhooks");
  EXPECT_EQ(ec.message(), "a required field is missing");
  EXPECT_TRUE(ec == errc::missing_field);
  EXPECT_FALSE(ec == errc::wrong_type);
  EXPECT_TRUE(static_cast<bool>(ec));
  EXPECT_FALSE(ec == std::errc::invalid_argument);
  EXPECT_EQ(&ec.category(), &wh::webhook_category());
  EXPECT_NE(wh::webhook_category(), std::generic_category());
  for (const auto& c : all_codes) {
    const std::error_code code = wh::make_error_code(c.code);
    EXPECT_EQ(code.value(), c.value);
    EXPECT_EQ(code.message(), wh::describe(c.code));
  }
  EXPECT_EQ(wh::webhook_category().message(0), "unknown error");
}

// ---- error ----------------------------------------------------------------------------

static_assert(wh::error{}.code() == errc::malformed_json);
static_assert(wh::error{errc::too_large}.message() == wh::describe(errc::too_large));
static_assert(wh::error{errc::too_large}.path().empty());
static_assert(!wh::error{}.offset().has_value());
static_assert(wh::error{errc::too_deep} == errc::too_deep);

TEST(Error, DefaultIsMalformedJsonAtTheDocument) {
  const wh::error e;
  EXPECT_EQ(e.code(), errc::malformed_json);
  EXPECT_TRUE(e == errc::malformed_json);
  EXPECT_FALSE(e == errc::wrong_type);
  EXPECT_EQ(e.path(), "");
  EXPECT_EQ(e.message(), "the request body is not well-formed JSON");
  EXPECT_EQ(e.offset(), std::nullopt);
  EXPECT_EQ(e.expected(), json_kind::none);
  EXPECT_EQ(e.got(), json_kind::none);
  EXPECT_EQ(e.error_code(), std::error_code(errc::malformed_json));
}

TEST(Error, MessageDefaultsToTheDescription) {
  for (const auto& c : all_codes) {
    const wh::error e(c.code);
    EXPECT_EQ(e.code(), c.code);
    EXPECT_EQ(e.message(), wh::describe(c.code));
    EXPECT_EQ(e.error_code().value(), c.value);
  }
}

TEST(Error, ToStringFormat) {
  EXPECT_EQ(wh::error(errc::missing_field).to_string(),
            "error: missing_field: a required field is missing at (document)");
  const wh::error e =
      error_builder(errc::wrong_type).path("data.subject").message("expected string, got number").build();
  EXPECT_EQ(e.to_string(), "error: wrong_type: expected string, got number at data.subject");
  const wh::error no_message = error_builder(errc::duplicate_field).path("type").build();
  EXPECT_EQ(no_message.to_string(), "error: duplicate_field: a field appears more than once at type");
}

TEST(Error, OffsetZeroIsAKnownOffset) {
  EXPECT_EQ(error_builder(errc::empty_body).offset(0).build().offset(), std::optional<std::size_t>{0});
  EXPECT_EQ(error_builder(errc::empty_body).offset(1234).build().offset(), std::optional<std::size_t>{1234});
}

// ---- error_builder --------------------------------------------------------------------

TEST(ErrorBuilder, SetsEveryPart) {
  const path_segment data{nullptr, "data", 0};
  const path_segment subject{&data, "subject", 0};
  const wh::error e =
      error_builder(errc::wrong_type)
          .path(&subject)
          .message("expected ", "string", std::string_view{", got "}, "number at byte ", std::size_t{42})
          .offset(42)
          .kinds(json_kind::string, json_kind::number)
          .build();
  EXPECT_EQ(e.code(), errc::wrong_type);
  EXPECT_EQ(e.path(), "data.subject");
  EXPECT_EQ(e.message(), "expected string, got number at byte 42");
  EXPECT_EQ(e.offset(), std::optional<std::size_t>{42});
  EXPECT_EQ(e.expected(), json_kind::string);
  EXPECT_EQ(e.got(), json_kind::number);
}

constexpr bool builder_works_at_compile_time() {
  const path_segment data{nullptr, "data", 0};
  const path_segment attendees{&data, "attendees", 0};
  const path_segment element{&attendees, {}, 2};
  const wh::error e = error_builder(errc::wrong_type)
                          .path(&element)
                          .message("expected ", "string")
                          .offset(7)
                          .kinds(json_kind::string, json_kind::null)
                          .build();
  return e.path() == "data.attendees[2]" && e.message() == "expected string" && e.offset() == std::size_t{7} &&
         e.got() == json_kind::null;
}
static_assert(builder_works_at_compile_time());

TEST(ErrorBuilder, TruncatesLongPathWithEllipsis) {
  const std::string long_path(300, 'p');
  const wh::error e = error_builder(errc::missing_field).path(long_path).build();
  EXPECT_LE(e.path().size(), wh::error::max_path_size);
  ASSERT_GE(e.path().size(), 3U);
  EXPECT_EQ(e.path().substr(e.path().size() - 3), "...");
  const std::string_view kept = e.path().substr(0, e.path().size() - 3);
  EXPECT_EQ(kept, std::string_view(long_path).substr(0, kept.size()));
  // No more than the three bytes of the ellipsis are lost to it.
  EXPECT_GE(kept.size(), wh::error::max_path_size - 3);
}

TEST(ErrorBuilder, TruncatesLongMessageWithEllipsis) {
  const std::string long_message(500, 'm');
  const wh::error e = error_builder(errc::invalid_value).message(long_message, " tail").build();
  EXPECT_LE(e.message().size(), wh::error::max_message_size);
  ASSERT_GE(e.message().size(), 3U);
  EXPECT_EQ(e.message().substr(e.message().size() - 3), "...");
  EXPECT_EQ(e.message().find("tail"), std::string_view::npos);
  EXPECT_GE(e.message().size() - 3, wh::error::max_message_size - 3);
  // The inline buffer stays NUL-terminated: what() of bad_result_access relies on it.
  EXPECT_EQ(e.message().data()[e.message().size()], '\0');
}

TEST(ErrorBuilder, KeepsTextOfExactlyTheMaximumSize) {
  // max_path_size is "the longest rendered path kept": a path that long fits untouched.
  const std::string path(wh::error::max_path_size, 'p');
  EXPECT_EQ(error_builder(errc::missing_field).path(path).build().path(), path);
  const std::string message(wh::error::max_message_size, 'm');
  EXPECT_EQ(error_builder(errc::missing_field).message(message).build().message(), message);
  // Shorter text is always kept whole.
  const std::string short_path(100, 'p');
  EXPECT_EQ(error_builder(errc::missing_field).path(short_path).build().path(), short_path);
}

TEST(ErrorBuilder, TruncationNeverSplitsUtf8) {
  // Every alignment of a multi-byte sequence against the limit.
  for (std::string_view multibyte : {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"}) {
    for (std::size_t lead = 110; lead < 130; ++lead) {
      std::string text(lead, 'a');
      for (int i = 0; i < 40; ++i) { text += multibyte; }
      const wh::error e = error_builder(errc::invalid_value).path(text).message(text, text).build();
      for (std::string_view out : {e.path(), e.message()}) {
        ASSERT_GE(out.size(), 3U);
        EXPECT_EQ(out.substr(out.size() - 3), "...");
        const std::string_view kept = out.substr(0, out.size() - 3);
        EXPECT_TRUE(is_valid_utf8(kept)) << "lead " << lead << " size " << multibyte.size();
        EXPECT_EQ(kept, std::string_view(text).substr(0, kept.size()));
      }
    }
  }
}

// ---- fixed_writer ---------------------------------------------------------------------

TEST(ErrorFixedWriter, AppendsWithinCapacity) {
  std::array<char, 16> buffer{};
  buffer.fill('#');
  fixed_writer out(buffer.data(), buffer.size());
  EXPECT_EQ(out.size(), 0U);
  EXPECT_EQ(buffer[0], '\0');
  out.append("data");
  out.append(".");
  out.append_unsigned(12);
  EXPECT_EQ(std::string_view(buffer.data(), out.size()), "data.12");
  EXPECT_EQ(buffer[out.size()], '\0');
  EXPECT_FALSE(out.truncated());
}

TEST(ErrorFixedWriter, AppendUnsignedWritesDecimal) {
  std::array<char, 64> buffer{};
  fixed_writer out(buffer.data(), buffer.size());
  out.append_unsigned(0);
  out.append(",");
  out.append_unsigned(7);
  out.append(",");
  out.append_unsigned(1000);
  out.append(",");
  out.append_unsigned(std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(std::string_view(buffer.data(), out.size()), "0,7,1000,18446744073709551615");
}

TEST(ErrorFixedWriter, TruncatesWithEllipsisAndStops) {
  std::array<char, 16> buffer{};
  fixed_writer out(buffer.data(), buffer.size());
  out.append("abcdefghijklmnopqrstuvwxyz");
  EXPECT_TRUE(out.truncated());
  const std::string_view text(buffer.data(), out.size());
  EXPECT_LT(out.size(), buffer.size());
  EXPECT_EQ(buffer[out.size()], '\0');
  ASSERT_GE(text.size(), 3U);
  EXPECT_EQ(text.substr(text.size() - 3), "...");
  EXPECT_EQ(text.substr(0, text.size() - 3), std::string_view("abcdefghijklmnopqrstuvwxyz").substr(0, text.size() - 3));
  const std::string before(text);
  out.append("more");
  out.append_unsigned(99);
  EXPECT_EQ(std::string_view(buffer.data(), out.size()), before);
}

TEST(ErrorFixedWriter, NeverSplitsUtf8) {
  const std::string_view tail = "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  for (std::size_t capacity : {8U, 16U, 17U, 18U, 19U, 32U}) {
    for (std::size_t lead = 0; lead < capacity; ++lead) {
      std::string text(lead, 'x');
      text += tail;
      text += tail;
      std::vector<char> buffer(capacity, '#');
      fixed_writer out(buffer.data(), buffer.size());
      out.append(text);
      ASSERT_TRUE(out.truncated()) << capacity << '/' << lead;
      const std::string_view written(buffer.data(), out.size());
      ASSERT_LT(out.size(), capacity);
      EXPECT_EQ(buffer[out.size()], '\0');
      ASSERT_GE(written.size(), 3U);
      EXPECT_EQ(written.substr(written.size() - 3), "...");
      const std::string_view kept = written.substr(0, written.size() - 3);
      EXPECT_TRUE(is_valid_utf8(kept)) << capacity << '/' << lead;
      EXPECT_EQ(kept, std::string_view(text).substr(0, kept.size()));
    }
  }
}

TEST(ErrorFixedWriter, ZeroCapacityWritesNothing) {
  char sentinel[2] = {'#', '#'};
  fixed_writer out(sentinel, 0);
  out.append("abc");
  out.append_unsigned(5);
  EXPECT_EQ(out.size(), 0U);
  EXPECT_EQ(sentinel[0], '#');
}

// ---- write_path -----------------------------------------------------------------------

std::string render(const path_segment* segment, std::size_t capacity = wh::error::max_path_size + 1) {
  std::vector<char> buffer(capacity);
  fixed_writer out(buffer.data(), buffer.size());
  write_path(out, segment);
  return std::string(buffer.data(), out.size());
}

TEST(ErrorWritePath, RendersKeysAndArrayIndices) {
  const path_segment data{nullptr, "data", 0};
  const path_segment form{&data, "form_submission", 0};
  const path_segment custom{&form, "custom_fields", 0};
  const path_segment element{&custom, {}, 2};
  const path_segment value{&element, "value", 0};
  EXPECT_EQ(render(&value), "data.form_submission.custom_fields[2].value");
  EXPECT_EQ(render(&element), "data.form_submission.custom_fields[2]");
  EXPECT_EQ(render(&data), "data");
  EXPECT_EQ(render(nullptr), "");
}

TEST(ErrorWritePath, NestedArraysAndLargeIndices) {
  const path_segment data{nullptr, "data", 0};
  const path_segment attendees{&data, "attendees", 0};
  const path_segment outer{&attendees, {}, 0};
  const path_segment inner{&outer, {}, 18446744073709551615ULL};
  EXPECT_EQ(render(&inner), "data.attendees[0][18446744073709551615]");
}

TEST(ErrorWritePath, IsConstexpr) {
  constexpr auto rendered = [] {
    const path_segment data{nullptr, "data", 0};
    const path_segment guests{&data, "guests", 0};
    const path_segment element{&guests, {}, 10};
    std::array<char, 32> buffer{};
    fixed_writer out(buffer.data(), buffer.size());
    write_path(out, &element);
    return std::pair{buffer, out.size()};
  }();
  static_assert(std::string_view(rendered.first.data(), rendered.second) == "data.guests[10]");
  EXPECT_EQ(std::string_view(rendered.first.data(), rendered.second), "data.guests[10]");
}

// A chain of `depth` segments: "data" then array elements [0], [1], ...
struct index_chain {
  std::vector<path_segment> segments;
  explicit index_chain(std::size_t depth) {
    segments.reserve(depth);
    segments.push_back({nullptr, "data", 0});
    for (std::size_t i = 1; i < depth; ++i) { segments.push_back({&segments.back(), {}, i - 1}); }
  }
  [[nodiscard]] const path_segment* leaf() const { return &segments.back(); }
};

std::string indices(std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) { out += "[" + std::to_string(i) + "]"; }
  return out;
}

TEST(ErrorWritePath, DeepPathsAreRenderedWholeWhenTheyFit) {
  const index_chain chain(33);
  EXPECT_EQ(render(chain.leaf()), "data" + indices(0, 32));
  const index_chain deeper(60);
  EXPECT_EQ(render(deeper.leaf(), 1024), "data" + indices(0, 59));
}

TEST(ErrorWritePath, LongPathsKeepTheRootAndTruncateAtTheLeaf) {
  std::vector<std::string> keys;
  for (int i = 0; i < 40; ++i) { keys.push_back("k" + std::to_string(i)); }
  std::vector<path_segment> segments;
  segments.reserve(keys.size());
  segments.push_back({nullptr, keys[0], 0});
  for (std::size_t i = 1; i < keys.size(); ++i) { segments.push_back({&segments.back(), keys[i], 0}); }
  std::string full = keys[0];
  for (std::size_t i = 1; i < keys.size(); ++i) { full += "." + keys[i]; }

  EXPECT_EQ(render(&segments.back(), 1024), full);
  const std::string rendered = render(&segments.back());
  EXPECT_LE(rendered.size(), wh::error::max_path_size);
  ASSERT_GE(rendered.size(), 3U);
  EXPECT_EQ(rendered.substr(rendered.size() - 3), "...");
  const std::string kept = rendered.substr(0, rendered.size() - 3);
  EXPECT_EQ(kept, full.substr(0, kept.size())) << rendered;
}

TEST(ErrorWritePath, LongPathsAreTruncatedInAnError) {
  const index_chain chain(60);
  const wh::error e = error_builder(errc::too_deep).path(chain.leaf()).build();
  const std::string full = "data" + indices(0, 59);
  EXPECT_LE(e.path().size(), wh::error::max_path_size);
  ASSERT_GE(e.path().size(), 3U);
  EXPECT_EQ(e.path().substr(e.path().size() - 3), "...");
  const std::string_view kept = e.path().substr(0, e.path().size() - 3);
  EXPECT_EQ(kept, std::string_view(full).substr(0, kept.size()));
}

TEST(ErrorWritePath, ChainsDeeperThanTheParserLimitStillStartAtTheRoot) {
  const index_chain chain(1500);  // beyond max_depth (1024) and the renderer's chain buffer
  const std::string rendered = render(chain.leaf(), 64);
  EXPECT_EQ(rendered.rfind("data[0][1][2]", 0), 0U) << rendered;
  EXPECT_EQ(rendered.substr(rendered.size() - 3), "...");
}

}  // namespace
