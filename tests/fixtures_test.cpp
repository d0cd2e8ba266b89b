// SPDX-License-Identifier: MIT
// Data-driven tests over tests/data, where the folder states the expectation:
//   valid/<type>/*.json      decodes as <type> (or as an unknown event under valid/unknown),
//                            with no findings, and agrees with a DOM reading;
//   findings/*.json          decodes, with exactly the findings listed in *.findings;
//   invalid/<errc>/*.json    is rejected with that errc.
// Every body is fed through an exactly-sized heap copy, padded and unpadded.
#include <gtest/gtest.h>

#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/to_json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/dom_crosscheck.hpp"
#include "support/rewrite.hpp"
#include "support/test_data.hpp"

namespace wh = oncehub::webhooks;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> fixtures(const char* folder) {
  std::vector<std::string> out;
  for (const auto& path : test_data::json_files(test_data::data_dir() / folder)) {
    out.push_back(path.lexically_relative(test_data::data_dir()).generic_string());
  }
  return out;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (char c : info.param) { name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_'; }
  return name;
}

/// Parses `body` both ways: from an exact-size copy (the parser pads it) and from a
/// simdjson::padded_string (zero copy). Both must agree.
template <class Check>
void parse_both_ways(const std::string& body, Check&& check) {
  wh::parser parser;
  test_data::exact_buffer exact(body);
  {
    SCOPED_TRACE("unpadded input");
    check(parser.parse(exact.view()));
  }
  simdjson::padded_string padded(body);
  {
    SCOPED_TRACE("padded input");
    check(parser.parse(padded));
  }
}

class ValidFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(ValidFixture, DecodesCleanlyAndAgreesWithDom) {
  const fs::path relative = GetParam();
  const std::string folder = relative.parent_path().filename().string();
  const std::string body = test_data::read_file(test_data::data_dir() / relative);
  parse_both_ways(body, [&](const wh::result<wh::event>& result) {
    ASSERT_TRUE(result) << result.error().to_string();
    const wh::event& e = *result;
    if (folder == "unknown") {
      EXPECT_FALSE(e.is_known()) << e.type_name();
      EXPECT_EQ(e.booking(), nullptr);
      EXPECT_EQ(e.conversation(), nullptr);
      EXPECT_FALSE(e.data_json().empty());
    } else {
      EXPECT_EQ(e.type_name(), folder);
      EXPECT_EQ(wh::to_string(e.type()), folder);
      EXPECT_EQ(e.booking() != nullptr, e.family() == wh::event_family::booking);
      EXPECT_EQ(e.conversation() != nullptr, e.family() == wh::event_family::conversation);
    }
    EXPECT_TRUE(e.findings().empty()) << wh::to_json(e);
    EXPECT_EQ(crosscheck::check(e, body), "");
  });
}

TEST_P(ValidFixture, DecodesTheSameWithKeysShuffledAndPrettyPrinted) {
  const std::string body = test_data::read_file(test_data::data_dir() / GetParam());
  // The DOM rewrites the body; it refuses grammatical values no C++ type holds (`1e400`),
  // which the decoder keeps raw (issue 12, item 5). Those fixtures have no rewrite.
  if (!crosscheck::dom_reads(body)) { return; }
  wh::parser parser;
  for (unsigned seed : {1u, 2u, 3u}) {
    // Every key order exercises the decoder's key lookup off its in-order fast path.
    for (int indent : {0, 2}) {
      const std::string variant = rewrite::document(body, true, indent, seed);
      auto result = parser.parse(variant);
      ASSERT_TRUE(result) << result.error().to_string() << "\n" << variant;
      EXPECT_TRUE(result->findings().empty()) << variant;
      EXPECT_EQ(crosscheck::check(*result, variant), "") << variant;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Data, ValidFixture, ::testing::ValuesIn(fixtures("valid")), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ValidFixture);

class FindingsFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(FindingsFixture, ReportsExactlyTheListedFindings) {
  const fs::path path = test_data::data_dir() / GetParam();
  const std::string body = test_data::read_file(path);
  fs::path listing = path;
  listing.replace_extension(".findings");
  ASSERT_TRUE(fs::exists(listing)) << "missing " << listing;
  std::vector<std::string> expected;
  std::istringstream lines(test_data::read_file(listing));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) { expected.push_back(line); }
  }
  ASSERT_FALSE(expected.empty()) << listing << " lists no finding";
  parse_both_ways(body, [&](const wh::result<wh::event>& result) {
    ASSERT_TRUE(result) << result.error().to_string();
    std::vector<std::string> actual;
    for (const wh::finding& f : result->findings()) {
      // A skipped byte order mark is a finding of the document (empty path), first.
      if (f.issue() == wh::field_issue::byte_order_mark) {
        EXPECT_TRUE(actual.empty() && f.path().empty() && body.rfind("\xEF\xBB\xBF", 0) == 0);
        continue;
      }
      actual.emplace_back(f.path());
    }
    EXPECT_EQ(actual, expected) << wh::to_json(*result);
    EXPECT_EQ(crosscheck::check(*result, body), "");
  });
  // And strict parsing rejects the same delivery at the first finding.
  wh::parser strict({.strict_fields = true});
  auto rejected = strict.parse(body);
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().path(), expected.front());
}

INSTANTIATE_TEST_SUITE_P(Data, FindingsFixture, ::testing::ValuesIn(fixtures("findings")), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FindingsFixture);

class InvalidFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidFixture, IsRejectedWithTheFolderErrc) {
  const fs::path relative = GetParam();
  const std::string expected = relative.parent_path().filename().string();
  const std::string body = test_data::read_file(test_data::data_dir() / relative);
  parse_both_ways(body, [&](const wh::result<wh::event>& result) {
    ASSERT_FALSE(result) << "accepted: " << wh::to_json(*result);
    EXPECT_EQ(wh::to_string(result.error().code()), expected) << result.error().to_string();
    EXPECT_FALSE(result.error().message().empty());
  });
}

INSTANTIATE_TEST_SUITE_P(Data, InvalidFixture, ::testing::ValuesIn(fixtures("invalid")), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(InvalidFixture);

TEST(FixtureCatalog, EveryEventTypeHasValidFixtures) {
  for (wh::event_type type : wh::all_event_types) {
    const fs::path folder = test_data::data_dir() / "valid" / std::string(wh::to_string(type));
    EXPECT_GE(test_data::json_files(folder).size(), 2u) << folder;
  }
  EXPECT_GE(test_data::json_files(test_data::data_dir() / "valid" / "unknown").size(), 2u);
}

TEST(FixtureCatalog, EveryBodyLevelErrcHasInvalidFixtures) {
  // too_large is exercised with generated bodies; insufficient_padding and out_of_memory
  // are API conditions, not body contents.
  for (wh::errc code :
       {wh::errc::empty_body, wh::errc::too_deep, wh::errc::invalid_utf8, wh::errc::invalid_string,
        wh::errc::invalid_number, wh::errc::malformed_json, wh::errc::trailing_content, wh::errc::wrong_type,
        wh::errc::missing_field, wh::errc::invalid_value, wh::errc::duplicate_field, wh::errc::unsupported_encoding,
        wh::errc::compressed_body, wh::errc::form_encoded_body, wh::errc::html_body}) {
    const fs::path folder = test_data::data_dir() / "invalid" / std::string(wh::to_string(code));
    EXPECT_GE(test_data::json_files(folder).size(), 2u) << folder;
  }
}

// Count guards: a fixture deleted (or a folder renamed) by mistake fails here instead of
// silently shrinking the suites above, which only run what they find. The numbers are
// minimums: adding fixtures needs no change; removing one on purpose lowers its number.
TEST(FixtureCatalog, NoFixtureWasDeleted) {
  static constexpr std::pair<std::string_view, std::size_t> minimum[] = {
      {"valid/booking.canceled", 11},
      {"valid/booking.canceled_reschedule_requested", 2},
      {"valid/booking.canceled_then_rescheduled", 2},
      {"valid/booking.completed", 3},
      {"valid/booking.no_show", 2},
      {"valid/booking.reassigned", 2},
      {"valid/booking.rescheduled", 3},
      {"valid/booking.scheduled", 10},
      {"valid/conversation.abandoned", 2},
      {"valid/conversation.closed", 2},
      {"valid/conversation.reached_out", 2},
      {"valid/conversation.started", 2},
      {"valid/unknown", 4},
      {"invalid/compressed_body", 3},
      {"invalid/duplicate_field", 4},
      {"invalid/empty_body", 4},
      {"invalid/form_encoded_body", 2},
      {"invalid/html_body", 2},
      {"invalid/invalid_number", 6},
      {"invalid/invalid_string", 9},
      {"invalid/invalid_utf8", 7},
      {"invalid/invalid_value", 3},
      {"invalid/malformed_json", 26},
      {"invalid/missing_field", 9},
      {"invalid/too_deep", 6},
      {"invalid/trailing_content", 9},
      {"invalid/unsupported_encoding", 3},
      {"invalid/wrong_type", 16},
  };
  std::size_t valid = 0;
  std::size_t invalid = 0;
  for (const auto& [folder, count] : minimum) {
    const std::size_t found = test_data::json_files(test_data::data_dir() / folder).size();
    EXPECT_GE(found, count) << "tests/data/" << folder << ": a fixture was deleted";
    (folder.starts_with("valid/") ? valid : invalid) += count;
  }
  EXPECT_GE(fixtures("valid").size(), valid);
  EXPECT_GE(fixtures("invalid").size(), invalid);
  // findings/: each body with its expected list.
  const auto findings = test_data::json_files(test_data::data_dir() / "findings");
  EXPECT_GE(findings.size(), 47u) << "tests/data/findings: a fixture was deleted";
  for (const fs::path& body : findings) {
    fs::path expected = body;
    expected.replace_extension(".findings");
    EXPECT_TRUE(fs::exists(expected)) << expected;
  }
  EXPECT_GE(test_data::json_files(test_data::data_dir() / "api").size(), 10u)
      << "tests/data/api: a fixture was deleted";
}

}  // namespace
