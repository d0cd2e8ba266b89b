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
#include "oncehub/webhooks/detail/json_validator.hpp"
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
/// One decode: the state shared by every function below.
class decoder : public json_walker {
 public:
  /// `frames` must have room for `limits.max_depth + 1` frames (reserved by the parser).
  /// `in` frames the body: offsets count from its first byte as received.
  decoder(event_storage& storage, std::vector<validation_frame>& frames, const decode_limits& limits,
          const json_input& in) noexcept
      : json_walker(frames, limits.max_depth, in), storage_(storage), limits_(limits) {}

  /// Decodes a whole document. Returns false with `failure()` set on rejection.
  ///
  /// A schema error (`wrong_type`, `duplicate_field`, ...) found before the whole body
  /// was read is reported only if the body is JSON: the rest is validated then, and its
  /// JSON error (`malformed_json`, `trailing_content`, ... at its byte offset) wins.
  bool decode_document(od::document& doc) noexcept {
    if (decode_whole_document(doc)) { return true; }
    prefer_json_error(doc);
    return false;
  }

 private:
  bool decode_whole_document(od::document& doc) noexcept {
    doc_ = &doc;
    event_type known_type = event_type::unknown;
    bool rewind_needed = false;
    std::uint8_t seen = 0;
    if (!decode_envelope(doc, known_type, false, rewind_needed, seen)) { return false; }
    // Nothing may follow the document: checked first, as it says more than what is missing.
    if (!at_end(doc)) { return false; }
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

  // --- findings ------------------------------------------------------------------

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
    if (!open_root(doc, root)) { return false; }
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

  /// The body is not an object. It is read whole first (`read_other_root`), so bytes
  /// that are not JSON at all get their syntax error, and only JSON that is not an object
  /// gets `wrong_type`, with a message that says what arrived.
  bool reject_root(od::document& doc, od::json_type type) noexcept {
    bool first_is_object = false;
    if (!read_other_root(doc, type, first_is_object)) { return false; }
    std::string_view what = "the body is JSON but not an object";
    std::string_view hint = "a delivery is one JSON object";
    switch (type) {
      case od::json_type::array:
        what = "the body is a JSON array, not an object";
        if (first_is_object) { hint = "a batch of deliveries? OnceHub sends one JSON object per request"; }
        break;
      case od::json_type::string: {
        what = "the body is a JSON string, not an object";
        const std::string_view raw = root_text();
        if (raw.size() > 1 && (raw[1] == '{' || raw[1] == '[')) { hint = "the delivery was encoded as JSON twice"; }
        break;
      }
      case od::json_type::number: what = "the body is a JSON number, not an object"; break;
      case od::json_type::boolean: what = "the body is a JSON boolean, not an object"; break;
      case od::json_type::null:
        what = "the body is JSON null, not an object";
        hint = "an empty request serialised as null?";
        break;
      case od::json_type::object: break;
    }
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
  decode_limits limits_;
};

}  // namespace oncehub::webhooks::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_DECODER_HPP
