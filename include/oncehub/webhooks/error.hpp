// SPDX-License-Identifier: MIT
/// @file
/// `errc`, the reasons a delivery is rejected, and `error`, a self-contained,
/// never-allocating description of one rejection: code, JSON path, message, byte offset.
#ifndef ONCEHUB_WEBHOOKS_ERROR_HPP
#define ONCEHUB_WEBHOOKS_ERROR_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/json.hpp"

namespace oncehub::webhooks {

/// Why a delivery was rejected. Each value names a decision the caller can act on;
/// `to_string(errc)` gives the identifier, `describe(errc)` a sentence.
enum class errc : std::uint8_t {
  empty_body = 1,        ///< The body is empty or only whitespace.
  too_large,             ///< The body exceeds `parser_options::max_body_size` (HTTP 413).
  too_deep,              ///< JSON nesting exceeds `parser_options::max_depth`.
  invalid_utf8,          ///< The body is not valid UTF-8.
  invalid_string,        ///< A string has a bad escape, a lone surrogate or a raw control character.
  invalid_number,        ///< A number is malformed or outside what JSON parsers represent (e.g. `1e400`).
  malformed_json,        ///< Any other JSON syntax error: missing comma, bad literal, truncated input...
  trailing_content,      ///< Something follows the JSON document (a second document, stray bytes).
  wrong_type,            ///< A value has the wrong JSON type (e.g. the body is an array, `data` is a string).
  missing_field,         ///< A required envelope field is absent.
  invalid_value,         ///< A value has the right type but an unusable content (e.g. an empty event `id`).
  duplicate_field,       ///< An envelope key appears twice, so the delivery is ambiguous.
  unknown_event_type,    ///< The event type is not in the catalog and `strict_event_types` is set.
  insufficient_padding,  ///< Padded input lacks `SIMDJSON_PADDING` readable bytes after the body (API misuse).
  out_of_memory,         ///< The parser could not allocate its buffers.
  // Oncehub-Signature verification (signature.hpp): reject with 401, except signature_no_secret.
  signature_header_missing,     ///< No `Oncehub-Signature` header (or an empty one).
  signature_header_malformed,   ///< The header is not `t=<seconds>,s=<64 hex>[,s=...]`.
  signature_timestamp_invalid,  ///< `t` is not a decimal Unix time.
  signature_timestamp_too_old,  ///< `t` is older than the tolerance (a replay, or a delivery queued too long).
  signature_timestamp_too_new,  ///< `t` is further in the future than the tolerance (clock skew or forgery).
  signature_mismatch,           ///< No `s=` matches the body under any configured secret.
  signature_no_secret,          ///< The verifier has no secret to check with (a configuration error: 500).
  internal_error,               ///< A library call failed unexpectedly (e.g. OpenSSL).
  // Webhooks API answers (subscription.hpp): the HTTP status of a failed call, typed.
  api_authentication_failed,  ///< HTTP 401: the API key is missing or invalid.
  api_permission_denied,      ///< HTTP 402/403: the plan or the key does not allow the call.
  api_not_found,              ///< HTTP 404: no such webhook.
  api_conflict,               ///< HTTP 409: e.g. a webhook with this name already exists.
  api_invalid_request,        ///< HTTP 400/422 (and other 4xx): the API refused the request.
  api_rate_limited,           ///< HTTP 429: too many requests; retry later.
  api_server_error,           ///< HTTP 5xx: OnceHub failed; retry later.
  api_unexpected_status,      ///< Any other non-2xx status (e.g. a redirect that was not followed).
  // Bodies that are not a delivery at all (issue 12): named by their first bytes, only
  // once the body has failed to parse as JSON. Appended here to keep every value above.
  unsupported_encoding,  ///< UTF-16 or UTF-32 text (with or without a byte order mark); deliveries are UTF-8.
  compressed_body,       ///< gzip, zlib or zstd data sent without `Content-Encoding` (decompress first).
  form_encoded_body,     ///< An `application/x-www-form-urlencoded` body (`a=b&c=d`), not JSON.
  html_body,             ///< An HTML or XML page (e.g. a proxy's error page), not JSON.
};

namespace detail {
struct errc_info {
  errc code;
  std::string_view name;
  std::string_view description;
};
// The single table behind to_string(errc) and describe(errc); order matches the enum.
inline constexpr std::array<errc_info, 35> errc_table{{
    {errc::empty_body, "empty_body", "the request body is empty"},
    {errc::too_large, "too_large", "the request body is larger than the configured limit"},
    {errc::too_deep, "too_deep", "the JSON nesting is deeper than the configured limit"},
    {errc::invalid_utf8, "invalid_utf8", "the request body is not valid UTF-8"},
    {errc::invalid_string, "invalid_string", "a JSON string is invalid"},
    {errc::invalid_number, "invalid_number", "a JSON number is invalid"},
    {errc::malformed_json, "malformed_json", "the request body is not well-formed JSON"},
    {errc::trailing_content, "trailing_content", "content follows the JSON document"},
    {errc::wrong_type, "wrong_type", "a value has the wrong JSON type"},
    {errc::missing_field, "missing_field", "a required field is missing"},
    {errc::invalid_value, "invalid_value", "a value is not acceptable"},
    {errc::duplicate_field, "duplicate_field", "a field appears more than once"},
    {errc::unknown_event_type, "unknown_event_type", "the event type is not known to this library"},
    {errc::insufficient_padding, "insufficient_padding",
     "the input buffer lacks SIMDJSON_PADDING readable bytes after the body"},
    {errc::out_of_memory, "out_of_memory", "the parser could not allocate memory"},
    {errc::signature_header_missing, "signature_header_missing", "the Oncehub-Signature header is missing"},
    {errc::signature_header_malformed, "signature_header_malformed", "the Oncehub-Signature header is malformed"},
    {errc::signature_timestamp_invalid, "signature_timestamp_invalid",
     "the Oncehub-Signature timestamp is not a Unix time"},
    {errc::signature_timestamp_too_old, "signature_timestamp_too_old",
     "the Oncehub-Signature timestamp is older than the tolerance"},
    {errc::signature_timestamp_too_new, "signature_timestamp_too_new",
     "the Oncehub-Signature timestamp is further in the future than the tolerance"},
    {errc::signature_mismatch, "signature_mismatch", "no signature matches the body under the configured secrets"},
    {errc::signature_no_secret, "signature_no_secret", "no webhook secret is configured"},
    {errc::internal_error, "internal_error", "an internal operation failed"},
    {errc::api_authentication_failed, "api_authentication_failed", "the API key is missing or invalid"},
    {errc::api_permission_denied, "api_permission_denied", "the account's plan or the API key does not allow this call"},
    {errc::api_not_found, "api_not_found", "the API has no such object"},
    {errc::api_conflict, "api_conflict", "the request conflicts with an existing object"},
    {errc::api_invalid_request, "api_invalid_request", "the API refused the request as invalid"},
    {errc::api_rate_limited, "api_rate_limited", "the API rate limit was exceeded"},
    {errc::api_server_error, "api_server_error", "the API failed on its side"},
    {errc::api_unexpected_status, "api_unexpected_status", "the API answered with an unexpected HTTP status"},
    {errc::unsupported_encoding, "unsupported_encoding", "the request body is UTF-16 or UTF-32 text, not UTF-8"},
    {errc::compressed_body, "compressed_body", "the request body is compressed data sent without Content-Encoding"},
    {errc::form_encoded_body, "form_encoded_body", "the request body is form-encoded, not JSON"},
    {errc::html_body, "html_body", "the request body is an HTML or XML page, not JSON"},
}};
constexpr bool errc_table_is_ordered() noexcept {
  for (std::size_t i = 0; i < errc_table.size(); ++i) {
    if (static_cast<std::size_t>(errc_table[i].code) != i + 1) { return false; }
  }
  return true;
}
static_assert(errc_table_is_ordered(), "errc_table must list every errc in enum order");
}  // namespace detail

/// The identifier of an error code, e.g. `"missing_field"`.
[[nodiscard]] constexpr std::string_view to_string(errc code) noexcept {
  const auto index = static_cast<std::size_t>(code) - 1;
  return index < detail::errc_table.size() ? detail::errc_table[index].name : "unknown_error";
}

/// A one-line description of an error code, e.g. `"a required field is missing"`.
[[nodiscard]] constexpr std::string_view describe(errc code) noexcept {
  const auto index = static_cast<std::size_t>(code) - 1;
  return index < detail::errc_table.size() ? detail::errc_table[index].description : "unknown error";
}

/// The `std::error_category` of `errc`, named "oncehub-webhooks".
[[nodiscard]] const std::error_category& webhook_category() noexcept;

/// `std::error_code` interop: `std::error_code ec = errc::missing_field;`.
[[nodiscard]] inline std::error_code make_error_code(errc code) noexcept {
  return {static_cast<int>(code), webhook_category()};
}

/// One rejected delivery: what was wrong (`code()`), where (`path()`, `offset()`), and a
/// human-readable `message()`.
///
/// An `error` owns all its text in fixed inline buffers: it never allocates, and it stays
/// valid after the parser that produced it is reused or destroyed. Long paths and messages
/// are truncated with "...".
class error {
 public:
  /// Longest rendered path kept, in bytes.
  static constexpr std::size_t max_path_size = 127;
  /// Longest message kept, in bytes.
  static constexpr std::size_t max_message_size = 191;

  /// An error with the given code, the empty path (the document root) and the default message.
  constexpr explicit error(errc code = errc::malformed_json) noexcept : code_(code) {}

  /// What went wrong.
  [[nodiscard]] constexpr errc code() const noexcept { return code_; }
  /// The JSON path of the offending value, e.g. `data.form_submission.email` or
  /// `data.attendees[2]`; empty when the problem is the document as a whole.
  [[nodiscard]] constexpr std::string_view path() const noexcept { return {path_.data(), path_size_}; }
  /// A human-readable sentence, e.g. `expected string, got number`.
  [[nodiscard]] constexpr std::string_view message() const noexcept {
    return message_size_ ? std::string_view{message_.data(), message_size_} : describe(code_);
  }
  /// The byte offset in the body at or near which the problem was found, when known.
  [[nodiscard]] constexpr std::optional<std::size_t> offset() const noexcept {
    if (offset_ == no_offset) { return std::nullopt; }
    return offset_;
  }
  /// For `wrong_type`: the JSON kind that was required.
  [[nodiscard]] constexpr json_kind expected() const noexcept { return expected_; }
  /// For `wrong_type`: the JSON kind that arrived.
  [[nodiscard]] constexpr json_kind got() const noexcept { return got_; }
  /// The `std::error_code` equivalent of `code()`.
  [[nodiscard]] std::error_code error_code() const noexcept { return make_error_code(code_); }

  /// `error: <code>: <message> at <path>` on one line (the CLI's format); a copy.
  [[nodiscard]] std::string to_string() const;

  friend constexpr bool operator==(const error& a, errc b) noexcept { return a.code_ == b; }

 private:
  friend struct detail::access;
  static constexpr std::size_t no_offset = static_cast<std::size_t>(-1);
  std::array<char, max_path_size + 1> path_{};
  std::array<char, max_message_size + 1> message_{};
  std::size_t offset_ = no_offset;
  std::uint8_t path_size_ = 0;
  std::uint8_t message_size_ = 0;
  errc code_;
  json_kind expected_ = json_kind::none;
  json_kind got_ = json_kind::none;
};

}  // namespace oncehub::webhooks

template <>
struct std::is_error_code_enum<oncehub::webhooks::errc> : std::true_type {};

#include "oncehub/webhooks/detail/error_impl.hpp"

#endif  // ONCEHUB_WEBHOOKS_ERROR_HPP
