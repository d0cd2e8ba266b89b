// SPDX-License-Identifier: MIT
/// @file
/// Behind redis_dedup.hpp: Redis URLs, and the store's pool of hiredis connections
/// (connect with timeouts, log in, borrow and return, one command with SIGPIPE held off).
#ifndef ONCEHUB_WEBHOOKS_DETAIL_REDIS_CONNECTION_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_REDIS_CONNECTION_HPP

#include "oncehub/webhooks/redis_dedup.hpp"

namespace oncehub::webhooks::inline v0 {

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

inline std::optional<redis_endpoint> parse_redis_url(std::string_view url, std::string& error) {
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
    if (path.empty() || path.front() != '/') {
      return fail("Redis URL: unix:// needs an absolute socket path (unix:///path)");
    }
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
    reply_ptr r(
        static_cast<redisReply*>(redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data())));
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
    const bool ok =
        options_.endpoint.username.empty()
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
    const bool free =
        freed_.wait_for(lock, options_.command_timeout, [&] { return !idle_.empty() || open_ < options_.pool_size; });
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
    const bool closed =
        error == REDIS_ERR_EOF || (error == REDIS_ERR_IO && (os_error == ECONNRESET || os_error == EPIPE));
    if (!reused || !closed) { return nullptr; }
  }
  return nullptr;
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_REDIS_CONNECTION_HPP
