// SPDX-License-Identifier: MIT
// A warm parser decodes, and a warm verifier verifies, without touching the heap. This
// binary replaces the global allocation functions with counting ones, so it is built
// without sanitizers.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <new>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/endpoint.hpp>
#include <oncehub/webhooks/receive.hpp>
#include <oncehub/webhooks/signature.hpp>
#include <string>
#include <utility>
#include <vector>

#include "support/alloc_counter.hpp"
#include "support/test_data.hpp"

namespace wh = oncehub::webhooks;

namespace {

long allocations_during(const std::function<void()>& work) {
  const long before = alloc_counter::allocations();
  work();
  return alloc_counter::allocations() - before;
}

TEST(Allocations, CountingWorks) {
  // Through a volatile pointer: with the counting operator new in another translation unit
  // (support/alloc_counter.cpp), g++ -O3 may elide a plain `delete new int(1)`.
  EXPECT_GE(allocations_during([] {
              int* volatile p = new int(1);
              delete p;
            }),
            1);
}

TEST(Allocations, AWarmParserDecodesEveryFixtureWithoutAllocating) {
  std::vector<std::string> bodies;
  std::vector<std::unique_ptr<simdjson::padded_string>> padded;
  for (const char* folder : {"valid", "findings"}) {
    for (const auto& path : test_data::json_files(test_data::data_dir() / folder)) {
      bodies.push_back(test_data::read_file(path));
      padded.push_back(std::make_unique<simdjson::padded_string>(bodies.back()));
    }
  }
  ASSERT_GT(bodies.size(), 50u);
  wh::parser parser;
  // Warm up: the parser grows its buffers to the largest body once.
  for (const auto& body : bodies) { ASSERT_TRUE(parser.parse(body)); }
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    SCOPED_TRACE(bodies[i].substr(0, 60));
    bool ok = false;
    EXPECT_EQ(allocations_during([&] { ok = static_cast<bool>(parser.parse(bodies[i])); }), 0);
    EXPECT_TRUE(ok);
    EXPECT_EQ(allocations_during([&] { ok = static_cast<bool>(parser.parse(*padded[i])); }), 0);
    EXPECT_TRUE(ok);
  }
}

TEST(Allocations, RejectionsDoNotAllocateEither) {
  wh::parser parser;
  ASSERT_TRUE(parser.parse(test_data::read_file(test_data::json_files(test_data::data_dir() / "valid").front())));
  for (const auto& path : test_data::json_files(test_data::data_dir() / "invalid")) {
    const std::string body = test_data::read_file(path);
    (void)parser.parse(body);  // warm
    bool failed = false;
    EXPECT_EQ(allocations_during([&] { failed = !parser.parse(body); }), 0) << path;
    EXPECT_TRUE(failed) << path;
  }
}

TEST(Allocations, DispatchThroughTheRouterAndVisitDoesNotAllocate) {
  int seen = 0;
  wh::router router;
  router.on<wh::booking_canceled>([&](const auto&) { ++seen; })
      .on<wh::booking_family>([&](const wh::booking_event auto&) { ++seen; })
      .on<wh::conversation_family>([&](const auto&) { ++seen; })
      .on_unknown([&](const wh::unknown_event&) { ++seen; })
      .on_any([&](const wh::event&) { ++seen; });
  wh::parser parser;
  for (const auto& path : test_data::json_files(test_data::data_dir() / "valid")) {
    const std::string body = test_data::read_file(path);
    auto parsed = parser.parse(body);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(allocations_during([&] { EXPECT_TRUE(router.dispatch(*parsed)); }), 0) << path;
    EXPECT_EQ(allocations_during([&] {
                seen += wh::visit(
                    *parsed, [](const wh::booking_event auto&) { return 1; },
                    [](const wh::conversation_event auto&) { return 2; }, [](const wh::unknown_event&) { return 3; });
              }),
              0);
  }
  EXPECT_GT(seen, 100);
}

/// One request through the receive core, as an adapter drives it: head, fields, body in
/// pieces, answer, and the log line appended to `line` by the observer.
int receive_once(wh::receive_request& request, const std::string& body, std::string_view signature) {
  request.start("POST", "/webhooks/oncehub");
  request.header("Host", "127.0.0.1");
  request.header("Content-Type", "application/json");
  if (!signature.empty()) { request.header("Oncehub-Signature", signature); }
  if (request.end_of_head(body.size(), false)) {
    for (std::size_t at = 0; at < body.size(); at += 1000) {
      if (!request.body(std::string_view(body).substr(at, 1000))) { break; }
    }
    return request.finish(true).status;
  }
  return request.answer().status;
}

TEST(Allocations, AWarmReceiveCoreAddsNoAllocationToARequest) {
  wh::router router;
  int handled = 0;
  router.on_any([&](const wh::event&) { ++handled; });
  std::string line;
  line.reserve(1024);
  wh::receiver core(wh::accept_unsigned_deliveries, router, nullptr, {}, [&](const wh::receive_record& r) {
    line.clear();
    wh::append_log_line(line, r);
  });
  wh::receive_request request(core);
  const auto files = test_data::json_files(test_data::data_dir() / "valid");
  ASSERT_GT(files.size(), 20u);
  std::vector<std::string> bodies;
  for (const auto& path : files) { bodies.push_back(test_data::read_file(path)); }
  for (const auto& body : bodies) { ASSERT_EQ(receive_once(request, body, {}), 200); }  // warm up
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    int status = 0;
    EXPECT_EQ(allocations_during([&] { status = receive_once(request, bodies[i], {}); }), 0) << files[i];
    EXPECT_EQ(status, 200);
    EXPECT_TRUE(line.starts_with("status=200 outcome=handled ")) << line;
  }
  // Answers decided early (413, a near miss) allocate nothing either.
  request.start("POST", "/webhooks/oncehub");
  EXPECT_EQ(allocations_during([&] {
              request.start("POST", "/webhooks/oncehub/");
              (void)request.end_of_head(10, false);
              (void)request.body("0123456789");
              request.finish(true);
            }),
            0);
  EXPECT_EQ(request.answer().status, 404);
  EXPECT_GT(handled, 40);
}

TEST(Allocations, AWarmVerifierAllocatesNothing) {
  // Each secret's HMAC key states are computed when it is made; a verification copies them
  // on the stack. Every outcome is counted: a match under the first or a later (rotated)
  // secret, several s=, a mismatch, a malformed header, a timestamp out of the window.
  const wh::verifier verifier{{wh::secret("old-secret-0000", "previous"), wh::secret("live-secret-4f2a", "current")}};
  const auto t = std::chrono::sys_seconds{std::chrono::seconds{1700000000}};
  int checked = 0;
  for (const auto& path : test_data::json_files(test_data::data_dir() / "valid")) {
    const std::string body = test_data::read_file(path);
    const std::string live = wh::sign(body, "live-secret-4f2a", t).value();
    const std::string old = wh::sign(body, "old-secret-0000", t).value();
    const std::string both = old + live.substr(live.find(','));
    const std::string wrong = wh::sign(body, "another-secret", t).value();
    const std::vector<std::pair<std::string, bool>> cases = {
        {live, true}, {old, true}, {both, true}, {wrong, false}, {"t=1700000000", false}, {"", false}};
    for (const auto& [header, verifies] : cases) {
      SCOPED_TRACE(path.filename().string() + " " + header);
      bool ok = !verifies;
      EXPECT_EQ(allocations_during([&] { ok = static_cast<bool>(verifier.verify(body, header, t)); }), 0);
      EXPECT_EQ(ok, verifies);
    }
    bool late = true;
    EXPECT_EQ(
        allocations_during([&] { late = static_cast<bool>(verifier.verify(body, live, t + std::chrono::hours(1))); }),
        0);
    EXPECT_FALSE(late);
    ++checked;
  }
  EXPECT_GT(checked, 20);
  // At the clock's time too (the default clock is a stateless lambda).
  const std::string body = "{}";
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const std::string header = wh::sign(body, "live-secret-4f2a", now).value();
  bool ok = false;
  EXPECT_EQ(allocations_during([&] { ok = static_cast<bool>(verifier.verify(body, header)); }), 0);
  EXPECT_TRUE(ok);
}

TEST(Allocations, AWarmEndpointVerifiesAndParsesWithoutAllocating) {
  wh::endpoint endpoint{wh::verifier{"live-secret-4f2a"}};
  const auto t = std::chrono::sys_seconds{std::chrono::seconds{1700000000}};
  std::vector<std::string> bodies;
  std::vector<std::string> headers;
  for (const auto& path : test_data::json_files(test_data::data_dir() / "valid")) {
    bodies.push_back(test_data::read_file(path));
    headers.push_back(wh::sign(bodies.back(), "live-secret-4f2a", t).value());
  }
  for (std::size_t i = 0; i < bodies.size(); ++i) { ASSERT_TRUE(endpoint.receive(bodies[i], headers[i], t)); }  // warm
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    bool ok = false;
    EXPECT_EQ(allocations_during([&] { ok = static_cast<bool>(endpoint.receive(bodies[i], headers[i], t)); }), 0) << i;
    EXPECT_TRUE(ok);
  }
}

TEST(Allocations, ASignedRequestThroughAWarmReceiveCoreAllocatesNothing) {
  const std::string secret = "alloc-secret-0123456789abcdef";
  wh::router router;
  router.on_any([](const wh::event&) {});
  const wh::verifier verifier{{wh::secret(secret, "#1")}};
  wh::receiver core(verifier, router);
  wh::receive_request request(core);
  const std::string body = test_data::read_file(test_data::json_files(test_data::data_dir() / "valid").front());
  const auto t = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const std::string signature = wh::sign(body, secret, t).value();
  for (int i = 0; i < 3; ++i) { ASSERT_EQ(receive_once(request, body, signature), 200); }
  int status = 0;
  EXPECT_EQ(allocations_during([&] { status = receive_once(request, body, signature); }), 0);
  EXPECT_EQ(status, 200);
  // A forged signature is refused (401) without allocating either.
  const std::string forged = wh::sign(body, "not-the-secret", t).value();
  EXPECT_EQ(allocations_during([&] { status = receive_once(request, body, forged); }), 0);
  EXPECT_EQ(status, 401);
}

}  // namespace
