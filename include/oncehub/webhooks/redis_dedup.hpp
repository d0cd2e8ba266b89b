// SPDX-License-Identifier: MIT
/// @file
/// `redis_dedup_store`: a `dedup_store` on Redis (over hiredis), so that several receiver
/// processes share one de-duplication window and it survives their restarts.
///
/// Only this header needs hiredis (Debian `libhiredis-dev`, 0.14 or later): link
/// `oncehub::webhooks_redis` (CMake: `find_package(oncehub_webhooks COMPONENTS redis)`),
/// or add `pkg-config --libs hiredis` yourself. Everything else in the library stays
/// without it.
///
/// ```text
/// claim(id)              SET <prefix><id> <token> NX PX <lease>
///                          OK  -> first (the caller holds the claim)
///                          nil -> GET <prefix><id>: "done" -> duplicate, a token -> in_progress
/// complete(id, token)    if GET == token then SET <key> done PX <window>   (a Lua script)
/// release(id, token)     if GET == token then DEL <key>                    (a Lua script)
/// ```
///
/// This is Redis's documented lock pattern (https://redis.io/commands/set/, "Patterns"):
/// the key expires with the lease if its holder dies, and the scripts (EVALSHA, EVAL on
/// NOSCRIPT) make `complete` and `release` compare-and-set, so a holder whose lease
/// expired cannot overwrite the worker that took the id over. Expiry runs on the Redis
/// server's clock: the `now` arguments are ignored.
///
/// When Redis cannot be reached, times out (`command_timeout`) or answers an error, the
/// store answers `claim_status::unavailable` / `settle_status::unavailable`, which
/// `dispatch_once` turns into 503 without running a handler: OnceHub retries. Connections
/// are pooled (a hiredis context is not thread-safe), opened on demand, and dropped and
/// reopened after a failure. hiredis writes with `write(2)`, which raises `SIGPIPE` when
/// Redis has hung up: every command runs with `SIGPIPE` blocked on the calling thread and
/// a signal it raised is consumed, so a Redis that goes away never kills the process, with
/// or without the server ignoring `SIGPIPE` (`RedisDedupStore.ARedisThatHangsUpNeverKillsTheProcess`).
#ifndef ONCEHUB_WEBHOOKS_REDIS_DEDUP_HPP
#define ONCEHUB_WEBHOOKS_REDIS_DEDUP_HPP

// Debian's pkg-config flags add -I/usr/include/hiredis; other installs only the parent.
#if __has_include(<hiredis/hiredis.h>)
#include <hiredis/hiredis.h>
#else
#include <hiredis.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "oncehub/webhooks/dedup.hpp"

namespace oncehub::webhooks::inline v0 {

/// Where a Redis server is, and how to log in.
struct redis_endpoint {
  /// Host name or address (TCP); unused when `unix_path` is set.
  std::string host = "127.0.0.1";
  /// TCP port.
  std::uint16_t port = 6379;
  /// A unix socket's path; when set, the server is reached through it.
  std::string unix_path;
  /// The logical database (`SELECT`); 0 is Redis's default.
  unsigned db = 0;
  /// An ACL user (Redis 6+, `AUTH user password`); empty: `AUTH password` (requirepass).
  std::string username;
  /// The password; empty: no `AUTH`. Never printed by this library (`to_string` omits it).
  std::string password;

  /// The endpoint as a URL without credentials, for logs: `redis://host:port/db` or
  /// `unix:///path?db=N` (`?db` only when not 0).
  [[nodiscard]] std::string to_string() const {
    std::string out;
    if (!unix_path.empty()) {
      out = "unix://" + unix_path;
      if (db != 0) { out += "?db=" + std::to_string(db); }
      return out;
    }
    const bool ipv6 = host.find(':') != std::string::npos;
    out = "redis://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(db);
    return out;
  }
};

/// Parses a Redis URL: `redis://[[user]:password@]host[:port][/db]` (host may be an
/// `[IPv6]` literal; port 6379 and db 0 by default) or `unix://[[user]:password@]/path[?db=N]`.
/// User and password may be percent-encoded. On failure returns nothing and sets `error`
/// to what is wrong and where (never the password).
[[nodiscard]] std::optional<redis_endpoint> parse_redis_url(std::string_view url, std::string& error);

/// A password from the environment, so that it stays out of URLs, command lines and
/// process lists: `ONCEHUB_REDIS_PASSWORD`, else `REDISCLI_AUTH` (redis-cli's); empty if
/// neither is set.
[[nodiscard]] inline std::string redis_password_from_environment() {
  for (const char* name : {"ONCEHUB_REDIS_PASSWORD", "REDISCLI_AUTH"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') { return value; }
  }
  return {};
}

/// Settings of a `redis_dedup_store`.
struct redis_dedup_options {
  /// The server (see `parse_redis_url`).
  redis_endpoint endpoint{};
  /// Prepended to every event id to make its key: share one prefix between the replicas of
  /// one receiver, and use another for another receiver on the same Redis.
  std::string key_prefix = "oncehub:webhooks:dedup:";
  /// How long a claim holds the id: longer than the slowest handler run, or a copy
  /// delivered meanwhile could be handled in parallel (README, "Running N replicas").
  std::chrono::milliseconds lease = std::chrono::minutes(5);
  /// How long a handled id is remembered: OnceHub retries for about three days (SPEC 8.1).
  std::chrono::milliseconds window = std::chrono::hours(72);
  /// The longest wait to open a connection (TCP connect, or the unix socket).
  std::chrono::milliseconds connect_timeout = std::chrono::milliseconds(500);
  /// The longest wait for one command's reply, and for a free pooled connection.
  std::chrono::milliseconds command_timeout = std::chrono::milliseconds(500);
  /// The most connections open at once (one per concurrent call): match the receiver's
  /// worker threads.
  std::size_t pool_size = 16;
};

/// The `dedup_store` on Redis: see the file comment for the protocol. Thread-safe: every
/// call takes a pooled connection. Non-positive durations and a zero pool size are
/// raised to 1 ms and 1.
class redis_dedup_store final : public dedup_store {
 public:
  explicit redis_dedup_store(redis_dedup_options options);
  ~redis_dedup_store() override;

  [[nodiscard]] claim_result claim(std::string_view id, clock::time_point now) override;
  settle_status complete(std::string_view id, const claim_token& token, clock::time_point now) override;
  settle_status release(std::string_view id, const claim_token& token) noexcept override;

  /// True when Redis answers `PING` now (connecting and logging in as needed): for a
  /// start-up check or a readiness probe.
  [[nodiscard]] bool ping();
  /// The last failure (connection, timeout, error reply), for logs; never holds the
  /// password. Empty before any failure.
  [[nodiscard]] std::string last_error() const {
    const std::lock_guard lock(mutex_);
    return last_error_;
  }
  /// The settings in use (they hold the password: do not print them; use
  /// `options().endpoint.to_string()`).
  [[nodiscard]] const redis_dedup_options& options() const noexcept { return options_; }

  /// The Lua scripts and their SHA-1 digests (what EVALSHA names; `SCRIPT LOAD` of the
  /// script answers the same digest).
  static constexpr std::string_view complete_script =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2]) return 1 end "
      "return 0";
  static constexpr std::string_view complete_script_sha1 = "6a8c30a792897b6c019bdd0bd31fef4920fba9f1";
  static constexpr std::string_view release_script =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end return 0";
  static constexpr std::string_view release_script_sha1 = "e212a91aa9756e471f2c4b7c088d396d70748b11";

 private:
  struct reply_deleter {
    void operator()(redisReply* r) const noexcept { freeReplyObject(r); }
  };
  using reply_ptr = std::unique_ptr<redisReply, reply_deleter>;

  template <std::size_t N>
  reply_ptr command(const std::array<std::string_view, N>& args) noexcept;
  settle_status run_script(std::string_view script, std::string_view sha1, std::string_view id,
                           const claim_token& token, std::string_view extra) noexcept;
  redisContext* acquire(bool& reused) noexcept;
  void give_back(redisContext* c, bool healthy) noexcept;
  redisContext* connect() noexcept;
  bool log_in(redisContext* c) noexcept;
  void fail(std::string message) noexcept;
  std::string key(std::string_view id) const { return options_.key_prefix + std::string(id); }
  static claim_token random_token();
  static timeval to_timeval(std::chrono::milliseconds ms) noexcept {
    return timeval{static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
  }

  redis_dedup_options options_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<redisContext*> idle_;  // connected, logged in, no error
  std::size_t open_ = 0;             // idle plus in use plus being opened
  std::string last_error_;
};

}  // namespace oncehub::webhooks::inline v0

#include "oncehub/webhooks/detail/redis_connection.hpp"
#include "oncehub/webhooks/detail/redis_dedup_impl.hpp"

#endif  // ONCEHUB_WEBHOOKS_REDIS_DEDUP_HPP
