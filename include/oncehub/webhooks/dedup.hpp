// SPDX-License-Identifier: MIT
/// @file
/// De-duplication of retried deliveries: `dedup_store` (the interface a receiver keeps
/// event ids in), `memory_dedup_store` (a bounded, time-limited, thread-safe default) and
/// `dispatch_once` (claim the id, run the router, record the id only if it succeeded).
///
/// OnceHub delivers at least once: a delivery whose 2xx it did not see (a timeout, a
/// dropped connection) is sent again, re-signed, with the same envelope `id` (SPEC 8.1).
/// Keyed on that id, a receiver acknowledges the repeat with 200 without handling it twice:
///
/// ```cpp
/// wh::memory_dedup_store seen;  // one per process, shared by every worker thread
/// ...
/// auto delivery = endpoint.receive(body, signature);  // verify, then parse
/// wh::once_result r = wh::dispatch_once(router, seen, delivery);
/// return r.http_status();  // 200 for a repeat, 409 while the first copy is in flight
/// ```
///
/// The id is recorded only after the handlers succeeded: a delivery that failed (500)
/// must be handled when OnceHub retries it. Two identical deliveries arriving together
/// cannot both run the handlers, because handling starts with an atomic *claim*: the
/// second one finds the claim and is answered 409 so that OnceHub retries it later (by
/// then it is a duplicate, or, if the first attempt failed, it is handled).
///
/// Every claim carries a `claim_token` that `complete` and `release` must present: they act
/// only while that claim still holds the id (compare-and-set), so a worker whose lease
/// expired cannot record or drop the id under the worker that took it over. A store that
/// cannot answer (a shared store down or too slow) says `claim_status::unavailable`, which
/// `dispatch_once` answers 503 without running a handler: OnceHub retries it later.
///
/// Only what an `endpoint` accepted is deduplicated (`dispatch_once` takes an
/// `accepted_event`, never a bare `event`): an id from a body whose signature was not
/// checked could be used to suppress a genuine delivery.
#ifndef ONCEHUB_WEBHOOKS_DEDUP_HPP
#define ONCEHUB_WEBHOOKS_DEDUP_HPP

#include <array>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "oncehub/webhooks/accepted_event.hpp"
#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/dispatch.hpp"
#include "oncehub/webhooks/event.hpp"
#include "oncehub/webhooks/result.hpp"

namespace oncehub::webhooks::inline v0 {

/// What a `dedup_store` says when a worker asks to handle an event id.
enum class claim_status : std::uint8_t {
  /// Not seen, or forgotten (the window passed, or the id failed before): the caller now
  /// holds the claim and must `complete` or `release` it.
  first,
  /// Handled within the window: acknowledge it (2xx) without handling it again.
  duplicate,
  /// Another worker holds a live claim on it right now: answer non-2xx (409) so that
  /// OnceHub retries later, when the outcome of the first copy is known.
  in_progress,
  /// The store cannot answer (unreachable, timed out, refused the command): nothing is
  /// known about the id and nothing was claimed. Answer 503 so that OnceHub retries;
  /// never run the handlers (no claim) and never answer 2xx (no record).
  unavailable,
};

/// The identifier of a claim status, e.g. `"duplicate"`.
[[nodiscard]] constexpr std::string_view to_string(claim_status s) noexcept;

/// What `complete` and `release` did with a claim.
enum class settle_status : std::uint8_t {
  /// Done: the id is recorded as handled (`complete`) or free again (`release`).
  done,
  /// Nothing changed: the token no longer holds the id (its lease expired and the id was
  /// forgotten or taken over by another claim, or it was already completed).
  stale,
  /// The store could not be reached; the id keeps whatever state it had (a claim expires
  /// with its lease).
  unavailable,
};

/// The identifier of a settle status, e.g. `"stale"`.
[[nodiscard]] constexpr std::string_view to_string(settle_status s) noexcept;

/// The proof of one claim: opaque bytes chosen by the store (at most `max_size`, never
/// `"done"`), unique per claim, that `complete` and `release` compare with what the store
/// holds for the id. A fixed-size value: claiming allocates nothing for it.
class claim_token {
 public:
  /// The longest token: 32 bytes, e.g. 128 random bits in hex.
  static constexpr std::size_t max_size = 32;

  /// The empty token, held by no claim.
  constexpr claim_token() noexcept = default;
  /// A token of `bytes`, cut to `max_size`.
  constexpr explicit claim_token(std::string_view bytes) noexcept
      : size_(static_cast<std::uint8_t>(bytes.size() < max_size ? bytes.size() : max_size)) {
    for (std::size_t i = 0; i < size_; ++i) { bytes_[i] = bytes[i]; }
  }

  /// The token's bytes.
  [[nodiscard]] constexpr std::string_view view() const noexcept { return {bytes_.data(), size_}; }
  /// True for the empty token.
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
  friend constexpr bool operator==(const claim_token& a, const claim_token& b) noexcept { return a.view() == b.view(); }

 private:
  std::array<char, max_size> bytes_{};
  std::uint8_t size_ = 0;
};

/// What `dedup_store::claim` answers: the status and, for `first` only, the token that
/// `complete` or `release` must present.
struct claim_result {
  claim_status status = claim_status::unavailable;
  claim_token token{};

  /// Compares the status only (`store.claim(id, now) == claim_status::first`).
  friend constexpr bool operator==(const claim_result& r, claim_status s) noexcept { return r.status == s; }
};

/// The HTTP status `dispatch_once` answers while another copy of the same delivery is
/// being handled: 409 Conflict. Any non-2xx makes OnceHub retry; 409 says why, and is
/// distinct from the 500 of a failed handler in logs and dashboards.
inline constexpr int in_progress_http_status = 409;

/// The HTTP status `dispatch_once` answers when the store cannot answer: 503 Service
/// Unavailable (RFC 9110 15.6.4), a temporary condition; OnceHub retries it.
inline constexpr int unavailable_http_status = 503;

/// Where a receiver remembers the event ids it handled: implement it over your own
/// store (Redis: `redis_dedup_store` in <oncehub/webhooks/redis_dedup.hpp>; a SQL table
/// with a unique key...) to share the window between processes or keep it across
/// restarts; `memory_dedup_store` is the in-process default.
///
/// The protocol, per delivery: `claim(id, now)`; if its status is `first`, run the
/// handlers, then `complete(id, token, now)` when they succeeded or `release(id, token)`
/// when they failed, with the token the claim returned. A claim is a lease: past it,
/// another claim may take the id over, and the old token no longer settles anything.
///
/// - `claim` must be atomic: two concurrent claims of an unknown id give one `first` and
///   one `in_progress`. A store that cannot answer returns `claim_status::unavailable`
///   (it may throw instead; `dispatch_once` treats both alike).
/// - `complete` and `release` are compare-and-set: they act only while `token` still
///   holds the id, and answer `stale` otherwise.
/// - Every member must be safe to call from several threads.
///
/// Times come from the caller, so that tests can drive the clock; a store shared between
/// machines may use its own clock instead (`redis_dedup_store` uses the server's).
class dedup_store {
 public:
  /// The clock of `now` arguments: wall-clock time, meaningful to a shared store.
  using clock = std::chrono::system_clock;

  dedup_store() = default;
  dedup_store(const dedup_store&) = delete;
  dedup_store& operator=(const dedup_store&) = delete;
  virtual ~dedup_store() = default;

  /// Asks to handle `id` (never empty). `first` comes with the claim's token; the other
  /// statuses with an empty token.
  [[nodiscard]] virtual claim_result claim(std::string_view id, clock::time_point now) = 0;
  /// Records `id` as handled at `now`, if `token` still holds it: claims within the
  /// window then get `duplicate`.
  virtual settle_status complete(std::string_view id, const claim_token& token, clock::time_point now) = 0;
  /// Drops the claim `token` holds on `id` without recording it (the handlers failed): the
  /// next delivery of `id` is handled. No effect on an id completed or claimed again.
  virtual settle_status release(std::string_view id, const claim_token& token) noexcept = 0;

 protected:
  dedup_store(dedup_store&&) = default;
  dedup_store& operator=(dedup_store&&) = default;
};

/// Limits of a `memory_dedup_store`.
struct memory_dedup_options {
  /// How long a handled id is remembered. OnceHub retries an unacknowledged delivery for
  /// about three days (SPEC 8.1), so a shorter window could let a late retry through.
  std::chrono::seconds window = std::chrono::hours(72);
  /// The most ids remembered (handled and claimed). When full, the oldest handled ids
  /// are forgotten first, even inside the window: memory stays bounded (about 120 bytes
  /// per id) at the price of handling a very late repeat twice.
  std::size_t capacity = 100'000;
  /// How long a claim blocks other copies. A claim is normally completed or released
  /// within the handlers' run time; the lease only matters if that never happens (a
  /// crashed store client, a hung handler), after which another copy may take it over.
  std::chrono::seconds lease = std::chrono::minutes(5);
};

/// The in-process `dedup_store`: a hash map of ids plus a queue of handled ids in
/// completion order, behind one mutex (a claim is a hash lookup; contention is
/// negligible next to an HTTP request). Thread-safe. Remembers nothing across restarts
/// and is not shared between processes: run one receiver process, or bring your own store.
class memory_dedup_store final : public dedup_store {
 public:
  /// A store with the default limits (72 hours, 100,000 ids, 5-minute leases).
  memory_dedup_store() = default;
  /// A store with the given limits.
  explicit memory_dedup_store(memory_dedup_options options) : options_(options) {}

  [[nodiscard]] claim_result claim(std::string_view id, clock::time_point now) override;
  settle_status complete(std::string_view id, const claim_token& token, clock::time_point now) override;
  settle_status release(std::string_view id, const claim_token& token) noexcept override;

  /// How many ids are remembered now (handled within the window, plus live claims).
  [[nodiscard]] std::size_t size() const;
  /// The limits this store applies.
  [[nodiscard]] const memory_dedup_options& options() const noexcept { return options_; }

 private:
  enum class state : std::uint8_t { claimed, handled };
  struct entry {
    state status;
    clock::time_point expires;  // of the lease (claimed) or of the window (handled)
    std::uint64_t generation;   // tells a live queue record from a stale one; a claim's token
  };
  struct record {
    std::string id;
    std::uint64_t generation;
  };
  struct id_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view id) const noexcept { return std::hash<std::string_view>{}(id); }
  };

  void purge(clock::time_point now);
  static claim_token token_of(std::uint64_t generation) noexcept;

  memory_dedup_options options_{};
  mutable std::mutex mutex_;
  std::unordered_map<std::string, entry, id_hash, std::equal_to<>> entries_;
  std::deque<record> handled_;  // oldest completion first: the window expires in this order
  std::uint64_t next_generation_ = 0;
};

/// The result of `dispatch_once`.
struct once_result {
  /// The router's result. For a `duplicate` or `in_progress` delivery no handler ran
  /// (`outcome::ignored`, `handlers_run == 0`).
  dispatch_result dispatch{};
  /// What the store said; `first` for a delivery that was not looked up (rejected, or
  /// with an empty id, which cannot be deduplicated).
  claim_status claim = claim_status::first;
  /// Whether the id is now recorded as handled.
  bool recorded = false;
  /// For a claimed delivery, what `complete` (handlers succeeded) or `release` (they
  /// failed) did: `done`, or why the id was not settled (`stale`: the lease had expired;
  /// `unavailable`: the store could not be reached). `done` when nothing was claimed.
  settle_status settled = settle_status::done;

  /// The HTTP status to answer: 200 for a duplicate, `in_progress_http_status` (409)
  /// while another copy is being handled, `unavailable_http_status` (503) when the store
  /// could not answer, otherwise `dispatch.http_status()`.
  [[nodiscard]] constexpr int http_status() const noexcept;
  /// True when the answer is 2xx.
  constexpr explicit operator bool() const noexcept { return http_status() < 300; }
};

/// Runs `r`'s handlers for `e`, which an `endpoint` accepted (its signature held, or the
/// endpoint accepts unsigned deliveries), unless `store` says its envelope id was already handled
/// (or is being handled by another worker). The id is claimed first, recorded after a
/// 2xx outcome (`handled`, `ignored`, `unknown_event`), and released after a failure so
/// that OnceHub's retry is handled. (The parser rejects an empty id; were one to get
/// here, it would be dispatched without de-duplication.)
///
/// A store that cannot answer the claim (`unavailable`, or an exception from `claim`)
/// runs no handler and answers 503: never handled without a claim, never 2xx without a
/// record.
///
/// When the handlers succeeded but the id could not be recorded (`complete` answered
/// `stale` or `unavailable`, or threw), the handlers' 2xx stands and `recorded` is false:
/// the work is done, and a 5xx would make OnceHub deliver it again, certainly handling it
/// twice, where a 2xx makes that only possible (if a copy was already under way). After
/// `unavailable` or an exception the claim is released (best effort; otherwise it expires
/// with its lease). `stale` means the lease was shorter than the handlers' run time: size
/// it above your slowest handler.
inline once_result dispatch_once(const router& r, dedup_store& store, const accepted_event& e,
                                 dedup_store::clock::time_point now = dedup_store::clock::now());

/// Same, for what `endpoint::receive` returned: a rejected delivery is dispatched as
/// `router::dispatch` does (its `on_error` observers see it) and never touches the store.
inline once_result dispatch_once(const router& r, dedup_store& store, const result<accepted_event>& received,
                                 dedup_store::clock::time_point now = dedup_store::clock::now());

/// Refused at compile time: an `event` (or a `parser::parse` result) nobody verified.
/// Its id may be forged, and recording it would answer the genuine delivery of that id
/// as a duplicate, unhandled. Receive deliveries through an `endpoint`.
template <class Unverified>
  requires std::same_as<std::remove_cvref_t<Unverified>, event> ||
      std::same_as<std::remove_cvref_t<Unverified>, result<event>>
          once_result dispatch_once(const router&, dedup_store&, Unverified&&, dedup_store::clock::time_point = {}) {
    static_assert(detail::dependent_false<Unverified>,
                  "dispatch_once takes only what endpoint::receive returns (accepted_event): de-duplicating the id "
                  "of an unverified event would let a forged delivery suppress the genuine one");
    return {};
  }

}  // namespace oncehub::webhooks::inline v0

#include "oncehub/webhooks/detail/dedup_impl.hpp"

#endif  // ONCEHUB_WEBHOOKS_DEDUP_HPP
