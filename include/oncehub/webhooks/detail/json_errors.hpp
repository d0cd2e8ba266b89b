// SPDX-License-Identifier: MIT
/// @file
/// The error layer of every JSON decoder: which `errc` a simdjson failure is, RFC 8259's
/// token grammar (to tell grammatical JSON no C++ type holds from bytes that are not
/// JSON), where trailing content starts, and `json_reporter`, which turns each failure into
/// an `error` with its path and byte offset. Error path only, apart from the reporter's
/// members themselves.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_JSON_ERRORS_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_JSON_ERRORS_HPP

#include <simdjson.h>

#include <cstddef>
#include <string_view>

#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/detail/json_input.hpp"
#include "oncehub/webhooks/error.hpp"
#include "oncehub/webhooks/json.hpp"

namespace oncehub::webhooks::inline v0::detail {

namespace od = simdjson::ondemand;

constexpr json_kind to_kind(od::json_type type) noexcept {
  switch (type) {
    case od::json_type::array: return json_kind::array;
    case od::json_type::object: return json_kind::object;
    case od::json_type::number: return json_kind::number;
    case od::json_type::string: return json_kind::string;
    case od::json_type::boolean: return json_kind::boolean;
    case od::json_type::null: return json_kind::null;
  }
  return json_kind::none;
}

/// Classifies a simdjson failure for the caller: which `errc`, and a sentence.
struct json_failure {
  errc code;
  std::string_view what;
};
constexpr json_failure classify(simdjson::error_code e) noexcept {
  using simdjson::error_code;
  switch (e) {
    case error_code::EMPTY: return {errc::empty_body, "the body holds no JSON value"};
    case error_code::CAPACITY: return {errc::too_large, "the body is larger than the parser's capacity"};
    case error_code::MEMALLOC: return {errc::out_of_memory, "the parser could not allocate memory"};
    case error_code::DEPTH_ERROR: return {errc::too_deep, "the JSON nesting is too deep"};
    case error_code::INSUFFICIENT_PADDING:
      return {errc::insufficient_padding, "the input buffer lacks SIMDJSON_PADDING bytes after the body"};
    case error_code::UTF8_ERROR: return {errc::invalid_utf8, "the body is not valid UTF-8"};
    case error_code::UNESCAPED_CHARS: return {errc::invalid_string, "a string contains an unescaped control character"};
    case error_code::UNCLOSED_STRING: return {errc::invalid_string, "a string is not closed"};
    case error_code::STRING_ERROR:
      return {errc::invalid_string, "a string has an invalid escape sequence or a lone surrogate"};
    case error_code::NUMBER_ERROR:
    case error_code::NUMBER_OUT_OF_RANGE:
      return {errc::invalid_number, "a number is malformed or out of the range JSON parsers accept"};
    case error_code::T_ATOM_ERROR:
    case error_code::F_ATOM_ERROR:
    case error_code::N_ATOM_ERROR: return {errc::malformed_json, "an invalid literal (expected true, false or null)"};
    case error_code::INCOMPLETE_ARRAY_OR_OBJECT:
      return {errc::malformed_json, "the document ends inside an object or array"};
    case error_code::TAPE_ERROR: return {errc::malformed_json, "a missing or misplaced comma, colon, bracket or key"};
    default: return {errc::malformed_json, "the body is not well-formed JSON"};
  }
}

/// RFC 8259 section 6's number grammar, exactly: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
/// simdjson also refuses grammatical numbers no C++ type holds (`1e400`, 21-digit
/// integers); this tells those apart from bytes that are not a number. Error path only.
constexpr bool is_json_number_token(std::string_view t) noexcept {
  const auto digit = [&](std::size_t at) { return at < t.size() && t[at] >= '0' && t[at] <= '9'; };
  std::size_t i = 0;
  if (i < t.size() && t[i] == '-') { ++i; }
  if (!digit(i)) { return false; }
  if (t[i++] != '0') {
    while (digit(i)) { ++i; }
  }
  if (i < t.size() && t[i] == '.') {
    if (!digit(++i)) { return false; }
    while (digit(i)) { ++i; }
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) { ++i; }
    if (!digit(i)) { return false; }
    while (digit(i)) { ++i; }
  }
  return i == t.size();
}

/// RFC 8259 section 7's string grammar over a whole token, quotes included: no raw
/// control character, and only the escapes `\" \\ \/ \b \f \n \r \t \uXXXX`. The grammar
/// allows any `\uXXXX`, so an escaped lone surrogate (`"\ud800"`) is grammatical though no
/// UTF-8 text holds it; simdjson refuses to unescape it. (UTF-8 itself is checked for the
/// whole body by simdjson before any of this runs.) Error path only.
constexpr bool is_json_string_token(std::string_view t) noexcept {
  if (t.size() < 2 || t.front() != '"' || t.back() != '"') { return false; }
  const auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
  const std::size_t last = t.size() - 1;  // the closing quote
  for (std::size_t i = 1; i < last; ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c < 0x20 || c == '"') { return false; }
    if (c != '\\') { continue; }
    if (++i >= last) { return false; }  // the escape would swallow the closing quote
    switch (t[i]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't': break;
      case 'u':
        if (i + 4 >= last) { return false; }
        for (std::size_t k = 1; k <= 4; ++k) {
          if (!hex(t[i + k])) { return false; }
        }
        i += 4;
        break;
      default: return false;
    }
  }
  return true;
}

/// The whole token of an object key whose text starts at `begin` (after its opening
/// quote), quotes included. The body has passed simdjson's first stage, so the key is
/// closed. Error path only.
inline std::string_view key_token(const char* begin) noexcept {
  std::size_t i = 0;
  while (begin[i] != '"') { i += begin[i] == '\\' ? 2 : 1; }
  return {begin - 1, i + 2};
}

/// A value simdjson refused although it is grammatical JSON: a number outside what a
/// C++ type holds, or a string with an escaped lone surrogate. `raw` is its token.
constexpr bool is_unrepresentable(simdjson::error_code e, std::string_view raw) noexcept {
  if (e == simdjson::NUMBER_ERROR || e == simdjson::NUMBER_OUT_OF_RANGE) { return is_json_number_token(raw); }
  if (e == simdjson::STRING_ERROR) { return is_json_string_token(raw); }
  return false;
}

/// The errcs that say the body is not RFC 8259 JSON (or not JSON at all).
constexpr bool is_json_errc(errc code) noexcept {
  switch (code) {
    case errc::empty_body:
    case errc::invalid_utf8:
    case errc::invalid_string:
    case errc::invalid_number:
    case errc::malformed_json:
    case errc::trailing_content: return true;
    default: return false;
  }
}

/// The errcs about the shape of a delivery, which a body must be JSON to have.
constexpr bool is_schema_errc(errc code) noexcept {
  return code == errc::wrong_type || code == errc::missing_field || code == errc::invalid_value ||
         code == errc::duplicate_field || code == errc::unknown_event_type;
}

/// Where a `{`, `[` or other value ends when the document is cut short or followed by
/// more content: used only to tell `trailing_content` from `malformed_json` after the
/// decode has already failed, so it may be a plain byte scan. Returns the offset of the
/// first byte after the root container and its whitespace, or `npos` when nothing
/// follows it (or it is not closed).
constexpr std::size_t trailing_content_at(std::string_view text) noexcept {
  constexpr std::size_t none = std::string_view::npos;
  std::size_t i = 0;
  while (i < text.size() && is_json_space(text[i])) { ++i; }
  if (i == text.size() || (text[i] != '{' && text[i] != '[')) { return none; }
  std::size_t depth = 0;
  bool in_string = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) { return i; }
      if (--depth == 0) {
        ++i;
        break;
      }
    }
  }
  if (depth != 0) { return none; }
  while (i < text.size() && is_json_space(text[i])) { ++i; }
  return i < text.size() ? i : none;
}

constexpr bool has_trailing_content(std::string_view text) noexcept {
  return trailing_content_at(text) != std::string_view::npos;
}

/// Builds the one `error` of a decode: every failure of either decoder goes through here,
/// so a path, an offset and a sentence are rendered the same way everywhere.
class json_reporter {
 public:
  /// `input` is the body as received (offsets count from it) and `size` its length.
  json_reporter(const char* input, std::size_t size) noexcept : input_(input), size_(size) {}

  [[nodiscard]] const error& failure() const noexcept { return error_; }

  /// Maps an `iterate()` failure (before any decoding) to an error.
  bool fail_iterate(simdjson::error_code e) noexcept { return fail_json(e, nullptr); }

 protected:
  bool fail_at(errc code, std::string_view what, const path_segment* path, const char* location) noexcept {
    error_builder builder(code);
    builder.path(path);
    if (location != nullptr && location >= input_ && location <= input_ + size_) {
      const auto offset = static_cast<std::size_t>(location - input_);
      builder.offset(offset).message(what, " (at byte ", offset, ")");
    } else {
      builder.message(what);
    }
    error_ = builder.build();
    return false;
  }

  /// A simdjson failure, at the document's current location when it has one.
  bool fail_json(simdjson::error_code e, const path_segment* path) noexcept {
    const json_failure failure = classify(e);
    const char* location = nullptr;
    if (doc_ != nullptr && doc_->current_location().get(location) != simdjson::SUCCESS) { location = nullptr; }
    return fail_at(failure.code, failure.what, path, location);
  }

  bool fail_trailing(const char* location) noexcept {
    return fail_at(errc::trailing_content, "content follows the JSON document", nullptr, location);
  }

  bool fail_type(const path_segment* path, json_kind expected, json_kind got) noexcept {
    error_builder builder(errc::wrong_type);
    builder.path(path).kinds(expected, got).message("expected ", to_string(expected), ", got ", to_string(got));
    error_ = builder.build();
    return false;
  }

  // Out of line, like every failure: error paths stay out of the decoders' hot loops.
  template <class... Parts>
  [[gnu::cold, gnu::noinline]] bool fail_message(errc code, const path_segment* path, const Parts&... parts) noexcept {
    error_builder builder(code);
    builder.path(path).message(parts...);
    error_ = builder.build();
    return false;
  }

  const char* input_;
  std::size_t size_;
  od::document* doc_ = nullptr;
  error error_{};
};

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_JSON_ERRORS_HPP
