// SPDX-License-Identifier: MIT
// The defaults and limits docs/guarantees.md states ("Default limits, and how to change them"),
// pinned so that changing one fails the build or a test until that page changes with it:
// the body size and when it is checked, the nesting depth and its heap cost per level, the
// signature tolerance, the signatures kept per header, and the error text sizes. Also the
// wire vocabulary SPEC states, compared with the library's own tables in full (the DOM
// cross-check compares only what the fixtures and fuzzers happen to send).
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/detail/decoder.hpp>
#include <oncehub/webhooks/detail/parser_impl.hpp>
#include <oncehub/webhooks/detail/schema.hpp>
#include <oncehub/webhooks/endpoint.hpp>
#include <oncehub/webhooks/signature.hpp>
#include <string>
#include <tuple>

#include "support/spec_tables.hpp"

namespace wh = oncehub::webhooks;

namespace {

// README: body size 1 MiB (`1 << 20` bytes); nesting depth 64, at most 1024.
static_assert(wh::parser_options{}.max_body_size == std::size_t{1} << 20, "README: the default body limit is 1 MiB");
static_assert(wh::parser_options{}.max_depth == 64, "README: the default max_depth is 64");
static_assert(wh::detail::max_supported_depth == 1024, "README: max_depth is at most 1024");
// README: "the parser reserves about 120 bytes of heap per level": one validation frame
// per level (parser_impl.hpp reserves max_depth + 1 of them).
static_assert(sizeof(wh::detail::validation_frame) >= 100 && sizeof(wh::detail::validation_frame) <= 140,
              "README and parser.hpp say about 120 bytes per depth level: update them with this bound");
// README: error text, path 127 bytes, message 191 bytes.
static_assert(wh::error::max_path_size == 127, "README: error paths hold 127 bytes");
static_assert(wh::error::max_message_size == 191, "README: error messages hold 191 bytes");
// README: 8 signatures per header.
static_assert(wh::signature_header::max_signatures == 8, "README: at most 8 signatures per header");

using namespace std::chrono_literals;

TEST(DocumentedLimits, TheDefaultSignatureToleranceIs300SecondsBothWays) {
  EXPECT_EQ(wh::verifier_options{}.tolerance, 300s);
  const std::string body = R"({"id":"EVNT-LIMITS"})";
  const auto now = std::chrono::sys_seconds{1'714'557'600s};
  const wh::verifier verifier{"limit-secret"};  // default options
  for (const auto offset : {-300s, 300s, 0s}) {
    EXPECT_TRUE(verifier.verify(body, wh::sign(body, "limit-secret", now + offset).value(), now)) << offset.count();
  }
  EXPECT_EQ(verifier.verify(body, wh::sign(body, "limit-secret", now - 301s).value(), now).error().code(),
            wh::errc::signature_timestamp_too_old);
  EXPECT_EQ(verifier.verify(body, wh::sign(body, "limit-secret", now + 301s).value(), now).error().code(),
            wh::errc::signature_timestamp_too_new);
}

/// `size` bytes that no one may read: every page is PROT_NONE, so copying, parsing or
/// hashing any byte of them is a segmentation fault.
class unreadable_body {
 public:
  explicit unreadable_body(std::size_t size) : size_(size) {
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    mapped_ = (size + page - 1) / page * page;
    memory_ = mmap(nullptr, mapped_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  }
  ~unreadable_body() {
    if (memory_ != MAP_FAILED) { munmap(memory_, mapped_); }
  }
  unreadable_body(const unreadable_body&) = delete;
  unreadable_body& operator=(const unreadable_body&) = delete;
  [[nodiscard]] bool ok() const { return memory_ != MAP_FAILED; }
  [[nodiscard]] std::string_view view() const { return {static_cast<const char*>(memory_), size_}; }

 private:
  std::size_t size_;
  std::size_t mapped_;
  void* memory_;
};

// README: too_large is "checked before the body is copied, parsed or hashed". The body's
// pages cannot be read at all here, so any copy, parse or HMAC of it would crash the test.
TEST(DocumentedLimits, AnOversizedBodyIsRefusedWithoutReadingOneByteOfIt) {
  const std::size_t limit = wh::parser_options{}.max_body_size;
  const unreadable_body body(limit + 1);
  ASSERT_TRUE(body.ok());

  wh::parser parser;
  auto parsed = parser.parse(body.view());
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code(), wh::errc::too_large);
  EXPECT_NE(parsed.error().message().find("limit is 1048576"), std::string_view::npos) << parsed.error().message();

  const simdjson::padded_string_view padded(body.view().data(), body.view().size(), body.view().size());
  auto zero_copy = parser.parse(padded);
  ASSERT_FALSE(zero_copy);
  EXPECT_EQ(zero_copy.error().code(), wh::errc::too_large);

  // The endpoint: refused for its size before the signature is computed, whatever the
  // header says (a well-formed, current one here).
  const auto now = std::chrono::sys_seconds{1'714'557'600s};
  wh::endpoint endpoint{wh::verifier{"limit-secret"}};
  const std::string header = "t=1714557600,s=" + std::string(64, 'a');
  auto received = endpoint.receive(body.view(), header, now);
  ASSERT_FALSE(received);
  EXPECT_EQ(received.error().code(), wh::errc::too_large);
}

// --- the wire vocabulary: SPEC's tables (spec_tables.hpp) against the library's ---------

TEST(SpecTables, EveryEventTypeOfSpecAndNoOther) {
  ASSERT_EQ(wh::all_event_types.size(), spec::event_types.size());
  for (const spec::event_row& row : spec::event_types) {
    EXPECT_EQ(wh::from_string(row.name), row.type) << row.name;
    EXPECT_EQ(wh::to_string(row.type), row.name);
    EXPECT_EQ(wh::family_of(row.type), row.family) << row.name;
  }
  for (wh::event_type x : wh::all_event_types) { EXPECT_NE(spec::find_event(wh::to_string(x)), nullptr); }
  for (const auto& [name, family] : spec::composites) {
    EXPECT_EQ(wh::family_from_string(name), family) << name;
    EXPECT_FALSE(wh::from_string(name)) << name << " is a composite, never a type (SPEC 5.2)";
  }
}

template <class E>
void expect_enum_names_are_spec_names() {
  for (const auto& [name, value] : spec::names<E>) { EXPECT_EQ(wh::open_enum<E>(name).value(), value) << name; }
  for (const auto& [name, value] : wh::enum_names<E>) {
    EXPECT_EQ(spec::enum_value<E>(name), value) << name << ": a name the library knows and SPEC does not";
  }
  EXPECT_EQ(wh::enum_names<E>.size(), spec::names<E>.size());
}

TEST(SpecTables, EveryEnumNameOfSpecAndNoOther) {
  expect_enum_names_are_spec_names<wh::booking_status>();
  expect_enum_names_are_spec_names<wh::calendar_type>();
  expect_enum_names_are_spec_names<wh::actor>();
  expect_enum_names_are_spec_names<wh::user_status>();
  expect_enum_names_are_spec_names<wh::user_role>();
  expect_enum_names_are_spec_names<wh::initiator>();
  expect_enum_names_are_spec_names<wh::conversation_status>();
  expect_enum_names_are_spec_names<wh::contact_status>();
}

template <class T>
void expect_schema_keys_are_spec_keys(std::string_view type) {
  std::size_t count = 0;
  wh::detail::for_each_member<T>([&](const auto& m) {
    ++count;
    EXPECT_TRUE(spec::is_key<T>(m.name)) << type << "." << m.name << " is not in SPEC";
  });
  EXPECT_EQ(count, spec::keys<T>.size()) << type << ": a key of SPEC is missing from the schema";
}

TEST(SpecTables, EveryObjectHasExactlySpecsKeys) {
  expect_schema_keys_are_spec_keys<wh::booking>("booking");
  expect_schema_keys_are_spec_keys<wh::conversation>("conversation");
  expect_schema_keys_are_spec_keys<wh::user>("user");
  expect_schema_keys_are_spec_keys<wh::custom_field>("custom_field");
  expect_schema_keys_are_spec_keys<wh::contact>("contact");
  expect_schema_keys_are_spec_keys<wh::bot>("bot");
  expect_schema_keys_are_spec_keys<wh::website>("website");
  expect_schema_keys_are_spec_keys<wh::audience>("audience");
  expect_schema_keys_are_spec_keys<wh::answer>("answer");
  expect_schema_keys_are_spec_keys<wh::booking_page>("booking_page");
  expect_schema_keys_are_spec_keys<wh::master_page>("master_page");
  expect_schema_keys_are_spec_keys<wh::event_type_object>("event_type_object");
  expect_schema_keys_are_spec_keys<wh::virtual_conferencing>("virtual_conferencing");
  expect_schema_keys_are_spec_keys<wh::cancel_reschedule_information>("cancel_reschedule_information");
  expect_schema_keys_are_spec_keys<wh::form_submission>("form_submission");
  expect_schema_keys_are_spec_keys<wh::external_calendar>("external_calendar");
  expect_schema_keys_are_spec_keys<wh::payment_information>("payment_information");
  expect_schema_keys_are_spec_keys<wh::utm_params>("utm_params");
}

}  // namespace
