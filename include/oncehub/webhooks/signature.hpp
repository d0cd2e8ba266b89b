// SPDX-License-Identifier: MIT
/// @file
/// `Oncehub-Signature` verification (SPEC section 6): secrets, the header parser, the
/// `verifier`, and `sign` for tests and tools. `endpoint`, which verifies and then parses,
/// has its own header: <oncehub/webhooks/endpoint.hpp>.
///
/// OnceHub signs each v2 delivery with HMAC-SHA256, keyed by the endpoint secret's bytes,
/// over `<t> "." <raw body>`, and sends `Oncehub-Signature: t=<unix seconds>,s=<hex>`.
/// The hashing comes from OpenSSL (link `OpenSSL::Crypto`); this header and the ones built
/// on it (endpoint.hpp, receive.hpp, the adapters) are the only ones that need it, and
/// `<oncehub/webhooks.hpp>` does not include them. Each secret's HMAC key blocks are hashed
/// once, when the secret is made: a warm `verifier` allocates nothing.
///
/// ```cpp
/// wh::verifier verifier{{wh::secret(std::getenv("ONCEHUB_WEBHOOK_SECRET"))}};
/// auto proof = verifier.verify(body, request.header("Oncehub-Signature"));
/// if (!proof) { return wh::http_status(wh::outcome_of(proof.error().code())); }  // 401...
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
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "oncehub/webhooks/accepted_event.hpp"  // verification
#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/detail/hmac_sha256.hpp"
#include "oncehub/webhooks/error.hpp"
#include "oncehub/webhooks/result.hpp"

namespace oncehub::webhooks::inline v0 {

/// The HTTP header OnceHub signs deliveries in (case-insensitive, like every header).
inline constexpr std::string_view signature_header_name = "Oncehub-Signature";

namespace detail {
/// What `check_value` found wrong with a configured value.
enum class value_issue : std::uint8_t { none, empty, whitespace, control, invisible, quoted };
/// The result of checking a configured value (see `check_configured_value`).
struct value_check {
  std::string_view value{};      // the trimmed value (a view of the text checked)
  std::size_t size = 0;          // its size, kept when the view is dropped
  std::size_t at = 0;            // the byte offset of the offending character in `value`
  std::uint32_t code_point = 0;  // the offending character
  value_issue issue = value_issue::none;
  bool trimmed = false;
};
}  // namespace detail

/// A value a person configured (a webhook secret, an API key, a URL), as
/// `check_configured_value` accepted it.
struct configured_value {
  /// The value without the ASCII whitespace around it: a view of the text checked.
  std::string_view value{};
  /// Whether whitespace was removed around it. Say so once, at start-up, and never print
  /// the value: a trailing newline from a file or a space after a comma is the usual cause.
  bool trimmed = false;
};

/// The rule for every value a person configures (secrets from flags, the environment or
/// files; API keys; URLs). ASCII whitespace around `text` (space, tab, CR, LF, VT, FF) is
/// removed. The value is refused when it is empty after that, or when it contains
/// whitespace or a control character (U+0000-U+001F, U+007F, U+0080-U+009F) inside it,
/// or an invisible non-ASCII character (a no-break or zero-width space, a byte order
/// mark...) anywhere, or when it is wrapped in a pair of quotes (`"..."`, `'...'`, kept by
/// a .env file or a YAML value): such a value is a paste or file accident, and using it
/// would fail every request instead of once, here. The refusal is `invalid_value` with a
/// message naming `name`, the problem and its byte position, never the value itself.
[[nodiscard]] result<configured_value> check_configured_value(std::string_view text, std::string_view name);

/// A webhook signing secret. Its bytes are the HMAC key, as OnceHub uses them (not
/// hex-decoded). It cannot be printed or read back through the API, and its memory is
/// wiped when it is destroyed (with the HMAC key states derived from it, RFC 2104's
/// `K ^ ipad` and `K ^ opad` blocks hashed once here, so that no verification hashes them
/// again). An optional label ("current", "previous", "#2") names it in
/// `verification::secret_label`, so operators can tell when an old secret may retire.
///
/// The value is checked as every configured value is (`check_configured_value`): OnceHub
/// secrets are 32 lower-case hex characters and never contain whitespace, so ASCII
/// whitespace around the value (a newline from a file, a space after a comma) is trimmed
/// (`trimmed()`), and a value that is empty after that or has whitespace, a control
/// character or an invisible character inside it, or quotes around it, is refused: the
/// secret keeps no bytes, `empty()` is true, `problem()` says why, and a `verifier`
/// holding it verifies nothing (`signature_no_secret`). No exception is thrown; build
/// secrets with `make_secret` or `parse_secret_list` to get the refusal as a `result`.
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
  /// Whether the secret has no usable value: refused (see `problem()`), or moved from.
  /// An empty secret never verifies anything.
  [[nodiscard]] bool empty() const noexcept { return value_.empty(); }
  /// Whether ASCII whitespace was trimmed around the configured value.
  [[nodiscard]] bool trimmed() const noexcept { return check_.trimmed; }
  /// Why the value was refused: `invalid_value`, with a message naming the secret by its
  /// label, the problem and its byte position (never the value). Nothing when usable.
  [[nodiscard]] std::optional<error> problem() const;

  /// Secrets are never printed: this overload exists only to be deleted.
  friend std::ostream& operator<<(std::ostream&, const secret&) = delete;

 private:
  friend struct detail::access;
  void wipe() noexcept;
  std::string value_;
  std::string label_;
  detail::value_check check_{};
  detail::hmac_sha256_key hmac_;  // from value_; cleared with it
};

/// A secret, or why its value is refused (`invalid_value`, see `secret`).
[[nodiscard]] result<secret> make_secret(std::string_view value, std::string_view label = {});

/// Secrets read from configuration by `parse_secret_list`.
struct secret_list {
  /// The secrets, in the order configured, each labelled `<label_prefix><position>`.
  std::vector<secret> secrets;
  /// The labels of the items that had whitespace around them (trimmed), in order.
  std::vector<std::string> trimmed;
  /// One line saying which items were trimmed, never their values, e.g. `trimmed the
  /// whitespace around ONCEHUB_WEBHOOK_SECRET env#1, env#2 (OnceHub secrets contain none;
  /// values not shown)`; empty when nothing was. Print it once, at start-up.
  [[nodiscard]] std::string trimmed_note() const;

  /// Where the list came from (the `source` given to `parse_secret_list`).
  std::string source;
};

/// Parses a configured, comma-separated list of secrets, e.g. the value of
/// `ONCEHUB_WEBHOOK_SECRET` while rotating: `"old-secret-0000, live-secret-4f2a"`. Items
/// are numbered from 1 and labelled `<label_prefix><n>` (`env#2`). ASCII whitespace
/// around each item is trimmed and reported in `secret_list::trimmed`; an item that is
/// empty after that (`a,,b`, a trailing comma, an empty list) or that the `secret` rule
/// refuses (whitespace or a control character inside, quotes around) refuses the whole
/// list: `invalid_value` at the item's label, the message naming `source` and the item's
/// position, never a value.
[[nodiscard]] result<secret_list> parse_secret_list(std::string_view list, std::string_view source,
                                                    std::string_view label_prefix = "#");
/// The same over several lists, numbered on across them: the values of a repeated
/// `--secret` flag, each of which may itself be a comma-separated list. No list at all
/// gives no secret (and no error): the caller says what is missing.
[[nodiscard]] result<secret_list> parse_secret_list(std::span<const std::string_view> lists, std::string_view source,
                                                    std::string_view label_prefix = "#");

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

// `verification`, what a successful verification proved, is declared with
// `accepted_event` in <oncehub/webhooks/accepted_event.hpp>.

/// Checks `Oncehub-Signature` headers against one or more secrets (rotation: the first
/// secret that matches any `s=` wins, and is reported). Thread-safe: `verify` is `const`.
class verifier {
 public:
  /// A verifier with the given secrets; one without a label is labelled by its position
  /// (`#1`, `#2`...). With none, or with any secret whose value was
  /// refused (`secret::problem()`), every verification fails with `signature_no_secret`
  /// (500, so OnceHub retries) naming the problem: a configuration error is never
  /// reported as a bad signature. `configuration_error()` tells it at start-up.
  explicit verifier(std::vector<secret> secrets, verifier_options options = {});
  /// Convenience: secrets given as strings, labelled by position: `#1`, `#2`...
  verifier(std::initializer_list<std::string_view> secrets, verifier_options options = {});

  /// Why this verifier cannot verify anything (`signature_no_secret`: no secret, or a
  /// refused one, named by its label), or nothing when it can. Check it before serving.
  [[nodiscard]] std::optional<error> configuration_error() const;

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
/// Errors: `signature_no_secret` when `key` has no usable value (`secret::empty()`; the
/// message says why, never the value), `internal_error` if OpenSSL fails.
///
/// ```cpp
/// auto header = wh::sign(body, secret, t);
/// if (!header) { return fail(header.error().to_string()); }
/// request.set("Oncehub-Signature", *header);
/// ```
[[nodiscard]] result<std::string> sign(std::string_view body, const secret& key, std::chrono::sys_seconds timestamp);
/// Same, keyed by exactly the bytes of `key`, unchecked and untrimmed (as OnceHub signs
/// with its own secret): tests can sign with any key, including an empty or mangled one.
/// Errors: `internal_error` if OpenSSL fails.
[[nodiscard]] result<std::string> sign(std::string_view body, std::string_view key, std::chrono::sys_seconds timestamp);

}  // namespace oncehub::webhooks::inline v0

#include "oncehub/webhooks/detail/signature_impl.hpp"

// `endpoint` lived here before it had its own header: code that includes this header
// for it keeps building.
#include "oncehub/webhooks/endpoint.hpp"

#endif  // ONCEHUB_WEBHOOKS_SIGNATURE_HPP
