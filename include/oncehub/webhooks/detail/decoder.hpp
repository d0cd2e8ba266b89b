// SPDX-License-Identifier: MIT
/// @file
/// The single-pass decoder: simdjson On-Demand in, typed views out.
///
/// How it reads (see reference/perf-anchors.md for the measurements behind each choice),
/// one layer a file:
/// - `json_input.hpp`, `json_errors.hpp`, `json_validator.hpp`: the JSON core shared with
///   the Webhooks API decoder (input framing, errors, the stackless validator, the root).
/// - `scalar_decoders.hpp`: strings (unescaped by simdjson into the parser's string
///   buffer), enums, booleans, integers, timestamps, any JSON value; lenient, with findings.
/// - `object_decoder.hpp`: objects over the schema's perfect hash, lists, references.
/// - here: the envelope, `data` by event type, and `strict_fields` / `strict_event_types`.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_DECODER_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_DECODER_HPP

#include <simdjson.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/detail/event_storage.hpp"
#include "oncehub/webhooks/detail/json_validator.hpp"
#include "oncehub/webhooks/detail/key_table.hpp"
#include "oncehub/webhooks/detail/object_decoder.hpp"
#include "oncehub/webhooks/detail/timestamp.hpp"
#include "oncehub/webhooks/events.hpp"

namespace oncehub::webhooks::inline v0::detail {

/// One decode of one delivery.
class decoder : public object_decoder {
 public:
  using object_decoder::object_decoder;

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
        builder.message(
            "expected ", f.expected(), ", got ",
            f.issue() == field_issue::wrong_type || f.raw_json().empty() ? to_string(f.got()) : f.raw_json());
      }
      if (!f.raw_json().empty()) { builder.offset(static_cast<std::size_t>(f.raw_json().data() - input_)); }
      error_ = builder.build();
      return false;
    }
    return true;
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
      // By reference: g++ 12 copies the field through the stack and then stalls on
      // store-to-load forwarding (bench/notes/gcc-vs-clang.md, change A).
      if (auto e = field_result.error()) { return fail_json(e, nullptr); }
      od::field& f = field_result.value_unsafe();
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
};

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_DECODER_HPP
