// SPDX-License-Identifier: MIT
// Hostile input: truncations, byte mutations, huge and strange bodies. The invariant is
// the same everywhere: a clean error or a result that agrees with simdjson's DOM, never
// a crash, never acceptance of a body that is not RFC 8259 JSON (decided by an
// independent grammar checker: the DOM also refuses grammatical numbers and strings no
// C++ type holds), and never a schema error for a body that is not JSON (issue 12).
#include <gtest/gtest.h>

#include <oncehub/webhooks.hpp>
#include <random>
#include <string>

#include "support/dom_crosscheck.hpp"
#include "support/rfc8259.hpp"
#include "support/test_data.hpp"

namespace wh = oncehub::webhooks;

namespace {

std::vector<std::string> sample_bodies() {
  std::vector<std::string> bodies;
  for (const auto& path : test_data::json_files(test_data::data_dir() / "valid")) {
    bodies.push_back(test_data::read_file(path));
  }
  return bodies;
}

bool dom_accepts(std::string_view body) {
  simdjson::dom::parser dom;
  simdjson::padded_string padded(body);
  simdjson::dom::element root;
  return dom.parse(padded).get(root) == simdjson::SUCCESS;
}

/// The differential invariant for one body.
void expect_consistent(wh::parser& parser, const std::string& body) {
  test_data::exact_buffer exact(body);
  auto result = parser.parse(exact.view());
  const bool json = rfc8259::accepts(rfc8259::without_bom(body));
  if (dom_accepts(body)) { EXPECT_TRUE(json) << "the grammar checker refuses what the DOM accepts: " << body; }
  if (!result) {
    EXPECT_FALSE(result.error().message().empty());
    if (!json) {
      EXPECT_FALSE(crosscheck::is_schema_code(result.error().code()))
          << "a schema error for a body that is not JSON: " << result.error().to_string() << "\n"
          << body;
    }
    return;
  }
  ASSERT_TRUE(json) << "accepted a body that is not RFC 8259 JSON: " << body;
  EXPECT_EQ(crosscheck::check(*result, body), "") << body;
}

TEST(Hostile, EveryTruncationOfARealDeliveryFailsCleanly) {
  wh::parser parser;
  const std::string body =
      test_data::read_file(test_data::json_files(test_data::data_dir() / "valid" / "booking.scheduled").front());
  for (std::size_t size = 0; size < body.size(); ++size) {
    const std::string cut = body.substr(0, size);
    test_data::exact_buffer exact(cut);
    auto result = parser.parse(exact.view());
    // A prefix of an object ends before its closing brace: never a whole document.
    ASSERT_FALSE(result) << "accepted a truncation at " << size;
  }
}

TEST(Hostile, TruncationsOfEveryFixtureNeverCrash) {
  wh::parser parser;
  for (const std::string& body : sample_bodies()) {
    for (std::size_t size = 0; size < body.size(); size += 7) {
      const std::string cut = body.substr(0, size);
      test_data::exact_buffer exact(cut);
      auto result = parser.parse(exact.view());
      if (result) { EXPECT_TRUE(rfc8259::accepts(cut)); }
    }
  }
}

TEST(Hostile, RandomByteMutationsAgreeWithTheDom) {
  // Deterministic: the same mutations on every run.
  std::mt19937 random(20261127);
  const std::string alphabet = "{}[]:,\"\\ntfu01-.eE \t\r\n\x00\x1f\x7f\xc3\xa9\xff";
  wh::parser parser;
  int accepted = 0;
  for (const std::string& original : sample_bodies()) {
    for (int round = 0; round < 60; ++round) {
      std::string body = original;
      const int edits = 1 + static_cast<int>(random() % 3);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = random() % body.size();
        switch (random() % 3) {
          case 0: body[at] = alphabet[random() % alphabet.size()]; break;
          case 1: body.insert(at, 1, alphabet[random() % alphabet.size()]); break;
          default: body.erase(at, 1); break;
        }
      }
      expect_consistent(parser, body);
      if (parser.parse(body)) { ++accepted; }
    }
  }
  EXPECT_GT(accepted, 0);  // the mutations do reach the decoder, not only the tokenizer
}

std::string delivery_with(std::string_view data) {
  return std::string(
             R"({"id":"EVNT-HOSTILE01","object":"event","creation_time":"2024-01-01T00:00:00Z","type":"booking.scheduled","api_version":"v2","data":)") +
         std::string(data) + "}";
}

TEST(Hostile, TenMegabyteStringsRespectTheLimit) {
  const std::string note(10 * 1024 * 1024, 'n');
  const std::string body = delivery_with(R"({"form_submission":{"note":")" + note + R"("}})");
  wh::parser default_parser;
  auto rejected = default_parser.parse(body);
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().code(), wh::errc::too_large);

  wh::parser_options roomy;
  roomy.max_body_size = 16 * 1024 * 1024;
  wh::parser big_parser(roomy);
  auto result = big_parser.parse(body);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->booking()->form_submission->note->size(), note.size());
}

TEST(Hostile, NulBytesAreRejected) {
  std::string inside = delivery_with(R"({"subject":"a_b"})");
  inside[inside.find("a_b") + 1] = '\0';
  wh::parser parser;
  auto r1 = parser.parse(inside);
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().code(), wh::errc::invalid_string);

  std::string outside = delivery_with("{}");
  outside.insert(outside.find("\"data\""), 1, '\0');
  auto r2 = parser.parse(outside);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code(), wh::errc::malformed_json);

  auto r3 = parser.parse(std::string(1, '\0'));
  ASSERT_FALSE(r3);
}

TEST(Hostile, ManyKeysAndLongArraysDecode) {
  std::string data = R"({"attendees":[)";
  for (int i = 0; i < 5000; ++i) { data += (i ? ",\"" : "\"") + std::to_string(i) + "@x.example\""; }
  data += "]";
  for (int i = 0; i < 5000; ++i) { data += ",\"unknown_" + std::to_string(i) + "\":" + std::to_string(i); }
  data += "}";
  wh::parser parser;
  const std::string body = delivery_with(data);
  auto result = parser.parse(body);
  ASSERT_TRUE(result) << result.error().to_string();
  ASSERT_EQ(result->booking()->attendees->size(), 5000u);
  EXPECT_EQ((*result->booking()->attendees)[4999], "4999@x.example");
  EXPECT_EQ(crosscheck::check(*result, body), "");
}

TEST(Hostile, ManyFindingsAreAllRecorded) {
  std::string data = R"({"attendees":[)";
  for (int i = 0; i < 300; ++i) { data += i ? ",1" : "1"; }
  data += "]}";
  wh::parser parser;
  auto result = parser.parse(delivery_with(data));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->findings().size(), 300u);
  EXPECT_EQ(result->findings()[299].path(), "data.attendees[299]");
}

}  // namespace
