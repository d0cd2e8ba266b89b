// SPDX-License-Identifier: MIT
// The receive core without any server: the calls an adapter makes, and what it answers
// and logs for each kind of request.
#include <gtest/gtest.h>

#include <algorithm>
#include <oncehub/webhooks/receive.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/test_data.hpp"

namespace wh = oncehub::webhooks;
using namespace std::chrono_literals;

namespace {

const std::string kSecret = "receive-test-secret-0123456789";

std::chrono::sys_seconds now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string booking() {
  return test_data::read_file(test_data::data_dir() /
                              "valid/booking.scheduled/compact-expanded-owner-page-event-type.json");
}

std::string with_id(std::string body, const std::string& id) {
  const std::string old_id = "EVNT-7QX2LM9B4D";
  body.replace(body.find(old_id), old_id.size(), id);
  return body;
}

/// A receiver with one booking handler, its log lines and records kept.
struct fixture {
  explicit fixture(wh::receive_options options = {}, wh::dedup_store* store = nullptr)
      : core(wh::verifier{{wh::secret(kSecret, "#1")}}, router, store, std::move(options),
             [this](const wh::receive_record& r) {
               lines.push_back(wh::format_log_line(r));
               statuses.push_back(r.status);
             }) {
    router.on<wh::booking_family>([this](const wh::booking_event auto&) { ++handled; }, "bookings");
  }

  /// One whole request with a Content-Length body, fed in `piece`-byte parts.
  const wh::receive_answer& post(wh::receive_request& req, const std::string& body,
                                 const std::vector<std::string>& signatures,
                                 std::string_view target = "/webhooks/oncehub", std::size_t piece = 100) {
    req.start("POST", target);
    req.header("Host", "127.0.0.1");
    for (const std::string& s : signatures) { req.header("oncehub-SIGNATURE", s); }
    req.header("Content-Length", std::to_string(body.size()));
    if (req.end_of_head(body.size(), false)) {
      for (std::size_t at = 0; at < body.size(); at += piece) {
        if (!req.body(std::string_view(body).substr(at, piece))) { return req.finish(false); }
      }
      return req.finish(true);
    }
    return req.answer();
  }

  const wh::receive_answer& post(const std::string& body, std::string_view target = "/webhooks/oncehub") {
    return post(request, body, {wh::sign(body, kSecret, now()).value()}, target);
  }

  wh::router router;
  int handled = 0;
  std::vector<std::string> lines;
  std::vector<int> statuses;
  wh::receiver core;
  wh::receive_request request{core};
};

TEST(Receive, HandlesASignedDeliveryAndLogsIt) {
  fixture f;
  const auto& answer = f.post(booking());
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "handled\n");
  EXPECT_FALSE(answer.close);
  EXPECT_EQ(f.handled, 1);
  ASSERT_EQ(f.lines.size(), 1u);
  EXPECT_TRUE(
      f.lines[0].starts_with("status=200 outcome=handled type=booking.scheduled id=EVNT-7QX2LM9B4D "
                             "handler=bookings secret=#1 bytes=" +
                             std::to_string(booking().size()) + " time="))
      << f.lines[0];
  EXPECT_EQ(f.lines[0].find("error="), std::string::npos);
}

TEST(Receive, BodyMaySplitAnywhere) {
  fixture f;
  const std::string body = booking();
  for (std::size_t piece : {1u, 7u, 64u, 100000u}) {
    const std::string b = with_id(body, "EVNT-SPLIT" + std::to_string(100000 + piece));
    EXPECT_EQ(f.post(f.request, b, {wh::sign(b, kSecret, now()).value()}, "/webhooks/oncehub", piece).status, 200)
        << piece;
  }
  EXPECT_EQ(f.handled, 4);
}

TEST(Receive, FinishWholeTakesABufferedBody) {
  fixture f;
  const std::string body = booking();
  f.request.start("POST", "/webhooks/oncehub?source=oncehub");  // the query is not part of the path
  f.request.header("Oncehub-Signature", wh::sign(body, kSecret, now()).value());
  ASSERT_TRUE(f.request.end_of_head(body.size(), false));
  EXPECT_EQ(f.request.finish_whole(body).status, 200);
  EXPECT_EQ(f.handled, 1);
}

TEST(Receive, SeveralSignatureLinesAreOneCommaJoinedValue) {
  fixture f;
  const std::string body = booking();
  const auto t = now();
  // A second line with its own t=: joined, the value has two t= and is refused.
  EXPECT_EQ(f.post(f.request, body, {wh::sign(body, kSecret, t).value(), "t=1,s=" + std::string(64, 'a')}).status, 401);
  EXPECT_NE(f.lines.back().find("error=signature_header_malformed"), std::string::npos) << f.lines.back();
  // Lines that together make one valid value (t on one, s on the other) verify.
  const std::string signature = wh::sign(body, kSecret, t).value();
  const auto comma = signature.find(',');
  EXPECT_EQ(f.post(f.request, body, {signature.substr(0, comma), signature.substr(comma + 1)}).status, 200);
  EXPECT_EQ(f.handled, 1);
}

TEST(Receive, SignatureProblemsAnswer401) {
  fixture f;
  const std::string body = booking();
  EXPECT_EQ(f.post(f.request, body, {}).status, 401);
  EXPECT_NE(f.lines.back().find("error=signature_header_missing"), std::string::npos);
  EXPECT_EQ(f.post(f.request, body, {wh::sign(body, "another-secret", now()).value()}).status, 401);
  EXPECT_NE(f.lines.back().find("error=signature_mismatch"), std::string::npos);
  EXPECT_EQ(f.handled, 0);
}

TEST(Receive, DeclaredLengthOverTheCapIs413BeforeAnyBodyByte) {
  wh::receive_options options;
  options.max_body = 1000;
  options.max_discard = 5000;
  fixture f(options);
  // Within the discard allowance: the body is read and thrown away, the connection kept.
  f.request.start("POST", "/webhooks/oncehub");
  ASSERT_TRUE(f.request.end_of_head(4000, false));
  EXPECT_EQ(f.request.answer().status, 413);  // decided before any byte
  EXPECT_TRUE(f.request.body(std::string(4000, 'x')));
  EXPECT_EQ(f.request.finish(true).status, 413);
  EXPECT_FALSE(f.request.answer().close);
  ASSERT_EQ(f.lines.size(), 1u);
  EXPECT_TRUE(f.lines[0].starts_with("status=413 outcome=too_large type=- id=- handler=- secret=- bytes=4000 "))
      << f.lines[0];
  EXPECT_NE(f.lines[0].find(" error=too_large"), std::string::npos);
  // Beyond it: answered at once, unread, and the connection must close.
  f.request.start("POST", "/webhooks/oncehub");
  EXPECT_FALSE(f.request.end_of_head(1u << 30, false));
  EXPECT_EQ(f.request.answer().status, 413);
  EXPECT_TRUE(f.request.answer().close);
  // Waiting for 100 Continue: the sender sends nothing; answer now and close.
  f.request.start("POST", "/webhooks/oncehub");
  f.request.header("Expect", "100-continue");
  EXPECT_FALSE(f.request.end_of_head(2000, false));
  EXPECT_EQ(f.request.answer().status, 413);
  EXPECT_TRUE(f.request.answer().close);
  // Draining stops past the allowance (a sender lying about its length).
  f.request.start("POST", "/webhooks/oncehub");
  ASSERT_TRUE(f.request.end_of_head(4000, false));
  EXPECT_FALSE(f.request.body(std::string(6000, 'x')));
  EXPECT_TRUE(f.request.finish(false).close);
  EXPECT_EQ(f.statuses, (std::vector<int>{413, 413, 413, 413}));
}

// `Expect: 100-continue` without Oncehub-Signature, to a receiver that checks signatures:
// the head decides (401, or 500 without a usable secret), so no `100 Continue` invites
// the body; the connection closes. With a signature, or without Expect, or on an endpoint
// that accepts unsigned deliveries, the body is read as before.
TEST(Receive, ExpectContinueWithoutASignatureIsDecidedAtTheHead) {
  fixture f;
  f.request.start("POST", "/webhooks/oncehub");
  f.request.header("Expect", "100-continue");
  EXPECT_FALSE(f.request.end_of_head(500, false));
  EXPECT_EQ(f.request.answer().status, 401);
  EXPECT_TRUE(f.request.answer().close);
  ASSERT_EQ(f.lines.size(), 1u);
  EXPECT_TRUE(f.lines[0].starts_with("status=401 outcome=unauthorized type=- id=- handler=- secret=- bytes=500 "))
      << f.lines[0];
  EXPECT_NE(f.lines[0].find(" error=signature_header_missing"), std::string::npos) << f.lines[0];
  EXPECT_EQ(f.handled, 0);

  // The same request with a signature header: the body is wanted (it decides).
  f.request.start("POST", "/webhooks/oncehub");
  f.request.header("Expect", "100-continue");
  f.request.header("Oncehub-Signature", "t=1,s=" + std::string(64, 'a'));
  EXPECT_TRUE(f.request.end_of_head(500, false));
  EXPECT_TRUE(f.request.expects_continue());
  // Without Expect the body is on its way: read, then answered as before (400 here).
  f.request.start("POST", "/webhooks/oncehub");
  EXPECT_TRUE(f.request.end_of_head(500, false));
  EXPECT_EQ(f.request.finish(false).status, 400);

  // No usable secret: 500 (OnceHub keeps the delivery), decided at the head too.
  wh::router router;
  std::vector<std::string> lines;
  wh::receiver misconfigured(wh::verifier(std::vector<wh::secret>{}), router, nullptr, {},
                             [&](const wh::receive_record& r) { lines.push_back(wh::format_log_line(r)); });
  wh::receive_request& m = misconfigured.this_thread_request();
  m.start("POST", "/webhooks/oncehub");
  m.header("Expect", "100-continue");
  EXPECT_FALSE(m.end_of_head(500, false));
  EXPECT_EQ(m.answer().status, 500);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(" error=signature_no_secret"), std::string::npos) << lines[0];

  // An endpoint that accepts unsigned deliveries wants the body.
  wh::receiver unsigned_core(wh::accept_unsigned_deliveries, router);
  wh::receive_request& u = unsigned_core.this_thread_request();
  u.start("POST", "/webhooks/oncehub");
  u.header("Expect", "100-continue");
  EXPECT_TRUE(u.end_of_head(500, false));
}

TEST(Receive, ChunkedBodyOverTheCapIs413AndClosesUnlessDrained) {
  wh::receive_options options;
  options.max_body = 1000;
  options.max_discard = 3000;
  fixture f(options);
  f.request.start("POST", "/webhooks/oncehub");
  f.request.header("Transfer-Encoding", "chunked");
  ASSERT_TRUE(f.request.end_of_head(std::nullopt, true));
  EXPECT_TRUE(f.request.body(std::string(900, 'x')));
  EXPECT_TRUE(f.request.body(std::string(900, 'x')));  // past the cap: thrown away
  EXPECT_EQ(f.request.finish(true).status, 413);
  EXPECT_FALSE(f.request.answer().close);
  EXPECT_NE(f.lines.back().find(" bytes=1800 "), std::string::npos) << f.lines.back();

  f.request.start("POST", "/webhooks/oncehub");
  f.request.header("Transfer-Encoding", "chunked");
  ASSERT_TRUE(f.request.end_of_head(std::nullopt, true));
  bool reading = true;
  for (int i = 0; i < 10 && reading; ++i) { reading = f.request.body(std::string(900, 'x')); }
  EXPECT_FALSE(reading);  // the core asks to stop: the rest stays unread
  EXPECT_EQ(f.request.finish(false).status, 413);
  EXPECT_TRUE(f.request.answer().close);
  EXPECT_EQ(f.handled, 0);
}

TEST(Receive, FramingThatCannotBeTrustedIs400AndCloses) {
  struct framing_case {
    std::vector<std::pair<std::string, std::string>> fields;
    std::optional<std::uint64_t> length;
    bool chunked;
    std::string reason;
  };
  const std::vector<framing_case> cases = {
      {{{"Transfer-Encoding ", "chunked"}}, std::nullopt, true, "field_name_invalid"},
      {{{"Transfer-Encoding", "chunked"}, {" folded", "x"}}, std::nullopt, true, "obs_fold"},
      {{{"X-Folded", "a"}, {"\tmore", "b"}}, 10, false, "obs_fold"},
      {{{"Bad Name", "x"}}, 10, false, "field_name_invalid"},
      {{{"", "x"}}, 10, false, "field_name_invalid"},
      {{{"X-Value", "a\r\nInjected: b"}}, 10, false, "field_value_invalid"},
      {{{"X-Value", std::string("a\0b", 3)}}, 10, false, "field_value_invalid"},
      {{{"Content-Length", "10"}, {"Transfer-Encoding", "chunked"}},
       std::nullopt,
       true,
       "content_length_with_transfer_encoding"},
      {{{"Transfer-Encoding", "gzip, chunked"}}, std::nullopt, true, "transfer_encoding_unsupported"},
      {{{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}},
       std::nullopt,
       true,
       "transfer_encoding_unsupported"},
      {{{"Content-Length", "10"}, {"Content-Length", "11"}}, 10, false, "content_length_invalid"},
      {{{"Content-Length", "+10"}}, 10, false, "content_length_invalid"},
      {{{"Content-Length", "10"}}, 12, false, "content_length_invalid"},
  };
  fixture f;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reason);
    f.request.start("POST", "/webhooks/oncehub");
    for (const auto& [name, value] : c.fields) { f.request.header(name, value); }
    EXPECT_FALSE(f.request.end_of_head(c.length, c.chunked));
    EXPECT_EQ(f.request.answer().status, 400);
    EXPECT_TRUE(f.request.answer().close);
    ASSERT_FALSE(f.lines.empty());
    EXPECT_TRUE(f.lines.back().starts_with("status=400 outcome=malformed ")) << f.lines.back();
    EXPECT_NE(f.lines.back().find(" error=" + c.reason), std::string::npos) << f.lines.back();
  }
  EXPECT_EQ(f.lines.size(), cases.size());
  // What a server's own parser refused reaches the log the same way.
  f.request.start("POST", "/webhooks/oncehub");
  EXPECT_TRUE(f.request.reject("bad_field").close);
  EXPECT_NE(f.lines.back().find("status=400 outcome=malformed "), std::string::npos);
  EXPECT_NE(f.lines.back().find(" error=bad_field"), std::string::npos);
}

TEST(Receive, ABareHeadWithoutLengthIs411AndKeepsTheConnection) {
  fixture f;
  f.request.start("POST", "/webhooks/oncehub");
  EXPECT_FALSE(f.request.end_of_head(std::nullopt, false));
  EXPECT_EQ(f.request.answer().status, 411);
  EXPECT_FALSE(f.request.answer().close);
  EXPECT_NE(f.lines.back().find("error=length_required"), std::string::npos);
  // An empty body with Content-Length: 0 is a delivery to check (and refuse: 401).
  f.request.start("POST", "/webhooks/oncehub");
  ASSERT_TRUE(f.request.end_of_head(0, false));
  EXPECT_EQ(f.request.finish(true).status, 401);
}

TEST(Receive, NearMissPathsAre404WithAHint) {
  struct miss {
    std::string target;
    std::string hint;  // empty: not a near miss (not logged)
  };
  const std::vector<miss> misses = {
      {"/webhooks/oncehub/", "trailing_slash"},
      {"/webhooks/oncehub//", "trailing_slash"},
      {"/webhooks/oncehub/?x=1", "trailing_slash"},
      {"/Webhooks/OnceHub", "letter_case"},
      {"/WEBHOOKS/ONCEHUB/", "letter_case"},
      {"/api/webhooks/oncehub", "prefix"},
      {"/webhooks/oncehub/v2", "prefix"},
      {"/webhooks", "prefix"},
      {"/oncehub", "prefix"},
      {"/elsewhere", ""},
      {"/webhooks/oncehubx", ""},
      {"/", ""},
      {"*", ""},
  };
  fixture f;
  std::size_t logged = 0;
  for (const miss& m : misses) {
    SCOPED_TRACE(m.target);
    const std::size_t before = f.lines.size();
    EXPECT_EQ(f.post(booking(), m.target).status, 404);
    if (m.hint.empty()) {
      EXPECT_EQ(f.lines.size(), before);
      continue;
    }
    ++logged;
    ASSERT_EQ(f.lines.size(), before + 1);
    EXPECT_TRUE(f.lines.back().starts_with("status=404 outcome=not_found ")) << f.lines.back();
    std::string shown = m.target;  // as the log shows it: '=' becomes '?'
    std::replace(shown.begin(), shown.end(), '=', '?');
    EXPECT_NE(f.lines.back().find(" error=path_near_miss target=" + shown + " hint=" + m.hint +
                                  " expected=/webhooks/oncehub"),
              std::string::npos)
        << f.lines.back();
    EXPECT_FALSE(f.request.answer().close);  // the body was drained
  }
  EXPECT_EQ(f.lines.size(), logged);
  EXPECT_EQ(f.handled, 0);
}

TEST(Receive, OtherMethodsAre405AndNotLogged) {
  fixture f;
  for (const char* method : {"GET", "HEAD", "PUT", "post"}) {
    f.request.start(method, "/webhooks/oncehub");
    EXPECT_FALSE(f.request.end_of_head(std::nullopt, false));
    EXPECT_EQ(f.request.answer().status, 405);
    EXPECT_EQ(f.request.answer().allow, "POST");
  }
  EXPECT_TRUE(f.lines.empty());
}

TEST(Receive, AnIncompleteBodyIs400AndCloses) {
  fixture f;
  f.request.start("POST", "/webhooks/oncehub");
  ASSERT_TRUE(f.request.end_of_head(500, false));
  EXPECT_TRUE(f.request.body("{\"id\":"));
  EXPECT_EQ(f.request.finish(false).status, 400);
  EXPECT_TRUE(f.request.answer().close);
  EXPECT_NE(f.lines.back().find(" bytes=6 "), std::string::npos);
  EXPECT_NE(f.lines.back().find(" error=body_incomplete"), std::string::npos);
}

TEST(Receive, ADeadlineIs408UnlessAnAnswerWasDecided) {
  fixture f;
  f.request.start("POST", "/webhooks/oncehub");
  ASSERT_TRUE(f.request.end_of_head(500, false));
  EXPECT_EQ(f.request.timed_out().status, 408);
  EXPECT_TRUE(f.request.answer().close);
  EXPECT_TRUE(f.lines.back().starts_with("status=408 outcome=timeout ")) << f.lines.back();
  EXPECT_NE(f.lines.back().find(" error=request_timeout"), std::string::npos);
}

TEST(Receive, RepeatsAreAcknowledgedOnceWithAStore) {
  wh::memory_dedup_store store;
  fixture f({}, &store);
  const std::string body = booking();
  EXPECT_EQ(f.post(body).status, 200);
  EXPECT_EQ(f.post(body).status, 200);
  EXPECT_EQ(f.request.answer().body, "duplicate\n");
  EXPECT_EQ(f.handled, 1);
  EXPECT_TRUE(
      f.lines.back().starts_with("status=200 outcome=duplicate type=booking.scheduled id=EVNT-7QX2LM9B4D handler=-"))
      << f.lines.back();
}

struct failing_store final : wh::dedup_store {
  wh::claim_result claim(std::string_view, clock::time_point) override { throw std::runtime_error("unreachable"); }
  wh::settle_status complete(std::string_view, const wh::claim_token&, clock::time_point) override {
    return wh::settle_status::done;
  }
  wh::settle_status release(std::string_view, const wh::claim_token&) noexcept override {
    return wh::settle_status::done;
  }
};

TEST(Receive, AStoreThatThrowsIs503NeverA2xx) {
  failing_store store;
  fixture f({}, &store);
  EXPECT_EQ(f.post(booking()).status, 503);
  EXPECT_EQ(f.handled, 0);
  EXPECT_NE(f.lines.back().find(" error=dedup_store_unavailable"), std::string::npos) << f.lines.back();
}

TEST(Receive, LogFieldsCannotForgeALine) {
  wh::receive_record r;
  r.status = 404;
  r.outcome = "not_found";
  r.error = "path_near_miss";
  r.target = "/webhooks/oncehub/\nstatus=200 outcome=handled x=y";
  r.hint = "trailing_slash";
  r.expected = "/webhooks/oncehub";
  const std::string line = wh::format_log_line(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_NE(line.find(" target=/webhooks/oncehub/?status?200?outcome?handled?x?y "), std::string::npos) << line;
  const std::string long_id(300, 'A');
  r.id = long_id;
  EXPECT_NE(wh::format_log_line(r).find(" id=" + std::string(100, 'A') + "... "), std::string::npos);
}

TEST(Receive, ReceiversOnOneThreadKeepTheirOwnEndpoints) {
  fixture a;
  wh::router other_router;
  int other_handled = 0;
  other_router.on<wh::booking_family>([&](const wh::booking_event auto&) { ++other_handled; });
  wh::receiver b(wh::verifier{{wh::secret("second-secret", "b#1")}}, other_router);
  wh::receive_request rb(b);
  const std::string body = booking();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(a.post(body).status, 200);
    EXPECT_EQ(a.post(a.request, body, {wh::sign(body, "second-secret", now()).value()}).status, 401);
    EXPECT_EQ(a.post(rb, body, {wh::sign(body, "second-secret", now()).value()}).status, 200);
    EXPECT_EQ(a.post(rb, body, {wh::sign(body, kSecret, now()).value()}).status, 401);
  }
  EXPECT_EQ(a.handled, 3);
  EXPECT_EQ(other_handled, 3);
  // And every thread gets its own endpoint.
  std::thread worker([&] {
    EXPECT_EQ(a.post(a.core.this_thread_request(), body, {wh::sign(body, kSecret, now()).value()}).status, 200);
  });
  worker.join();
  EXPECT_EQ(a.handled, 4);
}

TEST(Receive, UnsignedReceiverAcceptsV1Deliveries) {
  wh::router router;
  int handled = 0;
  router.on<wh::booking_family>([&](const wh::booking_event auto&) { ++handled; });
  wh::receiver core(wh::accept_unsigned_deliveries, router);
  wh::receive_request request(core);
  const std::string body = booking();
  request.start("POST", "/webhooks/oncehub");
  ASSERT_TRUE(request.end_of_head(body.size(), false));
  EXPECT_TRUE(request.body(body));
  EXPECT_EQ(request.finish().status, 200);
  EXPECT_EQ(handled, 1);
}

}  // namespace
