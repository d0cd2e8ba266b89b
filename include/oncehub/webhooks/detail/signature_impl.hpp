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
#include "oncehub/webhooks/signature.hpp"

namespace oncehub::webhooks {
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

constexpr bool is_ascii_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Non-ASCII characters that are invisible or blank where a value is pasted: C1 controls,
// Unicode spaces (White_Space), zero-width and direction marks, the byte order mark.
constexpr bool is_invisible(std::uint32_t cp) noexcept {
  return (cp >= 0x80 && cp <= 0xA0) || cp == 0xAD || cp == 0x1680 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x2064) || cp == 0x3000 || cp == 0xFEFF;
}

/// Trims ASCII whitespace around `text` and looks for what a configured value must not
/// contain (see `check_configured_value`). Bytes that are not UTF-8 are left alone: a key
/// is bytes, and only characters a paste can hide are refused.
constexpr value_check check_value(std::string_view text) noexcept {
  value_check out;
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_ascii_space(text[begin])) { ++begin; }
  while (end > begin && is_ascii_space(text[end - 1])) { --end; }
  out.value = text.substr(begin, end - begin);
  out.size = out.value.size();
  out.trimmed = out.size != text.size();
  if (out.value.empty()) {
    out.issue = value_issue::empty;
    return out;
  }
  const std::string_view v = out.value;
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    out.issue = value_issue::quoted;  // the quotes of a .env file or a YAML value, kept
    out.code_point = static_cast<unsigned char>(v.front());
    return out;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto byte = static_cast<unsigned char>(v[i]);
    value_issue issue = value_issue::none;
    std::uint32_t cp = byte < 0x80 ? byte : 0;  // a non-ASCII byte counts only as part of a character
    if (is_ascii_space(v[i])) {
      issue = value_issue::whitespace;
    } else if (byte < 0x20 || byte == 0x7F) {
      issue = value_issue::control;
    } else if (byte >= 0xC2 && byte <= 0xDF && i + 1 < v.size() && (static_cast<unsigned char>(v[i + 1]) & 0xC0) == 0x80) {
      cp = ((byte & 0x1Fu) << 6) | (static_cast<unsigned char>(v[i + 1]) & 0x3Fu);
    } else if (byte >= 0xE0 && byte <= 0xEF && i + 2 < v.size() &&
               (byte != 0xE0 || static_cast<unsigned char>(v[i + 1]) >= 0xA0) &&  // not overlong
               (static_cast<unsigned char>(v[i + 1]) & 0xC0) == 0x80 &&
               (static_cast<unsigned char>(v[i + 2]) & 0xC0) == 0x80) {
      cp = ((byte & 0x0Fu) << 12) | ((static_cast<unsigned char>(v[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(v[i + 2]) & 0x3Fu);
    }
    if (issue == value_issue::none && cp >= 0x80 && is_invisible(cp)) {
      issue = cp <= 0x9F ? value_issue::control : value_issue::invisible;
    }
    if (issue != value_issue::none) {
      out.issue = issue;
      out.at = i;
      out.code_point = cp;
      return out;
    }
  }
  return out;
}

/// The refusal of a checked value: `invalid_value` at `path` (the value's name or label),
/// naming `subject` (e.g. "ONCEHUB_WEBHOOK_SECRET item 2"), the problem and its position,
/// then `hint`; never the value.
inline error value_error(const value_check& check, std::string_view path, std::string_view subject,
                         std::string_view hint) noexcept {
  error_builder builder(errc::invalid_value);
  builder.path(path);
  const std::size_t position = check.at + 1;
  switch (check.issue) {
    case value_issue::empty:
      builder.message(subject, check.trimmed ? " is empty after trimming whitespace" : " is empty",
                      hint.empty() ? "" : "; ", hint);
      break;
    case value_issue::whitespace: {
      const char c = static_cast<char>(check.code_point);
      const std::string_view what = c == ' '                 ? "a space"
                                    : c == '\t'              ? "a tab"
                                    : c == '\n' || c == '\r' ? "a line break"
                                                             : "whitespace";
      builder.message(subject, " contains ", what, " inside it (byte ", position, " of ", check.size, ")",
                      hint.empty() ? "" : "; ", hint);
      break;
    }
    case value_issue::control:
    case value_issue::invisible: {
      static constexpr char digits[] = "0123456789ABCDEF";
      char code[9] = {'U', '+', 0, 0, 0, 0, 0, 0, 0};
      std::size_t n = 2;
      const int width = check.code_point > 0xFFFF ? 6 : 4;
      for (int shift = 4 * (width - 1); shift >= 0; shift -= 4) { code[n++] = digits[(check.code_point >> shift) & 0xF]; }
      builder.message(subject,
                      check.issue == value_issue::control ? " contains a control character ("
                                                          : " contains an invisible character (",
                      std::string_view(code, n), ") at byte ", position, " of ", check.size,
                      hint.empty() ? "" : "; ", hint);
      break;
    }
    case value_issue::quoted:
      builder.message(subject, check.code_point == '"' ? " is wrapped in double quotes" : " is wrapped in single quotes",
                      " (kept by a .env file or YAML?): remove them", hint.empty() ? "" : "; ", hint);
      break;
    case value_issue::none: break;
  }
  return builder.build();
}

inline constexpr std::string_view secret_rule = "OnceHub secrets are 32 lower-case hex characters";

}  // namespace detail

// ---- configured values ----------------------------------------------------------------

inline result<configured_value> check_configured_value(std::string_view text, std::string_view name) {
  const detail::value_check check = detail::check_value(text);
  if (check.issue != detail::value_issue::none) { return detail::value_error(check, name, name, {}); }
  return configured_value{check.value, check.trimmed};
}

// ---- secret ---------------------------------------------------------------------------

inline secret::secret(std::string_view value, std::string_view label)
    : label_(label), check_(detail::check_value(value)) {
  if (check_.issue == detail::value_issue::none) {
    value_.assign(check_.value);
    hmac_ = detail::hmac_sha256_key(value_);
  }
  check_.value = {};  // the view would outlive the caller's text
}
inline secret::secret(const secret& other) = default;
inline secret& secret::operator=(const secret& other) {
  if (this != &other) {
    wipe();
    value_ = other.value_;
    label_ = other.label_;
    check_ = other.check_;
    hmac_ = other.hmac_;
  }
  return *this;
}
inline secret::secret(secret&& other) noexcept
    : value_(std::move(other.value_)), label_(std::move(other.label_)), check_(other.check_), hmac_(other.hmac_) {
  other.wipe();
}
inline secret& secret::operator=(secret&& other) noexcept {
  if (this != &other) {
    wipe();
    value_ = std::move(other.value_);
    label_ = std::move(other.label_);
    check_ = other.check_;
    hmac_ = other.hmac_;
    other.wipe();
  }
  return *this;
}
inline secret::~secret() { wipe(); }
inline void secret::wipe() noexcept {
  // OPENSSL_cleanse is not optimised away, unlike a memset before destruction.
  if (!value_.empty()) { OPENSSL_cleanse(value_.data(), value_.size()); }
  value_.clear();
  hmac_.clear();
}

inline std::optional<error> secret::problem() const {
  if (!value_.empty()) { return std::nullopt; }
  detail::value_check check = check_;
  if (check.issue == detail::value_issue::none) {  // moved from
    check.issue = detail::value_issue::empty;
    check.trimmed = false;
  }
  const std::string subject = label_.empty() ? std::string("the secret") : "secret " + label_;
  return detail::value_error(check, label_, subject, detail::secret_rule);
}

inline result<secret> make_secret(std::string_view value, std::string_view label) {
  secret out(value, label);
  if (auto refused = out.problem()) { return *refused; }
  return out;
}

// ---- secret lists -----------------------------------------------------------------------

inline std::string secret_list::trimmed_note() const {
  if (trimmed.empty()) { return {}; }
  std::string out = "trimmed the whitespace around " + source + " ";
  for (std::size_t i = 0; i < trimmed.size(); ++i) {
    if (i != 0) { out += ", "; }
    out += trimmed[i];
  }
  out += " (OnceHub secrets contain none; values not shown)";
  return out;
}

inline result<secret_list> parse_secret_list(std::span<const std::string_view> lists, std::string_view source,
                                             std::string_view label_prefix) {
  std::size_t items = 0;
  for (std::string_view list : lists) { items += 1 + static_cast<std::size_t>(std::count(list.begin(), list.end(), ',')); }
  secret_list out;
  out.source = std::string(source);
  out.secrets.reserve(items);
  std::size_t position = 0;
  for (std::string_view rest : lists) {
    while (true) {
      const std::size_t comma = rest.find(',');
      const std::string_view item = rest.substr(0, comma);
      ++position;
      std::string label = std::string(label_prefix) + std::to_string(position);
      const detail::value_check check = detail::check_value(item);
      if (check.issue != detail::value_issue::none) {
        const std::string subject =
            items == 1 ? std::string(source) : std::string(source) + " item " + std::to_string(position);
        const bool list_accident = items > 1 && (check.issue == detail::value_issue::empty);
        const bool unsplit = check.issue == detail::value_issue::whitespace;
        return detail::value_error(check, label, subject,
                                   list_accident ? "a doubled or trailing comma?"
                                   : unsplit     ? "separate several secrets with commas; OnceHub secrets are 32 lower-case hex characters"
                                                 : detail::secret_rule);
      }
      if (check.trimmed) { out.trimmed.push_back(label); }
      out.secrets.emplace_back(check.value, label);
      if (comma == std::string_view::npos) { break; }
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

inline result<secret_list> parse_secret_list(std::string_view list, std::string_view source,
                                             std::string_view label_prefix) {
  return parse_secret_list(std::span<const std::string_view>(&list, 1), source, label_prefix);
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
inline result<std::string> sign_with(const hmac_sha256_key& key, std::string_view body, std::chrono::sys_seconds timestamp) {
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

// ---- endpoint -------------------------------------------------------------------------

inline endpoint::endpoint(webhooks::verifier verifier, parser_options options)
    : verifier_(std::move(verifier)), parser_(options) {}

inline endpoint::endpoint(accept_unsigned_deliveries_t, parser_options options) : parser_(options) {}

template <class Body>
inline result<accepted_event> endpoint::receive_at(Body body, std::string_view raw, std::string_view header,
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
  return accepted_event(*parsed, proof);
}

inline result<accepted_event> endpoint::receive(std::string_view body, std::string_view header) & {
  return receive_at(body, body, header, std::nullopt);
}
inline result<accepted_event> endpoint::receive(std::string_view body, std::string_view header,
                                                std::chrono::sys_seconds received_at) & {
  return receive_at(body, body, header, received_at);
}
inline result<accepted_event> endpoint::receive(simdjson::padded_string_view body, std::string_view header) & {
  return receive_at(body, std::string_view(body.data(), body.size()), header, std::nullopt);
}

}  // namespace oncehub::webhooks

#endif  // ONCEHUB_WEBHOOKS_DETAIL_SIGNATURE_IMPL_HPP
