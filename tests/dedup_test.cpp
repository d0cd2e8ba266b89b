// SPDX-License-Identifier: MIT
// dedup.hpp: the claim/complete/release protocol of memory_dedup_store (window, capacity,
// lease, clock steps), its thread safety, and dispatch_once's recording policy.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/dedup.hpp>
#include <oncehub/webhooks/endpoint.hpp>
#include <oncehub/webhooks/signature.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace wh = oncehub::webhooks;
using namespace std::chrono_literals;

namespace {

using time_point = wh::dedup_store::clock::time_point;
const time_point t0 = time_point{} + std::chrono::hours(24 * 365 * 55);

/// Claims `id` and, when that succeeds, completes it with the claim's token.
wh::claim_status claim_and_complete(wh::dedup_store& store, std::string_view id, time_point now) {
  const wh::claim_result claimed = store.claim(id, now);
  if (claimed == wh::claim_status::first) {
    EXPECT_EQ(store.complete(id, claimed.token, now), wh::settle_status::done);
  }
  return claimed.status;
}

wh::memory_dedup_store make_store(std::chrono::seconds window = 60s, std::size_t capacity = 100,
                                  std::chrono::seconds lease = 10s) {
  return wh::memory_dedup_store{wh::memory_dedup_options{window, capacity, lease}};
}

TEST(MemoryDedupStore, FirstClaimWinsThenDuplicateAfterComplete) {
  wh::memory_dedup_store store = make_store();
  const wh::claim_result claimed = store.claim("EVNT-1", t0);
  EXPECT_EQ(claimed, wh::claim_status::first);
  EXPECT_FALSE(claimed.token.empty());
  EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::in_progress);
  EXPECT_TRUE(store.claim("EVNT-1", t0).token.empty());
  EXPECT_EQ(store.complete("EVNT-1", claimed.token, t0), wh::settle_status::done);
  EXPECT_EQ(store.claim("EVNT-1", t0 + 1s), wh::claim_status::duplicate);
  EXPECT_EQ(store.claim("EVNT-2", t0 + 1s), wh::claim_status::first);
  EXPECT_EQ(store.size(), 2u);
}

TEST(MemoryDedupStore, ReleaseLetsTheNextCopyBeHandled) {
  wh::memory_dedup_store store = make_store();
  const wh::claim_result claimed = store.claim("EVNT-1", t0);
  ASSERT_EQ(claimed, wh::claim_status::first);
  EXPECT_EQ(store.release("EVNT-1", claimed.token), wh::settle_status::done);
  EXPECT_EQ(store.size(), 0u);
  EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::first);
}

TEST(MemoryDedupStore, ReleaseDoesNotForgetAHandledId) {
  wh::memory_dedup_store store = make_store();
  const wh::claim_result claimed = store.claim("EVNT-1", t0);
  ASSERT_EQ(claimed, wh::claim_status::first);
  ASSERT_EQ(store.complete("EVNT-1", claimed.token, t0), wh::settle_status::done);
  EXPECT_EQ(store.release("EVNT-1", claimed.token), wh::settle_status::stale);
  EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::duplicate);
}

TEST(MemoryDedupStore, HandledIdsAreForgottenWhenTheWindowPasses) {
  wh::memory_dedup_store store = make_store(60s);
  ASSERT_EQ(claim_and_complete(store, "EVNT-1", t0), wh::claim_status::first);
  EXPECT_EQ(store.claim("EVNT-1", t0 + 59s), wh::claim_status::duplicate);
  EXPECT_EQ(store.claim("EVNT-1", t0 + 60s), wh::claim_status::first);
}

TEST(MemoryDedupStore, ExpiredIdsArePurgedOnTheNextCall) {
  wh::memory_dedup_store store = make_store(60s);
  for (int i = 0; i < 10; ++i) {
    const std::string id = "EVNT-" + std::to_string(i);
    ASSERT_EQ(claim_and_complete(store, id, t0), wh::claim_status::first);
  }
  EXPECT_EQ(store.size(), 10u);
  EXPECT_EQ(store.claim("EVNT-new", t0 + 61s), wh::claim_status::first);
  EXPECT_EQ(store.size(), 1u);
}

TEST(MemoryDedupStore, CapacityForgetsTheOldestHandledIdFirst) {
  wh::memory_dedup_store store = make_store(1h, 3);
  for (const char* id : {"A", "B", "C", "D"}) {
    ASSERT_EQ(claim_and_complete(store, id, t0), wh::claim_status::first) << id;
  }
  EXPECT_EQ(store.size(), 3u);
  EXPECT_EQ(store.claim("B", t0), wh::claim_status::duplicate);
  EXPECT_EQ(store.claim("C", t0), wh::claim_status::duplicate);
  EXPECT_EQ(store.claim("D", t0), wh::claim_status::duplicate);
  EXPECT_EQ(store.claim("A", t0), wh::claim_status::first);  // forgotten to make room
}

TEST(MemoryDedupStore, CapacityNeverDropsALiveClaim) {
  wh::memory_dedup_store store = make_store(1h, 2);
  for (const char* id : {"A", "B", "C"}) { ASSERT_EQ(store.claim(id, t0), wh::claim_status::first) << id; }
  for (const char* id : {"A", "B", "C"}) { EXPECT_EQ(store.claim(id, t0), wh::claim_status::in_progress) << id; }
}

TEST(MemoryDedupStore, StaysBoundedWhenIdsAreHandledAgainAfterTheWindow) {
  wh::memory_dedup_store store = make_store(1s, 4);
  for (int round = 0; round < 100; ++round) {
    const time_point now = t0 + std::chrono::seconds(2 * round);
    for (const char* id : {"A", "B", "C"}) { ASSERT_EQ(claim_and_complete(store, id, now), wh::claim_status::first); }
    ASSERT_LE(store.size(), 4u);
  }
}

TEST(MemoryDedupStore, AnExpiredLeaseCanBeTakenOver) {
  wh::memory_dedup_store store = make_store(1h, 100, 10s);
  ASSERT_EQ(store.claim("EVNT-1", t0), wh::claim_status::first);
  EXPECT_EQ(store.claim("EVNT-1", t0 + 9s), wh::claim_status::in_progress);
  EXPECT_EQ(store.claim("EVNT-1", t0 + 10s), wh::claim_status::first);
}

TEST(MemoryDedupStore, AStaleTokenNeitherCompletesNorReleasesTheClaimThatTookOver) {
  wh::memory_dedup_store store = make_store(1h, 100, 10s);
  const wh::claim_result old_claim = store.claim("EVNT-1", t0);
  ASSERT_EQ(old_claim, wh::claim_status::first);
  const wh::claim_result new_claim = store.claim("EVNT-1", t0 + 10s);  // the lease expired: taken over
  ASSERT_EQ(new_claim, wh::claim_status::first);
  EXPECT_NE(old_claim.token, new_claim.token);
  EXPECT_EQ(store.complete("EVNT-1", old_claim.token, t0 + 11s), wh::settle_status::stale);
  EXPECT_EQ(store.release("EVNT-1", old_claim.token), wh::settle_status::stale);
  EXPECT_EQ(store.claim("EVNT-1", t0 + 12s), wh::claim_status::in_progress);  // still the new claim's
  EXPECT_EQ(store.complete("EVNT-1", new_claim.token, t0 + 12s), wh::settle_status::done);
  EXPECT_EQ(store.claim("EVNT-1", t0 + 13s), wh::claim_status::duplicate);
}

TEST(MemoryDedupStore, AnExpiredLeaseCannotBeCompletedEvenBeforeItIsTakenOver) {
  // As in a shared store, where the key is gone when the lease ends.
  wh::memory_dedup_store store = make_store(1h, 100, 10s);
  const wh::claim_result claimed = store.claim("EVNT-1", t0);
  EXPECT_EQ(store.complete("EVNT-1", claimed.token, t0 + 10s), wh::settle_status::stale);
  EXPECT_EQ(store.claim("EVNT-1", t0 + 10s), wh::claim_status::first);
}

TEST(MemoryDedupStore, ForeignAndEmptyTokensSettleNothing) {
  wh::memory_dedup_store store = make_store();
  const wh::claim_result claimed = store.claim("EVNT-1", t0);
  const wh::claim_result other = store.claim("EVNT-2", t0);
  EXPECT_EQ(store.complete("EVNT-1", other.token, t0), wh::settle_status::stale);
  EXPECT_EQ(store.complete("EVNT-1", wh::claim_token{}, t0), wh::settle_status::stale);
  EXPECT_EQ(store.release("EVNT-1", wh::claim_token{"done"}), wh::settle_status::stale);
  EXPECT_EQ(store.complete("EVNT-3", claimed.token, t0), wh::settle_status::stale);  // never claimed
  EXPECT_EQ(store.claim("EVNT-3", t0), wh::claim_status::first);
  EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::in_progress);
}

TEST(MemoryDedupStore, TokensAreUniquePerClaim) {
  wh::memory_dedup_store store = make_store(1s, 100'000, 1s);
  std::set<std::string> tokens;
  for (int i = 0; i < 1000; ++i) {
    const wh::claim_result claimed = store.claim("EVNT-1", t0 + std::chrono::seconds(i));  // each lease expired
    ASSERT_EQ(claimed, wh::claim_status::first);
    EXPECT_TRUE(tokens.insert(std::string(claimed.token.view())).second) << claimed.token.view();
  }
}

TEST(ClaimToken, HoldsUpToMaxSizeBytes) {
  EXPECT_TRUE(wh::claim_token{}.empty());
  EXPECT_EQ(wh::claim_token{"abc"}.view(), "abc");
  const std::string long_token(40, 'x');
  EXPECT_EQ(wh::claim_token{long_token}.view().size(), wh::claim_token::max_size);
  EXPECT_EQ(wh::claim_token{"abc"}, wh::claim_token{"abc"});
  EXPECT_NE(wh::claim_token{"abc"}, wh::claim_token{"abd"});
}

TEST(MemoryDedupStore, AClockSteppingBackDoesNotResurrectOrLoseIds) {
  wh::memory_dedup_store store = make_store(60s);
  ASSERT_EQ(claim_and_complete(store, "late", t0 + 100s), wh::claim_status::first);  // expires at t0 + 160 s
  ASSERT_EQ(claim_and_complete(store, "early", t0),
            wh::claim_status::first);  // expires at t0 + 60 s, queued behind "late"
  EXPECT_EQ(store.claim("early", t0 + 59s), wh::claim_status::duplicate);
  EXPECT_EQ(store.claim("early", t0 + 61s), wh::claim_status::first);  // expired though not at the front
  EXPECT_EQ(store.claim("late", t0 + 61s), wh::claim_status::duplicate);
}

TEST(MemoryDedupStore, ConcurrentClaimsOfOneIdHaveExactlyOneWinner) {
  wh::memory_dedup_store store = make_store(1h, 100'000);
  constexpr int threads = 8;
  constexpr int ids = 2000;
  std::vector<std::atomic<int>> winners(ids);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = 0; i < ids; ++i) {
        const std::string id = "EVNT-" + std::to_string(i);
        const wh::claim_result claimed = store.claim(id, t0);
        if (claimed == wh::claim_status::first) {
          winners[i].fetch_add(1);
          EXPECT_EQ(store.complete(id, claimed.token, t0), wh::settle_status::done);
        }
      }
    });
  }
  for (auto& t : pool) { t.join(); }
  for (int i = 0; i < ids; ++i) { EXPECT_EQ(winners[i].load(), 1) << i; }
  EXPECT_EQ(store.size(), static_cast<std::size_t>(ids));
}

// ---- dispatch_once --------------------------------------------------------------------

std::string delivery(std::string_view id, std::string_view type = "booking.scheduled") {
  return std::string(R"({"id":")") + std::string(id) +
         R"(","object":"event","creation_time":"2024-01-01T00:00:00Z","type":")" + std::string(type) +
         R"(","api_version":"v2","data":{"id":"BKNG-1"}})";
}

class DispatchOnce : public ::testing::Test {
 protected:
  DispatchOnce() {
    router_.on<wh::booking_family>(
        [this](const wh::booking_event auto&) {
          ++runs_;
          return !fail_;
        },
        "bookings");
  }
  wh::once_result send(std::string_view id, time_point now = t0) {
    body_ = delivery(id);
    return wh::dispatch_once(router_, store_, endpoint_.receive(body_, ""), now);
  }
  wh::router router_;
  wh::memory_dedup_store store_ = make_store();
  wh::endpoint endpoint_{wh::accept_unsigned_deliveries};  // dispatch_once takes only what an endpoint accepted
  std::string body_;
  int runs_ = 0;
  bool fail_ = false;
};

TEST_F(DispatchOnce, HandlesOnceThenAcknowledgesRepeatsWithoutRunningHandlers) {
  const wh::once_result first = send("EVNT-1");
  EXPECT_EQ(first.claim, wh::claim_status::first);
  EXPECT_EQ(first.dispatch.outcome, wh::outcome::handled);
  EXPECT_EQ(first.dispatch.handler, "bookings");
  EXPECT_TRUE(first.recorded);
  EXPECT_EQ(first.http_status(), 200);

  const wh::once_result again = send("EVNT-1", t0 + 30s);
  EXPECT_EQ(again.claim, wh::claim_status::duplicate);
  EXPECT_EQ(again.dispatch.handlers_run, 0u);
  EXPECT_FALSE(again.recorded);
  EXPECT_EQ(again.http_status(), 200);
  EXPECT_TRUE(again);
  EXPECT_EQ(runs_, 1);
}

TEST_F(DispatchOnce, AFailedDeliveryIsNotRecordedSoItsRetryIsHandled) {
  fail_ = true;
  const wh::once_result failed = send("EVNT-1");
  EXPECT_EQ(failed.dispatch.outcome, wh::outcome::handler_failed);
  EXPECT_EQ(failed.http_status(), 500);
  EXPECT_FALSE(failed.recorded);
  EXPECT_EQ(store_.size(), 0u);

  fail_ = false;
  const wh::once_result retried = send("EVNT-1", t0 + 35s);
  EXPECT_EQ(retried.claim, wh::claim_status::first);
  EXPECT_EQ(retried.http_status(), 200);
  EXPECT_EQ(runs_, 2);
  EXPECT_EQ(send("EVNT-1", t0 + 60s).claim, wh::claim_status::duplicate);
  EXPECT_EQ(runs_, 2);
}

TEST_F(DispatchOnce, ACopyInFlightIsAnswered409) {
  ASSERT_EQ(store_.claim("EVNT-1", t0), wh::claim_status::first);  // another worker is handling it
  const wh::once_result r = send("EVNT-1");
  EXPECT_EQ(r.claim, wh::claim_status::in_progress);
  EXPECT_EQ(r.http_status(), wh::in_progress_http_status);
  EXPECT_EQ(r.http_status(), 409);
  EXPECT_FALSE(r);
  EXPECT_EQ(runs_, 0);
}

TEST_F(DispatchOnce, IgnoredAndUnknownEventsAreRecordedToo) {
  body_ = delivery("EVNT-2", "conversation.closed");  // no handler: ignored, 200
  EXPECT_TRUE(wh::dispatch_once(router_, store_, endpoint_.receive(body_, ""), t0).recorded);
  body_ = delivery("EVNT-3", "contact.created");
  const wh::once_result unknown = wh::dispatch_once(router_, store_, endpoint_.receive(body_, ""), t0);
  EXPECT_EQ(unknown.dispatch.outcome, wh::outcome::unknown_event);
  EXPECT_TRUE(unknown.recorded);
  EXPECT_EQ(store_.claim("EVNT-3", t0), wh::claim_status::duplicate);
}

TEST_F(DispatchOnce, ARejectedDeliveryNeverTouchesTheStore) {
  body_ = R"({"id":"EVNT-1","object":"event")";
  const wh::once_result r = wh::dispatch_once(router_, store_, endpoint_.receive(body_, ""), t0);
  EXPECT_EQ(r.dispatch.outcome, wh::outcome::malformed);
  EXPECT_EQ(r.http_status(), 400);
  EXPECT_EQ(store_.size(), 0u);
}

TEST_F(DispatchOnce, AForgedDeliveryCannotSuppressTheGenuineOne) {
  // Why dispatch_once takes an accepted_event: a forgery carrying a genuine event's id is
  // refused by the endpoint (401) before the store sees the id, so the genuine delivery
  // that follows is handled, not answered as a duplicate.
  const auto signed_at = std::chrono::time_point_cast<std::chrono::seconds>(t0);
  wh::endpoint signed_endpoint{wh::verifier{"dedup-secret"}};
  body_ = delivery("EVNT-1");
  const wh::once_result forged = wh::dispatch_once(
      router_, store_, signed_endpoint.receive(body_, wh::sign(body_, "not-the-secret", signed_at).value(), signed_at),
      t0);
  EXPECT_EQ(forged.http_status(), 401);
  EXPECT_EQ(forged.dispatch.outcome, wh::outcome::unauthorized);
  EXPECT_EQ(store_.size(), 0u);
  const wh::once_result genuine = wh::dispatch_once(
      router_, store_, signed_endpoint.receive(body_, wh::sign(body_, "dedup-secret", signed_at).value(), signed_at),
      t0);
  EXPECT_EQ(genuine.claim, wh::claim_status::first);
  EXPECT_EQ(genuine.dispatch.outcome, wh::outcome::handled);
  EXPECT_TRUE(genuine.recorded);
  EXPECT_EQ(runs_, 1);
}

TEST_F(DispatchOnce, AnEmptyIdIsRejectedBeforeTheStore) {
  // The parser refuses an empty envelope id, so no delivery reaches the store unkeyed.
  EXPECT_EQ(send("").http_status(), 400);
  EXPECT_EQ(runs_, 0);
  EXPECT_EQ(store_.size(), 0u);
}

class failing_store final : public wh::dedup_store {
 public:
  bool throw_on_claim = false;
  bool unavailable_claim = false;
  bool throw_on_complete = false;
  wh::settle_status complete_answer = wh::settle_status::done;
  int claims = 0;
  int completes = 0;
  int releases = 0;
  wh::claim_token last_released{};
  wh::claim_result claim(std::string_view, clock::time_point) override {
    ++claims;
    if (throw_on_claim) { throw std::runtime_error("store unreachable"); }
    if (unavailable_claim) { return wh::claim_result{wh::claim_status::unavailable, {}}; }
    return wh::claim_result{wh::claim_status::first, wh::claim_token{"tok-1"}};
  }
  wh::settle_status complete(std::string_view, const wh::claim_token& token, clock::time_point) override {
    ++completes;
    EXPECT_EQ(token.view(), "tok-1");
    if (throw_on_complete) { throw std::runtime_error("store unreachable"); }
    return complete_answer;
  }
  wh::settle_status release(std::string_view, const wh::claim_token& token) noexcept override {
    ++releases;
    last_released = token;
    return wh::settle_status::done;
  }
};

TEST_F(DispatchOnce, AStoreThatCannotClaimRunsNoHandlerAndAnswers503) {
  for (const bool throws : {false, true}) {
    failing_store store;
    store.throw_on_claim = throws;
    store.unavailable_claim = !throws;
    body_ = delivery("EVNT-1");
    const wh::once_result r = wh::dispatch_once(router_, store, endpoint_.receive(body_, ""), t0);
    EXPECT_EQ(r.claim, wh::claim_status::unavailable) << throws;
    EXPECT_EQ(r.http_status(), 503) << throws;
    EXPECT_EQ(r.http_status(), wh::unavailable_http_status);
    EXPECT_FALSE(r);
    EXPECT_FALSE(r.recorded);
    EXPECT_EQ(r.dispatch.handlers_run, 0u);
    EXPECT_EQ(store.completes, 0);
    EXPECT_EQ(store.releases, 0);
  }
  EXPECT_EQ(runs_, 0);
}

TEST_F(DispatchOnce, AStoreThatCannotRecordKeepsThe200AndReleasesTheClaim) {
  for (const bool throws : {false, true}) {
    failing_store store;
    store.throw_on_complete = throws;
    store.complete_answer = wh::settle_status::unavailable;
    body_ = delivery("EVNT-1");
    const wh::once_result r = wh::dispatch_once(router_, store, endpoint_.receive(body_, ""), t0);
    EXPECT_EQ(r.http_status(), 200);
    EXPECT_FALSE(r.recorded);
    EXPECT_EQ(r.settled, wh::settle_status::unavailable);
    EXPECT_EQ(store.releases, 1);
    EXPECT_EQ(store.last_released.view(), "tok-1");
  }
  EXPECT_EQ(runs_, 2);
}

TEST_F(DispatchOnce, ALostLeaseKeepsThe200AndLeavesTheNewClaimAlone) {
  failing_store store;
  store.complete_answer = wh::settle_status::stale;
  body_ = delivery("EVNT-1");
  const wh::once_result r = wh::dispatch_once(router_, store, endpoint_.receive(body_, ""), t0);
  EXPECT_EQ(r.http_status(), 200);
  EXPECT_FALSE(r.recorded);
  EXPECT_EQ(r.settled, wh::settle_status::stale);
  EXPECT_EQ(store.releases, 0);
}

TEST_F(DispatchOnce, AWorkerWhoseLeaseWasTakenOverCannotRecordOverTheNewClaim) {
  // The handler outlives its 10 s lease: another worker claims the id meanwhile.
  wh::claim_result taken_over;
  wh::router slow;
  slow.on<wh::booking_family>([&](const wh::booking_event auto&) { taken_over = store_.claim("EVNT-1", t0 + 10s); },
                              "slow");
  body_ = delivery("EVNT-1");
  const wh::once_result r = wh::dispatch_once(slow, store_, endpoint_.receive(body_, ""), t0);
  ASSERT_EQ(taken_over, wh::claim_status::first);
  EXPECT_EQ(r.http_status(), 200);
  EXPECT_FALSE(r.recorded);
  EXPECT_EQ(r.settled, wh::settle_status::stale);
  EXPECT_EQ(store_.claim("EVNT-1", t0 + 11s), wh::claim_status::in_progress);  // still the new worker's
  EXPECT_EQ(store_.complete("EVNT-1", taken_over.token, t0 + 11s), wh::settle_status::done);
}

TEST_F(DispatchOnce, AFailedHandlerReleasesItsOwnClaim) {
  fail_ = true;
  const wh::once_result r = send("EVNT-1");
  EXPECT_EQ(r.http_status(), 500);
  EXPECT_EQ(r.settled, wh::settle_status::done);
  EXPECT_EQ(store_.size(), 0u);
}

TEST(ClaimStatus, HasNames) {
  EXPECT_EQ(wh::to_string(wh::claim_status::first), "first");
  EXPECT_EQ(wh::to_string(wh::claim_status::duplicate), "duplicate");
  EXPECT_EQ(wh::to_string(wh::claim_status::in_progress), "in_progress");
  EXPECT_EQ(wh::to_string(wh::claim_status::unavailable), "unavailable");
  EXPECT_EQ(wh::to_string(wh::settle_status::done), "done");
  EXPECT_EQ(wh::to_string(wh::settle_status::stale), "stale");
  EXPECT_EQ(wh::to_string(wh::settle_status::unavailable), "unavailable");
}

}  // namespace
