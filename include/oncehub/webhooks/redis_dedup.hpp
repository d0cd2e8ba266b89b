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

namespace oncehub::webhooks {

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

namespace detail::redis {

inline bool parse_decimal(std::string_view text, unsigned long long max, unsigned long long& value) {
  if (text.empty() || text.size() > 20) { return false; }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc{} && end == text.data() + text.size() && value <= max;
}

/// Decodes %XX escapes (RFC 3986 2.1) in a URL's user or password.
inline bool percent_decode(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) { return false; }
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
    if (ec != std::errc{} || end != text.data() + i + 3) { return false; }
    out += static_cast<char>(value);
    i += 2;
  }
  return true;
}

}  // namespace detail::redis

/// Parses a Redis URL: `redis://[[user]:password@]host[:port][/db]` (host may be an
/// `[IPv6]` literal; port 6379 and db 0 by default) or `unix://[[user]:password@]/path[?db=N]`.
/// User and password may be percent-encoded. On failure returns nothing and sets `error`
/// to what is wrong and where (never the password).
[[nodiscard]] inline std::optional<redis_endpoint> parse_redis_url(std::string_view url, std::string& error) {
  using detail::redis::parse_decimal;
  const auto fail = [&](std::string message) -> std::optional<redis_endpoint> {
    error = std::move(message);
    return std::nullopt;
  };
  redis_endpoint out;
  std::string_view rest;
  bool unix_socket = false;
  if (url.starts_with("redis://")) {
    rest = url.substr(8);
  } else if (url.starts_with("unix://")) {
    rest = url.substr(7);
    unix_socket = true;
  } else {
    const auto colon = url.find("://");
    return fail(colon == std::string_view::npos
                    ? "Redis URL: expected redis://host:port/db or unix:///path"
                    : "Redis URL: unsupported scheme '" + std::string(url.substr(0, colon)) +
                          "' (expected redis:// or unix://; hiredis 0.14 has no TLS for rediss://)");
  }
  // Credentials: everything before the last '@' preceding the path (a password may hold '@'
  // only percent-encoded, but be lenient with it).
  const std::size_t path_start = unix_socket ? rest.find('/') : rest.find_first_of("/?#");
  const std::string_view authority_part = rest.substr(0, path_start);
  if (const auto at = authority_part.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority_part.substr(0, at);
    const auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) {
      return fail("Redis URL: credentials must be ':password@' or 'user:password@'");
    }
    if (!detail::redis::percent_decode(userinfo.substr(0, colon), out.username) ||
        !detail::redis::percent_decode(userinfo.substr(colon + 1), out.password)) {
      return fail("Redis URL: bad percent-encoding in the credentials");
    }
    rest.remove_prefix(at + 1);
  }
  if (unix_socket) {
    std::string_view path = rest;
    std::string_view query;
    if (const auto q = rest.find('?'); q != std::string_view::npos) {
      path = rest.substr(0, q);
      query = rest.substr(q + 1);
    }
    if (path.empty() || path.front() != '/') { return fail("Redis URL: unix:// needs an absolute socket path (unix:///path)"); }
    if (path.find('\0') != std::string_view::npos) { return fail("Redis URL: NUL byte in the socket path"); }
    if (!query.empty()) {
      unsigned long long db = 0;
      if (!query.starts_with("db=") || !parse_decimal(query.substr(3), 1'000'000, db)) {
        return fail("Redis URL: unix:// accepts only '?db=N' after the path, got '?" + std::string(query) + "'");
      }
      out.db = static_cast<unsigned>(db);
    }
    out.unix_path = std::string(path);
    return out;
  }
  std::string_view authority = rest;
  std::string_view path;
  if (const auto slash = rest.find_first_of("/?#"); slash != std::string_view::npos) {
    authority = rest.substr(0, slash);
    path = rest.substr(slash);
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) { return fail("Redis URL: unterminated '[' in the host"); }
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') { return fail("Redis URL: unexpected text after ']' in the host"); }
      port = after.substr(1);
      if (port.empty()) { return fail("Redis URL: empty port after ':'"); }
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) { return fail("Redis URL: empty port after ':'"); }
  }
  if (host.empty()) { return fail("Redis URL: no host (redis://host:port/db)"); }
  if (host.find_first_of(" \t\r\n@[]") != std::string_view::npos || host.find('\0') != std::string_view::npos) {
    return fail("Redis URL: invalid character in the host");
  }
  out.host = std::string(host);
  if (!port.empty()) {
    unsigned long long value = 0;
    if (!parse_decimal(port, 65535, value) || value == 0) {
      return fail("Redis URL: port '" + std::string(port) + "' is not a number from 1 to 65535");
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  if (!path.empty() && path != "/") {
    if (path.front() != '/') { return fail("Redis URL: unexpected '" + std::string(path) + "' after the host"); }
    unsigned long long db = 0;
    if (!parse_decimal(path.substr(1), 1'000'000, db)) {
      return fail("Redis URL: database '" + std::string(path.substr(1)) + "' is not a number (redis://host:port/db)");
    }
    out.db = static_cast<unsigned>(db);
  }
  return out;
}

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
  explicit redis_dedup_store(redis_dedup_options options) : options_(std::move(options)) {
    options_.lease = std::max(options_.lease, std::chrono::milliseconds(1));
    options_.window = std::max(options_.window, std::chrono::milliseconds(1));
    options_.connect_timeout = std::max(options_.connect_timeout, std::chrono::milliseconds(1));
    options_.command_timeout = std::max(options_.command_timeout, std::chrono::milliseconds(1));
    options_.pool_size = std::max<std::size_t>(options_.pool_size, 1);
  }
  ~redis_dedup_store() override {
    for (redisContext* c : idle_) { redisFree(c); }
  }

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

// ---------------------------------------------------------------------------------------
// Implementation

inline claim_token redis_dedup_store::random_token() {
  // 128 bits from the operating system's generator (getrandom or RDRAND), in hex: unique
  // per claim, and not guessable by another client of the same Redis.
  thread_local std::random_device device;
  constexpr char digits[] = "0123456789abcdef";
  std::array<char, 32> hex{};
  for (std::size_t word = 0; word < 4; ++word) {
    const std::uint32_t bits = device();
    for (std::size_t i = 0; i < 8; ++i) { hex[word * 8 + i] = digits[(bits >> (4 * i)) & 0xf]; }
  }
  return claim_token(std::string_view(hex.data(), hex.size()));
}

inline void redis_dedup_store::fail(std::string message) noexcept {
  const std::lock_guard lock(mutex_);
  last_error_ = std::move(message);
}

namespace detail {
// Blocks SIGPIPE on this thread while hiredis writes, and consumes one that the write
// raised (a peer that hung up), unless one was already pending before: the way libcurl
// and OpenSSL-based clients make a library call SIGPIPE-safe without touching the
// process's signal handlers.
class sigpipe_guard {
 public:
  sigpipe_guard() noexcept {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    was_pending_ = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
    blocked_ = pthread_sigmask(SIG_BLOCK, &pipe_, &old_) == 0;
  }
  sigpipe_guard(const sigpipe_guard&) = delete;
  sigpipe_guard& operator=(const sigpipe_guard&) = delete;
  ~sigpipe_guard() {
    if (!blocked_) { return; }
    const int saved = errno;
    if (!was_pending_) {
      sigset_t pending;
      sigemptyset(&pending);
      if (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1) {
        const timespec zero{0, 0};
        while (sigtimedwait(&pipe_, nullptr, &zero) == -1 && errno == EINTR) {}
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    errno = saved;
  }

 private:
  sigset_t pipe_{};
  sigset_t old_{};
  bool was_pending_ = false;
  bool blocked_ = false;
};
}  // namespace detail

inline bool redis_dedup_store::log_in(redisContext* c) noexcept {
  const auto simple = [&](auto&& args) -> bool {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (std::string_view a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    const detail::sigpipe_guard no_sigpipe;
    reply_ptr r(static_cast<redisReply*>(redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data())));
    if (!r) {
      fail(std::string("Redis: ") + c->errstr);
      return false;
    }
    if (r->type == REDIS_REPLY_ERROR) {
      // The server's message (e.g. "WRONGPASS invalid username-password pair"), never ours.
      fail("Redis: " + std::string(std::string_view(args.front())) + " refused: " + std::string(r->str, r->len));
      return false;
    }
    return true;
  };
  if (!options_.endpoint.password.empty()) {
    const bool ok = options_.endpoint.username.empty()
                        ? simple(std::array<std::string_view, 2>{"AUTH", options_.endpoint.password})
                        : simple(std::array<std::string_view, 3>{"AUTH", options_.endpoint.username, options_.endpoint.password});
    if (!ok) { return false; }
  }
  if (options_.endpoint.db != 0) {
    const std::string db = std::to_string(options_.endpoint.db);
    if (!simple(std::array<std::string_view, 2>{"SELECT", db})) { return false; }
  }
  return true;
}

inline redisContext* redis_dedup_store::connect() noexcept {
  const timeval connect_timeout = to_timeval(options_.connect_timeout);
  const redis_endpoint& e = options_.endpoint;
  redisContext* c = e.unix_path.empty() ? redisConnectWithTimeout(e.host.c_str(), e.port, connect_timeout)
                                        : redisConnectUnixWithTimeout(e.unix_path.c_str(), connect_timeout);
  if (c == nullptr) {
    fail("Redis: cannot allocate a connection");
    return nullptr;
  }
  if (c->err != 0) {
    fail("Redis: cannot connect to " + e.to_string() + ": " + c->errstr);
    redisFree(c);
    return nullptr;
  }
  // Every command then waits at most command_timeout (SO_RCVTIMEO / SO_SNDTIMEO).
  if (redisSetTimeout(c, to_timeval(options_.command_timeout)) != REDIS_OK ||
      (e.unix_path.empty() && redisEnableKeepAlive(c) != REDIS_OK) || !log_in(c)) {
    if (c->err != 0) { fail("Redis: " + e.to_string() + ": " + c->errstr); }
    redisFree(c);
    return nullptr;
  }
  return c;
}

inline redisContext* redis_dedup_store::acquire(bool& reused) noexcept {
  {
    std::unique_lock lock(mutex_);
    const bool free = freed_.wait_for(lock, options_.command_timeout,
                                      [&] { return !idle_.empty() || open_ < options_.pool_size; });
    if (!free) {
      last_error_ = "Redis: every pooled connection stayed busy for the command timeout";
      return nullptr;
    }
    if (!idle_.empty()) {
      redisContext* c = idle_.back();
      idle_.pop_back();
      reused = true;
      return c;
    }
    ++open_;
  }
  reused = false;
  redisContext* c = connect();  // outside the lock: it may take connect_timeout
  if (c == nullptr) {
    const std::lock_guard lock(mutex_);
    --open_;
    freed_.notify_one();
  }
  return c;
}

inline void redis_dedup_store::give_back(redisContext* c, bool healthy) noexcept {
  std::vector<redisContext*> stale;
  {
    const std::lock_guard lock(mutex_);
    if (healthy && c->err == 0) {
      idle_.push_back(c);
      c = nullptr;
    } else {
      // One connection failed: the others were most likely opened to the same server
      // before it went away, so drop them too and reconnect on demand.
      --open_;
      open_ -= idle_.size();
      stale.swap(idle_);
    }
    freed_.notify_all();
  }
  if (c != nullptr) { redisFree(c); }
  for (redisContext* s : stale) { redisFree(s); }
}

template <std::size_t N>
redis_dedup_store::reply_ptr redis_dedup_store::command(const std::array<std::string_view, N>& args) noexcept {
  std::array<const char*, N> argv{};
  std::array<std::size_t, N> lengths{};
  for (std::size_t i = 0; i < N; ++i) {
    argv[i] = args[i].data();
    lengths[i] = args[i].size();
  }
  // A connection that sat in the pool may have been closed by a server that restarted
  // since: such a failure (EOF or reset, not a timeout) is retried once on a new one.
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = false;
    redisContext* c = acquire(reused);
    if (c == nullptr) { return nullptr; }
    errno = 0;
    reply_ptr r;
    {
      const detail::sigpipe_guard no_sigpipe;
      r.reset(static_cast<redisReply*>(redisCommandArgv(c, static_cast<int>(N), argv.data(), lengths.data())));
    }
    if (r) {
      give_back(c, true);
      return r;
    }
    const int error = c->err;
    const int os_error = errno;
    fail("Redis: " + options_.endpoint.to_string() + ": " + c->errstr);
    give_back(c, false);
    const bool closed = error == REDIS_ERR_EOF || (error == REDIS_ERR_IO && (os_error == ECONNRESET || os_error == EPIPE));
    if (!reused || !closed) { return nullptr; }
  }
  return nullptr;
}

inline claim_result redis_dedup_store::claim(std::string_view id, clock::time_point) {
  const claim_token token = random_token();
  const std::string k = key(id);
  const std::string lease = std::to_string(options_.lease.count());
  // Twice at most: the key may expire or be released between SET and GET.
  for (int attempt = 0; attempt < 2; ++attempt) {
    reply_ptr set = command(std::array<std::string_view, 6>{"SET", k, token.view(), "NX", "PX", lease});
    if (!set) { return claim_result{claim_status::unavailable, {}}; }
    if (set->type == REDIS_REPLY_STATUS) { return claim_result{claim_status::first, token}; }
    if (set->type != REDIS_REPLY_NIL) {
      fail("Redis: SET answered " + std::string(set->type == REDIS_REPLY_ERROR ? std::string_view(set->str, set->len) : "an unexpected reply"));
      return claim_result{claim_status::unavailable, {}};
    }
    reply_ptr get = command(std::array<std::string_view, 2>{"GET", k});
    if (!get) { return claim_result{claim_status::unavailable, {}}; }
    if (get->type == REDIS_REPLY_STRING) {
      const std::string_view value(get->str, get->len);
      if (value == "done") { return claim_result{claim_status::duplicate, {}}; }
      // Our own token: a SET retried after a dropped connection had taken effect.
      if (value == token.view()) { return claim_result{claim_status::first, token}; }
      return claim_result{claim_status::in_progress, {}};
    }
    if (get->type != REDIS_REPLY_NIL) {
      fail("Redis: GET answered " + std::string(get->type == REDIS_REPLY_ERROR ? std::string_view(get->str, get->len) : "an unexpected reply"));
      return claim_result{claim_status::unavailable, {}};
    }
  }
  return claim_result{claim_status::in_progress, {}};  // the key keeps coming and going: someone is at it
}

inline settle_status redis_dedup_store::run_script(std::string_view script, std::string_view sha1, std::string_view id,
                                                   const claim_token& token, std::string_view extra) noexcept {
  if (token.empty()) { return settle_status::stale; }
  const std::string k = key(id);
  reply_ptr r = extra.empty() ? command(std::array<std::string_view, 5>{"EVALSHA", sha1, "1", k, token.view()})
                              : command(std::array<std::string_view, 6>{"EVALSHA", sha1, "1", k, token.view(), extra});
  if (r && r->type == REDIS_REPLY_ERROR && std::string_view(r->str, r->len).starts_with("NOSCRIPT")) {
    // Not cached on this server yet (a new or restarted Redis): EVAL sends it and caches it.
    r = extra.empty() ? command(std::array<std::string_view, 5>{"EVAL", script, "1", k, token.view()})
                      : command(std::array<std::string_view, 6>{"EVAL", script, "1", k, token.view(), extra});
  }
  if (!r) { return settle_status::unavailable; }
  if (r->type == REDIS_REPLY_INTEGER) { return r->integer == 1 ? settle_status::done : settle_status::stale; }
  fail("Redis: script answered " + std::string(r->type == REDIS_REPLY_ERROR ? std::string_view(r->str, r->len) : "an unexpected reply"));
  return settle_status::unavailable;
}

inline settle_status redis_dedup_store::complete(std::string_view id, const claim_token& token, clock::time_point) {
  return run_script(complete_script, complete_script_sha1, id, token, std::to_string(options_.window.count()));
}

inline settle_status redis_dedup_store::release(std::string_view id, const claim_token& token) noexcept {
  return run_script(release_script, release_script_sha1, id, token, {});
}

inline bool redis_dedup_store::ping() {
  reply_ptr r = command(std::array<std::string_view, 1>{"PING"});
  return r && r->type == REDIS_REPLY_STATUS;
}

}  // namespace oncehub::webhooks

#endif  // ONCEHUB_WEBHOOKS_REDIS_DEDUP_HPP
