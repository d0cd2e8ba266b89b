// SPDX-License-Identifier: MIT
/// @file
/// The one JSON validator both decoders use, and the document-level reading around it.
///
/// On-Demand validates only what it reads. To reject every malformed document, values a
/// decoder does not decode (unknown keys, values of the wrong type, custom field values,
/// the data of unknown events, a root that is not an object) are walked and validated by
/// `json_walker::validate_value`, which is also where the depth limit is enforced. It
/// walks containers with an explicit stack held by the caller, not by recursion, so the
/// depth a parser accepts does not depend on the caller's stack size.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_JSON_VALIDATOR_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_JSON_VALIDATOR_HPP

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/detail/json_errors.hpp"
#include "oncehub/webhooks/detail/json_input.hpp"
#include "oncehub/webhooks/detail/key_table.hpp"

namespace oncehub::webhooks::inline v0::detail {

/// One open container of `json_walker::validate_value`'s explicit stack.
struct validation_frame {
  od::object_iterator object_it{};
  od::array_iterator array_it{};
  path_segment segment{};  // this container's path
  path_segment child{};    // the element being visited
  std::size_t index = 0;
  bool is_object = false;
  bool advance = false;  // a child container was pushed; step past it when it is done
};

/// Reads one document: the depth count, keys, the validator, the root. Each decoder
/// derives from it and adds its members.
class json_walker : public json_reporter {
 public:
  /// `frames` must have room for `max_depth + 1` frames (reserved by the parser), so
  /// they never reallocate. `in` frames the body (see `frame_json`).
  json_walker(std::vector<validation_frame>& frames, std::size_t max_depth, const json_input& in) noexcept
      : json_reporter(in.data, in.length), frames_(frames), max_depth_(max_depth), skip_(in.skip) {
    frames_.clear();
  }

 protected:
  /// Keeps a schema error (`wrong_type`, `duplicate_field`, ...) found before the whole
  /// body was read only when the whole body is JSON (within the depth limit); otherwise
  /// replaces it with the body's first JSON error in document order. A user chasing a
  /// serializer bug is sent to the syntax, not to the schema (issue 12, item 6).
  void prefer_json_error(od::document& doc) noexcept {
    if (!document_read_ && is_schema_errc(error_.code())) { revalidate(doc); }
  }

  /// Error path only: the document is read again from its start.
  [[gnu::cold, gnu::noinline]] void revalidate(od::document& doc) noexcept {
    const error schema_error = error_;
    doc.rewind();
    frames_.clear();
    depth_ = 0;
    if (validate_document(doc) || is_schema_errc(error_.code())) { error_ = schema_error; }
  }

  /// Validates a document whose root is an object, and that nothing follows it.
  bool validate_document(od::document& doc) noexcept {
    od::object root;
    if (!open_root(doc, root)) { return false; }
    depth_ = 1;
    for (auto field_result : root) {
      // By reference: g++ 12 copies the field through the stack and then stalls on
      // store-to-load forwarding (bench/notes/gcc-vs-clang.md, change A).
      if (auto e = field_result.error()) { return fail_json(e, nullptr); }
      od::field& f = field_result.value_unsafe();
      std::string_view key;
      std::uint8_t index = no_key;
      if (!read_key<1>(f, nullptr, key, index, nullptr)) { return false; }
      const path_segment path{nullptr, key, 0};
      json_kind kind{};
      std::string_view raw;
      if (!validate_value(f.value(), path, kind, raw)) { return false; }
    }
    return at_end(doc);
  }

  /// Opens the root object. A root cut short, or followed by more bytes (which simdjson
  /// also reports as incomplete), gets its own error.
  [[gnu::always_inline]] bool open_root(od::document& doc, od::object& root) noexcept {
    if (auto e = doc.get_object().get(root)) { return fail_root(e); }
    return true;
  }

  [[gnu::cold, gnu::noinline]] bool fail_root(simdjson::error_code e) noexcept {
    if (e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) {
      if (const std::size_t at = trailing_content_at(json_text()); at != std::string_view::npos) {
        return fail_trailing(input_ + skip_ + at);
      }
    }
    return fail_json(e, nullptr);
  }

  /// Nothing may follow the document once its root is read.
  bool at_end(od::document& doc) noexcept {
    const char* location = nullptr;
    if (doc.current_location().get(location) == simdjson::SUCCESS) { return fail_trailing(location); }
    return true;
  }

  /// Reads a root that is not an object whole, since its type comes from its first byte
  /// only: bytes that are not JSON (`tru`, `-Infinity`, an unclosed `[`, `[1]]`, `1x`) get
  /// their JSON error. True when the root is JSON: the caller then says it is the wrong
  /// type. `first_is_object` tells whether an array root starts with an object.
  bool read_other_root(od::document& doc, od::json_type type, bool& first_is_object) noexcept {
    first_is_object = false;
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
        if (rest < size_ && complete) { return fail_trailing(input_ + rest); }
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
    switch (type) {
      case od::json_type::array: {
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
          if (index++ == 0 && element.type().get(element_type) == simdjson::SUCCESS) {
            first_is_object = element_type == od::json_type::object;
          }
          json_kind kind{};
          std::string_view raw;
          if (!validate_value(element, child, kind, raw)) { return false; }
        }
        // `[1]]`: a complete array, then more bytes.
        if (!e && !at_end(doc)) { return false; }
        break;
      }
      case od::json_type::string: {
        std::string_view text;
        e = doc.get_string().get(text);
        if (e && is_unrepresentable(e, root_text())) { e = simdjson::SUCCESS; }
        break;
      }
      case od::json_type::number: {
        od::number number;
        e = doc.get_number().get(number);
        if (e && is_unrepresentable(e, root_text())) { e = simdjson::SUCCESS; }
        break;
      }
      case od::json_type::boolean: {
        bool flag = false;
        e = doc.get_bool().get(flag);
        if (e == simdjson::INCORRECT_TYPE) { e = simdjson::T_ATOM_ERROR; }
        break;
      }
      case od::json_type::null: {
        bool is_null = false;
        e = doc.is_null().get(is_null);
        if (!e && !is_null) { e = simdjson::N_ATOM_ERROR; }
        if (e == simdjson::INCORRECT_TYPE) { e = simdjson::N_ATOM_ERROR; }
        break;
      }
      case od::json_type::object: break;
    }
    if (e) { return fail_root(e); }
    document_read_ = true;
    return true;
  }

  [[nodiscard]] std::string_view json_text() const noexcept { return {input_ + skip_, size_ - skip_}; }
  /// The JSON text without the whitespace around it (a root scalar's token). Error path.
  [[nodiscard]] std::string_view root_text() const noexcept {
    std::string_view text = json_text();
    while (!text.empty() && is_json_space(text.front())) { text.remove_prefix(1); }
    return trim_right(text);
  }

  /// Iterates an array once, one level deeper: `on_element(element, path)` for each
  /// element, with its index in the path.
  template <class OnElement>
  bool each_element(od::array& array, const path_segment& path, OnElement&& on_element) noexcept {
    if (!enter(&path)) { return false; }
    std::size_t index = 0;
    for (auto element_result : array) {
      od::value element;
      if (auto e = std::move(element_result).get(element)) { return fail_json(e, &path); }
      const path_segment child{&path, {}, index++};
      if (!on_element(element, child)) { return false; }
    }
    leave();
    return true;
  }

  bool enter(const path_segment* path) noexcept {
    if (++depth_ > max_depth_) {
      return fail_message(errc::too_deep, path, "the JSON nesting is deeper than ", max_depth_, " levels");
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
  /// Containers use the explicit stack (see the file comment): frames in the parser's
  /// storage, reserved for max_depth, so never reallocated.
  bool validate_value(od::value& v, const path_segment& path, json_kind& kind, std::string_view& raw) noexcept {
    const char* begin = location_of(v);
    od::json_type type{};
    if (auto e = v.type().get(type)) { return fail_json(e, &path); }
    kind = to_kind(type);
    if (type != od::json_type::object && type != od::json_type::array) { return validate_scalar(v, type, path, raw); }
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
        auto field_result = *top.object_it;
        if (auto e = field_result.error()) { return fail_json(e, &top.segment); }
        od::field& f = field_result.value_unsafe();
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

  std::vector<validation_frame>& frames_;
  std::size_t max_depth_;
  std::size_t skip_;
  std::size_t depth_ = 0;
  bool document_read_ = false;  // every byte has been validated: later errors are the schema's
};

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_JSON_VALIDATOR_HPP
