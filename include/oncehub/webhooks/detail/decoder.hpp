// SPDX-License-Identifier: MIT
/// @file
/// The single-pass decoder: simdjson On-Demand in, typed views out.
///
/// How it reads (see reference/perf-anchors.md for the measurements behind each choice):
/// - Every object is iterated once, in document order, and each key is mapped to a member
///   through the schema's perfect hash (`key_table.hpp`). Field lookups by name would be
///   order-sensitive (`find_field`) or quadratic on shuffled keys (`find_field_unordered`,
///   a measured 16x cliff).
/// - Strings are unescaped by simdjson into the parser's string buffer (`get_string`).
/// - On-Demand validates only what it reads. To reject every malformed document, values we
///   do not decode (unknown keys, values of the wrong type, custom field values, the data
///   of unknown events) are walked and validated by `validate_value`, which is also where
///   the depth limit is enforced.
/// - A value of the wrong JSON type or format inside `data` is not an error: the member
///   reads as invalid and a `finding` is recorded (OnceHub would retry a rejected delivery
///   for days and then disable the webhook).
#ifndef ONCEHUB_WEBHOOKS_DETAIL_DECODER_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_DECODER_HPP

#include <simdjson.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/detail/event_storage.hpp"
#include "oncehub/webhooks/detail/key_table.hpp"
#include "oncehub/webhooks/detail/schema.hpp"
#include "oncehub/webhooks/detail/timestamp.hpp"
#include "oncehub/webhooks/error.hpp"
#include "oncehub/webhooks/events.hpp"
#include "oncehub/webhooks/fields.hpp"

namespace oncehub::webhooks::detail {

namespace od = simdjson::ondemand;

/// The limits and policies the decoder applies (a copy of `parser_options`' relevant part).
struct decode_limits {
  std::size_t max_depth = 64;
  bool strict_fields = false;
  bool strict_event_types = false;
};

/// What the schema says a member holds, for findings: "string", "integer", ...
template <class Member>
constexpr std::string_view expected_text() noexcept {
  if constexpr (std::is_same_v<Member, field<std::string_view>>) {
    return "string";
  } else if constexpr (std::is_same_v<Member, field<bool>>) {
    return "boolean";
  } else if constexpr (std::is_same_v<Member, field<std::int64_t>>) {
    return "integer";
  } else if constexpr (std::is_same_v<Member, field<timestamp>>) {
    return "RFC 3339 timestamp string";
  } else if constexpr (std::is_same_v<Member, json_value>) {
    return "any JSON value";
  } else {
    return "object";
  }
}

constexpr bool is_json_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

constexpr std::string_view trim_right(std::string_view text) noexcept {
  while (!text.empty() && is_json_space(text.back())) { text.remove_suffix(1); }
  return text;
}

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
    case error_code::UNESCAPED_CHARS:
      return {errc::invalid_string, "a string contains an unescaped control character"};
    case error_code::UNCLOSED_STRING: return {errc::invalid_string, "a string is not closed"};
    case error_code::STRING_ERROR:
      return {errc::invalid_string, "a string has an invalid escape sequence or a lone surrogate"};
    case error_code::NUMBER_ERROR:
    case error_code::NUMBER_OUT_OF_RANGE:
      return {errc::invalid_number, "a number is malformed or out of the range JSON parsers accept"};
    case error_code::T_ATOM_ERROR:
    case error_code::F_ATOM_ERROR:
    case error_code::N_ATOM_ERROR:
      return {errc::malformed_json, "an invalid literal (expected true, false or null)"};
    case error_code::INCOMPLETE_ARRAY_OR_OBJECT:
      return {errc::malformed_json, "the document ends inside an object or array"};
    case error_code::TAPE_ERROR:
      return {errc::malformed_json, "a missing or misplaced comma, colon, bracket or key"};
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
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': break;
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

/// One open container of `decoder::validate_value`'s explicit stack.
struct validation_frame {
  od::object_iterator object_it{};
  od::array_iterator array_it{};
  path_segment segment{};  // this container's path
  path_segment child{};    // the element being visited
  std::size_t index = 0;
  bool is_object = false;
  bool advance = false;  // a child container was pushed; step past it when it is done
};

/// One decode: the state shared by every function below.
class decoder {
 public:
  /// `frames` must have room for `limits.max_depth + 1` frames (reserved by the parser).
  /// `input` is the body as received (offsets count from it) and `size` its length; the
  /// JSON text starts `skip` bytes in (after a byte order mark).
  decoder(event_storage& storage, std::vector<validation_frame>& frames, const decode_limits& limits,
          const char* input, std::size_t size, std::size_t skip = 0) noexcept
      : storage_(storage), frames_(frames), limits_(limits), input_(input), size_(size), skip_(skip) {
    frames_.clear();
  }

  [[nodiscard]] const error& failure() const noexcept { return error_; }

  /// Decodes a whole document. Returns false with `failure()` set on rejection.
  ///
  /// A schema error (`wrong_type`, `duplicate_field`, ...) found before the whole body
  /// was read is reported only if the body is JSON: the rest is validated then, and its
  /// JSON error (`malformed_json`, `trailing_content`, ... at its byte offset) wins. A user
  /// chasing a serializer bug is sent to the syntax, not to the schema (issue 12, item 6).
  bool decode_document(od::document& doc) noexcept {
    if (decode_whole_document(doc)) { return true; }
    if (!document_read_ && is_schema_errc(error_.code())) { prefer_json_error(doc); }
    return false;
  }

  /// Maps an `iterate()` failure (before any decoding) to an error.
  bool fail_iterate(simdjson::error_code e) noexcept { return fail_json(e, nullptr); }

 private:
  bool decode_whole_document(od::document& doc) noexcept {
    doc_ = &doc;
    event_type known_type = event_type::unknown;
    bool rewind_needed = false;
    std::uint8_t seen = 0;
    if (!decode_envelope(doc, known_type, false, rewind_needed, seen)) { return false; }
    // Nothing may follow the document: checked first, as it says more than what is missing.
    const char* location = nullptr;
    if (doc.current_location().get(location) == simdjson::SUCCESS) {
      return fail_at(errc::trailing_content, "content follows the JSON document", nullptr, location);
    }
    document_read_ = true;  // every byte has been validated: later errors are the schema's
    // Every envelope field is required.
    for (std::uint8_t i = 0; i < k_count; ++i) {
      if (!(seen & (1u << i))) {
        const path_segment path{nullptr, envelope_names[i], 0};
        return fail_message(errc::missing_field, &path, "the envelope field is missing");
      }
    }
    if (rewind_needed) {
      // `data` came before `type`: now that the type is known, read the document again.
      // Rewinding resets simdjson's string buffer, so every view is decoded anew.
      doc.rewind();
      storage_.clear();
      if (!decode_envelope(doc, known_type, true, rewind_needed, seen)) { return false; }
    }
    return apply_strictness();
  }

  /// Keeps the schema error in `error_` only when the whole body is JSON (within the
  /// depth limit); otherwise replaces it with the first JSON error in document order.
  /// Error path only: the document is read again from its start.
  [[gnu::cold, gnu::noinline]] void prefer_json_error(od::document& doc) noexcept {
    const error schema_error = error_;
    doc.rewind();
    frames_.clear();
    depth_ = 0;
    if (validate_document(doc) || is_schema_errc(error_.code())) { error_ = schema_error; }
  }

  /// Validates a document whose root is an object, and that nothing follows it.
  bool validate_document(od::document& doc) noexcept {
    od::object root;
    if (auto e = doc.get_object().get(root)) {
      if (e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) {
        if (const std::size_t at = trailing_content_at(json_text()); at != std::string_view::npos) {
          return fail_at(errc::trailing_content, "content follows the JSON document", nullptr, input_ + skip_ + at);
        }
      }
      return fail_json(e, nullptr);
    }
    depth_ = 1;
    for (auto field_result : root) {
      od::field f;
      if (auto e = std::move(field_result).get(f)) { return fail_json(e, nullptr); }
      std::string_view key;
      std::uint8_t index = no_key;
      if (!read_key<1>(f, nullptr, key, index, nullptr)) { return false; }
      const path_segment path{nullptr, key, 0};
      json_kind kind{};
      std::string_view raw;
      if (!validate_value(f.value(), path, kind, raw)) { return false; }
    }
    const char* location = nullptr;
    if (doc.current_location().get(location) == simdjson::SUCCESS) {
      return fail_at(errc::trailing_content, "content follows the JSON document", nullptr, location);
    }
    return true;
  }

  // --- failures and findings -------------------------------------------------------

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

  bool fail_json(simdjson::error_code e, const path_segment* path) noexcept {
    const json_failure failure = classify(e);
    const char* location = nullptr;
    if (doc_ != nullptr && doc_->current_location().get(location) != simdjson::SUCCESS) { location = nullptr; }
    return fail_at(failure.code, failure.what, path, location);
  }

  bool fail_type(const path_segment* path, json_kind expected, json_kind got) noexcept {
    error_builder builder(errc::wrong_type);
    builder.path(path).kinds(expected, got).message("expected ", to_string(expected), ", got ", to_string(got));
    error_ = builder.build();
    return false;
  }

  bool fail_message(errc code, const path_segment* path, std::string_view what) noexcept {
    error_builder builder(code);
    builder.path(path).message(what);
    error_ = builder.build();
    return false;
  }

  void add_finding(const path_segment& path, std::string_view expected, json_kind got, std::string_view raw,
                   field_issue issue) {
    finding& f = storage_.findings.emplace_back();
    fixed_writer out(access::path(f).data(), access::path(f).size());
    write_path(out, &path);
    access::path_size(f) = static_cast<std::uint8_t>(out.size());
    access::expected(f) = expected;
    access::got(f) = got;
    access::raw(f) = raw;
    access::issue(f) = issue;
  }

  bool apply_strictness() noexcept {
    if (limits_.strict_event_types && storage_.envelope.type == event_type::unknown) {
      error_builder builder(errc::unknown_event_type);
      builder.path("type").message("the event type \"", storage_.envelope.type_name, "\" is not in the catalog");
      error_ = builder.build();
      return false;
    }
    if (limits_.strict_fields && !storage_.findings.empty()) {
      const finding& f = storage_.findings.front();
      const errc code = f.issue() == field_issue::wrong_type      ? errc::wrong_type
                        : f.issue() == field_issue::duplicate_key ? errc::duplicate_field
                                                                  : errc::invalid_value;
      error_builder builder(code);
      builder.path(f.path());
      if (f.issue() == field_issue::duplicate_key) {
        builder.message("the key appears more than once");
      } else {
        // A type mismatch names the kind; a format problem shows the text.
        builder.message("expected ", f.expected(), ", got ",
                        f.issue() == field_issue::wrong_type || f.raw_json().empty() ? to_string(f.got())
                                                                                    : f.raw_json());
      }
      if (!f.raw_json().empty()) { builder.offset(static_cast<std::size_t>(f.raw_json().data() - input_)); }
      error_ = builder.build();
      return false;
    }
    return true;
  }

  // --- small helpers -------------------------------------------------------------

  [[nodiscard]] std::string_view json_text() const noexcept { return {input_ + skip_, size_ - skip_}; }
  /// The JSON text without the whitespace around it (a root scalar's token). Error path.
  [[nodiscard]] std::string_view root_text() const noexcept {
    std::string_view text = json_text();
    while (!text.empty() && is_json_space(text.front())) { text.remove_prefix(1); }
    return trim_right(text);
  }

  bool enter(const path_segment* path) noexcept {
    if (++depth_ > limits_.max_depth) {
      return fail_message(errc::too_deep, path, "the JSON nesting is deeper than max_depth");
    }
    return true;
  }
  void leave() noexcept { --depth_; }

  static const char* location_of(od::value& v) noexcept {
    const char* at = nullptr;
    if (v.current_location().get(at) != simdjson::SUCCESS) { return nullptr; }
    return at;
  }

  /// Reads the key of `f`: its raw bytes when it has no escapes (the common case, no
  /// copy), else its unescaped text (which also validates the escapes). Then looks it up
  /// in `table` (when given). Keys like `"\u0069d"` thus still reach member `id`.
  template <std::size_t N>
  [[gnu::always_inline]] bool read_key(od::field& f, const key_table<N>* table, std::string_view& key,
                                       std::uint8_t& index, const path_segment* parent) noexcept {
    const char* begin = f.key().raw();
    if (table != nullptr) {
      std::size_t size = 0;
      bool escaped = false;
      index = table->find_raw(begin, size, escaped);
      if (!escaped) {
        key = std::string_view(begin, size);
        return true;
      }
    } else {
      const raw_key_scan scan = scan_key(begin);
      index = no_key;
      if (!scan.escaped) {
        key = std::string_view(begin, scan.size);
        return true;
      }
    }
    if (auto e = f.unescaped_key().get(key)) {
      // A grammatical key no UTF-8 text holds (an escaped lone surrogate) names no
      // member: it is an unknown key, shown as written.
      const std::string_view token = key_token(begin);
      if (!is_unrepresentable(e, token)) { return fail_json(e, parent); }
      key = token;
      index = no_key;
      return true;
    }
    index = table != nullptr ? table->find(key) : no_key;
    return true;
  }

  // --- validation of values we do not decode -------------------------------------

  /// Validates any JSON value completely, reporting its kind and its raw JSON text.
  /// Validates a scalar completely, reporting its raw JSON text.
  bool validate_scalar(od::value& v, od::json_type type, const path_segment& path, std::string_view& raw) noexcept {
    raw = trim_right(v.raw_json_token());
    switch (type) {
      // A value we do not decode needs only to be grammatical: a number no C++ type
      // holds or a string with an escaped lone surrogate is kept as raw JSON.
      case od::json_type::string: {
        std::string_view text;
        if (auto e = v.get_string().get(text); e && !is_unrepresentable(e, raw)) { return fail_json(e, &path); }
        return true;
      }
      case od::json_type::number: {
        od::number number;
        if (auto e = v.get_number().get(number); e && !is_unrepresentable(e, raw)) { return fail_json(e, &path); }
        return true;
      }
      case od::json_type::boolean: {
        bool value = false;
        if (auto e = v.get_bool().get(value)) {
          return fail_json(e == simdjson::INCORRECT_TYPE ? simdjson::T_ATOM_ERROR : e, &path);
        }
        return true;
      }
      case od::json_type::null: {
        bool is_null = false;
        if (auto e = v.is_null().get(is_null)) {
          return fail_json(e == simdjson::INCORRECT_TYPE ? simdjson::N_ATOM_ERROR : e, &path);
        }
        if (!is_null) { return fail_json(simdjson::N_ATOM_ERROR, &path); }
        return true;
      }
      default: return true;
    }
  }

  /// Opens a container for `validate_value`: one frame on the explicit stack.
  bool push_container(od::value& v, od::json_type type, const path_segment& path) noexcept {
    if (!enter(&path)) { return false; }
    validation_frame& frame = frames_.emplace_back();
    frame.segment = path;
    frame.is_object = type == od::json_type::object;
    if (frame.is_object) {
      od::object object;
      if (auto e = v.get_object().get(object)) { return fail_json(e, &path); }
      if (auto e = object.begin().get(frame.object_it)) { return fail_json(e, &path); }
    } else {
      od::array array;
      if (auto e = v.get_array().get(array)) { return fail_json(e, &path); }
      if (auto e = array.begin().get(frame.array_it)) { return fail_json(e, &path); }
    }
    return true;
  }

  /// Validates any JSON value completely, reporting its kind and its raw JSON text.
  ///
  /// Containers are walked with an explicit stack (frames in the parser's storage, never
  /// reallocated: their count is bounded by max_depth), not by recursion, so the depth a
  /// parser accepts does not depend on the caller's stack size.
  bool validate_value(od::value& v, const path_segment& path, json_kind& kind, std::string_view& raw) noexcept {
    const char* begin = location_of(v);
    od::json_type type{};
    if (auto e = v.type().get(type)) { return fail_json(e, &path); }
    kind = to_kind(type);
    if (type != od::json_type::object && type != od::json_type::array) {
      return validate_scalar(v, type, path, raw);
    }
    auto& frames = frames_;
    const std::size_t base = frames.size();
    if (!push_container(v, type, path)) { return false; }
    while (frames.size() > base) {
      validation_frame& top = frames.back();
      if (top.advance) {
        // The child container that was pushed is finished: move past it.
        top.advance = false;
        if (top.is_object) {
          ++top.object_it;
        } else {
          ++top.array_it;
        }
      }
      // simdjson's iterators compare unequal while their container has elements left.
      const bool more = top.is_object ? top.object_it != top.object_it : top.array_it != top.array_it;
      if (!more) {
        frames.pop_back();
        leave();
        continue;
      }
      od::value child;
      if (top.is_object) {
        od::field f;
        if (auto e = (*top.object_it).get(f)) { return fail_json(e, &top.segment); }
        std::string_view key;
        std::uint8_t ignored_index = no_key;
        if (!read_key<1>(f, nullptr, key, ignored_index, &top.segment)) { return false; }
        top.child = path_segment{&top.segment, key, 0};
        child = f.value();
      } else {
        if (auto e = (*top.array_it).get(child)) { return fail_json(e, &top.segment); }
        top.child = path_segment{&top.segment, {}, top.index++};
      }
      od::json_type child_type{};
      if (auto e = child.type().get(child_type)) { return fail_json(e, &top.child); }
      if (child_type == od::json_type::object || child_type == od::json_type::array) {
        top.advance = true;
        // `top` stays valid: the frames never reallocate (reserved for max_depth).
        if (!push_container(child, child_type, top.child)) { return false; }
        continue;
      }
      std::string_view ignored_raw;
      if (!validate_scalar(child, child_type, top.child, ignored_raw)) { return false; }
      if (top.is_object) {
        ++top.object_it;
      } else {
        ++top.array_it;
      }
    }
    // A container: its text runs to the token after its closing bracket.
    const char* end = location_of(v);
    if (begin != nullptr && end != nullptr && end > begin) {
      raw = trim_right(std::string_view(begin, static_cast<std::size_t>(end - begin)));
    }
    return true;
  }

  /// A member arrived with a JSON type other than the schema's: `null` makes it null;
  /// anything else is validated, and the member becomes invalid with a finding.
  template <class Member>
  bool mismatch(Member& member, od::value& v, const path_segment& path, std::string_view expected) noexcept {
    bool is_null = false;
    if (auto e = v.is_null().get(is_null)) {
      return fail_json(e == simdjson::INCORRECT_TYPE ? simdjson::N_ATOM_ERROR : e, &path);
    }
    if (is_null) {
      access::state(member) = presence::null;
      return true;
    }
    json_kind got{};
    std::string_view raw;
    if (!validate_value(v, path, got, raw)) { return false; }
    access::state(member) = presence::invalid;
    access::issue(member) = field_issue::wrong_type;
    add_finding(path, expected, got, raw, field_issue::wrong_type);
    return true;
  }

  /// A member simdjson could not read: `e` is a JSON error unless the value is grammatical
  /// but outside what the member's C++ type holds (`1e400`, a 21-digit integer, a string
  /// with an escaped lone surrogate). Then the member reads as invalid with a finding
  /// (`out_of_range` for a number, `bad_format` for a string): the delivery is still
  /// JSON, and `strict_fields` rejects it.
  template <class Member>
  [[gnu::cold, gnu::noinline]] bool unrepresentable(Member& member, od::value& v, simdjson::error_code e,
                                                    const path_segment& path, std::string_view expected) noexcept {
    const std::string_view raw = trim_right(v.raw_json_token());
    if (!is_unrepresentable(e, raw)) { return fail_json(e, &path); }
    const bool number = e != simdjson::STRING_ERROR;
    const field_issue issue = number ? field_issue::out_of_range : field_issue::bad_format;
    access::state(member) = presence::invalid;
    access::issue(member) = issue;
    add_finding(path, expected, number ? json_kind::number : json_kind::string, raw, issue);
    return true;
  }

  // --- members -------------------------------------------------------------------

  [[gnu::always_inline]] bool decode(field<std::string_view>& member, od::value& v, const path_segment& path) noexcept {
    std::string_view text;
    const auto e = v.get_string().get(text);
    if (e == simdjson::SUCCESS) {
      access::value(member) = text;
      access::state(member) = presence::present;
      return true;
    }
    if (e != simdjson::INCORRECT_TYPE) { return unrepresentable(member, v, e, path, "string"); }
    return mismatch(member, v, path, "string");
  }

  template <class E>
  [[gnu::always_inline]] bool decode(field<open_enum<E>>& member, od::value& v, const path_segment& path) noexcept {
    std::string_view text;
    const auto e = v.get_string().get(text);
    if (e == simdjson::SUCCESS) {
      access::value(member) = open_enum<E>(text);
      access::state(member) = presence::present;
      return true;
    }
    if (e != simdjson::INCORRECT_TYPE) { return unrepresentable(member, v, e, path, "string"); }
    return mismatch(member, v, path, "string");
  }

  [[gnu::always_inline]] bool decode(field<bool>& member, od::value& v, const path_segment& path) noexcept {
    bool flag = false;
    const auto e = v.get_bool().get(flag);
    if (e == simdjson::SUCCESS) {
      access::value(member) = flag;
      access::state(member) = presence::present;
      return true;
    }
    if (e != simdjson::INCORRECT_TYPE) { return fail_json(e, &path); }
    return mismatch(member, v, path, "boolean");
  }

  [[gnu::always_inline]] bool decode(field<std::int64_t>& member, od::value& v, const path_segment& path) noexcept {
    std::int64_t number = 0;
    const auto e = v.get_int64().get(number);
    if (e == simdjson::SUCCESS) {
      access::value(member) = number;
      access::state(member) = presence::present;
      return true;
    }
    od::json_type type{};
    if (auto te = v.type().get(type)) { return fail_json(te, &path); }
    if (type != od::json_type::number) { return mismatch(member, v, path, "integer"); }
    // A grammatical JSON number that is not a 64-bit integer (1.5, 1e3, 2^63, 1e400, 21
    // digits) reads as out of range; a malformed one (01, 1.) rejects the document like
    // any bad JSON.
    const std::string_view raw = trim_right(v.raw_json_token());
    od::number parsed;
    if (auto ne = v.get_number().get(parsed); ne && !is_unrepresentable(ne, raw)) { return fail_json(ne, &path); }
    access::state(member) = presence::invalid;
    access::issue(member) = field_issue::out_of_range;
    add_finding(path, "integer", json_kind::number, raw, field_issue::out_of_range);
    return true;
  }

  [[gnu::always_inline]] bool decode(field<timestamp>& member, od::value& v, const path_segment& path) noexcept {
    std::string_view text;
    const auto e = v.get_string().get(text);
    if (e == simdjson::INCORRECT_TYPE) { return mismatch(member, v, path, "RFC 3339 timestamp string"); }
    if (e != simdjson::SUCCESS) {
      access::value(member) = timestamp{};  // no text: none exists in UTF-8
      return unrepresentable(member, v, e, path, "RFC 3339 timestamp string");
    }
    if (auto time = parse_rfc3339(text)) [[likely]] {
      access::value(member) = timestamp{*time, text};
      access::state(member) = presence::present;
      return true;
    }
    decode_nonstandard_timestamp(member, text, v, path);
    return true;
  }

  /// A timestamp that is not in the documented form: the instant when it is unambiguous
  /// ISO 8601 (with a `nonstandard_format` finding, so drift stays visible), else invalid.
  /// Out of line: the documented form never gets here.
  [[gnu::noinline, gnu::cold]] void decode_nonstandard_timestamp(field<timestamp>& member, std::string_view text,
                                                                od::value& v, const path_segment& path) {
    const std::string_view raw = trim_right(v.raw_json_token());
    if (auto time = parse_iso8601(text)) {
      access::value(member) = timestamp{*time, text};
      access::state(member) = presence::present;
      add_finding(path, "RFC 3339 timestamp string", json_kind::string, raw, field_issue::nonstandard_format);
      return;
    }
    access::value(member) = timestamp{{}, text};
    access::state(member) = presence::invalid;
    access::issue(member) = field_issue::bad_format;
    add_finding(path, "RFC 3339 timestamp string", json_kind::string, raw, field_issue::bad_format);
  }

  bool decode(json_value& member, od::value& v, const path_segment& path) noexcept {
    json_kind kind{};
    std::string_view raw;
    std::string_view text;
    od::json_type type{};
    if (auto e = v.type().get(type)) { return fail_json(e, &path); }
    if (type == od::json_type::string) {
      raw = trim_right(v.raw_json_token());
      // An escaped lone surrogate is grammatical JSON: the value keeps its raw JSON and
      // has no text (`as_string()` is empty then).
      if (auto e = v.get_string().get(text)) {
        if (!is_unrepresentable(e, raw)) { return fail_json(e, &path); }
        text = {};
      }
      kind = json_kind::string;
    } else if (!validate_value(v, path, kind, raw)) {
      return false;
    }
    access::kind(member) = kind;
    access::raw(member) = raw;
    access::text(member) = text;
    return true;
  }

  template <class T>
    requires has_schema<T>
  bool decode(field<T>& member, od::value& v, const path_segment& path) noexcept {
    od::object object;
    const auto e = v.get_object().get(object);
    if (e == simdjson::SUCCESS) {
      if (!decode_object(object, access::value(member), path)) { return false; }
      access::state(member) = presence::present;
      return true;
    }
    if (e != simdjson::INCORRECT_TYPE) { return fail_json(e, &path); }
    if constexpr (accepts_array_v<T>) {
      od::array array;
      if (v.get_array().get(array) == simdjson::SUCCESS) {
        return decode_array_of_objects(member, array, path);
      }
      // A duplicate key may have set it: this value is no array.
      access::value(member).from_array = false;
    }
    return mismatch(member, v, path, "object");
  }

  /// An object sent as an array (SPEC 3.2 #17). Nothing is invented and nothing dropped
  /// silently: `[]` reads as absent (no object was sent); a first element that is an
  /// object is decoded exactly as the object form would be, at path `[0]`; a first element
  /// of any other kind (`null` included) makes the field invalid with a `wrong_type`
  /// finding at `[0]`; every further element is an `extra_element` finding at its index.
  /// `from_array` is set in every case, so `to_json` prints the array that arrived.
  template <class T>
  bool decode_array_of_objects(field<T>& member, od::array& array, const path_segment& path) noexcept {
    if (!enter(&path)) { return false; }
    T& target = access::value(member);
    reset(target);
    std::size_t index = 0;
    bool decoded = false;
    for (auto element_result : array) {
      od::value element;
      if (auto e = std::move(element_result).get(element)) { return fail_json(e, &path); }
      const path_segment child{&path, {}, index};
      if (index++ == 0) {
        od::object object;
        const auto oe = element.get_object().get(object);
        if (oe == simdjson::SUCCESS) {
          if (!decode_object(object, target, child)) { return false; }
          decoded = true;
          continue;
        }
        if (oe != simdjson::INCORRECT_TYPE) { return fail_json(oe, &child); }
      }
      json_kind got{};
      std::string_view raw;
      if (!validate_value(element, child, got, raw)) { return false; }
      if (index == 1) {
        add_finding(child, "object", got, raw, field_issue::wrong_type);
      } else {
        add_finding(child, "no element after the first", got, raw, field_issue::extra_element);
      }
    }
    leave();
    target.from_array = true;  // after decode_object, whose reset clears it
    if (decoded) {
      access::state(member) = presence::present;
    } else if (index == 0) {
      access::state(member) = presence::absent;
    } else {
      access::state(member) = presence::invalid;
      access::issue(member) = field_issue::wrong_type;
    }
    return true;
  }

  template <class T>
  bool decode(ref<T>& member, od::value& v, const path_segment& path) noexcept {
    od::json_type type{};
    if (auto e = v.type().get(type)) { return fail_json(e, &path); }
    if (type == od::json_type::string) {
      std::string_view id;
      if (auto e = v.get_string().get(id)) { return unrepresentable(member, v, e, path, "ID string or object"); }
      access::id(member) = id;
      access::expanded(member) = false;
      access::state(member) = presence::present;
      return true;
    }
    if (type == od::json_type::object) {
      od::object object;
      if (auto e = v.get_object().get(object)) { return fail_json(e, &path); }
      if (!decode_object(object, access::object(member), path)) { return false; }
      access::expanded(member) = true;
      access::state(member) = presence::present;
      return true;
    }
    return mismatch(member, v, path, "ID string or object");
  }

  template <class E>
  bool decode(field<list<E>>& member, od::value& v, const path_segment& path) noexcept {
    od::array array;
    const auto e = v.get_array().get(array);
    if (e == simdjson::INCORRECT_TYPE) { return mismatch(member, v, path, "array"); }
    if (e != simdjson::SUCCESS) { return fail_json(e, &path); }
    if (!enter(&path)) { return false; }
    std::vector<E>& arena = storage_.arena<E>();
    const std::size_t first = arena.size();
    std::size_t index = 0;
    for (auto element_result : array) {
      od::value element;
      if (auto ee = std::move(element_result).get(element)) { return fail_json(ee, &path); }
      const path_segment child{&path, {}, index++};
      // Decoded in place: nothing else appends to this arena while an element decodes
      // (no element type contains a list of its own type), so the reference is stable.
      E& item = arena.emplace_back();
      if (!decode(item, element, child)) { return false; }
    }
    leave();
    list<E>& out = access::value(member);
    access::arena(out) = &arena;
    access::first(out) = static_cast<std::uint32_t>(first);
    access::size(out) = static_cast<std::uint32_t>(arena.size() - first);
    access::state(member) = presence::present;
    return true;
  }

  // --- objects -------------------------------------------------------------------

  /// Marks every member of `target` absent. Only the presence flags are written: a
  /// member's payload is never read unless its flag says present, so clearing a 5 KB
  /// booking costs a few dozen stores, not a memset.
  template <class T>
  static void reset(T& target) noexcept {
    for_each_member<T>([&](const auto& m) {
      auto& member = target.*(m.pointer);
      using M = std::remove_cvref_t<decltype(member)>;
      if constexpr (std::is_same_v<M, json_value>) {
        access::kind(member) = json_kind::none;
        access::raw(member) = {};
        access::text(member) = {};
      } else {
        // issue() reads the issue only when the state says invalid: no need to clear it.
        access::state(member) = presence::absent;
        if constexpr (is_field_v<M>) {
          // `[]` leaves such a field absent with `from_array` set (to_json prints `[]`),
          // so an absent one must not keep the flag of an earlier delivery.
          if constexpr (accepts_array_v<typename M::value_type>) { access::value(member).from_array = false; }
        }
      }
    });
    if constexpr (accepts_array_v<T>) { target.from_array = false; }
  }

  template <class T, std::size_t I>
  [[gnu::always_inline]] bool decode_member(T& target, od::value& v, const path_segment& path) noexcept {
    const auto& m = std::get<I>(schema<T>::members);
    return decode(target.*(m.pointer), v, path);
  }

  /// Decodes member `index` of `T`: a switch, so the compiler emits a jump table and
  /// inlines each member's decoder (a table of function pointers cost two calls a field).
  template <class T>
  [[gnu::always_inline]] bool dispatch(std::uint8_t index, T& target, od::value& v, const path_segment& path) noexcept {
    constexpr std::size_t n = member_count_v<T>;
#define ONCEHUB_WEBHOOKS_CASE(i)                                                  \
  case i:                                                                         \
    if constexpr ((i) < n) { return decode_member<T, ((i) < n ? (i) : 0)>(target, v, path); } \
    break;
    switch (index) {
      ONCEHUB_WEBHOOKS_CASE(0) ONCEHUB_WEBHOOKS_CASE(1) ONCEHUB_WEBHOOKS_CASE(2) ONCEHUB_WEBHOOKS_CASE(3)
      ONCEHUB_WEBHOOKS_CASE(4) ONCEHUB_WEBHOOKS_CASE(5) ONCEHUB_WEBHOOKS_CASE(6) ONCEHUB_WEBHOOKS_CASE(7)
      ONCEHUB_WEBHOOKS_CASE(8) ONCEHUB_WEBHOOKS_CASE(9) ONCEHUB_WEBHOOKS_CASE(10) ONCEHUB_WEBHOOKS_CASE(11)
      ONCEHUB_WEBHOOKS_CASE(12) ONCEHUB_WEBHOOKS_CASE(13) ONCEHUB_WEBHOOKS_CASE(14) ONCEHUB_WEBHOOKS_CASE(15)
      ONCEHUB_WEBHOOKS_CASE(16) ONCEHUB_WEBHOOKS_CASE(17) ONCEHUB_WEBHOOKS_CASE(18) ONCEHUB_WEBHOOKS_CASE(19)
      ONCEHUB_WEBHOOKS_CASE(20) ONCEHUB_WEBHOOKS_CASE(21) ONCEHUB_WEBHOOKS_CASE(22) ONCEHUB_WEBHOOKS_CASE(23)
      ONCEHUB_WEBHOOKS_CASE(24) ONCEHUB_WEBHOOKS_CASE(25) ONCEHUB_WEBHOOKS_CASE(26) ONCEHUB_WEBHOOKS_CASE(27)
      ONCEHUB_WEBHOOKS_CASE(28) ONCEHUB_WEBHOOKS_CASE(29) ONCEHUB_WEBHOOKS_CASE(30) ONCEHUB_WEBHOOKS_CASE(31)
      ONCEHUB_WEBHOOKS_CASE(32) ONCEHUB_WEBHOOKS_CASE(33) ONCEHUB_WEBHOOKS_CASE(34) ONCEHUB_WEBHOOKS_CASE(35)
      ONCEHUB_WEBHOOKS_CASE(36) ONCEHUB_WEBHOOKS_CASE(37) ONCEHUB_WEBHOOKS_CASE(38) ONCEHUB_WEBHOOKS_CASE(39)
      ONCEHUB_WEBHOOKS_CASE(40) ONCEHUB_WEBHOOKS_CASE(41) ONCEHUB_WEBHOOKS_CASE(42) ONCEHUB_WEBHOOKS_CASE(43)
      ONCEHUB_WEBHOOKS_CASE(44) ONCEHUB_WEBHOOKS_CASE(45) ONCEHUB_WEBHOOKS_CASE(46) ONCEHUB_WEBHOOKS_CASE(47)
      default: break;
    }
#undef ONCEHUB_WEBHOOKS_CASE
    static_assert(n <= 48, "extend the dispatch switch");
    return true;
  }

  /// Decodes a JSON object into `target` by iterating its fields once, in document order.
  template <class T>
  bool decode_object(od::object& object, T& target, const path_segment& path) noexcept {
    static constexpr auto& keys = key_table_v<T>;
    static_assert(member_count_v<T> <= 64, "the duplicate-key mask holds 64 members");
    if (!enter(&path)) { return false; }
    reset(target);
    std::uint64_t seen = 0;
    std::uint8_t expected = 0;  // the member OnceHub's schema order puts next
    for (auto field_result : object) {
      od::field f;
      if (auto e = std::move(field_result).get(f)) { return fail_json(e, &path); }
      od::value& v = f.value();
      std::string_view key;
      std::uint8_t index = no_key;
      const char* key_begin = f.key().raw();
      if (expected < member_count_v<T> && keys.is_key_at(expected, key_begin)) [[likely]] {
        index = expected;
        key = keys.keys[index];
      } else if (!read_key(f, &keys, key, index, &path)) {
        return false;
      }
      expected = static_cast<std::uint8_t>(index + 1);  // no_key + 1 wraps to 0
      const path_segment child{&path, key, 0};
      if (index == no_key) {
        // Unknown keys are forward-compatible: validated, then ignored.
        json_kind kind{};
        std::string_view raw;
        if (!validate_value(v, child, kind, raw)) { return false; }
        continue;
      }
      const std::uint64_t bit = std::uint64_t{1} << index;
      if (seen & bit) {
        add_finding(child, "a single occurrence", json_kind::none, {}, field_issue::duplicate_key);
      }
      seen |= bit;
      if (!dispatch(index, target, v, child)) { return false; }
      if constexpr (has_discriminator<T>) {
        constexpr std::uint8_t object_index = key_table_v<T>.find("object");
        if (index == object_index) { check_discriminator<T>(target.object, v, child); }
      }
    }
    leave();
    return true;
  }

  /// `object` names the object's kind ("booking", "user"); a different value contradicts
  /// the envelope or the schema and is recorded where it occurs.
  template <class T>
  void check_discriminator(const field<std::string_view>& object, od::value& v, const path_segment& path) {
    constexpr std::string_view literal = schema<T>::discriminator;  // with its quotes
    if (!object.has_value() || *object == literal.substr(1, literal.size() - 2)) { return; }
    add_finding(path, literal, json_kind::string, trim_right(v.raw_json_token()), field_issue::unexpected_value);
  }

  // --- the envelope --------------------------------------------------------------

  enum envelope_key : std::uint8_t { k_id, k_object, k_creation_time, k_type, k_api_version, k_data, k_count };
  static constexpr std::array<std::string_view, k_count> envelope_names{"id",   "object",      "creation_time",
                                                                        "type", "api_version", "data"};
  static constexpr auto envelope_keys = make_key_table(envelope_names);
  static_assert(envelope_keys.seed != 0);

  bool required_string(od::value& v, const path_segment& path, std::string_view& out) noexcept {
    const auto e = v.get_string().get(out);
    if (e == simdjson::SUCCESS) { return true; }
    if (e != simdjson::INCORRECT_TYPE) {
      if (!is_unrepresentable(e, trim_right(v.raw_json_token()))) { return fail_json(e, &path); }
      return fail_message(errc::invalid_value, &path,
                          "the value is not Unicode text: it holds an escaped lone surrogate (\\uD800-\\uDFFF)");
    }
    od::json_type type{};
    if (auto te = v.type().get(type)) { return fail_json(te, &path); }
    return fail_type(&path, json_kind::string, to_kind(type));
  }

  bool decode_envelope(od::document& doc, event_type& known_type, bool type_known, bool& rewind_needed,
                       std::uint8_t& seen) noexcept {
    envelope& env = storage_.envelope;
    env = envelope{};
    rewind_needed = false;

    od::json_type root_type{};
    if (auto e = doc.type().get(root_type)) { return fail_json(e, nullptr); }
    if (root_type != od::json_type::object) { return reject_root(doc, root_type); }
    od::object root;
    if (auto e = doc.get_object().get(root)) {
      if (e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) {
        if (const std::size_t at = trailing_content_at(json_text()); at != std::string_view::npos) {
          return fail_at(errc::trailing_content, "content follows the JSON document", nullptr, input_ + skip_ + at);
        }
      }
      return fail_json(e, nullptr);
    }
    depth_ = 1;
    seen = 0;
    bool data_deferred = false;
    for (auto field_result : root) {
      od::field f;
      if (auto e = std::move(field_result).get(f)) { return fail_json(e, nullptr); }
      od::value& v = f.value();
      std::string_view key;
      std::uint8_t index = no_key;
      if (!read_key(f, &envelope_keys, key, index, nullptr)) { return false; }
      const path_segment path{nullptr, key, 0};
      if (index == no_key) {
        json_kind kind{};
        std::string_view raw;
        if (!validate_value(v, path, kind, raw)) { return false; }
        continue;
      }
      if (seen & (1u << index)) {
        return fail_message(errc::duplicate_field, &path,
                            "the envelope key appears more than once, so the delivery is ambiguous");
      }
      seen = static_cast<std::uint8_t>(seen | (1u << index));
      switch (index) {
        case k_id:
          if (!required_string(v, path, env.id)) { return false; }
          if (env.id.empty()) { return fail_message(errc::invalid_value, &path, "the event id is empty"); }
          break;
        case k_object:
          if (!required_string(v, path, env.object)) { return false; }
          if (env.object != "event") {
            add_finding(path, "\"event\"", json_kind::string, trim_right(v.raw_json_token()),
                        field_issue::unexpected_value);
          }
          break;
        case k_creation_time: {
          std::string_view text;
          if (!required_string(v, path, text)) { return false; }
          if (auto time = parse_rfc3339(text)) [[likely]] {
            access::value(env.creation_time) = timestamp{*time, text};
            access::state(env.creation_time) = presence::present;
          } else {
            decode_nonstandard_timestamp(env.creation_time, text, v, path);
          }
          break;
        }
        case k_type:
          if (!required_string(v, path, env.type_name)) { return false; }
          if (env.type_name.empty()) { return fail_message(errc::invalid_value, &path, "the event type is empty"); }
          env.type = from_string(env.type_name).value_or(event_type::unknown);
          known_type = env.type;
          break;
        case k_api_version:
          if (!required_string(v, path, env.api_version)) { return false; }
          env.version = open_enum<payload_version>(env.api_version).value();
          break;
        case k_data:
          if (!(seen & (1u << k_type)) && !type_known) {
            // The type decides how to read `data`; come back for it once it is known.
            data_deferred = true;
            json_kind kind{};
            std::string_view raw;
            od::json_type type{};
            if (auto e = v.type().get(type)) { return fail_json(e, &path); }
            if (type != od::json_type::object) { return fail_type(&path, json_kind::object, to_kind(type)); }
            // Validate now so that a malformed document fails the same way in either order.
            if (!validate_value(v, path, kind, raw)) { return false; }
            break;
          }
          if (!decode_data(v, type_known ? known_type : env.type, path)) { return false; }
          break;
        default: break;
      }
    }
    rewind_needed = data_deferred;
    return true;
  }

  /// The body is not an object. The type is read from its first byte only, so read the
  /// whole value first: bytes that are not JSON at all (`tru`, `-Infinity`, an unclosed
  /// `[`, `[1]]`) get their syntax error, and only JSON that is not an object gets
  /// `wrong_type`, with a message that says what arrived.
  bool reject_root(od::document& doc, od::json_type type) noexcept {
    if (type != od::json_type::array && type != od::json_type::object) {
      // `null x`, `"a" 1`, `1e400 x`: one complete scalar, then more bytes. simdjson
      // reads some of these as one bad token; RFC 8259 says the value ended.
      std::string_view token;
      if (doc.raw_json_token().get(token) == simdjson::SUCCESS) {
        token = trim_right(token);
        std::size_t rest = static_cast<std::size_t>(token.data() + token.size() - input_);
        while (rest < size_ && is_json_space(input_[rest])) { ++rest; }
        const bool complete = type == od::json_type::string   ? is_json_string_token(token)
                              : type == od::json_type::number ? is_json_number_token(token)
                              : type == od::json_type::null   ? token == "null"
                                                              : token == "true" || token == "false";
        if (rest < size_ && complete) {
          return fail_at(errc::trailing_content, "content follows the JSON document", nullptr, input_ + rest);
        }
        // simdjson 3.0.1 reads a root `false_` as `false` (found by fuzz_parse_event): the
        // token decides, not the reader.
        if (!complete) {
          return fail_json(type == od::json_type::string   ? simdjson::STRING_ERROR
                           : type == od::json_type::number ? simdjson::NUMBER_ERROR
                           : type == od::json_type::null   ? simdjson::N_ATOM_ERROR
                                                           : simdjson::T_ATOM_ERROR,
                           nullptr);
        }
      }
    }
    simdjson::error_code e = simdjson::SUCCESS;
    std::string_view what = "the body is JSON but not an object";
    std::string_view hint = "a delivery is one JSON object";
    switch (type) {
      case od::json_type::array: {
        what = "the body is a JSON array, not an object";
        od::array array;
        if ((e = doc.get_array().get(array))) { break; }
        depth_ = 0;
        if (!enter(nullptr)) { return false; }
        std::size_t index = 0;
        for (auto element_result : array) {
          od::value element;
          if ((e = std::move(element_result).get(element))) { break; }
          const path_segment child{nullptr, {}, index};
          od::json_type element_type{};
          if (index++ == 0 && element.type().get(element_type) == simdjson::SUCCESS &&
              element_type == od::json_type::object) {
            hint = "a batch of deliveries? OnceHub sends one JSON object per request";
          }
          json_kind kind{};
          std::string_view raw;
          if (!validate_value(element, child, kind, raw)) { return false; }
        }
        if (!e) {
          // `[1]]`: a complete array, then more bytes.
          const char* location = nullptr;
          if (doc.current_location().get(location) == simdjson::SUCCESS) {
            return fail_at(errc::trailing_content, "content follows the JSON document", nullptr, location);
          }
        }
        break;
      }
      case od::json_type::string: {
        what = "the body is a JSON string, not an object";
        const std::string_view raw = root_text();
        std::string_view text;
        e = doc.get_string().get(text);
        if (e && is_unrepresentable(e, raw)) { e = simdjson::SUCCESS; }
        if (!e && raw.size() > 1 && (raw[1] == '{' || raw[1] == '[')) {
          hint = "the delivery was encoded as JSON twice";
        }
        break;
      }
      case od::json_type::number: {
        what = "the body is a JSON number, not an object";
        od::number number;
        e = doc.get_number().get(number);
        if (e && is_unrepresentable(e, root_text())) { e = simdjson::SUCCESS; }
        break;
      }
      case od::json_type::boolean: {
        what = "the body is a JSON boolean, not an object";
        bool flag = false;
        e = doc.get_bool().get(flag);
        if (e == simdjson::INCORRECT_TYPE) { e = simdjson::T_ATOM_ERROR; }
        break;
      }
      case od::json_type::null: {
        what = "the body is JSON null, not an object";
        bool is_null = false;
        e = doc.is_null().get(is_null);
        if (!e && !is_null) { e = simdjson::N_ATOM_ERROR; }
        if (e == simdjson::INCORRECT_TYPE) { e = simdjson::N_ATOM_ERROR; }
        hint = "an empty request serialised as null?";
        break;
      }
      case od::json_type::object: break;
    }
    if (e) {
      if (e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) {
        if (const std::size_t at = trailing_content_at(json_text()); at != std::string_view::npos) {
          return fail_at(errc::trailing_content, "content follows the JSON document", nullptr, input_ + skip_ + at);
        }
      }
      return fail_json(e, nullptr);
    }
    document_read_ = true;
    error_builder builder(errc::wrong_type);
    builder.kinds(json_kind::object, to_kind(type)).message(what, " (", hint, ")");
    error_ = builder.build();
    return false;
  }

  bool decode_data(od::value& v, event_type type, const path_segment& path) noexcept {
    const char* begin = location_of(v);
    od::json_type got{};
    if (auto e = v.type().get(got)) { return fail_json(e, &path); }
    if (got != od::json_type::object) { return fail_type(&path, json_kind::object, to_kind(got)); }
    const std::optional<event_family> family = family_of(type);
    if (!family) {
      // Unknown event type: `data` is kept as validated raw JSON.
      json_kind kind{};
      std::string_view raw;
      if (!validate_value(v, path, kind, raw)) { return false; }
      storage_.envelope.data = raw;
      return true;
    }
    od::object object;
    if (auto e = v.get_object().get(object)) { return fail_json(e, &path); }
    if (*family == event_family::booking) {
      if (!decode_object(object, storage_.booking, path)) { return false; }
    } else {
      if (!decode_object(object, storage_.conversation, path)) { return false; }
    }
    const char* end = location_of(v);
    if (begin != nullptr && end != nullptr && end > begin) {
      storage_.envelope.data = trim_right(std::string_view(begin, static_cast<std::size_t>(end - begin)));
    }
    return true;
  }

  event_storage& storage_;
  std::vector<validation_frame>& frames_;
  decode_limits limits_;
  const char* input_;
  std::size_t size_;
  std::size_t skip_;
  od::document* doc_ = nullptr;
  std::size_t depth_ = 0;
  bool document_read_ = false;
  error error_{};
};

}  // namespace oncehub::webhooks::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_DECODER_HPP
