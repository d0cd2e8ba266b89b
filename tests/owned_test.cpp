// SPDX-License-Identifier: MIT
// owned.hpp: owning copies survive parser reuse and input destruction, move across
// threads, and convert back to views that match the original exactly. Run under ASan
// in CI, where any view left pointing into the parser or the input is a crash.
#include <gtest/gtest.h>

#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/to_json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/dom_crosscheck.hpp"
#include "support/test_data.hpp"

namespace wh = oncehub::webhooks;

namespace {

std::vector<std::string> bodies() {
  std::vector<std::string> out;
  for (const char* folder : {"valid", "findings"}) {
    for (const auto& path : test_data::json_files(test_data::data_dir() / folder)) {
      out.push_back(test_data::read_file(path));
    }
  }
  return out;
}

TEST(OwnedEvent, RoundTripsEveryFixtureAfterTheParserAndInputAreReused) {
  const std::vector<std::string> all = bodies();
  ASSERT_GT(all.size(), 50u);
  wh::parser parser;
  std::vector<wh::owned_event> owned;
  std::vector<std::string> expected_json;
  for (const std::string& body : all) {
    auto input = std::make_unique<simdjson::padded_string>(body);  // zero-copy: views into `input`
    auto result = parser.parse(*input);
    ASSERT_TRUE(result) << result.error().to_string();
    expected_json.push_back(wh::to_json(*result));
    owned.push_back(wh::to_owned(*result));
    input.reset();  // the input is gone; the next parse overwrites the parser's buffers
  }
  for (std::size_t i = 0; i < all.size(); ++i) {
    const wh::event view = owned[i].view();
    EXPECT_EQ(wh::to_json(view), expected_json[i]);
    EXPECT_EQ(crosscheck::check(view, all[i]), "");
    EXPECT_EQ(view.index(), wh::event(view).index());
  }
}

TEST(OwnedEvent, KeepsTheVariantAndTypedViews) {
  wh::parser parser;
  std::string body =
      R"({"id":"EVNT-O1","object":"event","creation_time":"2024-01-01T00:00:00Z","type":"booking.canceled","api_version":"v2","data":{"subject":"Keep me","attendees":["a@x","b@x"],"form_submission":{"custom_fields":[{"name":"n","value":{"deep":[1]}}]},"duration_minutes":"x"}})";
  auto owned = wh::to_owned(*parser.parse(body));
  std::fill(body.begin(), body.end(), '#');
  ASSERT_TRUE(parser.parse(
      R"({"id":"EVNT-O2","object":"event","creation_time":"2024-01-01T00:00:00Z","type":"conversation.closed","api_version":"v2","data":{"id":"CVR-X"}})"));
  const wh::event e = owned.view();
  const auto& canceled = std::get<wh::typed_event<wh::booking_canceled>>(e.variant());
  EXPECT_EQ(canceled.data().subject, "Keep me");
  ASSERT_EQ(canceled.data().attendees->size(), 2u);
  EXPECT_EQ((*canceled.data().attendees)[1], "b@x");
  EXPECT_EQ((*canceled.data().form_submission->custom_fields)[0]->value.raw_json(), R"({"deep":[1]})");
  ASSERT_EQ(e.findings().size(), 1u);
  EXPECT_EQ(e.findings()[0].path(), "data.duration_minutes");
  EXPECT_EQ(e.findings()[0].raw_json(), "\"x\"");
  EXPECT_EQ(e.envelope().id, "EVNT-O1");
  EXPECT_NE(e.data_json().find("Keep me"), std::string_view::npos);
}

TEST(OwnedEvent, MovesAndCopiesKeepViewsValid) {
  wh::parser parser;
  auto original = wh::to_owned(*parser.parse(
      R"({"id":"EVNT-M","object":"event","creation_time":"2024-01-01T00:00:00Z","type":"conversation.started","api_version":"v2","data":{"id":"CVR-M","answers":[{"question":"Q","value":"A"}]}})"));
  const std::string expected = wh::to_json(original.view());
  wh::owned_event copy = original;
  wh::owned_event moved = std::move(original);
  EXPECT_EQ(wh::to_json(copy.view()), expected);
  EXPECT_EQ(wh::to_json(moved.view()), expected);
  copy = moved;
  EXPECT_EQ(wh::to_json(copy.view()), expected);
  std::vector<wh::owned_event> queue;
  for (int i = 0; i < 20; ++i) { queue.push_back(copy); }  // reallocations move them
  for (const auto& item : queue) { EXPECT_EQ((*item.view().conversation()->answers)[0]->value, "A"); }
}

TEST(OwnedEvent, CrossesThreads) {
  wh::parser parser;
  std::vector<wh::owned_event> batch;
  for (const std::string& body : bodies()) {
    auto result = parser.parse(body);
    ASSERT_TRUE(result);
    batch.push_back(wh::to_owned(*result));
  }
  std::size_t with_id = 0;
  std::thread worker([&, work = std::move(batch)] {
    for (const auto& item : work) {
      if (!item.view().envelope().id.empty()) { ++with_id; }
    }
  });
  worker.join();
  EXPECT_GT(with_id, 50u);
}

}  // namespace
