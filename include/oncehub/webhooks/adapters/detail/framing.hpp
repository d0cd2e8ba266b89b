// SPDX-License-Identifier: MIT
/// @file
/// Strict HTTP/1.1 framing checks for adapters whose server parses leniently (cpp-httplib,
/// Poco::Net): the adapter records the raw bytes its server read and checks them here
/// against RFC 9112's grammar, so that a request the server would have read one way and a
/// proxy in front of it another way is refused (400) instead of handled. Not part of the
/// API.
#ifndef ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_FRAMING_HPP
#define ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_FRAMING_HPP

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "oncehub/webhooks/receive.hpp"

namespace oncehub::webhooks::inline v0::detail::framing {

/// The offset just past the empty line that ends a request head in `bytes`, or npos.
inline std::size_t head_end(std::string_view bytes) noexcept {
  const std::size_t at = bytes.find("\r\n\r\n");
  return at == std::string_view::npos ? at : at + 4;
}

constexpr bool is_vchar_or_obs_text(unsigned char c) noexcept { return c > 0x20 && c != 0x7f; }

/// Checks a whole request head (request line, field lines, the empty line: RFC 9112
/// sections 2-5) and feeds it to `request`: `start(method, target)`, then every field line
/// as sent. Returns the reason it is refused (static text: `bad_line_ending`,
/// `bad_request_line`, `obs_fold`, `field_name_invalid`, `field_value_invalid`), or empty.
/// `request.start` has been called in either case, so the reason can be logged through it.
inline std::string_view feed_head(std::string_view head, receive_request& request,
                                  std::chrono::steady_clock::time_point first_byte) {
  // A CR must start a CRLF and an LF must end one (section 2.2: we do not accept a bare
  // LF as a line terminator, nor a bare CR anywhere).
  for (std::size_t i = 0; i < head.size(); ++i) {
    if ((head[i] == '\r' && (i + 1 == head.size() || head[i + 1] != '\n')) ||
        (head[i] == '\n' && (i == 0 || head[i - 1] != '\r'))) {
      request.start("-", "-", first_byte);
      return "bad_line_ending";
    }
  }
  std::size_t eol = head.find("\r\n");
  const std::string_view line = head.substr(0, eol);
  // request-line = method SP request-target SP HTTP-version (section 3)
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target =
      sp2 == std::string_view::npos ? std::string_view{} : line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = sp2 == std::string_view::npos ? std::string_view{} : line.substr(sp2 + 1);
  bool line_ok = !method.empty() && !target.empty() && (version == "HTTP/1.1" || version == "HTTP/1.0");
  for (const char c : method) { line_ok = line_ok && http::is_tchar(c); }
  for (const char c : target) { line_ok = line_ok && is_vchar_or_obs_text(static_cast<unsigned char>(c)); }
  if (!line_ok) {
    request.start("-", "-", first_byte);
    return "bad_request_line";
  }
  request.start(method, target, first_byte);
  for (std::size_t at = eol + 2; at < head.size();) {
    eol = head.find("\r\n", at);
    const std::string_view field = head.substr(at, eol - at);
    at = eol + 2;
    if (field.empty()) { break; }  // the empty line: end of the head
    // Section 5.2: a line starting with whitespace continues the previous one (obs-fold),
    // which we refuse rather than unfold.
    if (field.front() == ' ' || field.front() == '\t') { return "obs_fold"; }
    // Section 5.1: no whitespace between the field name and the colon; the name is a token.
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos || colon == 0) { return "field_name_invalid"; }
    const std::string_view name = field.substr(0, colon);
    for (const char c : name) {
      if (!http::is_tchar(c)) { return "field_name_invalid"; }
    }
    const std::string_view value = field.substr(colon + 1);
    for (const char c : value) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && u != '\t') || u == 0x7f) { return "field_value_invalid"; }
    }
    request.header(name, value);
  }
  return {};
}

/// Follows a chunked body (RFC 9112 section 7.1) byte by byte, strictly: a chunk size is
/// hex digits only (no sign, no `0x`, no whitespace), extensions and trailer lines end
/// with CRLF. Tells where the message ends, so that nothing after it is taken as body
/// and nothing of it as the next request.
///
/// Bounded, because neither the body cap nor the discard cap counts these bytes: the
/// extensions of one chunk line at most `max_extension` bytes (a quoted-string in them
/// must be closed before the line ends, as Beast requires), the trailer section (RFC
/// 9112 section 7.1.2) at most `max_trailer` bytes (the adapter's `max_header`).
class chunked_scanner {
 public:
  /// The longest chunk extension list accepted on one chunk line, in bytes.
  static constexpr std::size_t max_extension = 1024;

  chunked_scanner() noexcept = default;
  /// `max_trailer`: the largest trailer section, in bytes (its field lines and CRLFs).
  explicit chunked_scanner(std::size_t max_trailer) noexcept : max_trailer_(max_trailer) {}

  /// Scans `bytes`; returns how many of them belong to the body (all of them until the
  /// end is reached). After an error, `bad()`. With `stop_at_trailer`, stops just after
  /// the last chunk's line, before the trailer section (see `in_trailer`), for a caller
  /// that hides the trailer from a parser that cannot read one.
  std::size_t feed(std::string_view bytes, bool stop_at_trailer = false) noexcept {
    std::size_t i = 0;
    while (i < bytes.size() && state_ != state::done && state_ != state::bad && !(stop_at_trailer && in_trailer())) {
      if (state_ == state::extension || state_ == state::ext_quoted || state_ == state::ext_escape) {
        if (++extension_ > max_extension) {
          state_ = state::bad;
          break;
        }
      } else if (in_trailer()) {
        if (++trailer_ > max_trailer_) {
          state_ = state::bad;
          break;
        }
      }
      const char c = bytes[i];
      switch (state_) {
        case state::size_first:
        case state::size:
          if (const int digit = hex(c); digit >= 0) {
            if (size_ > (std::uint64_t{1} << 56)) {
              state_ = state::bad;
              break;
            }
            size_ = size_ * 16 + static_cast<std::uint64_t>(digit);
            state_ = state::size;
          } else if (state_ == state::size && c == ';') {
            state_ = state::extension;
            extension_ = 0;
          } else if (state_ == state::size && c == '\r') {
            state_ = state::size_lf;
          } else {
            state_ = state::bad;
          }
          ++i;
          break;
        case state::extension:
          if (c == '\r') {
            state_ = state::size_lf;
          } else if (c == '"') {
            state_ = state::ext_quoted;
          } else if (c == '\n' || (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) {
            state_ = state::bad;
          }
          ++i;
          break;
        case state::ext_quoted:  // quoted-string (RFC 9110 section 5.6.4): closed on this line
          if (c == '"') {
            state_ = state::extension;
          } else if (c == '\\') {
            state_ = state::ext_escape;
          } else if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) {
            state_ = state::bad;
          }
          ++i;
          break;
        case state::ext_escape:
          state_ = (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f ? state::bad : state::ext_quoted;
          ++i;
          break;
        case state::size_lf:
          if (c != '\n') {
            state_ = state::bad;
          } else {
            state_ = size_ == 0 ? state::trailer_start : state::data;
          }
          ++i;
          break;
        case state::data: {
          const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(size_, bytes.size() - i));
          size_ -= take;
          i += take;
          if (size_ == 0) { state_ = state::data_cr; }
          break;
        }
        case state::data_cr:
          state_ = c == '\r' ? state::data_lf : state::bad;
          ++i;
          break;
        case state::data_lf:
          state_ = c == '\n' ? state::size_first : state::bad;
          ++i;
          break;
        case state::trailer_start:
          if (c == '\r') {
            state_ = state::final_lf;
          } else if (http::is_tchar(c)) {
            state_ = state::trailer;
          } else {
            state_ = state::bad;
          }
          ++i;
          break;
        case state::trailer:
          if (c == '\r') {
            state_ = state::trailer_lf;
          } else if (c == '\n') {
            state_ = state::bad;
          }
          ++i;
          break;
        case state::trailer_lf:
          state_ = c == '\n' ? state::trailer_start : state::bad;
          ++i;
          break;
        case state::final_lf:
          state_ = c == '\n' ? state::done : state::bad;
          ++i;
          break;
        case state::done:
        case state::bad: break;
      }
    }
    return i;
  }
  /// The last chunk and the trailer section have been read.
  [[nodiscard]] bool done() const noexcept { return state_ == state::done; }
  /// The framing is broken.
  [[nodiscard]] bool bad() const noexcept { return state_ == state::bad; }
  /// The last chunk has been read; the trailer section (or its empty line) follows.
  [[nodiscard]] bool in_trailer() const noexcept {
    return state_ == state::trailer_start || state_ == state::trailer || state_ == state::trailer_lf ||
           state_ == state::final_lf;
  }

 private:
  enum class state : std::uint8_t {
    size_first,
    size,
    extension,
    ext_quoted,
    ext_escape,
    size_lf,
    data,
    data_cr,
    data_lf,
    trailer_start,
    trailer,
    trailer_lf,
    final_lf,
    done,
    bad
  };
  static constexpr int hex(char c) noexcept {
    if (c >= '0' && c <= '9') { return c - '0'; }
    if (c >= 'a' && c <= 'f') { return c - 'a' + 10; }
    if (c >= 'A' && c <= 'F') { return c - 'A' + 10; }
    return -1;
  }
  state state_ = state::size_first;
  std::uint64_t size_ = 0;
  std::size_t extension_ = 0;
  std::size_t trailer_ = 0;
  std::size_t max_trailer_ = 8192;
};

/// The reason phrase of the statuses the receive core answers.
constexpr std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

/// Writes `answer` as an HTTP/1.1 response (status line, fields, body) into `out`;
/// `close` adds `Connection: close`.
inline void serialize_answer(std::string& out, const receive_answer& answer, bool close) {
  out.clear();
  out += "HTTP/1.1 ";
  out += std::to_string(answer.status);
  out += ' ';
  out += reason_phrase(answer.status);
  out += "\r\nContent-Type: text/plain\r\nContent-Length: ";
  out += std::to_string(answer.body.size());
  if (!answer.allow.empty()) { out.append("\r\nAllow: ").append(answer.allow); }
  if (close) { out += "\r\nConnection: close"; }
  out += "\r\n\r\n";
  out.append(answer.body);
}

/// The answer to a connection over the cap: sent without reading the request.
inline constexpr std::string_view busy_answer =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: "
    "close\r\n\r\nbusy\n";

}  // namespace oncehub::webhooks::inline v0::detail::framing

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_FRAMING_HPP
