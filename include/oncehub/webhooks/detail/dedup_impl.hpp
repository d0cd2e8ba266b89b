// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind dedup.hpp: the status names, `memory_dedup_store` and
/// `dispatch_once`.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_DEDUP_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_DEDUP_IMPL_HPP

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "oncehub/webhooks/dedup.hpp"

namespace oncehub::webhooks::inline v0 {

constexpr std::string_view to_string(claim_status s) noexcept {
  switch (s) {
    case claim_status::first: return "first";
    case claim_status::duplicate: return "duplicate";
    case claim_status::in_progress: return "in_progress";
    case claim_status::unavailable: return "unavailable";
  }
  return "first";
}

constexpr std::string_view to_string(settle_status s) noexcept {
  switch (s) {
    case settle_status::done: return "done";
    case settle_status::stale: return "stale";
    case settle_status::unavailable: return "unavailable";
  }
  return "done";
}

constexpr int once_result::http_status() const noexcept {
  switch (claim) {
    case claim_status::duplicate: return 200;
    case claim_status::in_progress: return in_progress_http_status;
    case claim_status::unavailable: return unavailable_http_status;
    case claim_status::first: break;
  }
  return dispatch.http_status();
}

inline claim_token memory_dedup_store::token_of(std::uint64_t generation) noexcept {
  // Unique per claim within the store (generations never repeat); in-process, so it need
  // not be unguessable.
  constexpr char digits[] = "0123456789abcdef";
  std::array<char, 16> hex{};
  for (std::size_t i = 0; i < hex.size(); ++i) { hex[hex.size() - 1 - i] = digits[(generation >> (4 * i)) & 0xf]; }
  return claim_token(std::string_view(hex.data(), hex.size()));
}

inline claim_result memory_dedup_store::claim(std::string_view id, clock::time_point now) {
  const std::lock_guard lock(mutex_);
  purge(now);
  if (auto it = entries_.find(id); it != entries_.end()) {
    entry& e = it->second;
    // Checked here too, not only by purge: with a clock that steps back and forth, an
    // expired entry need not be at the front of the queue.
    if (e.expires > now) {
      return claim_result{e.status == state::handled ? claim_status::duplicate : claim_status::in_progress, {}};
    }
    e = entry{state::claimed, now + options_.lease, next_generation_++};  // expired: take it over
    return claim_result{claim_status::first, token_of(e.generation)};
  }
  const std::uint64_t generation = next_generation_++;
  entries_.emplace(std::string(id), entry{state::claimed, now + options_.lease, generation});
  purge(now);  // may forget the oldest handled id to stay within capacity (never a claim)
  return claim_result{claim_status::first, token_of(generation)};
}

inline settle_status memory_dedup_store::complete(std::string_view id, const claim_token& token,
                                                  clock::time_point now) {
  const std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  // Only the live claim of this token: not an expired lease (another claim may take it
  // over at any moment, as in a shared store where the key is gone), not a handled id.
  if (it == entries_.end() || it->second.status != state::claimed || it->second.expires <= now ||
      token_of(it->second.generation) != token) {
    return settle_status::stale;
  }
  it->second = entry{state::handled, now + options_.window, next_generation_++};
  handled_.push_back(record{std::string(id), it->second.generation});
  purge(now);
  return settle_status::done;
}

inline settle_status memory_dedup_store::release(std::string_view id, const claim_token& token) noexcept {
  const std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.status != state::claimed || token_of(it->second.generation) != token) {
    return settle_status::stale;
  }
  entries_.erase(it);
  return settle_status::done;
}

inline std::size_t memory_dedup_store::size() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

inline void memory_dedup_store::purge(clock::time_point now) {
  // Every handled id has the same window, so the queue is in expiry order: pop from the
  // front while it is expired, or while the store is over capacity. A record whose id was
  // since claimed or completed again (another generation) is stale and just dropped.
  while (!handled_.empty()) {
    const record& oldest = handled_.front();
    auto it = entries_.find(oldest.id);
    const bool live = it != entries_.end() && it->second.generation == oldest.generation;
    const bool over_capacity = entries_.size() > options_.capacity || handled_.size() > options_.capacity;
    if (live && !over_capacity && it->second.expires > now) { break; }
    if (live) { entries_.erase(it); }
    handled_.pop_front();
  }
}

inline once_result dispatch_once(const router& r, dedup_store& store, const accepted_event& e,
                                 dedup_store::clock::time_point now) {
  const std::string_view id = e.envelope().id;
  if (id.empty()) { return once_result{r.dispatch(e), claim_status::first, false}; }
  once_result out;
  claim_result claimed;
#if ONCEHUB_WEBHOOKS_EXCEPTIONS
  try {
    claimed = store.claim(id, now);
  } catch (...) {
    claimed = claim_result{claim_status::unavailable, {}};  // no claim: no handler, 503
  }
#else
  claimed = store.claim(id, now);
#endif
  out.claim = claimed.status;
  if (out.claim != claim_status::first) { return out; }

  // Releases the claim on every path that does not record the id (a failed handler, an
  // exception, a store that could not record it), unless the claim was lost anyway.
  struct release_unless_settled {
    dedup_store& store;
    std::string_view id;
    const claim_token& token;
    once_result& out;
    ~release_unless_settled() {
      if (out.recorded || out.settled == settle_status::stale) { return; }
      const settle_status released = store.release(id, token);
      if (out.settled == settle_status::done) { out.settled = released; }
    }
  } guard{store, id, claimed.token, out};

  out.dispatch = r.dispatch(e);
  if (out.dispatch) {
#if ONCEHUB_WEBHOOKS_EXCEPTIONS
    try {
      out.settled = store.complete(id, claimed.token, now);
    } catch (...) { out.settled = settle_status::unavailable; }
#else
    out.settled = store.complete(id, claimed.token, now);
#endif
    // Not recorded: the 2xx stands (see above).
    out.recorded = out.settled == settle_status::done;
  }
  return out;
}

inline once_result dispatch_once(const router& r, dedup_store& store, const result<accepted_event>& received,
                                 dedup_store::clock::time_point now) {
  if (!received) { return once_result{r.dispatch(received), claim_status::first, false}; }
  return dispatch_once(r, store, *received, now);
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_DEDUP_IMPL_HPP
