// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind signature.hpp. The HMAC is OpenSSL's (EVP_MAC "HMAC" with SHA-256);
/// signatures are compared with CRYPTO_memcmp, which takes the same time whatever bytes
/// differ.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_SIGNATURE_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_SIGNATURE_IMPL_HPP

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <cstring>
#include <limits>
#include <memory>
#include <utility>

#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/signature.hpp"

namespace oncehub::webhooks {
namespace detail {

using digest = std::array<unsigned char, 32>;

/// HMAC-SHA256 over the concatenation of `parts`, keyed by `key`. Returns false if
/// OpenSSL fails (it does not for valid input; the caller reports internal_error).
inline bool hmac_sha256(std::string_view key, std::initializer_list<std::string_view> parts, digest& out) noexcept {
  // Fetching the algorithm is the expensive step: once per process (thread-safe static).
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) { return false; }
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_new(mac), &EVP_MAC_CTX_free);
  if (!ctx) { return false; }
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                               OSSL_PARAM_construct_end()};
  // A zero-length key is a valid HMAC key; OpenSSL wants a non-null pointer for it.
  static const unsigned char empty = 0;
  const auto* key_bytes = key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_MAC_init(ctx.get(), key_bytes, key.size(), params) != 1) { return false; }
  for (std::string_view part : parts) {
    if (!part.empty() && EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(part.data()), part.size()) != 1) {
      return false;
    }
  }
  std::size_t written = 0;
  return EVP_MAC_final(ctx.get(), out.data(), &written, out.size()) == 1 && written == out.size();
}

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
    if (const int v = hex_value(static_cast<char>(c)); v >= 0) { table[static_cast<std::size_t>(c)] = static_cast<unsigned char>(v); }
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

// ---- secret ---------------------------------------------------------------------------

inline secret::secret(std::string_view value, std::string_view label) : value_(value), label_(label) {}
inline secret::secret(const secret& other) = default;
inline secret& secret::operator=(const secret& other) {
  if (this != &other) {
    wipe();
    value_ = other.value_;
    label_ = other.label_;
  }
  return *this;
}
inline secret::secret(secret&& other) noexcept : value_(std::move(other.value_)), label_(std::move(other.label_)) {
  other.wipe();
}
inline secret& secret::operator=(secret&& other) noexcept {
  if (this != &other) {
    wipe();
    value_ = std::move(other.value_);
    label_ = std::move(other.label_);
    other.wipe();
  }
  return *this;
}
inline secret::~secret() { wipe(); }
inline void secret::wipe() noexcept {
  // OPENSSL_cleanse is not optimised away, unlike a memset before destruction.
  if (!value_.empty()) { OPENSSL_cleanse(value_.data(), value_.size()); }
  value_.clear();
}

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
    : secrets_(std::move(secrets)), options_(std::move(options)) {}

inline verifier::verifier(std::initializer_list<std::string_view> secrets, verifier_options options)
    : options_(std::move(options)) {
  secrets_.reserve(secrets.size());
  for (std::string_view s : secrets) { secrets_.emplace_back(s); }
}

inline result<verification> verifier::verify(std::string_view body, std::string_view header) const {
  return verify(body, header, options_.clock());
}

inline result<verification> verifier::verify(std::string_view body, std::string_view header,
                                             std::chrono::sys_seconds received_at) const {
  using detail::signature_error;
  bool any_secret = false;
  for (const secret& s : secrets_) { any_secret = any_secret || !s.empty(); }
  if (!any_secret) {
    return signature_error(errc::signature_no_secret, "the verifier has no secret to check signatures with");
  }
  auto parsed = parse_signature_header(header);
  if (!parsed) { return parsed.error(); }
  const signature_header& h = *parsed;

  // The window is checked first: an expired signature is rejected whatever its bytes.
  const auto tolerance = options_.tolerance;
  if (h.timestamp < received_at - tolerance) {
    detail::error_builder builder(errc::signature_timestamp_too_old);
    builder.path(signature_header_name)
        .message("t is ", static_cast<std::size_t>((received_at - h.timestamp).count()),
                 " s old; the tolerance is ", static_cast<std::size_t>(tolerance.count()), " s");
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
    const std::string& key = detail::access::value(secrets_[index]);
    if (key.empty()) { continue; }
    detail::digest expected{};
    if (!detail::hmac_sha256(key, {h.timestamp_text, ".", body}, expected)) {
      return signature_error(errc::internal_error, "OpenSSL could not compute HMAC-SHA256");
    }
    for (std::size_t i = 0; i < h.signature_count; ++i) {
      if (CRYPTO_memcmp(expected.data(), h.signatures[i].data(), expected.size()) == 0) {
        return verification{index, secrets_[index].label(), h.timestamp};
      }
    }
  }
  return signature_error(errc::signature_mismatch,
                         "no s= matches the raw body under any configured secret (was the body re-serialised?)");
}

// ---- signing --------------------------------------------------------------------------

inline std::string signed_payload(std::string_view timestamp, std::string_view body) {
  std::string out;
  out.reserve(timestamp.size() + 1 + body.size());
  out.append(timestamp).append(".").append(body);
  return out;
}

inline std::string sign(std::string_view body, std::string_view key, std::chrono::sys_seconds timestamp) {
  const std::string t = std::to_string(timestamp.time_since_epoch().count());
  detail::digest mac{};
  if (!detail::hmac_sha256(key, {t, ".", body}, mac)) { return {}; }
  return "t=" + t + ",s=" + detail::to_hex(mac);
}

inline std::string sign(std::string_view body, const secret& key, std::chrono::sys_seconds timestamp) {
  return sign(body, std::string_view(detail::access::value(key)), timestamp);
}

// ---- endpoint -------------------------------------------------------------------------

inline endpoint::endpoint(webhooks::verifier verifier, parser_options options)
    : verifier_(std::move(verifier)), parser_(options) {}

inline endpoint::endpoint(accept_unsigned_deliveries_t, parser_options options) : parser_(options) {}

template <class Body>
inline result<verified_event> endpoint::receive_at(Body body, std::string_view raw, std::string_view header,
                                                   std::optional<std::chrono::sys_seconds> received_at) {
  std::optional<verification> proof;
  if (verifier_) {
    // The size limit first: an oversized body is refused before any HMAC work.
    if (raw.size() > parser_.options().max_body_size) {
      detail::error_builder builder(errc::too_large);
      builder.message("the body is ", raw.size(), " bytes; the limit is ", parser_.options().max_body_size);
      return builder.build();
    }
    auto checked = received_at ? verifier_->verify(raw, header, *received_at) : verifier_->verify(raw, header);
    if (!checked) { return checked.error(); }
    proof = *checked;
  }
  auto parsed = parser_.parse(body);
  if (!parsed) { return parsed.error(); }
  return verified_event(*parsed, proof);
}

inline result<verified_event> endpoint::receive(std::string_view body, std::string_view header) & {
  return receive_at(body, body, header, std::nullopt);
}
inline result<verified_event> endpoint::receive(std::string_view body, std::string_view header,
                                                std::chrono::sys_seconds received_at) & {
  return receive_at(body, body, header, received_at);
}
inline result<verified_event> endpoint::receive(simdjson::padded_string_view body, std::string_view header) & {
  return receive_at(body, std::string_view(body.data(), body.size()), header, std::nullopt);
}

}  // namespace oncehub::webhooks

#endif  // ONCEHUB_WEBHOOKS_DETAIL_SIGNATURE_IMPL_HPP
