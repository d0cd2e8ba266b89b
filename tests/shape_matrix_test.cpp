// SPDX-License-Identifier: MIT
// Issue 12, item 2: no field ever invents a value. A generated matrix over the schema:
// every member of every view struct (booking and conversation, nested objects, expanded
// references, list elements, the array form of a one-object field, custom field values),
// each given every JSON shape a sender could put there. Each result is checked four ways:
//
// - the DOM cross-check (tests/support/dom_crosscheck.hpp): every decoded member equals
//   simdjson's DOM reading of the same bytes, and every invalid member has its finding;
// - the exact list of findings (path and issue), against an oracle written here from the
//   DOM element of the shape and the member's declared kind, not from the decoder's code;
// - `strict_fields`: rejected exactly when there is a finding, at the first one's path;
// - `to_json` (what `inspect` prints): the value printed at the member's path is the
//   value that arrived (known members of objects only, as for every object), never a
//   default: `[]` prints `[]`, `["x"]` prints `["x"]`, a second element is printed.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/detail/schema.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "support/dom_crosscheck.hpp"

namespace {

namespace wh = oncehub::webhooks;
namespace dom = simdjson::dom;

// --- the schema, described for the oracle ----------------------------------------------

/// What a member holds, as the schema declares it.
enum class kind { string, boolean, integer, timestamp, enumeration, any, object, object_or_array, ref, list };

struct node {
  kind what = kind::any;
  std::string_view discriminator;                            // objects naming themselves ("\"user\"")
  std::vector<std::pair<std::string, const node*>> members;  // object, object_or_array, ref
  const node* element = nullptr;                             // list
};

template <class M>
const node* describe();

template <class T>
const node* describe_object(kind what) {
  // One node per (type, kind); the schema is a tree, so this never recurses forever.
  static std::map<kind, std::unique_ptr<node>> nodes;
  auto& slot = nodes[what];
  if (slot) { return slot.get(); }
  slot = std::make_unique<node>();
  slot->what = what;
  if constexpr (wh::detail::has_discriminator<T>) { slot->discriminator = wh::detail::schema<T>::discriminator; }
  wh::detail::for_each_member<T>([&](const auto& m) {
    using M = typename std::remove_cvref_t<decltype(m)>::member_type;
    slot->members.emplace_back(std::string(m.name), describe<M>());
  });
  return slot.get();
}

template <class T>
struct is_list : std::false_type {};
template <class E>
struct is_list<wh::field<wh::list<E>>> : std::true_type {
  using element = E;
};
template <class T>
struct is_ref : std::false_type {};
template <class T>
struct is_ref<wh::ref<T>> : std::true_type {
  using object = T;
};
template <class T>
struct is_enum_field : std::false_type {};
template <class E>
struct is_enum_field<wh::field<wh::open_enum<E>>> : std::true_type {};

template <class M>
const node* leaf(kind what) {
  static const node n{what, {}, {}, nullptr};
  return &n;
}

template <class M>
const node* describe() {
  if constexpr (std::is_same_v<M, wh::field<std::string_view>>) {
    return leaf<M>(kind::string);
  } else if constexpr (std::is_same_v<M, wh::field<bool>>) {
    return leaf<M>(kind::boolean);
  } else if constexpr (std::is_same_v<M, wh::field<std::int64_t>>) {
    return leaf<M>(kind::integer);
  } else if constexpr (std::is_same_v<M, wh::field<wh::timestamp>>) {
    return leaf<M>(kind::timestamp);
  } else if constexpr (is_enum_field<M>::value) {
    return leaf<M>(kind::enumeration);
  } else if constexpr (std::is_same_v<M, wh::json_value>) {
    return leaf<M>(kind::any);
  } else if constexpr (is_ref<M>::value) {
    return describe_object<typename is_ref<M>::object>(kind::ref);
  } else if constexpr (is_list<M>::value) {
    static node n{kind::list, {}, {}, describe<typename is_list<M>::element>()};
    return &n;
  } else {
    using T = typename M::value_type;
    static_assert(wh::detail::has_schema<T>, "a member kind this test does not know: describe it");
    return describe_object<T>(wh::detail::accepts_array_v<T> ? kind::object_or_array : kind::object);
  }
}

// --- the sites: every place a value can go -----------------------------------------------

struct site {
  std::string path;    // "data.form_submission.custom_fields[0].value"
  std::string prefix;  // data JSON = prefix + value + suffix
  std::string suffix;
  const node* what = nullptr;
  std::string_view parent_discriminator;  // when the member is an `object` discriminator
};

void collect(const node& object, const std::string& path, const std::string& prefix, const std::string& suffix,
             std::vector<site>& out) {
  for (const auto& [name, member] : object.members) {
    const std::string member_path = path + "." + name;
    const std::string member_prefix = prefix + "{\"" + name + "\":";
    const std::string member_suffix = "}" + suffix;
    out.push_back({member_path, member_prefix, member_suffix, member,
                   name == "object" ? object.discriminator : std::string_view{}});
    switch (member->what) {
      case kind::object:
      case kind::ref: collect(*member, member_path, member_prefix, member_suffix, out); break;
      case kind::object_or_array:
        collect(*member, member_path, member_prefix, member_suffix, out);
        // Inside the array form, every member behaves as in the object form.
        collect(*member, member_path + "[0]", member_prefix + "[", "]" + member_suffix, out);
        break;
      case kind::list: {
        const node& element = *member->element;
        const std::string element_path = member_path + "[0]";
        out.push_back({element_path, member_prefix + "[", "]" + member_suffix, &element, {}});
        if (element.what == kind::object) {
          collect(element, element_path, member_prefix + "[", "]" + member_suffix, out);
        }
        break;
      }
      default: break;
    }
  }
}

// --- the shapes ------------------------------------------------------------------------

/// The values a sender could put anywhere. `known` (an object of the target's own member
/// names, each of the wrong type) is built per site.
const std::vector<std::string>& generic_shapes() {
  static const std::vector<std::string> shapes = {
      R"("x")",
      R"("")",
      "42",
      "1.5",
      "-7",
      "true",
      "false",
      "null",
      "{}",
      "[]",
      "[null]",
      "[[]]",
      "[[1,2]]",
      R"(["x"])",
      R"(["x","y"])",
      "[{}]",
      "[{},{}]",
      R"([1,{}])",
      R"([{"x_unknown":1},"x"])",
      R"({"x_unknown":[1,{"a":null}]})",
      R"("2026-03-02T15:00:00.000Z")",      // the documented timestamp form
      R"("2026-03-02T15:00:00.000+0200")",  // issue 12, item 4: ISO 8601, kept with a finding
      R"("2026-13-02T15:00:00.000Z")",      // month 13
  };
  return shapes;
}

/// An object of `target`'s members (or of `id` and `name` for a non-object), each `1.5`:
/// the wrong type for every member but a custom field value.
std::string known_members(const node& target) {
  std::string out = "{";
  if (target.members.empty()) {
    out += R"("id":1.5,"name":1.5)";
  } else {
    for (const auto& [name, member] : target.members) {
      if (out.size() > 1) { out += ','; }
      out += '"' + name + "\":1.5";
    }
  }
  return out + "}";
}

// --- the oracle ----------------------------------------------------------------------------

struct expected_finding {
  std::string path;
  wh::field_issue issue;
  friend bool operator==(const expected_finding&, const expected_finding&) = default;
};

std::string minified(dom::element e) { return simdjson::minify(e); }

/// Timestamps the shapes contain, as this test reads them (by hand, from their text).
wh::field_issue timestamp_issue(std::string_view text) {
  if (text == "2026-03-02T15:00:00.000Z") { return wh::field_issue::none; }
  if (text == "2026-03-02T15:00:00.000+0200") { return wh::field_issue::nonstandard_format; }
  return wh::field_issue::bad_format;
}

/// Expected findings (in document order) and the JSON `to_json` prints for value `v` of a
/// member of kind `n` at `path`. `printed` is empty when the member is not printed.
void oracle(const node& n, dom::element v, const std::string& path, std::vector<expected_finding>& findings,
            std::string& printed);

void oracle_object(const node& n, dom::object object, const std::string& path, std::vector<expected_finding>& findings,
                   std::string& printed) {
  // Members in document order for the findings; printed in schema order, known ones only.
  std::map<std::string, std::string, std::less<>> printed_members;
  for (auto [key, value] : object) {
    for (const auto& [name, member] : n.members) {
      if (name != key) { continue; }
      std::string member_printed;
      oracle(*member, value, path + "." + name, findings, member_printed);
      if (name == "object" && !n.discriminator.empty() && value.is_string()) {
        const std::string_view literal = n.discriminator.substr(1, n.discriminator.size() - 2);
        if (std::string_view(value) != literal) {
          findings.push_back({path + ".object", wh::field_issue::unexpected_value});
        }
      }
      printed_members[name] = member_printed;
    }
  }
  printed = "{";
  for (const auto& [name, member] : n.members) {
    auto it = printed_members.find(name);
    if (it == printed_members.end() || it->second.empty()) { continue; }
    if (printed.size() > 1) { printed += ','; }
    printed += '"' + name + "\":" + it->second;
  }
  printed += '}';
}

void oracle(const node& n, dom::element v, const std::string& path, std::vector<expected_finding>& findings,
            std::string& printed) {
  printed = minified(v);
  if (n.what == kind::any) { return; }
  if (v.is_null()) { return; }
  const auto wrong_type = [&] { findings.push_back({path, wh::field_issue::wrong_type}); };
  switch (n.what) {
    case kind::string:
    case kind::enumeration:
      if (!v.is_string()) { wrong_type(); }
      return;
    case kind::boolean:
      if (!v.is_bool()) { wrong_type(); }
      return;
    case kind::integer:
      if (v.type() == dom::element_type::INT64) { return; }
      if (v.is_number()) {
        findings.push_back({path, wh::field_issue::out_of_range});
      } else {
        wrong_type();
      }
      return;
    case kind::timestamp:
      if (!v.is_string()) {
        wrong_type();
      } else if (const auto issue = timestamp_issue(std::string_view(v)); issue != wh::field_issue::none) {
        findings.push_back({path, issue});
      }
      return;
    case kind::ref:
      if (v.is_string()) { return; }
      if (v.is_object()) {
        oracle_object(n, dom::object(v), path, findings, printed);
        return;
      }
      wrong_type();
      return;
    case kind::object_or_array:
      if (v.is_array()) {
        // The array form: element 0 is the object, any further element a finding.
        printed = "[";
        std::size_t index = 0;
        for (dom::element item : dom::array(v)) {
          const std::string item_path = path + "[" + std::to_string(index) + "]";
          std::string item_printed = minified(item);
          if (index > 0) {
            findings.push_back({item_path, wh::field_issue::extra_element});
          } else if (item.is_object()) {
            oracle_object(n, dom::object(item), item_path, findings, item_printed);
          } else {
            findings.push_back({item_path, wh::field_issue::wrong_type});
          }
          printed += (index++ ? "," : "") + item_printed;
        }
        printed += ']';
        return;
      }
      [[fallthrough]];
    case kind::object:
      if (v.is_object()) {
        oracle_object(n, dom::object(v), path, findings, printed);
        return;
      }
      wrong_type();
      return;
    case kind::list:
      if (v.is_array()) {
        printed = "[";
        std::size_t index = 0;
        for (dom::element item : dom::array(v)) {
          std::string item_printed;
          oracle(*n.element, item, path + "[" + std::to_string(index) + "]", findings, item_printed);
          printed += (index++ ? "," : "") + item_printed;
        }
        printed += ']';
        return;
      }
      wrong_type();
      return;
    case kind::any: return;
  }
}

// --- the checks ----------------------------------------------------------------------------

/// The element at a path such as `data.cancel_reschedule_information[0].reason`.
std::optional<dom::element> at_path(dom::element root, std::string_view path) {
  dom::element current = root;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') { ++i; }
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      const std::size_t index = std::stoul(std::string(path.substr(i + 1, close - i - 1)));
      dom::array array;
      if (current.get_array().get(array)) { return std::nullopt; }
      if (array.at(index).get(current)) { return std::nullopt; }
      i = close + 1;
      continue;
    }
    const std::size_t end = std::min(path.find_first_of(".[", i), path.size());
    dom::object object;
    if (current.get_object().get(object)) { return std::nullopt; }
    if (object.at_key(path.substr(i, end - i)).get(current)) { return std::nullopt; }
    i = end;
  }
  return current;
}

std::string normalized(std::string_view json) {
  dom::parser parser;
  dom::element e;
  if (parser.parse(simdjson::padded_string(json)).get(e)) { return "(not JSON: " + std::string(json) + ")"; }
  return simdjson::minify(e);
}

std::string delivery(std::string_view type, const std::string& data) {
  return R"({"id":"EVNT-SHAPE","object":"event","creation_time":"2026-03-02T15:00:00.000Z","type":")" +
         std::string(type) + R"(","api_version":"v2","data":)" + data + "}";
}

struct matrix_result {
  std::size_t sites = 0;
  std::size_t cases = 0;
  std::size_t failures = 0;
  std::map<kind, std::size_t> sites_by_kind;
};

/// Runs every shape at every site of `root`; reports each disagreement (up to a limit).
matrix_result run_matrix(const node& root, std::string_view type) {
  std::vector<site> sites;
  collect(root, "data", "", "", sites);
  matrix_result out;
  out.sites = sites.size();
  wh::parser lenient;
  wh::parser strict({.strict_fields = true});
  dom::parser shape_parser;
  dom::parser print_parser;
  for (const site& s : sites) {
    ++out.sites_by_kind[s.what->what];
    std::vector<std::string> shapes = generic_shapes();
    shapes.push_back(known_members(*s.what));
    shapes.push_back("[" + known_members(*s.what) + "]");
    shapes.push_back("[" + known_members(*s.what) + "," + known_members(*s.what) + "]");
    for (const std::string& shape : shapes) {
      ++out.cases;
      const std::string body = delivery(type, s.prefix + shape + s.suffix);
      const auto report = [&](const std::string& what) {
        if (++out.failures <= 25) { ADD_FAILURE() << s.path << " given " << shape << ": " << what << "\n  " << body; }
      };
      dom::element v;
      if (shape_parser.parse(simdjson::padded_string(shape)).get(v)) {
        report("the test's shape is not JSON");
        continue;
      }
      std::vector<expected_finding> expected;
      std::string printed;
      oracle(*s.what, v, s.path, expected, printed);
      if (!s.parent_discriminator.empty() && v.is_string()) {
        const std::string_view literal = s.parent_discriminator.substr(1, s.parent_discriminator.size() - 2);
        if (std::string_view(v) != literal) { expected.push_back({s.path, wh::field_issue::unexpected_value}); }
      }

      auto result = lenient.parse(body);
      if (!result) {
        report("rejected: " + result.error().to_string());
        continue;
      }
      const wh::event& event = *result;
      if (const std::string dom_check = crosscheck::check(event, body); !dom_check.empty()) {
        report("DOM cross-check: " + dom_check);
      }
      std::vector<expected_finding> actual;
      for (const wh::finding& f : event.findings()) { actual.push_back({std::string(f.path()), f.issue()}); }
      if (actual != expected) {
        std::string text = "findings differ; expected:";
        for (const auto& f : expected) { text += " " + f.path + "=" + std::string(wh::to_string(f.issue)); }
        text += "; got:";
        for (const auto& f : actual) { text += " " + f.path + "=" + std::string(wh::to_string(f.issue)); }
        report(text);
      }

      const std::string json = wh::to_json(event, wh::json_style::compact);
      dom::element printed_root;
      if (print_parser.parse(simdjson::padded_string(json)).get(printed_root)) {
        report("to_json is not JSON: " + json);
      } else if (auto at = at_path(printed_root, s.path); !at) {
        report("to_json prints nothing at the path: " + json);
      } else if (simdjson::minify(*at) != normalized(printed)) {
        report("to_json prints " + simdjson::minify(*at) + ", but " + normalized(printed) + " arrived");
      }

      auto strict_result = strict.parse(body);
      if (expected.empty()) {
        if (!strict_result) { report("strict_fields rejects a clean value: " + strict_result.error().to_string()); }
      } else if (strict_result) {
        report("strict_fields accepts a value with findings");
      } else {
        const wh::errc code =
            expected.front().issue == wh::field_issue::wrong_type ? wh::errc::wrong_type : wh::errc::invalid_value;
        if (strict_result.error().path() != expected.front().path || strict_result.error().code() != code) {
          report("strict_fields error " + strict_result.error().to_string() + ", expected " +
                 std::string(wh::to_string(code)) + " at " + expected.front().path);
        }
      }
    }
  }
  return out;
}

TEST(ShapeMatrix, EveryBookingFieldGivenEveryShapeIsFaithfulOrAFinding) {
  matrix_result r = run_matrix(*describe_object<wh::booking>(kind::object), "booking.canceled");
  EXPECT_EQ(r.failures, 0u) << "of " << r.cases << " cases";
  // The matrix reaches every kind of member, the array form and nested objects included.
  for (kind k : {kind::string, kind::boolean, kind::integer, kind::timestamp, kind::enumeration, kind::any,
                 kind::object, kind::object_or_array, kind::ref, kind::list}) {
    EXPECT_GT(r.sites_by_kind[k], 0u) << "no site of kind " << static_cast<int>(k);
  }
  EXPECT_GE(r.sites, 240u);
  std::printf("shape matrix (booking): %zu sites x %zu shapes = %zu cases\n", r.sites, r.cases / r.sites, r.cases);
}

TEST(ShapeMatrix, EveryConversationFieldGivenEveryShapeIsFaithfulOrAFinding) {
  matrix_result r = run_matrix(*describe_object<wh::conversation>(kind::object), "conversation.started");
  EXPECT_EQ(r.failures, 0u) << "of " << r.cases << " cases";
  EXPECT_GE(r.sites, 86u);
  std::printf("shape matrix (conversation): %zu sites x %zu shapes = %zu cases\n", r.sites, r.cases / r.sites, r.cases);
}

}  // namespace
