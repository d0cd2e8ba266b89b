// SPDX-License-Identifier: MIT
/// @file
/// Behind receive.hpp: the text the receive core reads and writes: header names and
/// values compared as RFC 9110 says (case-insensitive, OWS trimmed), the path near-miss
/// hint, the answer bodies, and the one-line log record.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_RECEIVE_TEXT_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_RECEIVE_TEXT_HPP

#include <atomic>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "oncehub/webhooks/receive.hpp"

namespace oncehub::webhooks::inline v0 {

namespace detail::http {

inline std::atomic<std::uint64_t> next_receiver_instance{1};

constexpr char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) { return false; }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) { return false; }
  }
  return true;
}

constexpr bool istarts_with(std::string_view text, std::string_view prefix) noexcept {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

constexpr bool iends_with(std::string_view text, std::string_view suffix) noexcept {
  return text.size() >= suffix.size() && iequals(text.substr(text.size() - suffix.size()), suffix);
}

/// RFC 9110 section 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" /
/// "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
constexpr bool is_tchar(char c) noexcept {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) { return true; }
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

/// Optional whitespace (SP, HTAB) trimmed from both ends (RFC 9110 section 5.6.3).
constexpr std::string_view trim_ows(std::string_view v) noexcept {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) { v.remove_prefix(1); }
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) { v.remove_suffix(1); }
  return v;
}

constexpr std::string_view strip_trailing_slashes(std::string_view v) noexcept {
  while (!v.empty() && v.back() == '/') { v.remove_suffix(1); }
  return v;
}

/// What makes `path` a near miss of `expected` (compared without the query), or empty.
constexpr std::string_view near_miss(std::string_view path, std::string_view expected) noexcept {
  const std::string_view a = strip_trailing_slashes(path);
  const std::string_view b = strip_trailing_slashes(expected);
  if (a.empty() || b.empty()) { return {}; }
  if (a == b) { return "trailing_slash"; }
  if (iequals(a, b)) { return "letter_case"; }
  // Under it, behind a prefix (a proxy's mount point), or cut short / its tail only, at
  // a segment boundary (the configured path starts with '/').
  if (istarts_with(a, b) && a[b.size()] == '/') { return "prefix"; }
  if (iends_with(a, b)) { return "prefix"; }
  if (istarts_with(b, a) && b[a.size()] == '/') { return "prefix"; }
  if (iends_with(b, a) && a.front() == '/') { return "prefix"; }
  return {};
}

/// The response body for an answer's outcome: static text.
constexpr std::string_view answer_body(std::string_view outcome) noexcept {
  constexpr std::string_view bodies[] = {
      "handled\n",   "ignored\n",        "unknown_event\n",      "malformed\n",   "unauthorized\n",
      "too_large\n", "handler_failed\n", "server_error\n",       "duplicate\n",   "in_progress\n",
      "not_found\n", "timeout\n",        "method_not_allowed\n", "unavailable\n",
  };
  for (std::string_view body : bodies) {
    if (body.size() == outcome.size() + 1 && body.substr(0, outcome.size()) == outcome) { return body; }
  }
  return "error\n";
}

inline void append_log_field(std::string& line, std::string_view key, std::string_view value) {
  line.append(" ").append(key).append("=");
  if (value.empty()) {
    line += '-';
    return;
  }
  constexpr std::size_t max_length = 100;
  for (std::size_t i = 0; i < value.size() && i < max_length; ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    line += (c > 0x20 && c < 0x7f && c != '=') ? static_cast<char>(c) : '?';
  }
  if (value.size() > max_length) { line += "..."; }
}

inline void append_number(std::string& line, std::uint64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  line.append(digits, static_cast<std::size_t>(end - digits));
}

}  // namespace detail::http

inline void append_log_line(std::string& out, const receive_record& record) {
  out += "status=";
  detail::http::append_number(out, static_cast<std::uint64_t>(record.status < 0 ? 0 : record.status));
  detail::http::append_log_field(out, "outcome", record.outcome);
  detail::http::append_log_field(out, "type", record.type);
  detail::http::append_log_field(out, "id", record.id);
  detail::http::append_log_field(out, "handler", record.handler);
  detail::http::append_log_field(out, "secret", record.secret_label);
  out += " bytes=";
  detail::http::append_number(out, record.bytes);
  char time[48];
  const int n = std::snprintf(time, sizeof time, " time=%.3fms", static_cast<double>(record.elapsed.count()) / 1e6);
  if (n > 0) { out.append(time, std::min(static_cast<std::size_t>(n), sizeof time - 1)); }
  if (!record.error.empty()) { detail::http::append_log_field(out, "error", record.error); }
  if (!record.hint.empty()) {
    detail::http::append_log_field(out, "target", record.target);
    detail::http::append_log_field(out, "hint", record.hint);
    detail::http::append_log_field(out, "expected", record.expected);
  }
}

inline std::string format_log_line(const receive_record& record) {
  std::string line;
  append_log_line(line, record);
  return line;
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_RECEIVE_TEXT_HPP
