// SPDX-License-Identifier: MIT
// Scale-out, as processes: oncehub-webhook-receiver replicas sharing one real redis-server
// (--dedup-redis), sent the same signed deliveries concurrently; a replica killed with
// SIGKILL mid-delivery; a replica restarted; Redis stopped mid-run and restarted. Every
// test prints its counts (deliveries sent, handler runs, duplicates, 409s, 503s).
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <oncehub/webhooks/signature.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "e2e/process.hpp"
#include "redis/redis_server.hpp"
#include "support/test_data.hpp"

namespace wh = oncehub::webhooks;
using namespace std::chrono_literals;

namespace {

const std::string kSecret = "redis-e2e-secret-1b6f";
const std::string kPrefix = "oncehub:webhooks:dedup:";  // the receiver's (the store's default)

/// One receiver process on a free port, sharing the window through `url`.
class replica {
 public:
  replica(const std::string& url, std::vector<std::string> flags = {}, std::vector<std::string> environment = {}) {
    std::vector<std::string> argv{ONCEHUB_WEBHOOK_RECEIVER, "--port", "0", "--secret", kSecret, "--threads", "8",
                                  "--dedup-redis",          url};
    argv.insert(argv.end(), flags.begin(), flags.end());
    process_ = std::make_unique<e2e::child_process>(argv, environment);
    const auto line = process_->first_line();
    static const std::regex listening(R"(^listening on http://127\.0\.0\.1:([0-9]+)(/.*)$)");
    std::smatch m;
    if (!line || !std::regex_match(*line, m, listening)) {
      throw std::runtime_error("the receiver did not start: " + process_->out() + process_->err());
    }
    port_ = std::stoi(m[1]);
    path_ = m[2];
  }

  /// POSTs `body`, signed now; the status and the answer's first word (the outcome), or
  /// {-1, ""} when no answer came (the replica died).
  std::pair<int, std::string> post(const std::string& body) const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(10s);
    client.set_connection_timeout(2s);
    httplib::Headers headers{
        {"Oncehub-Signature",
         wh::sign(body, kSecret, std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()))
             .value()}};
    const auto response = client.Post(path_, headers, body, "application/json");
    if (!response) { return {-1, ""}; }
    answered_.fetch_add(1);
    return {response->status, response->body.substr(0, response->body.find('\n'))};
  }

  /// Handler runs so far, from the delivery log (one line per answered delivery, written
  /// before the answer is sent; waits until this test's pipe reader has them all).
  [[nodiscard]] int handled() const {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (true) {
      int lines = 0;
      int n = 0;
      for (const auto& line : e2e::lines_of(process_->out())) {
        lines += line.starts_with("status=") ? 1 : 0;
        n += line.find(" outcome=handled ") != std::string::npos ? 1 : 0;
      }
      if (lines >= answered_.load() || std::chrono::steady_clock::now() > deadline) { return n; }
      std::this_thread::sleep_for(2ms);
    }
  }
  void kill(int signal_number) {
    process_->signal(signal_number);
    (void)process_->wait();
  }
  [[nodiscard]] std::string out() const { return process_->out(); }
  [[nodiscard]] std::string err() const { return process_->err(); }

 private:
  std::unique_ptr<e2e::child_process> process_;
  mutable std::atomic<int> answered_{0};
  int port_ = 0;
  std::string path_;
};

std::string delivery(const std::string& id) {
  std::string body = test_data::read_file(test_data::data_dir() /
                                          "valid/booking.scheduled/compact-expanded-owner-page-event-type.json");
  const auto start = body.find("EVNT-");
  return body.replace(start, body.find('"', start) - start, id);
}

/// Answers by kind, across replicas and threads.
struct tally {
  std::mutex mutex;
  std::map<std::string, int> by_answer;  // "200 handled", "200 duplicate", "409 in_progress"...
  int sent = 0;
  void add(const std::pair<int, std::string>& answer) {
    const std::lock_guard lock(mutex);
    ++sent;
    ++by_answer[std::to_string(answer.first) + " " + answer.second];
  }
  int count(const std::string& key) {
    const std::lock_guard lock(mutex);
    return by_answer.count(key) != 0 ? by_answer[key] : 0;
  }
  std::string report(const std::string& test, int handler_runs) {
    const std::lock_guard lock(mutex);
    std::string line =
        "[counts] " + test + ": deliveries=" + std::to_string(sent) + " handler_runs=" + std::to_string(handler_runs);
    int duplicates = 0, conflicts = 0, unavailable = 0;
    for (const auto& [k, v] : by_answer) {
      duplicates += k == "200 duplicate" ? v : 0;
      conflicts += k.starts_with("409") ? v : 0;
      unavailable += k.starts_with("503") ? v : 0;
    }
    line += " duplicates=" + std::to_string(duplicates) + " 409s=" + std::to_string(conflicts) +
            " 503s=" + std::to_string(unavailable);
    line += " (";
    for (const auto& [k, v] : by_answer) { line += k + ":" + std::to_string(v) + ", "; }
    line += ")";
    std::printf("%s\n", line.c_str());
    return line;
  }
};

TEST(RedisReplicas, TwoReplicasSentTheSameDeliveriesConcurrentlyRunEachHandlerOnce) {
  redis_test::server redis;
  // A short handler delay widens the window in which copies meet in flight (409).
  replica a(redis.unix_url(), {"--handler-delay-ms", "20"});
  replica b(redis.unix_url(), {"--handler-delay-ms", "20"});
  constexpr int ids = 10;
  constexpr int copies_per_sender = 5;
  constexpr int senders_per_replica = 4;
  tally answers;
  std::vector<std::thread> senders;
  for (const replica* r : {&a, &b}) {
    for (int s = 0; s < senders_per_replica; ++s) {
      senders.emplace_back([&, r] {
        for (int c = 0; c < copies_per_sender; ++c) {
          for (int i = 0; i < ids; ++i) { answers.add(r->post(delivery("EVNT-shared-" + std::to_string(i)))); }
        }
      });
    }
  }
  for (auto& t : senders) { t.join(); }
  const int runs = a.handled() + b.handled();
  const std::string line = answers.report("two replicas, same deliveries", runs);
  EXPECT_EQ(runs, ids) << line;
  EXPECT_EQ(answers.count("200 handled"), ids) << line;
  EXPECT_EQ(answers.count("200 handled") + answers.count("200 duplicate") + answers.count("409 in_progress"),
            answers.sent)
      << line;
  EXPECT_EQ(answers.sent, 2 * senders_per_replica * copies_per_sender * ids);
  EXPECT_GT(answers.count("200 duplicate"), 0) << line;
  for (int i = 0; i < ids; ++i) {
    EXPECT_EQ(redis.run({"GET", kPrefix + "EVNT-shared-" + std::to_string(i)}), "done") << i;
  }
  // A retry of each, now: a duplicate on either replica.
  for (int i = 0; i < ids; ++i) {
    EXPECT_EQ((i % 2 ? a : b).post(delivery("EVNT-shared-" + std::to_string(i))),
              std::make_pair(200, std::string("duplicate")));
  }
  EXPECT_EQ(a.handled() + b.handled(), ids);
}

TEST(RedisReplicas, AReplicaKilledMidDeliveryLeavesItToTheRetryAfterTheLease) {
  redis_test::server redis;
  constexpr auto lease = 1000ms;
  replica slow(redis.unix_url(), {"--dedup-lease-ms", "1000", "--handler-delay-ms", "5000"});
  replica other(redis.unix_url(), {"--dedup-lease-ms", "1000"});
  const std::string body = delivery("EVNT-killed-1");
  tally answers;
  std::thread in_flight([&] { answers.add(slow.post(body)); });
  // Wait for the slow replica's claim on Redis, then kill it mid-delivery.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (redis.run({"EXISTS", kPrefix + "EVNT-killed-1"}) != "1" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(2ms);
  }
  const auto claimed_at = std::chrono::steady_clock::now();
  ASSERT_EQ(redis.run({"EXISTS", kPrefix + "EVNT-killed-1"}), "1");
  slow.kill(SIGKILL);
  in_flight.join();
  EXPECT_EQ(answers.count("-1 "), 1);  // the sender saw the connection drop: OnceHub retries

  // The claim holds until its lease ends: a retry meanwhile is 409...
  const auto retry = other.post(body);
  answers.add(retry);
  if (std::chrono::steady_clock::now() - claimed_at < lease - 100ms) {  // not so on a starved machine
    EXPECT_EQ(retry, std::make_pair(409, std::string("in_progress")));
  }
  // ...and after it, handled once.
  std::this_thread::sleep_until(claimed_at + lease + 100ms);
  for (int i = 0; i < 4; ++i) { answers.add(other.post(body)); }
  const int runs = slow.handled() + other.handled();
  const std::string line = answers.report("replica killed mid-delivery", runs);
  EXPECT_EQ(runs, 1) << line;
  EXPECT_EQ(answers.count("200 handled"), 1) << line;
  EXPECT_EQ(answers.count("200 duplicate") + answers.count("200 handled") + answers.count("409 in_progress"), 5)
      << line;
  EXPECT_EQ(redis.run({"GET", kPrefix + "EVNT-killed-1"}), "done");
}

TEST(RedisReplicas, ARestartedReplicaStillKnowsItsIds) {
  redis_test::server redis;
  tally answers;
  int runs = 0;
  {
    replica first(redis.unix_url(), {"--dedup-window", "3600"});
    for (int i = 0; i < 5; ++i) { answers.add(first.post(delivery("EVNT-restart-" + std::to_string(i)))); }
    const long long ttl = std::stoll(redis.run({"PTTL", kPrefix + "EVNT-restart-0"}).value_or("0"));
    EXPECT_GT(ttl, 3'500'000);  // --dedup-window is the window on Redis too
    EXPECT_LE(ttl, 3'600'000);
    runs += first.handled();
    first.kill(SIGTERM);
  }
  replica again(redis.unix_url());
  for (int i = 0; i < 5; ++i) {
    const auto answer = again.post(delivery("EVNT-restart-" + std::to_string(i)));
    answers.add(answer);
    EXPECT_EQ(answer, std::make_pair(200, std::string("duplicate"))) << i;
  }
  runs += again.handled();
  const std::string line = answers.report("replica restarted", runs);
  EXPECT_EQ(runs, 5) << line;
  EXPECT_EQ(answers.count("200 handled"), 5) << line;
}

TEST(RedisReplicas, RedisStoppedMidRunAnswers503ThenRetriesAreHandledOnce) {
  redis_test::server redis;
  replica a(redis.unix_url());
  replica b(redis.unix_url());
  tally answers;
  for (int i = 0; i < 4; ++i) { answers.add((i % 2 ? a : b).post(delivery("EVNT-before-" + std::to_string(i)))); }
  ASSERT_EQ(answers.count("200 handled"), 4);

  redis.stop();
  constexpr int ids = 6;
  for (int copy = 0; copy < 2; ++copy) {
    for (int i = 0; i < ids; ++i) {
      const auto answer = (i % 2 ? a : b).post(delivery("EVNT-during-" + std::to_string(i)));
      answers.add(answer);
      EXPECT_EQ(answer, std::make_pair(503, std::string("unavailable"))) << i;
    }
  }
  EXPECT_EQ(a.handled() + b.handled(), 4);  // nothing handled without a claim

  redis.start();  // empty (persistence is off here); same socket
  for (int retry = 0; retry < 3; ++retry) {
    std::vector<std::thread> senders;
    for (int i = 0; i < ids; ++i) {
      senders.emplace_back([&, i] { answers.add(a.post(delivery("EVNT-during-" + std::to_string(i)))); });
      senders.emplace_back([&, i] { answers.add(b.post(delivery("EVNT-during-" + std::to_string(i)))); });
    }
    for (auto& t : senders) { t.join(); }
  }
  const int runs = a.handled() + b.handled();
  const std::string line = answers.report("redis stopped mid-run", runs);
  EXPECT_EQ(runs, 4 + ids) << line;
  EXPECT_EQ(answers.count("503 unavailable"), 2 * ids) << line;
  EXPECT_EQ(answers.count("200 handled"), 4 + ids) << line;
  EXPECT_EQ(answers.count("200 handled") + answers.count("200 duplicate") + answers.count("409 in_progress") +
                answers.count("503 unavailable"),
            answers.sent)
      << line;
}

TEST(RedisReplicas, ThePasswordComesFromTheEnvironmentAndIsNeverPrinted) {
  const std::string password = "replica-pw-77c3e1";
  redis_test::server redis(false, password);
  replica r(redis.unix_url(), {}, {"ONCEHUB_REDIS_PASSWORD=" + password});
  EXPECT_EQ(r.post(delivery("EVNT-auth-1")), std::make_pair(200, std::string("handled")));
  EXPECT_EQ(r.post(delivery("EVNT-auth-1")), std::make_pair(200, std::string("duplicate")));
  replica wrong(redis.unix_url(), {}, {"ONCEHUB_REDIS_PASSWORD=not-" + password});
  EXPECT_EQ(wrong.post(delivery("EVNT-auth-2")), std::make_pair(503, std::string("unavailable")));
  r.kill(SIGTERM);
  wrong.kill(SIGTERM);
  for (const replica* p : {&r, &wrong}) {
    EXPECT_EQ(p->out().find(password), std::string::npos);
    EXPECT_EQ(p->err().find(password), std::string::npos);
    EXPECT_NE(p->err().find("dedup: redis " + redis.unix_url()), std::string::npos) << p->err();
  }
}

TEST(RedisReplicas, ABadUrlIsAUsageError) {
  for (const std::string url : {"http://h/0", "redis://h:99999/0", "unix://relative"}) {
    e2e::child_process p({ONCEHUB_WEBHOOK_RECEIVER, "--secret", kSecret, "--dedup-redis", url});
    EXPECT_EQ(p.wait(), 2) << url;
    EXPECT_NE(p.err().find("--dedup-redis: Redis URL: "), std::string::npos) << p.err();
  }
}

}  // namespace
