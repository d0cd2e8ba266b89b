// SPDX-License-Identifier: MIT
/// @file
/// `Oncehub-Signature` verification (SPEC section 6), and `endpoint`: verify, then parse.
///
/// OnceHub signs each v2 delivery with HMAC-SHA256, keyed by the endpoint secret's bytes,
/// over `<t> "." <raw body>`, and sends `Oncehub-Signature: t=<unix seconds>,s=<hex>`.
/// The HMAC comes from OpenSSL (link `OpenSSL::Crypto`); this is the only header that
/// needs it, and `<oncehub/webhooks.hpp>` does not include it.
///
/// ```cpp
/// wh::endpoint endpoint{wh::verifier{{wh::secret(std::getenv("ONCEHUB_WEBHOOK_SECRET"))}}};
/// auto delivery = endpoint.receive(body, request.header("Oncehub-Signature"));
/// if (!delivery) { return wh::http_status(wh::outcome_of(delivery.error().code())); }  // 401...
/// return router.dispatch(*delivery).http_status();
/// ```
#ifndef ONCEHUB_WEBHOOKS_SIGNATURE_HPP
#define ONCEHUB_WEBHOOKS_SIGNATURE_HPP

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/error.hpp"
#include "oncehub/webhooks/event.hpp"
#include "oncehub/webhooks/parser.hpp"
#include "oncehub/webhooks/result.hpp"

namespace oncehub::webhooks {

/// The HTTP header OnceHub signs deliveries in (case-insensitive, like every header).
inline constexpr std::string_view signature_header_name = "Oncehub-Signature";

/// A webhook signing secret. Its bytes are the HMAC key, as OnceHub uses them (not
/// hex-decoded). It cannot be printed or read back through the API, and its memory is
/// wiped when it is destroyed. An optional label ("current", "previous") names it in
/// `verification::secret_label`, so operators can tell when an old secret may retire.
class secret {
 public:
  explicit secret(std::string_view value, std::string_view label = {});
  secret(const secret& other);
  secret& operator=(const secret& other);
  secret(secret&& other) noexcept;
  secret& operator=(secret&& other) noexcept;
  ~secret();

  /// The label given at construction (never the secret itself).
  [[nodiscard]] std::string_view label() const noexcept { return label_; }
  /// Whether the secret is empty (an empty secret never verifies anything).
  [[nodiscard]] bool empty() const noexcept { return value_.empty(); }

  /// Secrets are never printed: this overload exists only to be deleted.
  friend std::ostream& operator<<(std::ostream&, const secret&) = delete;

 private:
  friend struct detail::access;
  void wipe() noexcept;
  std::string value_;
  std::string label_;
};

/// A parsed `Oncehub-Signature` header value.
struct signature_header {
  /// Signatures kept per header; OnceHub sends one, rotation may add a few.
  static constexpr std::size_t max_signatures = 8;
  /// `t` exactly as sent: the signed payload starts with these bytes (a view of the
  /// header value passed to `parse_signature_header`).
  std::string_view timestamp_text{};
  /// `t` as a Unix time.
  std::chrono::sys_seconds timestamp{};
  /// The well-formed `s=` values (64 hex digits), decoded.
  std::array<std::array<unsigned char, 32>, max_signatures> signatures{};
  std::size_t signature_count = 0;
  /// `s=` values that were skipped: not 64 hex digits, or beyond `max_signatures`.
  std::size_t ignored_signatures = 0;
};

/// Parses a header value: elements split on `,`, key and value on the first `=`, in any
/// order, spaces around elements ignored; every `s=` collected; unknown keys ignored.
/// Errors: `signature_header_missing` (empty), `signature_header_malformed` (an element
/// without `=`, no or several `t=`, no well-formed `s=`), `signature_timestamp_invalid`.
/// The result views `value` (`timestamp_text`): keep the header value alive while using it.
[[nodiscard]] result<signature_header> parse_signature_header(std::string_view value) noexcept;
/// Deleted: the result would view a destroyed temporary string.
result<signature_header> parse_signature_header(std::string&& value) = delete;

/// Limits of a `verifier`.
struct verifier_options {
  /// How far `t` may be from now, in either direction (too old: a replay or a delivery
  /// held too long; too new: clock skew or a forgery). OnceHub names no value; 300 s is
  /// what every major webhook library uses.
  std::chrono::seconds tolerance{300};
  /// The clock `verify(body, header)` reads; replace it for tests or special clocks.
  std::function<std::chrono::sys_seconds()> clock = [] {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  };
};

/// What a successful verification proved.
struct verification {
  /// Which secret matched (its index in the verifier) and its label.
  std::size_t secret_index = 0;
  std::string_view secret_label{};
  /// When OnceHub signed the delivery (`t`).
  std::chrono::sys_seconds signed_at{};
};

/// Checks `Oncehub-Signature` headers against one or more secrets (rotation: the first
/// secret that matches any `s=` wins, and is reported). Thread-safe: `verify` is `const`.
class verifier {
 public:
  /// A verifier with the given secrets (none: every verification fails with
  /// `signature_no_secret`).
  explicit verifier(std::vector<secret> secrets, verifier_options options = {});
  /// Convenience: secrets given as strings, labelled by position.
  verifier(std::initializer_list<std::string_view> secrets, verifier_options options = {});

  /// Verifies `body` (the raw bytes, exactly as received) against `header`, at the
  /// verifier's clock time.
  [[nodiscard]] result<verification> verify(std::string_view body, std::string_view header) const;
  /// Verifies as of `received_at`: for deliveries checked later, from a queue, or tests.
  [[nodiscard]] result<verification> verify(std::string_view body, std::string_view header,
                                            std::chrono::sys_seconds received_at) const;

  [[nodiscard]] std::size_t secret_count() const noexcept { return secrets_.size(); }
  [[nodiscard]] const verifier_options& options() const noexcept { return options_; }

 private:
  std::vector<secret> secrets_;
  verifier_options options_;
};

/// The bytes OnceHub signs: `timestamp + "." + body` (for debugging and tests; the
/// verifier streams them through the HMAC instead of building them).
[[nodiscard]] std::string signed_payload(std::string_view timestamp, std::string_view body);

/// The `Oncehub-Signature` header value OnceHub would send for `body`, signed with
/// `key` at `timestamp`: `t=<seconds>,s=<64 lower-case hex>`. For tests and tools.
[[nodiscard]] std::string sign(std::string_view body, const secret& key, std::chrono::sys_seconds timestamp);
/// Same, with the secret given as a string.
[[nodiscard]] std::string sign(std::string_view body, std::string_view key, std::chrono::sys_seconds timestamp);

/// The explicit opt-in for OnceHub's legacy v1 subscriptions, which sign nothing:
/// `wh::endpoint endpoint{wh::accept_unsigned_deliveries};`
struct accept_unsigned_deliveries_t {
  explicit accept_unsigned_deliveries_t() = default;
};
/// See `accept_unsigned_deliveries_t`. Anyone who can reach such an endpoint can forge
/// deliveries: prefer a v2 subscription.
inline constexpr accept_unsigned_deliveries_t accept_unsigned_deliveries{};

/// A decoded event whose signature held (or that an unsigned endpoint accepted).
/// It is an `event`: visit it, dispatch it, read it.
class verified_event : public event {
 public:
  /// The proof: which secret matched and when the delivery was signed; empty for an
  /// endpoint that accepts unsigned deliveries.
  [[nodiscard]] const std::optional<verification>& signature() const noexcept { return signature_; }

 private:
  friend class endpoint;
  verified_event(const event& e, std::optional<verification> proof) : event(e), signature_(proof) {}
  std::optional<verification> signature_;
};

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
  result<verified_event> receive(std::string_view body, std::string_view signature_header) &;
  /// Same, as of `received_at`.
  result<verified_event> receive(std::string_view body, std::string_view signature_header,
                                 std::chrono::sys_seconds received_at) &;
  /// Same, for a `std::string` body (one copy, like the `std::string_view` overload).
  result<verified_event> receive(const std::string& body, std::string_view signature_header) & {
    return receive(std::string_view(body), signature_header);
  }
  /// Same, for a padded body: no copy.
  result<verified_event> receive(simdjson::padded_string_view body, std::string_view signature_header) &;
  /// Same, for a `simdjson::padded_string`: no copy.
  result<verified_event> receive(const simdjson::padded_string& body, std::string_view signature_header) & {
    return receive(simdjson::padded_string_view(body), signature_header);
  }
  /// Deleted: the event's views would point into a destroyed temporary.
  result<verified_event> receive(simdjson::padded_string&& body, std::string_view signature_header) & = delete;
  /// Deleted: a temporary endpoint would take the event's views with it.
  template <class... Args>
  result<verified_event> receive(Args&&...) && = delete;

  /// Whether this endpoint checks signatures.
  [[nodiscard]] bool verifies_signatures() const noexcept { return verifier_.has_value(); }
  /// The parser, e.g. to read its options.
  [[nodiscard]] webhooks::parser& parser() noexcept { return parser_; }

 private:
  template <class Body>
  result<verified_event> receive_at(Body body, std::string_view raw, std::string_view signature_header,
                                    std::optional<std::chrono::sys_seconds> received_at);
  std::optional<webhooks::verifier> verifier_;
  webhooks::parser parser_;
};

}  // namespace oncehub::webhooks

#include "oncehub/webhooks/detail/signature_impl.hpp"

#endif  // ONCEHUB_WEBHOOKS_SIGNATURE_HPP
