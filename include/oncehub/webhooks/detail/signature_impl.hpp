// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind signature.hpp. The HMAC is `detail::hmac_sha256_key` (RFC 2104 over
/// OpenSSL's SHA-256, key blocks hashed once per secret: detail/hmac_sha256.hpp);
/// signatures are compared with CRYPTO_memcmp, which takes the same time whatever bytes
/// differ.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_SIGNATURE_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_SIGNATURE_IMPL_HPP

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <memory>
#include <utility>

#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/detail/hmac_sha256.hpp"
#include "oncehub/webhooks/detail/secret_impl.hpp"
#include "oncehub/webhooks/signature.hpp"

namespace oncehub::webhooks::inline v0 {
namespace detail {

constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') { return c - '0'; }
  if (c >= 'a' && c <= 'f') { return c - 'a' + 10; }
  if (c >= 'A' && c <= 'F') { return c - 'A' + 10; }
  return -1;
}

// Hex digit values, 0xFF for anything else: one load per character, no branches.
inline constexpr std::array<unsigned char, 256> hex_digits = [] {
  std::array<unsigned char, 256> table{};
  for (auto& v : table) { v = 0xFF; }
  for (int c = 0; c < 256; ++c) {
    if (const int v = hex_value(static_cast<char>(c)); v >= 0) {
      table[static_cast<std::size_t>(c)] = static_cast<unsigned char>(v);
    }
  }
  return table;
}();

constexpr bool decode_hex(std::string_view text, digest& out) noexcept {
  if (text.size() != 2 * out.size()) { return false; }
  unsigned char invalid = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const unsigned char high = hex_digits[static_cast<unsigned char>(text[2 * i])];
    const unsigned char low = hex_digits[static_cast<unsigned char>(text[2 * i + 1])];
    invalid |= static_cast<unsigned char>(high | low);
    out[i] = static_cast<unsigned char>((high << 4) | (low & 0x0F));
  }
  // A valid digit is at most 0x0F: any 0xFF marks a non-hex character.
  return (invalid & 0xF0) == 0;
}

inline std::string to_hex(const digest& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(2 * bytes.size(), '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 0xF];
  }
  return out;
}

constexpr std::string_view trim_spaces(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) { text.remove_prefix(1); }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) { text.remove_suffix(1); }
  return text;
}

inline error signature_error(errc code, std::string_view what) noexcept {
  error_builder builder(code);
  builder.path(signature_header_name).message(what);
  return builder.build();
}

}  // namespace detail

// ---- header -------------------------------------------------------------------------

inline result<signature_header> parse_signature_header(std::string_view value) noexcept {
  using detail::signature_error;
  value = detail::trim_spaces(value);
  if (value.empty()) { return signature_error(errc::signature_header_missing, "the header is missing or empty"); }
  signature_header out;
  bool have_timestamp = false;
  std::size_t skipped = 0;
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    const std::string_view element = detail::trim_spaces(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    if (element.empty()) { continue; }
    const std::size_t equals = element.find('=');
    if (equals == std::string_view::npos) {
      return signature_error(errc::signature_header_malformed, "an element has no '=' (expected t=<seconds>,s=<hex>)");
    }
    const std::string_view key = element.substr(0, equals);
    const std::string_view text = element.substr(equals + 1);
    if (key == "t") {
      if (have_timestamp) {
        return signature_error(errc::signature_header_malformed, "the header has more than one t= element");
      }
      have_timestamp = true;
      // Decimal digits only: no sign, no spaces, no fraction; at most 18 digits, so no overflow.
      if (text.empty() || text.size() > 18) {
        return signature_error(errc::signature_timestamp_invalid, "t= is not a Unix time in seconds");
      }
      std::int64_t seconds = 0;
      for (char c : text) {
        if (c < '0' || c > '9') {
          return signature_error(errc::signature_timestamp_invalid, "t= is not a Unix time in seconds");
        }
        seconds = seconds * 10 + (c - '0');
      }
      out.timestamp_text = text;
      out.timestamp = std::chrono::sys_seconds{std::chrono::seconds{seconds}};
    } else if (key == "s") {
      detail::digest bytes{};
      if (out.signature_count < signature_header::max_signatures && detail::decode_hex(text, bytes)) {
        out.signatures[out.signature_count++] = bytes;
      } else {
        ++skipped;  // tolerated, as rotation-era headers may mix formats
      }
    }
    // Other keys are not documented: ignored, so a future scheme can coexist.
  }
  out.ignored_signatures = skipped;
  if (!have_timestamp) { return signature_error(errc::signature_header_malformed, "the header has no t= element"); }
  if (out.signature_count == 0) {
    return signature_error(errc::signature_header_malformed,
                           skipped ? "no s= element is 64 hexadecimal digits" : "the header has no s= element");
  }
  return out;
}

// ---- verifier -------------------------------------------------------------------------

inline verifier::verifier(std::vector<secret> secrets, verifier_options options)
    : secrets_(std::move(secrets)), options_(std::move(options)) {
  // An unlabelled secret is labelled by position, so a log says which one matched (`#2`)
  // rather than nothing, which reads like an unsigned delivery.
  for (std::size_t i = 0; i < secrets_.size(); ++i) {
    if (secrets_[i].label().empty() && !secrets_[i].empty()) {
      secrets_[i] = secret(detail::access::value(secrets_[i]), "#" + std::to_string(i + 1));
    }
  }
}

inline verifier::verifier(std::initializer_list<std::string_view> secrets, verifier_options options)
    : options_(std::move(options)) {
  secrets_.reserve(secrets.size());
  for (std::string_view s : secrets) { secrets_.emplace_back(s, "#" + std::to_string(secrets_.size() + 1)); }
}

inline std::optional<error> verifier::configuration_error() const {
  if (secrets_.empty()) {
    return detail::signature_error(errc::signature_no_secret, "the verifier has no secret to check signatures with");
  }
  for (const secret& s : secrets_) {
    if (s.empty()) {
      const error refused = *s.problem();
      return detail::signature_error(errc::signature_no_secret, refused.message());
    }
  }
  return std::nullopt;
}

inline result<verification> verifier::verify(std::string_view body, std::string_view header) const {
  return verify(body, header, options_.clock());
}

inline result<verification> verifier::verify(std::string_view body, std::string_view header,
                                             std::chrono::sys_seconds received_at) const {
  using detail::signature_error;
  // A configuration error is never reported as a bad signature (401): it is a 500, so
  // OnceHub keeps the delivery, with the reason.
  if (auto misconfigured = configuration_error()) { return *misconfigured; }
  auto parsed = parse_signature_header(header);
  if (!parsed) { return parsed.error(); }
  const signature_header& h = *parsed;

  // The window is checked first: an expired signature is rejected whatever its bytes.
  const auto tolerance = options_.tolerance;
  if (h.timestamp < received_at - tolerance) {
    detail::error_builder builder(errc::signature_timestamp_too_old);
    builder.path(signature_header_name)
        .message("t is ", static_cast<std::size_t>((received_at - h.timestamp).count()), " s old; the tolerance is ",
                 static_cast<std::size_t>(tolerance.count()), " s");
    return builder.build();
  }
  if (h.timestamp > received_at + tolerance) {
    detail::error_builder builder(errc::signature_timestamp_too_new);
    builder.path(signature_header_name)
        .message("t is ", static_cast<std::size_t>((h.timestamp - received_at).count()),
                 " s in the future; the tolerance is ", static_cast<std::size_t>(tolerance.count()), " s");
    return builder.build();
  }

  for (std::size_t index = 0; index < secrets_.size(); ++index) {
    // The secret's key states were prepared when it was made: this copies them on the
    // stack and hashes the signed payload, with no allocation.
    const detail::hmac_sha256_key& key = detail::access::hmac(secrets_[index]);
    detail::digest expected{};
    if (!key.mac({h.timestamp_text, ".", body}, expected)) {
      return signature_error(errc::internal_error, "OpenSSL could not compute HMAC-SHA256");
    }
    for (std::size_t i = 0; i < h.signature_count; ++i) {
      if (CRYPTO_memcmp(expected.data(), h.signatures[i].data(), expected.size()) == 0) {
        return verification{index, secrets_[index].label(), h.timestamp};
      }
    }
  }
  // Every cause is listed: a wrong or mangled secret is at least as likely as a changed body.
  return signature_error(errc::signature_mismatch,
                         "no s= matches the body under any configured secret. Check the secret (this endpoint's, "
                         "copied whole), that the body is the raw bytes received, and that no proxy re-encoded it");
}

// ---- signing --------------------------------------------------------------------------

inline std::string signed_payload(std::string_view timestamp, std::string_view body) {
  std::string out;
  out.reserve(timestamp.size() + 1 + body.size());
  out.append(timestamp).append(".").append(body);
  return out;
}

namespace detail {
inline result<std::string> sign_with(const hmac_sha256_key& key, std::string_view body,
                                     std::chrono::sys_seconds timestamp) {
  const std::string t = std::to_string(timestamp.time_since_epoch().count());
  digest mac{};
  if (!key.mac({t, ".", body}, mac)) {
    return signature_error(errc::internal_error, "OpenSSL could not compute HMAC-SHA256");
  }
  return "t=" + t + ",s=" + to_hex(mac);
}
}  // namespace detail

inline result<std::string> sign(std::string_view body, std::string_view key, std::chrono::sys_seconds timestamp) {
  return detail::sign_with(detail::hmac_sha256_key(key), body, timestamp);
}

inline result<std::string> sign(std::string_view body, const secret& key, std::chrono::sys_seconds timestamp) {
  if (key.empty()) {
    // The refusal says which secret and why (never its value); a moved-from secret, that it is empty.
    const error refused = *key.problem();
    return detail::signature_error(errc::signature_no_secret, refused.message());
  }
  return detail::sign_with(detail::access::hmac(key), body, timestamp);
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_SIGNATURE_IMPL_HPP
