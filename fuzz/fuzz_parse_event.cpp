// SPDX-License-Identifier: MIT
/// @file
/// Fuzzes `parser::parse`: any bytes in, an `event` or an `error` out, and everything
/// reachable from the event read back. Invariants, for every input:
/// - differential against an independent RFC 8259 grammar checker
///   (`tests/support/rfc8259.hpp`) and simdjson DOM: a body that is not RFC 8259 JSON (one
///   leading byte order mark aside) is rejected, with a "not JSON" errc, never a schema
///   one (issue 12, item 6); a body the DOM accepts is JSON and is never called malformed;
///   an accepted body decodes to the values the DOM reads, member by member
///   (`tests/support/dom_crosscheck.hpp`; the DOM refuses grammatical `1e400` and
///   `"\ud800"`, which the decoder keeps: then only the grammar is checked);
/// - every accessor of every view agrees with itself (`walker`): one presence state,
///   `issue()` exactly when invalid, `value()` and `value_or`, timestamps re-parse to
///   their instant, open enums re-classify their raw text, refs expose `id()` either way,
///   lists index what they iterate, `json_value` conversions match the DOM's number;
/// - findings name a path, an expectation and, when they carry it, valid JSON of the
///   kind they report; `std::visit` lands on the alternative of `type()`; a router
///   answers with the outcome the error or event calls for;
/// - `to_json` is valid JSON, pretty and compact say the same thing, and an owned copy
///   (`to_owned`, copied and moved) renders identically;
/// - the same bytes given as a `std::string_view` (copied by the parser) and as a padded
///   exact-size buffer whose padding is garbage give the same result, and the padded
///   path's raw views point into the caller's buffer;
/// - the options act only as documented: `strict_fields`/`strict_event_types` turn the
///   first finding or an unknown type into that error and change nothing else; a smaller
///   `max_depth` can only add `too_deep`; `max_body_size` only adds `too_large`.
#include <simdjson.h>

#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/detail/schema.hpp>
#include <oncehub/webhooks/detail/timestamp.hpp>
#include <oncehub/webhooks/to_json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "support/check.hpp"
#include "support/dom_crosscheck.hpp"
#include "support/rfc8259.hpp"

namespace wh = oncehub::webhooks;

namespace {

// --- what a parse said, kept past the next parse -------------------------------------

struct summary {
  bool ok = false;
  wh::errc code{};
  std::string path;
  std::optional<std::size_t> offset;
  std::string json;  // compact to_json of an accepted event
  std::vector<std::string> finding_paths;
  std::vector<wh::field_issue> finding_issues;
  bool known = false;

  [[nodiscard]] std::string describe() const {
    if (ok) { return "accepted: " + fuzz_support::excerpt(json, 300); }
    return "rejected: " + std::string(wh::to_string(code)) + " at '" + path + "'";
  }
};

summary summarize(const wh::result<wh::event>& r) {
  summary s;
  s.ok = r.has_value();
  if (!s.ok) {
    s.code = r.error().code();
    s.path = std::string(r.error().path());
    s.offset = r.error().offset();
    return s;
  }
  s.json = wh::to_json(*r, wh::json_style::compact);
  s.known = r->is_known();
  for (const wh::finding& f : r->findings()) {
    s.finding_paths.emplace_back(f.path());
    s.finding_issues.push_back(f.issue());
  }
  return s;
}

bool same(const summary& a, const summary& b) {
  if (a.ok != b.ok) { return false; }
  if (!a.ok) { return a.code == b.code && a.path == b.path && a.offset == b.offset; }
  return a.json == b.json && a.finding_paths == b.finding_paths;
}

/// The errcs that say "this is not JSON": a body the DOM accepts never gets one.
bool is_syntax_code(wh::errc code) {
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

/// The errcs a parse of a body can produce (API misuse and signature codes excluded:
/// the fuzzer always pads, and parse() checks no signature).
bool is_parse_code(wh::errc code) {
  return is_syntax_code(code) || code == wh::errc::too_large || code == wh::errc::too_deep ||
         code == wh::errc::wrong_type || code == wh::errc::missing_field || code == wh::errc::invalid_value ||
         code == wh::errc::duplicate_field || code == wh::errc::unknown_event_type;
}

simdjson::dom::parser& dom() {
  static simdjson::dom::parser parser;
  return parser;
}

std::optional<simdjson::dom::element> dom_parse(std::string_view text, simdjson::padded_string& storage) {
  storage = simdjson::padded_string(text);
  simdjson::dom::element root;
  if (dom().parse(storage).get(root) != simdjson::SUCCESS) { return std::nullopt; }
  return root;
}

// --- every accessor of every view ----------------------------------------------------

/// Reads every member of a decoded view through the public API and checks that the
/// accessors agree with each other. `buffer`, when not empty, is the caller's input:
/// raw JSON views must point into it.
class walker {
 public:
  explicit walker(std::string_view buffer) : buffer_(buffer) {}

  template <class T>
  void object(const T& value) {
    wh::detail::for_each_member<T>([&](const auto& m) { member(value.*(m.pointer)); });
  }

  [[nodiscard]] std::size_t sink() const { return sink_; }

 private:
  template <class F>
  void check_state(const F& f) {
    const int states = int(f.has_value()) + int(f.is_absent()) + int(f.is_null()) + int(f.is_invalid());
    FUZZ_CHECK(states == 1, "exactly one presence state");
    FUZZ_CHECK(static_cast<bool>(f) == f.has_value(), "operator bool is has_value()");
    FUZZ_CHECK(f.is_invalid() == (f.issue() != wh::field_issue::none), "issue() is set exactly when invalid");
  }

  /// `value()` throws `bad_field_access` without a value. Throwing is slow, so this is
  /// checked on the first such member of each input only.
  template <class F>
  void check_throws(const F& f) {
    if (checked_throw_) { return; }
    checked_throw_ = true;
    try {
      (void)f.value();
      FUZZ_CHECK(false, "value() returned without a value");
    } catch (const wh::bad_field_access& e) {
      FUZZ_CHECK(e.state() == f.state(), "bad_field_access carries the state");
    }
  }

  void inside_buffer(std::string_view view) {
    if (buffer_.empty() || view.empty()) { return; }
    FUZZ_CHECK(view.data() >= buffer_.data() && view.data() + view.size() <= buffer_.data() + buffer_.size(),
               "a raw JSON view points outside the caller's buffer");
  }

  void touch(std::string_view text) {
    // Every byte is read, so AddressSanitizer checks that the whole view is alive.
    for (char c : text) { sink_ += static_cast<unsigned char>(c); }
  }

  template <class T>
  void member(const wh::field<T>& f) {
    check_state(f);
    if (!f.has_value()) {
      check_throws(f);
      if constexpr (std::is_same_v<T, std::string_view>) {
        FUZZ_CHECK(f.value_or("fallback") == "fallback", "value_or without a value");
      }
      return;
    }
    FUZZ_CHECK(&f.value() == &*f && f.operator->() == &*f, "value(), * and -> agree");
    value(*f);
  }

  template <class T>
  void member(const wh::ref<T>& r) {
    check_state(r);
    FUZZ_CHECK(r.has_value() == (r.is_id() || r.is_expanded()) && !(r.is_id() && r.is_expanded()),
               "a present ref is an ID or an object");
    FUZZ_CHECK((r.object() != nullptr) == r.is_expanded(), "object() exactly when expanded");
    if (r.is_expanded()) {
      FUZZ_CHECK(r.id() == r.object()->id.value_or(std::string_view{}), "id() of an expanded ref is its id");
      object(*r.object());
    } else if (!r.has_value()) {
      FUZZ_CHECK(r.id().empty(), "id() without a value is empty");
    }
    touch(r.id());
  }

  void member(const wh::json_value& j) {
    FUZZ_CHECK((j.kind() == wh::json_kind::none) == j.raw_json().empty(), "raw JSON exactly when present");
    if (j.kind() == wh::json_kind::none) { return; }
    inside_buffer(j.raw_json());
    touch(j.raw_json());
    FUZZ_CHECK(j.is_null() == (j.raw_json() == "null"), "null is null");
    // A string with an escaped lone surrogate has no UTF-8 text: no as_string() then.
    FUZZ_CHECK(!j.as_string() || j.kind() == wh::json_kind::string, "as_string() for strings only");
    FUZZ_CHECK(j.as_bool().has_value() == (j.kind() == wh::json_kind::boolean), "as_bool() for booleans only");
    if (auto text = j.as_string()) { touch(*text); }
    simdjson::padded_string padded(j.raw_json());
    static simdjson::dom::parser parser;  // DOM parsers are reused: allocating one per value is slow
    simdjson::dom::element element;
    if (parser.parse(padded).get(element) != simdjson::SUCCESS) {
      // Grammatical JSON no C++ type holds (`1e400`, `"\ud800"`): kept raw (issue 12).
      FUZZ_CHECK(rfc8259::accepts(j.raw_json()), "raw JSON of a value is valid JSON");
      if (j.kind() == wh::json_kind::number) { FUZZ_CHECK(!j.as_int64(), "no int64 out of range"); }
      return;
    }
    FUZZ_CHECK(j.as_string().has_value() == (j.kind() == wh::json_kind::string), "as_string() for readable strings");
    switch (element.type()) {
      case simdjson::dom::element_type::STRING:
        FUZZ_CHECK(j.kind() == wh::json_kind::string && *j.as_string() == std::string_view(element),
                   "as_string() is the unescaped text");
        break;
      case simdjson::dom::element_type::INT64:
        FUZZ_CHECK(j.as_int64() == std::int64_t(element), "as_int64() reads an int64");
        [[fallthrough]];
      case simdjson::dom::element_type::UINT64:
      case simdjson::dom::element_type::DOUBLE:
        FUZZ_CHECK(j.kind() == wh::json_kind::number, "a number is a number");
        if (element.type() != simdjson::dom::element_type::INT64) {
          FUZZ_CHECK(!j.as_int64(), "as_int64() only for int64 values");
        }
        break;
      case simdjson::dom::element_type::BOOL:
        FUZZ_CHECK(j.as_bool() == bool(element), "as_bool() reads the literal");
        break;
      case simdjson::dom::element_type::NULL_VALUE: FUZZ_CHECK(j.is_null(), "null"); break;
      case simdjson::dom::element_type::ARRAY: FUZZ_CHECK(j.kind() == wh::json_kind::array, "array"); break;
      case simdjson::dom::element_type::OBJECT: FUZZ_CHECK(j.kind() == wh::json_kind::object, "object"); break;
    }
    (void)j.as_double();
  }

  void value(std::string_view text) { touch(text); }
  void value(bool) {}
  void value(std::int64_t) {}
  void value(const wh::timestamp& t) {
    touch(t.text);
    FUZZ_CHECK(wh::detail::parse_iso8601(t.text) == t.time, "a present timestamp re-parses to its instant");
  }
  template <class E>
  void value(const wh::open_enum<E>& e) {
    touch(e.raw());
    FUZZ_CHECK(wh::open_enum<E>(e.raw()).value() == e.value(), "an open enum re-classifies its raw text");
    FUZZ_CHECK(e.is_known() == (e.value() != E::unknown), "is_known()");
    if (e.is_known()) { FUZZ_CHECK(!wh::enum_name(e.value()).empty(), "a known value has a name"); }
  }
  template <class E>
  void value(const wh::list<E>& items) {
    std::size_t count = 0;
    for (const E& item : items) {
      FUZZ_CHECK(&item == &items[count], "operator[] is what iteration yields");
      member(item);
      ++count;
    }
    FUZZ_CHECK(count == items.size() && items.empty() == (count == 0), "size() counts the elements");
  }
  template <class T>
    requires wh::detail::has_schema<T>
  void value(const T& nested) { object(nested); }

  std::string_view buffer_;
  std::size_t sink_ = 0;
  bool checked_throw_ = false;
};

// --- one accepted event ---------------------------------------------------------------

/// Alternative I of the variant is event type I + 1; unknown events are last.
std::size_t expected_index(const wh::event& e) {
  return e.is_known() ? static_cast<std::size_t>(e.type()) - 1 : wh::event_type_count;
}

void check_visit(const wh::event& e) {
  FUZZ_CHECK(e.variant().index() == expected_index(e), "the variant holds the alternative of type()");
  std::visit(
      [&](const auto& alternative) {
        using A = std::remove_cvref_t<decltype(alternative)>;
        if constexpr (std::is_same_v<A, wh::unknown_event>) {
          FUZZ_CHECK(!e.is_known() && !e.family() && e.booking() == nullptr && e.conversation() == nullptr,
                     "an unknown event has no typed data");
          FUZZ_CHECK(alternative.type_name() == e.type_name() && alternative.data_json() == e.data_json(),
                     "unknown_event shows the envelope");
          FUZZ_CHECK(alternative.findings().data() == e.findings().data(), "one list of findings");
        } else {
          FUZZ_CHECK(A::type == e.type() && A::name == e.type_name() && A::family == *e.family(),
                     "typed_event matches type()");
          const void* data = A::family == wh::event_family::booking ? static_cast<const void*>(e.booking())
                                                                    : static_cast<const void*>(e.conversation());
          FUZZ_CHECK(&alternative.data() == data, "typed data() is the event's payload");
          FUZZ_CHECK(alternative.event().type() == e.type(), "event() returns the same event");
        }
      },
      e.variant());
}

void check_findings(const wh::event& e, std::string_view buffer) {
  for (const wh::finding& f : e.findings()) {
    FUZZ_CHECK(f.issue() != wh::field_issue::none, "a finding has an issue");
    if (f.issue() == wh::field_issue::byte_order_mark) {
      FUZZ_CHECK(f.path().empty() && f.raw_json().empty() && &f == &e.findings().front(), "a byte order mark is first");
      continue;
    }
    FUZZ_CHECK(!f.path().empty() && !f.expected().empty(), "a finding names a path and an expectation");
    const bool in_data = f.path().substr(0, 4) == "data";
    FUZZ_CHECK(in_data || f.path() == "object" || f.path() == "creation_time", "finding path " + std::string(f.path()));
    if (f.issue() == wh::field_issue::duplicate_key) {
      FUZZ_CHECK(f.raw_json().empty(), "a duplicate key carries no value");
      continue;
    }
    FUZZ_CHECK(!f.raw_json().empty(), "a finding carries the value it saw");
    if (!buffer.empty()) {
      FUZZ_CHECK(f.raw_json().data() >= buffer.data() &&
                     f.raw_json().data() + f.raw_json().size() <= buffer.data() + buffer.size(),
                 "a finding's raw JSON points into the caller's buffer");
    }
    FUZZ_CHECK(rfc8259::accepts(f.raw_json()),
               "a finding's raw JSON is valid JSON: " + fuzz_support::excerpt(f.raw_json()));
    if (f.issue() == wh::field_issue::wrong_type) {
      const char first = f.raw_json().front();
      const wh::json_kind kind = first == '"'                   ? wh::json_kind::string
                                 : first == '{'                 ? wh::json_kind::object
                                 : first == '['                 ? wh::json_kind::array
                                 : first == 't' || first == 'f' ? wh::json_kind::boolean
                                 : first == 'n'                 ? wh::json_kind::null  // `[null]` for one object
                                                                : wh::json_kind::number;
      FUZZ_CHECK(f.got() == kind, "a wrong_type finding reports the kind it saw");
    }
  }
}

void check_to_json(const wh::event& e, std::string& pretty_out) {
  const std::string pretty = wh::to_json(e, wh::json_style::pretty);
  const std::string compact = wh::to_json(e, wh::json_style::compact);
  FUZZ_CHECK(compact.find('\n') == std::string::npos, "compact output is one line");
  static simdjson::dom::parser p1;
  static simdjson::dom::parser p2;
  simdjson::padded_string a(pretty);
  simdjson::padded_string b(compact);
  simdjson::dom::element ea;
  simdjson::dom::element eb;
  FUZZ_CHECK(rfc8259::accepts(pretty), "to_json (pretty) is valid JSON: " + fuzz_support::excerpt(pretty));
  FUZZ_CHECK(rfc8259::accepts(compact), "to_json (compact) is valid JSON: " + fuzz_support::excerpt(compact));
  // The DOM reads both, or neither (raw `1e400` or `"\ud800"` kept from the body).
  const bool dom_a = p1.parse(a).get(ea) == simdjson::SUCCESS;
  const bool dom_b = p2.parse(b).get(eb) == simdjson::SUCCESS;
  FUZZ_CHECK(dom_a == dom_b, "pretty and compact to_json hold the same values");
  if (dom_a) { FUZZ_CHECK(simdjson::minify(ea) == simdjson::minify(eb), "pretty and compact to_json say the same"); }
  pretty_out = pretty;
}

void check_owned(const wh::event& e, const std::string& pretty) {
  const wh::owned_event owned = wh::to_owned(e);
  wh::owned_event copy = owned;
  const wh::owned_event moved = std::move(copy);
  for (const wh::owned_event* o : {&owned, &moved}) {
    const wh::event view = o->view();
    FUZZ_CHECK(view.type() == e.type() && view.type_name() == e.type_name() &&
                   view.variant().index() == e.variant().index() && view.findings().size() == e.findings().size(),
               "an owned copy is the same event");
    FUZZ_CHECK(wh::to_json(view, wh::json_style::pretty) == pretty, "an owned copy renders identically");
  }
}

/// A router answers what the README's outcome table says.
void check_dispatch(const wh::result<wh::event>& r) {
  static std::size_t errors_seen = 0;
  static const wh::router router = [] {
    wh::router out;
    out.on_any([](const wh::event&) { return true; });
    out.on_error([](const wh::dispatch_error& failure) { errors_seen += failure.error != nullptr ? 1 : 0; });
    return out;
  }();
  const std::size_t before = errors_seen;
  const wh::dispatch_result d = router.dispatch(r);
  if (r) {
    FUZZ_CHECK(d.outcome == wh::outcome::handled && d.handlers_run == 1 && d.http_status() == 200,
               "an accepted delivery is handled");
    return;
  }
  FUZZ_CHECK(d.outcome == wh::outcome_of(r.error().code()) && errors_seen == before + 1,
             "a rejected delivery reaches on_error once");
  FUZZ_CHECK(d.http_status() == (r.error().code() == wh::errc::too_large ? 413 : 400),
             "413 for too_large, 400 for any other parse error");
}

void check_error(const wh::error& e, std::size_t size) {
  FUZZ_CHECK(is_parse_code(e.code()), "unexpected errc " + std::string(wh::to_string(e.code())));
  FUZZ_CHECK(!e.message().empty(), "an error has a message");
  const std::string text = e.to_string();
  FUZZ_CHECK(text.rfind("error: " + std::string(wh::to_string(e.code())) + ": ", 0) == 0, text);
  if (e.offset()) { FUZZ_CHECK(*e.offset() <= size, text + " (offset past the body)"); }
}

/// Everything about one parse result, including the DOM differential.
void check_result(const wh::result<wh::event>& r, std::string_view body, std::string_view caller_buffer) {
  check_dispatch(r);
  simdjson::padded_string storage;
  const std::optional<simdjson::dom::element> root = dom_parse(body, storage);
  const bool json = rfc8259::accepts(rfc8259::without_bom(body));
  if (root) { FUZZ_CHECK(json, "the grammar checker refuses a body the DOM accepts"); }
  if (!r) {
    check_error(r.error(), body.size());
    if (json) {
      FUZZ_CHECK(!is_syntax_code(r.error().code()),
                 "rejected as not JSON a body that is JSON: " + r.error().to_string());
    } else {
      FUZZ_CHECK(!crosscheck::is_schema_code(r.error().code()),
                 "a schema error for a body that is not JSON: " + r.error().to_string());
    }
    return;
  }
  FUZZ_CHECK(json, "accepted a body that is not RFC 8259 JSON");
  // One checker for the whole run: it keeps its DOM parsers, and its first failure aborts.
  static crosscheck::checker checker;
  const std::string disagreement = checker.check(*r, body);
  FUZZ_CHECK(disagreement.empty(), "decoded values differ from the DOM: " + disagreement);

  const wh::event& e = *r;
  FUZZ_CHECK(!e.envelope().id.empty() && !e.type_name().empty(), "id and type are never empty");
  FUZZ_CHECK(e.type() == wh::from_string(e.type_name()).value_or(wh::event_type::unknown), "type() from the name");
  FUZZ_CHECK(e.is_known() == e.family().has_value(), "a known event has a family");
  FUZZ_CHECK((e.booking() != nullptr) == (e.family() == wh::event_family::booking), "booking() by family");
  FUZZ_CHECK((e.conversation() != nullptr) == (e.family() == wh::event_family::conversation), "conversation()");
  FUZZ_CHECK(!e.data_json().empty() && e.data_json().front() == '{' && e.data_json().back() == '}',
             "data_json() is the data object");
  if (!caller_buffer.empty()) {
    FUZZ_CHECK(e.data_json().data() >= caller_buffer.data() &&
                   e.data_json().data() + e.data_json().size() <= caller_buffer.data() + caller_buffer.size(),
               "data_json() points into the caller's buffer");
  }
  check_visit(e);
  check_findings(e, caller_buffer);

  walker walk(caller_buffer);
  if (const wh::booking* b = e.booking()) { walk.object(*b); }
  if (const wh::conversation* c = e.conversation()) { walk.object(*c); }
  const wh::envelope& env = e.envelope();
  if (env.creation_time.has_value()) {
    FUZZ_CHECK(wh::detail::parse_iso8601(env.creation_time->text) == env.creation_time->time, "creation_time");
  }
  FUZZ_CHECK(env.version == wh::open_enum<wh::payload_version>(env.api_version).value(), "version from api_version");
  (void)walk.sink();

  std::string pretty;
  check_to_json(e, pretty);
  check_owned(e, pretty);
}

// --- the options ------------------------------------------------------------------------

wh::parser& parser_with(wh::parser_options options) {
  // One parser per option set, reused across inputs as a server would (reuse must not
  // leak anything from one delivery into the next).
  static std::vector<std::pair<std::string, std::unique_ptr<wh::parser>>> parsers;
  const std::string key = std::to_string(options.max_body_size) + "/" + std::to_string(options.max_depth) + "/" +
                          std::to_string(options.strict_fields) + std::to_string(options.strict_event_types);
  for (auto& [k, p] : parsers) {
    if (k == key) { return *p; }
  }
  parsers.emplace_back(key, std::make_unique<wh::parser>(options));
  return *parsers.back().second;
}

void check_strict(const summary& lenient, std::string_view body) {
  wh::parser& strict = parser_with({.strict_fields = true, .strict_event_types = true});
  const summary s = summarize(strict.parse(body));
  const std::string what = "lenient " + lenient.describe() + "; strict " + s.describe();
  if (!lenient.ok) {
    FUZZ_CHECK(same(lenient, s), what);
  } else if (!lenient.known) {
    FUZZ_CHECK(!s.ok && s.code == wh::errc::unknown_event_type && s.path == "type", what);
  } else {
    // A skipped byte order mark is a finding, but not about a field: strict_fields keeps it.
    std::size_t first = 0;
    while (first < lenient.finding_issues.size() && lenient.finding_issues[first] == wh::field_issue::byte_order_mark) {
      ++first;
    }
    if (first == lenient.finding_issues.size()) {
      FUZZ_CHECK(same(lenient, s), what);
      return;
    }
    const wh::field_issue issue = lenient.finding_issues[first];
    const wh::errc code = issue == wh::field_issue::wrong_type      ? wh::errc::wrong_type
                          : issue == wh::field_issue::duplicate_key ? wh::errc::duplicate_field
                                                                    : wh::errc::invalid_value;
    FUZZ_CHECK(!s.ok && s.code == code && s.path == lenient.finding_paths[first], what);
  }
}

void check_depth(const summary& lenient, std::string_view body, std::size_t depth) {
  const summary s = summarize(parser_with({.max_depth = depth}).parse(body));
  const std::string what =
      "max_depth " + std::to_string(depth) + ": " + s.describe() + "; at 64: " + lenient.describe();
  if (s.ok) {
    FUZZ_CHECK(same(lenient, s), what);
  } else if (s.code != wh::errc::too_deep) {
    FUZZ_CHECK(same(lenient, s), what);
  }
  if (lenient.ok) { FUZZ_CHECK(s.ok || s.code == wh::errc::too_deep, what); }
}

void check_size_limit(const summary& lenient, std::string_view body) {
  constexpr std::size_t limit = 4096;
  const summary s = summarize(parser_with({.max_body_size = limit}).parse(body));
  if (body.size() > limit) {
    FUZZ_CHECK(!s.ok && s.code == wh::errc::too_large, s.describe());
  } else {
    FUZZ_CHECK(same(lenient, s), "max_body_size " + std::to_string(limit) + ": " + s.describe());
  }
}

/// Padding whose bytes would change the parse if simdjson ever read them as content.
void fill_hostile_padding(char* padding) {
  static constexpr char pattern[] = {'"', '}', ']', '\\', '\0', '\xff', ',', '{', '"', 'x'};
  for (std::size_t i = 0; i < simdjson::SIMDJSON_PADDING; ++i) { padding[i] = pattern[i % sizeof pattern]; }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  wh::parser& lenient = parser_with({});

  // 1. The string_view path (the parser copies the body): the full check.
  summary unpadded;
  {
    const wh::result<wh::event> r = lenient.parse(body);
    check_result(r, body, {});
    unpadded = summarize(r);
  }

  // 2. The padded path: the caller's exact-size buffer plus SIMDJSON_PADDING bytes of
  // garbage. Same answer, and raw views point into this buffer.
  {
    std::unique_ptr<char[]> buffer(new char[size + simdjson::SIMDJSON_PADDING]);
    if (size != 0) { std::memcpy(buffer.get(), data, size); }
    fill_hostile_padding(buffer.get() + size);
    const std::string_view caller(buffer.get(), size);
    const wh::result<wh::event> r =
        lenient.parse(simdjson::padded_string_view(buffer.get(), size, size + simdjson::SIMDJSON_PADDING));
    const summary padded = summarize(r);
    FUZZ_CHECK(same(unpadded, padded), "string_view " + unpadded.describe() + "; padded " + padded.describe());
    if (r) {
      check_findings(*r, caller);
      walker walk(caller);
      if (const wh::booking* b = r->booking()) { walk.object(*b); }
      if (const wh::conversation* c = r->conversation()) { walk.object(*c); }
      FUZZ_CHECK(r->data_json().data() >= caller.data() &&
                     r->data_json().data() + r->data_json().size() <= caller.data() + caller.size(),
                 "data_json() points into the caller's buffer");
    }
  }

  // 3. The options. The depth under test comes from the last byte, so the fuzzer can
  // steer it; seeds (which end in '}' or a newline) get a fixed one.
  check_strict(unpadded, body);
  const std::size_t depth = 2 + (size != 0 ? data[size - 1] % 16 : 0);
  check_depth(unpadded, body, depth);
  check_size_limit(unpadded, body);
  return 0;
}
