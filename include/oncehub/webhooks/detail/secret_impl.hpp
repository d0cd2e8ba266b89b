// SPDX-License-Identifier: MIT
/// @file
/// Behind signature.hpp: configured values (`check_configured_value`), `secret` and
/// secret lists. The rule for what a person may configure is here, once: secrets, API
/// keys and URLs all go through `detail::check_value`.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_SECRET_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_SECRET_IMPL_HPP

#include <algorithm>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/detail/hmac_sha256.hpp"
#include "oncehub/webhooks/signature.hpp"

namespace oncehub::webhooks::inline v0 {
namespace detail {

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
    } else if (byte >= 0xC2 && byte <= 0xDF && i + 1 < v.size() &&
               (static_cast<unsigned char>(v[i + 1]) & 0xC0) == 0x80) {
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
      for (int shift = 4 * (width - 1); shift >= 0; shift -= 4) {
        code[n++] = digits[(check.code_point >> shift) & 0xF];
      }
      builder.message(subject,
                      check.issue == value_issue::control ? " contains a control character ("
                                                          : " contains an invisible character (",
                      std::string_view(code, n), ") at byte ", position, " of ", check.size, hint.empty() ? "" : "; ",
                      hint);
      break;
    }
    case value_issue::quoted:
      builder.message(subject,
                      check.code_point == '"' ? " is wrapped in double quotes" : " is wrapped in single quotes",
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
  for (std::string_view list : lists) {
    items += 1 + static_cast<std::size_t>(std::count(list.begin(), list.end(), ','));
  }
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
        return detail::value_error(
            check, label, subject,
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

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_SECRET_IMPL_HPP
