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

namespace oncehub::webhooks::inline v0 {

/// The error codes, one line each: `X(code, value, description)`; the comment above a
/// line says when the code is used, `description` is what `describe(errc)` says. The
/// enumerator `errc::code`, `to_string(errc)` (`"code"`) and `describe(errc)` all derive
/// from that line. Values are ABI (stored, logged, compared across versions): a new code
/// is a new line at the end with the next value; the values are checked to run 1, 2, 3...
/// in list order, so no code can be inserted, removed or renumbered.
#define ONCEHUB_WEBHOOKS_ERRC_CODES(X)                                                                              \
  /* The body is empty or only whitespace. */                                                                       \
  X(empty_body, 1, "the request body is empty")                                                                     \
  /* The body exceeds `parser_options::max_body_size` (HTTP 413). */                                                \
  X(too_large, 2, "the request body is larger than the configured limit")                                           \
  /* JSON nesting exceeds `parser_options::max_depth`. */                                                           \
  X(too_deep, 3, "the JSON nesting is deeper than the configured limit")                                            \
  /* The body is not valid UTF-8. */                                                                                \
  X(invalid_utf8, 4, "the request body is not valid UTF-8")                                                         \
  /* A string has a bad escape, a lone surrogate or a raw control character. */                                     \
  X(invalid_string, 5, "a JSON string is invalid")                                                                  \
  /* A number is malformed or outside what JSON parsers represent (e.g. `1e400`). */                                \
  X(invalid_number, 6, "a JSON number is invalid")                                                                  \
  /* Any other JSON syntax error: missing comma, bad literal, truncated input... */                                 \
  X(malformed_json, 7, "the request body is not well-formed JSON")                                                  \
  /* Something follows the JSON document (a second document, stray bytes). */                                       \
  X(trailing_content, 8, "content follows the JSON document")                                                       \
  /* A value has the wrong JSON type (e.g. the body is an array, `data` is a string). */                            \
  X(wrong_type, 9, "a value has the wrong JSON type")                                                               \
  /* A required envelope field is absent. */                                                                        \
  X(missing_field, 10, "a required field is missing")                                                               \
  /* A value has the right type but an unusable content (e.g. an empty event `id`). */                              \
  X(invalid_value, 11, "a value is not acceptable")                                                                 \
  /* An envelope key appears twice, so the delivery is ambiguous. */                                                \
  X(duplicate_field, 12, "a field appears more than once")                                                          \
  /* The event type is not in the catalog and `strict_event_types` is set. */                                       \
  X(unknown_event_type, 13, "the event type is not known to this library")                                          \
  /* Padded input lacks `SIMDJSON_PADDING` readable bytes after the body (API misuse). */                           \
  X(insufficient_padding, 14, "the input buffer lacks SIMDJSON_PADDING readable bytes after the body")              \
  /* The parser could not allocate its buffers. */                                                                  \
  X(out_of_memory, 15, "the parser could not allocate memory")                                                      \
                                                                                                                    \
  /* Oncehub-Signature verification (signature.hpp): reject with 401, except signature_no_secret. */                \
  /* No `Oncehub-Signature` header (or an empty one). */                                                            \
  X(signature_header_missing, 16, "the Oncehub-Signature header is missing")                                        \
  /* The header is not `t=<seconds>,s=<64 hex>[,s=...]`. */                                                         \
  X(signature_header_malformed, 17, "the Oncehub-Signature header is malformed")                                    \
  /* `t` is not a decimal Unix time. */                                                                             \
  X(signature_timestamp_invalid, 18, "the Oncehub-Signature timestamp is not a Unix time")                          \
  /* `t` is older than the tolerance (a replay, or a delivery queued too long). */                                  \
  X(signature_timestamp_too_old, 19, "the Oncehub-Signature timestamp is older than the tolerance")                 \
  /* `t` is further in the future than the tolerance (clock skew or forgery). */                                    \
  X(signature_timestamp_too_new, 20, "the Oncehub-Signature timestamp is further in the future than the tolerance") \
  /* No `s=` matches the body under any configured secret. */                                                       \
  X(signature_mismatch, 21, "no signature matches the body under the configured secrets")                           \
  /* The verifier has no secret to check with (a configuration error: 500). */                                      \
  X(signature_no_secret, 22, "no webhook secret is configured")                                                     \
  /* A library call failed unexpectedly (e.g. OpenSSL). */                                                          \
  X(internal_error, 23, "an internal operation failed")                                                             \
                                                                                                                    \
  /* Webhooks API answers (webhooks_api.hpp): the HTTP status of a failed call, typed. */                           \
  /* HTTP 401: the API key is missing or invalid. */                                                                \
  X(api_authentication_failed, 24, "the API key is missing or invalid")                                             \
  /* HTTP 402/403: the plan or the key does not allow the call. */                                                  \
  X(api_permission_denied, 25, "the account's plan or the API key does not allow this call")                        \
  /* HTTP 404: no such webhook. */                                                                                  \
  X(api_not_found, 26, "the API has no such object")                                                                \
  /* HTTP 409: e.g. a webhook with this name already exists. */                                                     \
  X(api_conflict, 27, "the request conflicts with an existing object")                                              \
  /* HTTP 400/422 (and other 4xx): the API refused the request. */                                                  \
  X(api_invalid_request, 28, "the API refused the request as invalid")                                              \
  /* HTTP 429: too many requests; retry later. */                                                                   \
  X(api_rate_limited, 29, "the API rate limit was exceeded")                                                        \
  /* HTTP 5xx: OnceHub failed; retry later. */                                                                      \
  X(api_server_error, 30, "the API failed on its side")                                                             \
  /* Any other non-2xx status (e.g. a redirect that was not followed). */                                           \
  X(api_unexpected_status, 31, "the API answered with an unexpected HTTP status")                                   \
                                                                                                                    \
  /* Bodies that are not a delivery at all (issue 12): named by their first bytes, only once the body has */        \
  /* failed to parse as JSON. Appended here to keep every value above. */                                           \
  /* UTF-16 or UTF-32 text (with or without a byte order mark); deliveries are UTF-8. */                            \
  X(unsupported_encoding, 32, "the request body is UTF-16 or UTF-32 text, not UTF-8")                               \
  /* gzip, zlib or zstd data sent without `Content-Encoding` (decompress first). */                                 \
  X(compressed_body, 33, "the request body is compressed data sent without Content-Encoding")                       \
  /* An `application/x-www-form-urlencoded` body (`a=b&c=d`), not JSON. */                                          \
  X(form_encoded_body, 34, "the request body is form-encoded, not JSON")                                            \
  /* An HTML or XML page (e.g. a proxy's error page), not JSON. */                                                  \
  X(html_body, 35, "the request body is an HTML or XML page, not JSON")

/// Why a delivery was rejected. Each value names a decision the caller can act on;
/// `to_string(errc)` gives the identifier, `describe(errc)` a sentence. The values and
/// what each means are listed in `ONCEHUB_WEBHOOKS_ERRC_CODES`.
enum class errc : std::uint8_t {
#define ONCEHUB_WEBHOOKS_ERRC_ENUMERATOR(code, value, description) code = value,
  ONCEHUB_WEBHOOKS_ERRC_CODES(ONCEHUB_WEBHOOKS_ERRC_ENUMERATOR)
#undef ONCEHUB_WEBHOOKS_ERRC_ENUMERATOR
};

namespace detail {
struct errc_info {
  errc code;
  std::string_view name;
  std::string_view description;
};
// The single table behind to_string(errc) and describe(errc), expanded from the list.
#define ONCEHUB_WEBHOOKS_ERRC_INFO(code, value, description) errc_info{errc::code, #code, description},
inline constexpr auto errc_table = std::to_array({ONCEHUB_WEBHOOKS_ERRC_CODES(ONCEHUB_WEBHOOKS_ERRC_INFO)});
#undef ONCEHUB_WEBHOOKS_ERRC_INFO
// Values run 1, 2, 3... in list order: to_string and describe index the table by value,
// and an insertion or a gap (a renumbered code) fails to compile.
constexpr bool errc_table_is_ordered() noexcept {
  for (std::size_t i = 0; i < errc_table.size(); ++i) {
    if (static_cast<std::size_t>(errc_table[i].code) != i + 1) { return false; }
    if (errc_table[i].name.empty() || errc_table[i].description.empty()) { return false; }
  }
  return true;
}
static_assert(errc_table_is_ordered(), "ONCEHUB_WEBHOOKS_ERRC_CODES must number its codes 1, 2, 3... in order");
static_assert(errc_table.size() < 256, "errc is one byte");
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

}  // namespace oncehub::webhooks::inline v0

template <>
struct std::is_error_code_enum<oncehub::webhooks::errc> : std::true_type {};

#include "oncehub/webhooks/detail/error_impl.hpp"

#endif  // ONCEHUB_WEBHOOKS_ERROR_HPP
