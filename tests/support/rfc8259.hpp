// SPDX-License-Identifier: MIT
/// @file
/// An independent RFC 8259 grammar checker for tests and fuzzers: is this text one JSON
/// value (RFC 8259 sections 2-7, UTF-8 per RFC 3629), and if not, where does it stop
/// being one? It knows nothing of C++ ranges: `1e400`, 21-digit integers and `"\ud800"`
/// are grammatical JSON (issue 12, item 5), which simdjson's DOM refuses. So "the body is
/// not JSON" is decided here, not by the DOM; the DOM stays the reference for values.
///
/// Written for clarity, not speed: byte by byte, an explicit stack (no recursion, so 100k
/// levels of nesting cost no call stack).
#ifndef ONCEHUB_WEBHOOKS_TESTS_RFC8259_HPP
#define ONCEHUB_WEBHOOKS_TESTS_RFC8259_HPP

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace rfc8259 {

class grammar {
 public:
  explicit grammar(std::string_view text) : t_(text) {}

  /// The offset of the first byte where the text stops being one JSON value, or nullopt
  /// when it is one (surrounded by optional whitespace).
  std::optional<std::size_t> first_error() {
    std::vector<char> open;  // '{' or '['
    space();
    for (;;) {
      // A value.
      if (at_end()) { return i_; }
      const char c = t_[i_];
      if (c == '{' || c == '[') {
        open.push_back(c);
        ++i_;
        space();
        if (!at_end() && t_[i_] == (c == '{' ? '}' : ']')) {
          ++i_;
          open.pop_back();
        } else if (c == '{') {
          if (!member_key()) { return i_; }
          continue;
        } else {
          continue;
        }
      } else if (c == '"') {
        if (!string()) { return i_; }
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        if (!number()) { return i_; }
      } else if (!literal("true") && !literal("false") && !literal("null")) {
        return i_;
      }
      // After a value: close containers, or a comma and the next element.
      for (;;) {
        space();
        if (open.empty()) { return at_end() ? std::nullopt : std::optional<std::size_t>(i_); }
        if (at_end()) { return i_; }
        const char close = open.back() == '{' ? '}' : ']';
        if (t_[i_] == close) {
          ++i_;
          open.pop_back();
          continue;
        }
        if (t_[i_] != ',') { return i_; }
        ++i_;
        space();
        if (open.back() == '{' && !member_key()) { return i_; }
        break;
      }
    }
  }

 private:
  [[nodiscard]] bool at_end() const { return i_ >= t_.size(); }
  void space() {
    while (!at_end() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) { ++i_; }
  }
  bool member_key() {
    if (at_end() || t_[i_] != '"' || !string()) { return false; }
    space();
    if (at_end() || t_[i_] != ':') { return false; }
    ++i_;
    space();
    return true;
  }
  bool literal(std::string_view word) {
    if (t_.substr(i_, word.size()) != word) { return false; }
    i_ += word.size();
    return true;
  }
  bool digits() {
    const std::size_t start = i_;
    while (!at_end() && t_[i_] >= '0' && t_[i_] <= '9') { ++i_; }
    return i_ > start;
  }
  bool number() {
    if (t_[i_] == '-') { ++i_; }
    if (at_end()) { return false; }
    if (t_[i_] == '0') {
      ++i_;
    } else if (!digits()) {
      return false;
    }
    if (!at_end() && t_[i_] == '.') {
      ++i_;
      if (!digits()) { return false; }
    }
    if (!at_end() && (t_[i_] == 'e' || t_[i_] == 'E')) {
      ++i_;
      if (!at_end() && (t_[i_] == '+' || t_[i_] == '-')) { ++i_; }
      if (!digits()) { return false; }
    }
    return true;
  }
  static bool hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
  bool string() {
    ++i_;  // the opening quote
    while (!at_end()) {
      const auto c = static_cast<unsigned char>(t_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) { return false; }
      if (c == '\\') {
        ++i_;
        if (at_end()) { return false; }
        switch (t_[i_]) {
          case '"':
          case '\\':
          case '/':
          case 'b':
          case 'f':
          case 'n':
          case 'r':
          case 't': ++i_; break;
          case 'u':
            for (std::size_t k = 1; k <= 4; ++k) {
              if (i_ + k >= t_.size() || !hex(t_[i_ + k])) { return false; }
            }
            i_ += 5;  // any \uXXXX, lone surrogates included: RFC 8259 section 7's grammar
            break;
          default: return false;
        }
        continue;
      }
      if (c < 0x80) {
        ++i_;
      } else if (!utf8()) {
        return false;
      }
    }
    return false;
  }
  // One UTF-8 sequence (RFC 3629 section 4: no overlong forms, no surrogates, <= U+10FFFF).
  bool utf8() {
    const auto b = [&](std::size_t k) { return i_ + k < t_.size() ? static_cast<unsigned char>(t_[i_ + k]) : 0u; };
    const auto cont = [&](std::size_t k) { return (b(k) & 0xC0) == 0x80; };
    const unsigned lead = b(0);
    std::size_t n = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      n = 2;
    } else if (lead == 0xE0) {
      n = b(1) >= 0xA0 && b(1) <= 0xBF ? 3 : 0;
    } else if (lead == 0xED) {
      n = b(1) >= 0x80 && b(1) <= 0x9F ? 3 : 0;
    } else if (lead >= 0xE1 && lead <= 0xEF) {
      n = 3;
    } else if (lead == 0xF0) {
      n = b(1) >= 0x90 && b(1) <= 0xBF ? 4 : 0;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      n = 4;
    } else if (lead == 0xF4) {
      n = b(1) >= 0x80 && b(1) <= 0x8F ? 4 : 0;
    }
    if (n == 0) { return false; }
    for (std::size_t k = 1; k < n; ++k) {
      if (!cont(k)) { return false; }
    }
    i_ += n;
    return true;
  }

  std::string_view t_;
  std::size_t i_ = 0;
};

/// `text` without one leading UTF-8 byte order mark, which the parser skips (RFC 8259
/// section 8.1 lets a receiver ignore it).
inline std::string_view without_bom(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

/// True when `text` is exactly one RFC 8259 JSON value (optional surrounding whitespace).
inline bool accepts(std::string_view text) { return !grammar(text).first_error().has_value(); }

/// The offset where `text` stops being RFC 8259 JSON, or nullopt when it is JSON.
inline std::optional<std::size_t> first_error(std::string_view text) { return grammar(text).first_error(); }

}  // namespace rfc8259

#endif  // ONCEHUB_WEBHOOKS_TESTS_RFC8259_HPP
