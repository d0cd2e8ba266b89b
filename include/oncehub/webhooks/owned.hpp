// SPDX-License-Identifier: MIT
/// @file
/// `owned_event`: a decoded event that owns its bytes, for queues and other threads.
#ifndef ONCEHUB_WEBHOOKS_OWNED_HPP
#define ONCEHUB_WEBHOOKS_OWNED_HPP

#include <memory>

#include "oncehub/webhooks/event.hpp"

namespace oncehub::webhooks::inline v0 {

namespace detail {
struct owned_state;
}

/// A decoded event that owns every byte it refers to. Views from a parser die with the
/// next parse; an `owned_event` lives until you destroy it, so it can be queued or moved
/// to another thread. `view()` gives back an ordinary `event` (the same variant, the
/// same views, the same findings) pointing into this object.
///
/// ```cpp
/// std::deque<wh::owned_event> queue;
/// auto parsed = parser.parse(body);  // or endpoint.receive(body, signature)
/// if (!parsed) { return wh::http_status(wh::outcome_of(parsed.error().code())); }  // 400...
/// queue.push_back(wh::to_owned(*parsed));
/// ...
/// router.dispatch(queue.front().view());
/// ```
///
/// Making one copies the event's strings into one buffer (a few KB); moving it is cheap
/// and keeps views taken from `view()` valid.
class owned_event {
 public:
  /// A deep copy of `e`.
  explicit owned_event(const event& e);
  owned_event(const owned_event& other);
  owned_event& operator=(const owned_event& other);
  owned_event(owned_event&&) noexcept;
  owned_event& operator=(owned_event&&) noexcept;
  ~owned_event();

  /// The event, as views into this object: valid while it lives (and across moves).
  [[nodiscard]] event view() const noexcept ONCEHUB_WEBHOOKS_LIFETIMEBOUND;

 private:
  std::unique_ptr<detail::owned_state> state_;
};

/// A deep copy of `e` that outlives its parser.
[[nodiscard]] inline owned_event to_owned(const event& e) { return owned_event(e); }

}  // namespace oncehub::webhooks::inline v0

#include "oncehub/webhooks/detail/owned_impl.hpp"

#endif  // ONCEHUB_WEBHOOKS_OWNED_HPP
