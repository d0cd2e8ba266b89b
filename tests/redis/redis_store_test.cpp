// SPDX-License-Identifier: MIT
// redis_dedup.hpp against a real redis-server (started per test, private socket): the
// claim / complete / release protocol with tokens, lease and window expiry, stale tokens,
// many threads, Redis stopped, paused and restarted, passwords, databases, and URLs.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <atomic>
#include <chrono>
#include <map>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/endpoint.hpp>
#include <oncehub/webhooks/redis_dedup.hpp>
#include <oncehub/webhooks/signature.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "redis/redis_server.hpp"

namespace wh = oncehub::webhooks;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

const auto t0 = wh::dedup_store::clock::now();

wh::redis_dedup_options options_for(const std::string& url, std::chrono::milliseconds lease = 10s,
                                    std::chrono::milliseconds window = 60s) {
  std::string error;
  auto endpoint = wh::parse_redis_url(url, error);
  if (!endpoint) { throw std::runtime_error(error); }
  wh::redis_dedup_options o;
  o.endpoint = *endpoint;
  o.key_prefix = "test:";
  o.lease = lease;
  o.window = window;
  o.connect_timeout = 300ms;
  o.command_timeout = 300ms;
  o.pool_size = 8;
  return o;
}

class RedisDedupStore : public ::testing::Test {
 protected:
  redis_test::server redis_;
};

TEST_F(RedisDedupStore, ClaimDuplicateInProgressComplete) {
  wh::redis_dedup_store store(options_for(redis_.unix_url()));
  const wh::claim_result claimed = store.claim("EVNT-1", t0);
  ASSERT_EQ(claimed, wh::claim_status::first) << store.last_error();
  EXPECT_EQ(claimed.token.view().size(), 32u);
  EXPECT_EQ(redis_.run({"GET", "test:EVNT-1"}), std::string(claimed.token.view()));
  const auto pttl = std::stoll(*redis_.run({"PTTL", "test:EVNT-1"}));
  EXPECT_GT(pttl, 9000);  // the lease
  EXPECT_LE(pttl, 10000);

  const wh::claim_result again = store.claim("EVNT-1", t0);
  EXPECT_EQ(again, wh::claim_status::in_progress);
  EXPECT_TRUE(again.token.empty());

  EXPECT_EQ(store.complete("EVNT-1", claimed.token, t0), wh::settle_status::done);
  EXPECT_EQ(redis_.run({"GET", "test:EVNT-1"}), "done");
  EXPECT_GT(std::stoll(*redis_.run({"PTTL", "test:EVNT-1"})), 59000);  // the window
  EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::duplicate);
  EXPECT_EQ(store.claim("EVNT-2", t0), wh::claim_status::first);
  EXPECT_TRUE(store.last_error().empty()) << store.last_error();
}

TEST_F(RedisDedupStore, ReleaseLetsTheNextCopyBeHandledButNeverForgetsAHandledId) {
  wh::redis_dedup_store store(options_for(redis_.unix_url()));
  const wh::claim_result claimed = store.claim("EVNT-1", t0);
  ASSERT_EQ(claimed, wh::claim_status::first);
  EXPECT_EQ(store.release("EVNT-1", claimed.token), wh::settle_status::done);
  EXPECT_EQ(redis_.run({"EXISTS", "test:EVNT-1"}), "0");
  const wh::claim_result second = store.claim("EVNT-1", t0);
  ASSERT_EQ(second, wh::claim_status::first);
  EXPECT_NE(second.token, claimed.token);
  ASSERT_EQ(store.complete("EVNT-1", second.token, t0), wh::settle_status::done);
  EXPECT_EQ(store.release("EVNT-1", second.token), wh::settle_status::stale);
  EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::duplicate);
}

TEST_F(RedisDedupStore, AnExpiredLeaseIsTakenOverAndItsStaleTokenSettlesNothing) {
  wh::redis_dedup_store store(options_for(redis_.unix_url(), 150ms));
  const wh::claim_result old_claim = store.claim("EVNT-1", t0);
  ASSERT_EQ(old_claim, wh::claim_status::first);
  EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::in_progress);
  std::this_thread::sleep_for(250ms);
  // Expired, not yet taken over: the old holder can no longer record it.
  EXPECT_EQ(store.complete("EVNT-1", old_claim.token, t0), wh::settle_status::stale);
  EXPECT_EQ(redis_.run({"EXISTS", "test:EVNT-1"}), "0");

  const wh::claim_result new_claim = store.claim("EVNT-1", t0);
  ASSERT_EQ(new_claim, wh::claim_status::first);
  EXPECT_EQ(store.complete("EVNT-1", old_claim.token, t0), wh::settle_status::stale);
  EXPECT_EQ(store.release("EVNT-1", old_claim.token), wh::settle_status::stale);
  EXPECT_EQ(redis_.run({"GET", "test:EVNT-1"}), std::string(new_claim.token.view()));  // untouched
  EXPECT_EQ(store.release("EVNT-1", wh::claim_token{}), wh::settle_status::stale);
  EXPECT_EQ(store.release("EVNT-1", wh::claim_token{"done"}), wh::settle_status::stale);
  EXPECT_EQ(store.complete("EVNT-1", new_claim.token, t0), wh::settle_status::done);
  EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::duplicate);
}

TEST_F(RedisDedupStore, HandledIdsAreForgottenWhenTheWindowPasses) {
  wh::redis_dedup_store store(options_for(redis_.unix_url(), 10s, 200ms));
  const wh::claim_result claimed = store.claim("EVNT-1", t0);
  ASSERT_EQ(store.complete("EVNT-1", claimed.token, t0), wh::settle_status::done);
  EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::duplicate);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::first);
}

TEST_F(RedisDedupStore, TheScriptsDigestsAreWhatRedisComputesAndNoscriptFallsBackToEval) {
  EXPECT_EQ(redis_.run({"SCRIPT", "LOAD", std::string(wh::redis_dedup_store::complete_script)}),
            std::string(wh::redis_dedup_store::complete_script_sha1));
  EXPECT_EQ(redis_.run({"SCRIPT", "LOAD", std::string(wh::redis_dedup_store::release_script)}),
            std::string(wh::redis_dedup_store::release_script_sha1));
  wh::redis_dedup_store store(options_for(redis_.unix_url()));
  for (int round = 0; round < 2; ++round) {
    ASSERT_EQ(redis_.run({"SCRIPT", "FLUSH"}), "OK");  // as after a Redis restart
    const std::string id = "EVNT-" + std::to_string(round);
    const wh::claim_result a = store.claim(id, t0);
    EXPECT_EQ(store.release(id, a.token), wh::settle_status::done);
    ASSERT_EQ(redis_.run({"SCRIPT", "FLUSH"}), "OK");
    const wh::claim_result b = store.claim(id, t0);
    EXPECT_EQ(store.complete(id, b.token, t0), wh::settle_status::done);
    EXPECT_EQ(store.claim(id, t0), wh::claim_status::duplicate);
  }
}

TEST_F(RedisDedupStore, TokensAreRandom128BitHexUniquePerClaim) {
  wh::redis_dedup_store store(options_for(redis_.unix_url()));
  std::set<std::string> tokens;
  for (int i = 0; i < 200; ++i) {
    const wh::claim_result c = store.claim("EVNT-" + std::to_string(i), t0);
    ASSERT_EQ(c, wh::claim_status::first);
    const std::string token(c.token.view());
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos) << token;
    EXPECT_EQ(token.size(), 32u);
    EXPECT_TRUE(tokens.insert(token).second);
  }
}

TEST_F(RedisDedupStore, ManyThreadsOnOneStoreHaveExactlyOneWinnerPerId) {
  auto options = options_for(redis_.unix_url());
  options.pool_size = 3;  // fewer connections than threads: callers wait for a free one
  options.command_timeout = 5s;
  wh::redis_dedup_store store(options);
  constexpr int threads = 8;
  constexpr int ids = 300;
  std::vector<std::atomic<int>> winners(ids);
  std::atomic<int> failures{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int n = 0; n < ids; ++n) {
        const int i = (n + t * 37) % ids;  // threads meet on every id in different orders
        const std::string id = "EVNT-" + std::to_string(i);
        const wh::claim_result c = store.claim(id, t0);
        if (c == wh::claim_status::first) {
          winners[i].fetch_add(1);
          if (store.complete(id, c.token, t0) != wh::settle_status::done) { failures.fetch_add(1); }
        } else if (c != wh::claim_status::duplicate && c != wh::claim_status::in_progress) {
          failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : pool) { t.join(); }
  EXPECT_EQ(failures.load(), 0) << store.last_error();
  for (int i = 0; i < ids; ++i) { EXPECT_EQ(winners[i].load(), 1) << i; }
  for (int i = 0; i < ids; ++i) {
    EXPECT_EQ(store.claim("EVNT-" + std::to_string(i), t0), wh::claim_status::duplicate);
  }
}

// ---- Redis down, slow, restarted ------------------------------------------------------

std::string delivery(std::string_view id) {
  return std::string(R"({"id":")") + std::string(id) +
         R"(","object":"event","creation_time":"2024-01-01T00:00:00Z","type":"booking.scheduled","api_version":"v2","data":{"id":"BKNG-1"}})";
}

TEST_F(RedisDedupStore, RedisStoppedMidRunAnswers503AndRecordsNothingThenRetriesAreHandledOnce) {
  wh::redis_dedup_store store(options_for(redis_.unix_url()));
  wh::router router;
  std::map<std::string, int> runs;
  std::string current;
  router.on<wh::booking_family>([&](const wh::booking_event auto&) { ++runs[current]; }, "bookings");
  wh::endpoint endpoint{wh::accept_unsigned_deliveries};  // dispatch_once takes only what an endpoint accepted
  const auto send = [&](const std::string& id) {
    current = id;
    const std::string body = delivery(id);
    return wh::dispatch_once(router, store, endpoint.receive(body, ""));
  };
  for (int i = 0; i < 5; ++i) { ASSERT_EQ(send("EVNT-before-" + std::to_string(i)).http_status(), 200); }

  redis_.stop();
  for (int i = 0; i < 5; ++i) {
    const auto started = clock_type::now();
    const wh::once_result r = send("EVNT-during-" + std::to_string(i));
    EXPECT_LT(clock_type::now() - started, 1s);
    EXPECT_EQ(r.claim, wh::claim_status::unavailable);
    EXPECT_EQ(r.http_status(), 503);
    EXPECT_FALSE(r.recorded);
    EXPECT_EQ(r.dispatch.handlers_run, 0u);
  }
  EXPECT_NE(store.last_error().find("cannot connect"), std::string::npos) << store.last_error();
  EXPECT_FALSE(store.ping());
  for (int i = 0; i < 5; ++i) { EXPECT_EQ(runs.count("EVNT-during-" + std::to_string(i)), 0u) << i; }

  redis_.start();  // empty: persistence is off in this test
  for (int retry = 0; retry < 3; ++retry) {
    for (int i = 0; i < 5; ++i) {
      const wh::once_result r = send("EVNT-during-" + std::to_string(i));
      EXPECT_EQ(r.http_status(), 200) << store.last_error();
      EXPECT_EQ(r.claim, retry == 0 ? wh::claim_status::first : wh::claim_status::duplicate);
    }
  }
  for (int i = 0; i < 5; ++i) { EXPECT_EQ(runs["EVNT-during-" + std::to_string(i)], 1) << i; }
}

// A process that does not ignore SIGPIPE (this test binary does, so the store runs in a
// child that restores the default): Redis hangs up, the next command writes on the pooled
// connection, and the store must answer `unavailable` instead of the process dying.
TEST_F(RedisDedupStore, ARedisThatHangsUpNeverKillsTheProcess) {
  int to_parent[2];
  int to_child[2];
  ASSERT_EQ(::pipe(to_parent), 0);
  ASSERT_EQ(::pipe(to_child), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::signal(SIGPIPE, SIG_DFL);
    int code = 0;
    {
      wh::redis_dedup_store store(options_for(redis_.unix_url()));
      if (store.claim("EVNT-before", t0) != wh::claim_status::first) { code = 3; }
      char byte = 'r';
      if (::write(to_parent[1], &byte, 1) != 1 || ::read(to_child[0], &byte, 1) != 1) { code = 4; }
      for (int i = 0; code == 0 && i < 3; ++i) {  // the pooled connection first, then new ones
        if (store.claim("EVNT-after-" + std::to_string(i), t0) != wh::claim_status::unavailable) { code = 5; }
      }
    }
    ::_exit(code);
  }
  char byte = 0;
  ASSERT_EQ(::read(to_parent[0], &byte, 1), 1);
  redis_.stop();
  ASSERT_EQ(::write(to_child[1], &byte, 1), 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  for (int fd : {to_parent[0], to_parent[1], to_child[0], to_child[1]}) { ::close(fd); }
  ASSERT_FALSE(WIFSIGNALED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(RedisDedupStore, PooledConnectionsSurviveARedisRestart) {
  wh::redis_dedup_store store(options_for(redis_.unix_url()));
  ASSERT_EQ(store.claim("EVNT-1", t0), wh::claim_status::first);  // leaves a pooled connection
  redis_.stop();
  redis_.start();
  // The idle connection's server is gone: the store notices and reconnects, unseen.
  const wh::claim_result c = store.claim("EVNT-2", t0);
  EXPECT_EQ(c, wh::claim_status::first) << store.last_error();
  EXPECT_EQ(store.complete("EVNT-2", c.token, t0), wh::settle_status::done);
}

TEST_F(RedisDedupStore, ARedisThatStopsAnsweringIsUnavailableWithinTheCommandTimeout) {
  wh::redis_dedup_store store(options_for(redis_.unix_url()));
  const wh::claim_result held = store.claim("EVNT-1", t0);
  ASSERT_EQ(held, wh::claim_status::first);
  redis_.pause();
  auto started = clock_type::now();
  EXPECT_EQ(store.claim("EVNT-2", t0), wh::claim_status::unavailable);
  EXPECT_LT(clock_type::now() - started, 1s);  // one 300 ms command timeout (connect is instant)
  started = clock_type::now();
  EXPECT_EQ(store.complete("EVNT-1", held.token, t0), wh::settle_status::unavailable);
  EXPECT_LT(clock_type::now() - started, 1s);
  redis_.resume();
  // The timed-out commands may have reached Redis: a late SET NX of EVNT-2 holds a token
  // nobody has, and expires with its lease. The store is usable again.
  const wh::claim_result c = store.claim("EVNT-3", t0);
  EXPECT_EQ(c, wh::claim_status::first) << store.last_error();
  EXPECT_EQ(store.complete("EVNT-3", c.token, t0), wh::settle_status::done);
}

TEST(RedisDedupStoreUnreachable, NoServerMeansUnavailableNotAnException) {
  wh::redis_dedup_store store(options_for("unix:///nonexistent/oncehub-test/redis.sock"));
  const wh::claim_result c = store.claim("EVNT-1", t0);
  EXPECT_EQ(c, wh::claim_status::unavailable);
  EXPECT_TRUE(c.token.empty());
  EXPECT_EQ(store.complete("EVNT-1", wh::claim_token{"x"}, t0), wh::settle_status::unavailable);
  EXPECT_EQ(store.release("EVNT-1", wh::claim_token{"x"}), wh::settle_status::unavailable);
  EXPECT_NE(store.last_error().find("unix:///nonexistent/oncehub-test/redis.sock"), std::string::npos)
      << store.last_error();
  // A closed loopback port: refused at once.
  wh::redis_dedup_store tcp(options_for("redis://127.0.0.1:" + std::to_string(redis_test::free_port()) + "/0"));
  EXPECT_EQ(tcp.claim("EVNT-1", t0), wh::claim_status::unavailable);
}

TEST(RedisDedupStoreTcp, WorksOverLoopbackTcp) {
  redis_test::server redis(true);
  wh::redis_dedup_store store(options_for(redis.tcp_url()));
  const wh::claim_result c = store.claim("EVNT-1", t0);
  ASSERT_EQ(c, wh::claim_status::first) << store.last_error();
  EXPECT_EQ(store.complete("EVNT-1", c.token, t0), wh::settle_status::done);
  EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::duplicate);
}

TEST(RedisDedupStoreAuth, PasswordsWorkAndAreNeverInErrors) {
  const std::string password = "s3cret-redis-pw-4f1c";
  redis_test::server redis(false, password);
  {
    wh::redis_dedup_store store(options_for("unix://:wrong-pw-9c2e@" + redis.socket()));
    EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::unavailable);
    EXPECT_NE(store.last_error().find("AUTH refused"), std::string::npos) << store.last_error();
    EXPECT_EQ(store.last_error().find("wrong-pw-9c2e"), std::string::npos);
    EXPECT_EQ(store.options().endpoint.to_string().find("wrong-pw-9c2e"), std::string::npos);
  }
  {
    wh::redis_dedup_store store(options_for(redis.unix_url()));  // no password
    EXPECT_EQ(store.claim("EVNT-1", t0), wh::claim_status::unavailable);
    EXPECT_NE(store.last_error().find("NOAUTH"), std::string::npos) << store.last_error();
  }
  {
    auto o = options_for(redis.unix_url());
    o.endpoint.password = password;
    wh::redis_dedup_store store(o);
    const wh::claim_result c = store.claim("EVNT-1", t0);
    ASSERT_EQ(c, wh::claim_status::first) << store.last_error();
    EXPECT_EQ(store.complete("EVNT-1", c.token, t0), wh::settle_status::done);
  }
}

TEST_F(RedisDedupStore, DatabaseAndKeyPrefixSeparateWindows) {
  auto o = options_for(redis_.unix_url() + "?db=3");
  wh::redis_dedup_store db3(o);
  o.key_prefix = "other:";
  wh::redis_dedup_store other(o);
  const wh::claim_result c = db3.claim("EVNT-1", t0);
  ASSERT_EQ(db3.complete("EVNT-1", c.token, t0), wh::settle_status::done);
  EXPECT_EQ(redis_.run({"GET", "test:EVNT-1"}, 3), "done");
  EXPECT_EQ(redis_.run({"EXISTS", "test:EVNT-1"}, 0), "0");
  EXPECT_EQ(other.claim("EVNT-1", t0), wh::claim_status::first);
  wh::redis_dedup_store db0(options_for(redis_.unix_url()));
  EXPECT_EQ(db0.claim("EVNT-1", t0), wh::claim_status::first);
}

// ---- URLs -----------------------------------------------------------------------------

TEST(RedisUrl, ParsesEveryForm) {
  struct case_ {
    std::string url, host;
    int port;
    std::string unix_path;
    unsigned db;
    std::string user, password, shown;
  };
  const std::vector<case_> cases = {
      {"redis://localhost", "localhost", 6379, "", 0, "", "", "redis://localhost:6379/0"},
      {"redis://127.0.0.1:6380", "127.0.0.1", 6380, "", 0, "", "", "redis://127.0.0.1:6380/0"},
      {"redis://127.0.0.1:6380/", "127.0.0.1", 6380, "", 0, "", "", "redis://127.0.0.1:6380/0"},
      {"redis://cache.internal:1/15", "cache.internal", 1, "", 15, "", "", "redis://cache.internal:1/15"},
      {"redis://:pw@h:2/3", "h", 2, "", 3, "", "pw", "redis://h:2/3"},
      {"redis://app:p%40ss%3Aw@h/0", "h", 6379, "", 0, "app", "p@ss:w", "redis://h:6379/0"},
      {"redis://[::1]:7000/2", "::1", 7000, "", 2, "", "", "redis://[::1]:7000/2"},
      {"redis://[::1]", "::1", 6379, "", 0, "", "", "redis://[::1]:6379/0"},
      {"unix:///run/redis/redis.sock", "127.0.0.1", 6379, "/run/redis/redis.sock", 0, "", "",
       "unix:///run/redis/redis.sock"},
      {"unix:///tmp/r.sock?db=4", "127.0.0.1", 6379, "/tmp/r.sock", 4, "", "", "unix:///tmp/r.sock?db=4"},
      {"unix://:pw@/tmp/r.sock", "127.0.0.1", 6379, "/tmp/r.sock", 0, "", "pw", "unix:///tmp/r.sock"},
  };
  for (const auto& c : cases) {
    std::string error;
    const auto e = wh::parse_redis_url(c.url, error);
    ASSERT_TRUE(e) << c.url << ": " << error;
    EXPECT_EQ(e->host, c.host) << c.url;
    EXPECT_EQ(e->port, c.port) << c.url;
    EXPECT_EQ(e->unix_path, c.unix_path) << c.url;
    EXPECT_EQ(e->db, c.db) << c.url;
    EXPECT_EQ(e->username, c.user) << c.url;
    EXPECT_EQ(e->password, c.password) << c.url;
    EXPECT_EQ(e->to_string(), c.shown) << c.url;
  }
}

TEST(RedisUrl, RejectsBadUrlsSayingWhatIsWrongWithoutThePassword) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "expected redis://"},
      {"localhost:6379", "expected redis://"},
      {"http://h:1/0", "unsupported scheme 'http'"},
      {"rediss://h:1/0", "unsupported scheme 'rediss'"},
      {"redis://", "no host"},
      {"redis://:6379/0", "no host"},
      {"redis://h:/0", "empty port"},
      {"redis://h:0/0", "port '0'"},
      {"redis://h:65536/0", "port '65536'"},
      {"redis://h:12ab/0", "port '12ab'"},
      {"redis://h:-1/0", "port '-1'"},
      {"redis://h:1/x", "database 'x'"},
      {"redis://h:1/1/2", "database '1/2'"},
      {"redis://h:1/99999999999", "database"},
      {"redis://h:1?db=2", "unexpected '?db=2'"},
      {"redis://[::1/0", "unterminated '['"},
      {"redis://[::1]x/0", "after ']'"},
      {"redis://pw-only-7d1@h/0", "credentials must be"},
      {"redis://:p%zzsecret@h/0", "percent-encoding"},
      {"redis://:p%4@h/0", "percent-encoding"},
      {"redis://h h:1/0", "invalid character"},
      {"unix://", "absolute socket path"},
      {"unix://relative/redis.sock", "absolute socket path"},
      {"unix:///tmp/r.sock?database=1", "only '?db=N'"},
      {"unix:///tmp/r.sock?db=x", "only '?db=N'"},
      {"unix://:hunter2-x91@", "absolute socket path"},
  };
  for (const auto& [url, expected] : cases) {
    std::string error;
    EXPECT_FALSE(wh::parse_redis_url(url, error)) << url;
    EXPECT_NE(error.find(expected), std::string::npos) << url << " -> " << error;
    EXPECT_TRUE(error.starts_with("Redis URL: ")) << error;
    for (const char* secret : {"pw-only-7d1", "secret", "hunter2-x91"}) {
      EXPECT_EQ(error.find(secret), std::string::npos) << url << " -> " << error;
    }
  }
}

TEST(RedisUrl, PasswordFromTheEnvironment) {
  ::unsetenv("ONCEHUB_REDIS_PASSWORD");
  ::unsetenv("REDISCLI_AUTH");
  EXPECT_EQ(wh::redis_password_from_environment(), "");
  ::setenv("REDISCLI_AUTH", "from-cli", 1);
  EXPECT_EQ(wh::redis_password_from_environment(), "from-cli");
  ::setenv("ONCEHUB_REDIS_PASSWORD", "ours", 1);
  EXPECT_EQ(wh::redis_password_from_environment(), "ours");
  ::unsetenv("ONCEHUB_REDIS_PASSWORD");
  ::unsetenv("REDISCLI_AUTH");
}

}  // namespace
