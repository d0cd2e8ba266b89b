// SPDX-License-Identifier: MIT
/// @file
/// `endpoint`: verify, then parse, by construction; the one entry point for a webhook
/// request. It checks `Oncehub-Signature` (<oncehub/webhooks/signature.hpp>, so it needs
/// OpenSSL) over the raw body before a single byte of it is parsed, and hands out an
/// `accepted_event` (<oncehub/webhooks/accepted_event.hpp>), the only kind of event
/// `dispatch_once` takes.
///
/// ```cpp
/// wh::endpoint endpoint{wh::verifier{{wh::secret(std::getenv("ONCEHUB_WEBHOOK_SECRET"))}}};
/// auto delivery = endpoint.receive(body, request.header("Oncehub-Signature"));
/// if (!delivery) { return wh::http_status(wh::outcome_of(delivery.error().code())); }  // 401...
/// return router.dispatch(*delivery).http_status();
/// ```
#ifndef ONCEHUB_WEBHOOKS_ENDPOINT_HPP
#define ONCEHUB_WEBHOOKS_ENDPOINT_HPP

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "oncehub/webhooks/accepted_event.hpp"
#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/event.hpp"
#include "oncehub/webhooks/parser.hpp"
#include "oncehub/webhooks/result.hpp"
#include "oncehub/webhooks/signature.hpp"

namespace oncehub::webhooks::inline v0 {

/// The explicit opt-in for OnceHub's legacy v1 subscriptions, which sign nothing:
/// `wh::endpoint endpoint{wh::accept_unsigned_deliveries};`
struct accept_unsigned_deliveries_t {
  explicit accept_unsigned_deliveries_t() = default;
};
/// See `accept_unsigned_deliveries_t`. Anyone who can reach such an endpoint can forge
/// deliveries: prefer a v2 subscription.
inline constexpr accept_unsigned_deliveries_t accept_unsigned_deliveries{};

/// The former name of `accepted_event`, which also carries the unsigned deliveries of an
/// endpoint that accepts them: "verified" promised more than it proves.
using verified_event [[deprecated("renamed accepted_event: it also carries unsigned deliveries")]] = accepted_event;

/// Verify, then parse, by construction: the one entry point for a webhook request. The
/// signature is checked over the raw body before a single byte of it is parsed; a
/// delivery that fails either step is rejected with the reason.
///
/// An endpoint owns a parser, so like a parser it is not thread-safe: give each worker
/// thread its own (they may share a copy of the same verifier).
class endpoint {
 public:
  /// An endpoint for signed (v2) deliveries.
  explicit endpoint(webhooks::verifier verifier, parser_options options = {});
  /// An endpoint for unsigned (v1) deliveries: the signature header is not checked.
  explicit endpoint(accept_unsigned_deliveries_t, parser_options options = {});

  /// Verifies `signature_header` over `body`, then parses `body` (one copy, see
  /// `parser::parse(std::string_view)`).
  result<accepted_event> receive(std::string_view body, std::string_view signature_header) &;
  /// Same, as of `received_at`.
  result<accepted_event> receive(std::string_view body, std::string_view signature_header,
                                 std::chrono::sys_seconds received_at) &;
  /// Same, for a `std::string` body (one copy, like the `std::string_view` overload).
  result<accepted_event> receive(const std::string& body, std::string_view signature_header) & {
    return receive(std::string_view(body), signature_header);
  }
  /// Same, for a padded body: no copy.
  result<accepted_event> receive(simdjson::padded_string_view body, std::string_view signature_header) &;
  /// Same, for a `simdjson::padded_string`: no copy.
  result<accepted_event> receive(const simdjson::padded_string& body, std::string_view signature_header) & {
    return receive(simdjson::padded_string_view(body), signature_header);
  }
  /// Deleted: the event's views would point into a destroyed temporary.
  result<accepted_event> receive(simdjson::padded_string&& body, std::string_view signature_header) & = delete;
  /// Deleted: a temporary endpoint would take the event's views with it.
  template <class... Args>
  result<accepted_event> receive(Args&&...) && = delete;

  /// Whether this endpoint checks signatures.
  [[nodiscard]] bool verifies_signatures() const noexcept { return verifier_.has_value(); }
  /// The limits and policies of the endpoint's parser.
  [[nodiscard]] const parser_options& options() const noexcept { return parser_.options(); }
  /// The endpoint's parser, read-only: parsing through it would skip the signature check
  /// and end the life of the event `receive` returned, so only `options()` is reachable.
  [[nodiscard]] const webhooks::parser& parser() const noexcept { return parser_; }

 private:
  template <class Body>
  result<accepted_event> receive_at(Body body, std::string_view raw, std::string_view signature_header,
                                    std::optional<std::chrono::sys_seconds> received_at);
  std::optional<webhooks::verifier> verifier_;
  webhooks::parser parser_;
};

}  // namespace oncehub::webhooks::inline v0

#include "oncehub/webhooks/detail/endpoint_impl.hpp"

#endif  // ONCEHUB_WEBHOOKS_ENDPOINT_HPP
