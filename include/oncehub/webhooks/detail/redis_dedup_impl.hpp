// SPDX-License-Identifier: MIT
/// @file
/// Behind redis_dedup.hpp: the `redis_dedup_store` protocol (claim with SET NX PX, settle
/// with compare-and-set scripts) over the connection pool of detail/redis_connection.hpp.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_REDIS_DEDUP_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_REDIS_DEDUP_IMPL_HPP

#include "oncehub/webhooks/detail/redis_connection.hpp"
#include "oncehub/webhooks/redis_dedup.hpp"

namespace oncehub::webhooks::inline v0 {

inline redis_dedup_store::redis_dedup_store(redis_dedup_options options) : options_(std::move(options)) {
  options_.lease = std::max(options_.lease, std::chrono::milliseconds(1));
  options_.window = std::max(options_.window, std::chrono::milliseconds(1));
  options_.connect_timeout = std::max(options_.connect_timeout, std::chrono::milliseconds(1));
  options_.command_timeout = std::max(options_.command_timeout, std::chrono::milliseconds(1));
  options_.pool_size = std::max<std::size_t>(options_.pool_size, 1);
}

inline redis_dedup_store::~redis_dedup_store() {
  for (redisContext* c : idle_) { redisFree(c); }
}

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
      fail("Redis: SET answered " +
           std::string(set->type == REDIS_REPLY_ERROR ? std::string_view(set->str, set->len) : "an unexpected reply"));
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
      fail("Redis: GET answered " +
           std::string(get->type == REDIS_REPLY_ERROR ? std::string_view(get->str, get->len) : "an unexpected reply"));
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
  fail("Redis: script answered " +
       std::string(r->type == REDIS_REPLY_ERROR ? std::string_view(r->str, r->len) : "an unexpected reply"));
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

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_REDIS_DEDUP_IMPL_HPP
