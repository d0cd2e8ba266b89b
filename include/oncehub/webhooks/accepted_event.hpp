// SPDX-License-Identifier: MIT
/// @file
/// `accepted_event`: an event that an `endpoint` accepted under its signature policy, and
/// `verification`, the proof it carries. Only `endpoint::receive` (in
/// <oncehub/webhooks/endpoint.hpp>) makes one; this header needs no OpenSSL, so code that
/// only consumes accepted events (`dispatch_once`) builds without it.
#ifndef ONCEHUB_WEBHOOKS_ACCEPTED_EVENT_HPP
#define ONCEHUB_WEBHOOKS_ACCEPTED_EVENT_HPP

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

#include "oncehub/webhooks/event.hpp"

namespace oncehub::webhooks::inline v0 {

class endpoint;

/// What a successful verification proved.
struct verification {
  /// Which secret matched (its index in the verifier) and its label.
  std::size_t secret_index = 0;
  std::string_view secret_label{};
  /// When OnceHub signed the delivery (`t`).
  std::chrono::sys_seconds signed_at{};
};

/// An event an `endpoint` accepted: the endpoint checked its `Oncehub-Signature` over the
/// raw body before parsing it (`signature()` says which secret matched, and when it was
/// signed), or the endpoint was built with `accept_unsigned_deliveries` and checks no
/// signature (`signature()` is empty). What it proves is the endpoint's policy, no more:
/// an unsigned endpoint accepts anything well-formed.
///
/// Only an `endpoint` makes one, so an API that takes it cannot be handed a body nobody
/// checked: `dispatch_once` takes only this, because de-duplicating the id of an
/// unverified body would let a forged delivery suppress the genuine one.
///
/// It is an `event`: visit it, dispatch it, read it. Like the event, it is valid until the
/// next `receive` on its endpoint.
class accepted_event : public event {
 public:
  /// The proof: which secret matched and when the delivery was signed; empty for an
  /// endpoint that accepts unsigned deliveries.
  [[nodiscard]] const std::optional<verification>& signature() const noexcept { return signature_; }

 private:
  friend class endpoint;
  accepted_event(const event& e, std::optional<verification> proof) : event(e), signature_(proof) {}
  std::optional<verification> signature_;
};

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_ACCEPTED_EVENT_HPP
