// SPDX-License-Identifier: MIT
/// @file
/// An independent second reading of a delivery, through simdjson's DOM API, compared
/// member by member with what the On-Demand decoder produced. Used by the fixture tests,
/// the conformance test and the fuzzers: a value that differs is a decoder bug.
///
/// The rules restate the decoder's contract from the DOM side: absent/null/present/invalid
/// by JSON type, the last of duplicate keys wins, timestamps parse (with a finding when
/// only ISO 8601 reads them) or are invalid, lists keep every element in place, a
/// one-object field sent as an array reads its first element and reports every other,
/// custom field values compare as minified JSON. Every invalid member has a finding at
/// its path.
///
/// What the library would otherwise answer for itself is read independently here: a
/// timestamp by `timestamp_reference.hpp` (a regex of each grammar and Howard Hinnant's
/// date library), an enum's and an event type's names from `spec_tables.hpp` (SPEC's
/// tables written out by hand), and each object's keys are checked against
/// `spec_tables.hpp` too, so a key the schema lost, gained or misspelled is a failure.
/// Needs `<date/date.h>` (Debian libhowardhinnant-date-dev).
#ifndef ONCEHUB_WEBHOOKS_TESTS_DOM_CROSSCHECK_HPP
#define ONCEHUB_WEBHOOKS_TESTS_DOM_CROSSCHECK_HPP

#include <simdjson.h>

#include <cstdint>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/detail/schema.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "rfc8259.hpp"
#include "spec_tables.hpp"
#include "timestamp_reference.hpp"

namespace crosscheck {

namespace wh = oncehub::webhooks;
namespace dom = simdjson::dom;

/// The last value stored under `key` (JSON allows duplicates; the decoder keeps the last).
inline std::optional<dom::element> last_value(dom::object object, std::string_view key) {
  std::optional<dom::element> found;
  for (auto [k, v] : object) {
    if (k == key) { found = v; }
  }
  return found;
}

/// The errcs about a delivery's shape: only a body that is JSON may get one (issue 12).
inline bool is_schema_code(wh::errc code) {
  return code == wh::errc::wrong_type || code == wh::errc::missing_field || code == wh::errc::invalid_value ||
         code == wh::errc::duplicate_field || code == wh::errc::unknown_event_type;
}

/// The errcs that say "this body is not JSON" (or not a JSON text at all).
inline bool is_not_json_code(wh::errc code) {
  switch (code) {
    case wh::errc::empty_body:
    case wh::errc::invalid_utf8:
    case wh::errc::invalid_string:
    case wh::errc::invalid_number:
    case wh::errc::malformed_json:
    case wh::errc::trailing_content:
    case wh::errc::unsupported_encoding:
    case wh::errc::compressed_body:
    case wh::errc::form_encoded_body:
    case wh::errc::html_body: return true;
    default: return false;
  }
}

/// True when simdjson's DOM reads `text` (it refuses `1e400`, 21-digit integers, `"\ud800"`).
inline bool dom_reads(std::string_view text) {
  static simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  return parser.parse(padded).get(root) == simdjson::SUCCESS;
}

class checker {
 public:
  /// Empty when every decoded member agrees with the DOM reading; otherwise the first
  /// disagreement, as "path: explanation".
  std::string check(const wh::event& event, std::string_view body) {
    body = rfc8259::without_bom(body);
    simdjson::padded_string padded(body);
    dom::element root;
    if (auto e = parser_.parse(padded).get(root)) {
      // The DOM refuses grammatical JSON no C++ type holds (`1e400`, 21-digit integers,
      // `"\ud800"`); the decoder accepts it (issue 12, item 5). Then only the grammar can
      // be checked here: the values are not the DOM's to compare.
      if ((e == simdjson::NUMBER_ERROR || e == simdjson::NUMBER_OUT_OF_RANGE || e == simdjson::STRING_ERROR) &&
          rfc8259::accepts(body)) {
        return first_failure_;
      }
      return std::string("DOM rejects a document the decoder accepted: ") + simdjson::error_message(e);
    }
    dom::object envelope;
    if (root.get_object().get(envelope)) { return "DOM: root is not an object"; }
    findings_ = event.findings();
    const wh::envelope& env = event.envelope();
    expect_string(envelope, "id", env.id);
    expect_string(envelope, "object", env.object);
    expect_string(envelope, "type", env.type_name);
    expect_string(envelope, "api_version", env.api_version);
    if (auto t = last_value(envelope, "creation_time")) {
      std::string_view text;
      if (t->get_string().get(text) == simdjson::SUCCESS) {
        compare_timestamp(env.creation_time, text, "creation_time");
      }
    }
    if (event.type() != spec::event_type_of(env.type_name)) {
      fail("type", "event_type is not SPEC 5.1's for the type name");
    }
    auto data = last_value(envelope, "data");
    if (!data) { return fail("data", "missing in DOM"); }
    dom::object data_object;
    if (data->get_object().get(data_object)) { return fail("data", "not an object in DOM"); }
    if (!same_json(event.data_json(), *data)) { fail("data", "data_json() differs from the DOM's data"); }
    if (const wh::booking* b = event.booking()) {
      compare_object(*b, data_object, "data");
    } else if (const wh::conversation* c = event.conversation()) {
      compare_object(*c, data_object, "data");
    } else if (event.is_known()) {
      fail("data", "known event without a typed view");
    }
    return first_failure_;
  }

 private:
  std::string fail(std::string_view path, std::string_view what) {
    if (first_failure_.empty()) { first_failure_ = std::string(path) + ": " + std::string(what); }
    return first_failure_;
  }

  void expect_string(dom::object object, std::string_view key, std::string_view decoded) {
    auto v = last_value(object, key);
    std::string_view text;
    if (!v || v->get_string().get(text) != simdjson::SUCCESS) {
      fail(key, "expected a string in DOM");
      return;
    }
    if (text != decoded) {
      fail(key, "decoded \"" + std::string(decoded) + "\", DOM has \"" + std::string(text) + "\"");
    }
  }

  /// Whether `raw` (decoder's raw JSON) denotes the same JSON value as `element`.
  bool same_json(std::string_view raw, dom::element element) {
    simdjson::padded_string padded(raw);
    dom::element reparsed;
    if (second_.parse(padded).get(reparsed) != simdjson::SUCCESS) { return false; }
    return simdjson::minify(reparsed) == simdjson::minify(element);
  }

  template <class F>
  bool compare_state(const F& f, std::optional<dom::element> v, dom::element_type wanted, const std::string& path) {
    if (!v) {
      if (!f.is_absent()) { fail(path, "decoded as present/null/invalid, absent in DOM"); }
      return false;
    }
    if (v->is_null()) {
      if (!f.is_null()) { fail(path, "DOM has null, decoder does not say null"); }
      return false;
    }
    if (v->type() != wanted) {
      if (!f.is_invalid()) { fail(path, "DOM has another JSON type; decoder should mark it invalid"); }
      expect_finding(path, wh::field_issue::wrong_type);
      return false;
    }
    return true;
  }

  /// Whether the event has a finding of `issue` at exactly `path`.
  bool has_finding(const std::string& path, wh::field_issue issue) const {
    for (const wh::finding& f : findings_) {
      if (f.path() == path && f.issue() == issue) { return true; }
    }
    return false;
  }
  void expect_finding(const std::string& path, wh::field_issue issue) {
    if (!has_finding(path, issue)) { fail(path, "no " + std::string(wh::to_string(issue)) + " finding at this path"); }
  }

  void compare_timestamp(const wh::field<wh::timestamp>& f, std::string_view text, const std::string& path) {
    const timestamp_reference::result expected = timestamp_reference::read(text);
    if (expected.what != timestamp_reference::verdict::accept) {
      if (!f.is_invalid()) { fail(path, "malformed timestamp not marked invalid"); }
      expect_finding(path, wh::field_issue::bad_format);
      return;
    }
    if (!f.has_value() || f->time != expected.time || f->text != text) {
      fail(path, "timestamp differs from the reference (" + timestamp_reference::show(expected.time) + ")");
      return;
    }
    // No check that an RFC 3339 text has no finding: an earlier duplicate of the key may
    // have left one (shape_matrix_test.cpp compares the exact list of findings instead).
    if (!expected.rfc3339) { expect_finding(path, wh::field_issue::nonstandard_format); }
  }

  /// Whether the schema's keys for `T` are exactly SPEC's (`spec::keys<T>`), once per type.
  template <class T>
  static bool schema_keys_match_spec() {
    static const bool same = [] {
      std::size_t count = 0;
      bool all_in_spec = true;
      wh::detail::for_each_member<T>([&](const auto& m) {
        ++count;
        all_in_spec = all_in_spec && spec::is_key<T>(m.name);
      });
      return all_in_spec && count == spec::keys<T>.size();
    }();
    return same;
  }

  template <class T>
  void compare_object(const T& decoded, dom::object object, const std::string& path) {
    if (!schema_keys_match_spec<T>()) { fail(path, "the schema's keys differ from SPEC's (spec_tables.hpp)"); }
    wh::detail::for_each_member<T>([&](const auto& m) {
      compare_member(decoded.*(m.pointer), last_value(object, m.name), path + "." + std::string(m.name));
    });
  }

  void compare_member(const wh::field<std::string_view>& f, std::optional<dom::element> v, const std::string& path) {
    if (!compare_state(f, v, dom::element_type::STRING, path)) { return; }
    if (!f.has_value() || *f != std::string_view(*v)) { fail(path, "string differs"); }
  }
  void compare_member(const wh::field<bool>& f, std::optional<dom::element> v, const std::string& path) {
    if (!compare_state(f, v, dom::element_type::BOOL, path)) { return; }
    if (!f.has_value() || *f != bool(*v)) { fail(path, "boolean differs"); }
  }
  void compare_member(const wh::field<std::int64_t>& f, std::optional<dom::element> v, const std::string& path) {
    if (!v || v->is_null() || !v->is_number()) {
      compare_state(f, v, dom::element_type::INT64, path);
      return;
    }
    if (v->type() == dom::element_type::INT64) {
      if (!f.has_value() || *f != std::int64_t(*v)) { fail(path, "integer differs"); }
    } else {
      if (!f.is_invalid()) { fail(path, "a non-int64 number should be invalid (out of range)"); }
      expect_finding(path, wh::field_issue::out_of_range);
    }
  }
  void compare_member(const wh::field<wh::timestamp>& f, std::optional<dom::element> v, const std::string& path) {
    if (!compare_state(f, v, dom::element_type::STRING, path)) { return; }
    compare_timestamp(f, std::string_view(*v), path);
  }
  template <class E>
  void compare_member(const wh::field<wh::open_enum<E>>& f, std::optional<dom::element> v, const std::string& path) {
    if (!compare_state(f, v, dom::element_type::STRING, path)) { return; }
    const std::string_view text(*v);
    if (!f.has_value() || f->raw() != text || f->value() != spec::enum_value<E>(text)) {
      fail(path, "enum differs from SPEC's name table");
    }
  }
  void compare_member(const wh::json_value& j, std::optional<dom::element> v, const std::string& path) {
    if (!v) {
      if (j.kind() != wh::json_kind::none) { fail(path, "json_value present, absent in DOM"); }
      return;
    }
    if (!same_json(j.raw_json(), *v)) { fail(path, "raw JSON differs"); }
    if (v->is_string() && j.as_string() != std::string_view(*v)) { fail(path, "string value differs"); }
  }
  template <class T>
    requires wh::detail::has_schema<T>
  void compare_member(const wh::field<T>& f, std::optional<dom::element> v, const std::string& path) {
    if constexpr (wh::detail::accepts_array_v<T>) {
      if (v && v->is_array()) {
        // The array form: [] is no value; element 0 is the object (or the field is
        // invalid); every further element is a finding.
        const dom::array array(*v);
        std::size_t index = 0;
        for (dom::element item : array) {
          const std::string item_path = path + "[" + std::to_string(index) + "]";
          if (index++ > 0) {
            expect_finding(item_path, wh::field_issue::extra_element);
          } else if (item.is_object()) {
            if (!f.has_value()) {
              fail(path, "an array whose first element is an object should decode it");
              continue;
            }
            compare_object(*f, dom::object(item), item_path);
          } else {
            if (!f.is_invalid()) { fail(path, "an array whose first element is no object should be invalid"); }
            expect_finding(item_path, wh::field_issue::wrong_type);
          }
        }
        if (index == 0 && !f.is_absent()) { fail(path, "[] should read as absent"); }
        if (wh::detail::access::value(f).from_array != true) { fail(path, "the array form should set from_array"); }
        return;
      }
      if (v && v->is_object() && f.has_value() && f->from_array) { fail(path, "an object set from_array"); }
    }
    if (!compare_state(f, v, dom::element_type::OBJECT, path)) { return; }
    if (!f.has_value()) {
      fail(path, "object not decoded");
      return;
    }
    compare_object(*f, dom::object(*v), path);
  }
  template <class T>
  void compare_member(const wh::ref<T>& r, std::optional<dom::element> v, const std::string& path) {
    if (!v) {
      if (!r.is_absent()) { fail(path, "ref present, absent in DOM"); }
      return;
    }
    if (v->is_null()) {
      if (!r.is_null()) { fail(path, "ref should be null"); }
      return;
    }
    if (v->is_string()) {
      if (!r.is_id() || r.id() != std::string_view(*v)) { fail(path, "ref ID differs"); }
      return;
    }
    if (v->is_object()) {
      if (!r.is_expanded()) {
        fail(path, "ref should be expanded");
        return;
      }
      compare_object(*r.object(), dom::object(*v), path);
      return;
    }
    if (!r.is_invalid()) { fail(path, "ref of another JSON type should be invalid"); }
    expect_finding(path, wh::field_issue::wrong_type);
  }
  template <class E>
  void compare_member(const wh::field<wh::list<E>>& f, std::optional<dom::element> v, const std::string& path) {
    if (!compare_state(f, v, dom::element_type::ARRAY, path)) { return; }
    if (!f.has_value()) {
      fail(path, "array not decoded");
      return;
    }
    // Element i of the list is element i of the array, whatever its JSON type.
    std::size_t index = 0;
    for (dom::element item : dom::array(*v)) {
      const std::string item_path = path + "[" + std::to_string(index) + "]";
      if (index >= f->size()) {
        fail(item_path, "missing from the decoded list");
        return;
      }
      compare_member((*f)[index++], std::optional<dom::element>(item), item_path);
    }
    if (index != f->size()) { fail(path, "decoded list has extra elements"); }
  }

  dom::parser parser_;
  dom::parser second_;
  std::string first_failure_;
  std::span<const wh::finding> findings_;
};

/// Convenience: "" when the decoded `event` agrees with a DOM reading of `body`.
inline std::string check(const wh::event& event, std::string_view body) {
  checker c;
  return c.check(event, body);
}

}  // namespace crosscheck

#endif  // ONCEHUB_WEBHOOKS_TESTS_DOM_CROSSCHECK_HPP
