// SPDX-License-Identifier: MIT
/// @file
/// Fuzzes the event catalog (`events.hpp`): name lookup, subscription coverage and the
/// subscription set, plus the decoder's use of the same lookup.
///
/// The input is a string, or several subscription values separated by newlines.
/// The reference is SPEC 5.1 and 5.2 written out by hand (`tests/support/spec_tables.hpp`),
/// never the library's own table. Invariants:
/// - every row of SPEC 5.1 is an event type: `from_string(name) == type`,
///   `to_string(type) == name`, `family_of(type)` is its family; the library has no other
///   type (and `"unknown"` is no name);
/// - `from_string(s)` succeeds exactly when `s` is a name of SPEC 5.1, and
///   `family_from_string(s)` exactly when it is a composite of SPEC 5.2;
/// - `covers(s, x)`, `subscription_set::add/covers/size/unknown_*` all tell SPEC's story
///   for every `x`;
/// - a delivery whose `type` is `s` decodes as SPEC 5.1's type for `s` (or `unknown`).
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/to_json.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "support/check.hpp"
#include "support/spec_tables.hpp"

namespace wh = oncehub::webhooks;

namespace {

/// Every value of `event_type`, `unknown` first.
constexpr std::array<wh::event_type, wh::event_type_count + 1> every_type() {
  std::array<wh::event_type, wh::event_type_count + 1> out{};
  for (std::size_t i = 0; i < wh::all_event_types.size(); ++i) { out[i + 1] = wh::all_event_types[i]; }
  return out;
}

/// SPEC 5.1's family of `x`; none for `unknown` (or a type SPEC does not list).
std::optional<wh::event_family> spec_family(wh::event_type x) {
  for (const spec::event_row& row : spec::event_types) {
    if (row.type == x) { return row.family; }
  }
  return std::nullopt;
}

void check_round_trips() {
  std::set<std::string_view> names;
  for (const spec::event_row& row : spec::event_types) {
    const std::string what(row.name);
    FUZZ_CHECK(wh::from_string(row.name) == row.type, what + ": from_string");
    FUZZ_CHECK(wh::to_string(row.type) == row.name, what + ": to_string");
    FUZZ_CHECK(wh::family_of(row.type) == row.family, what + ": family_of");
    FUZZ_CHECK(spec::find_composite(wh::to_string(row.family)) == row.family, what + ": the family's name");
    names.insert(row.name);
  }
  FUZZ_CHECK(names.size() == spec::event_types.size(), "SPEC 5.1's names are unique");
  FUZZ_CHECK(wh::all_event_types.size() == spec::event_types.size() && wh::event_type_count == spec::event_types.size(),
             "the library has exactly SPEC 5.1's event types");
  for (wh::event_type x : wh::all_event_types) {
    FUZZ_CHECK(spec_family(x).has_value(), std::string(wh::to_string(x)) + " is not in SPEC 5.1");
  }
  FUZZ_CHECK(!wh::from_string(wh::to_string(wh::event_type::unknown)), "\"unknown\" must not name a type");
  FUZZ_CHECK(!wh::family_of(wh::event_type::unknown), "unknown has no family");
}

/// One subscription value against every event type.
void check_value(std::string_view s) {
  const std::optional<wh::event_type> type = wh::from_string(s);
  const std::optional<wh::event_family> family = wh::family_from_string(s);
  const spec::event_row* row = spec::find_event(s);
  FUZZ_CHECK(type.has_value() == (row != nullptr), fuzz_support::excerpt(s) + ": from_string vs SPEC 5.1");
  if (type && row) { FUZZ_CHECK(*type == row->type, fuzz_support::excerpt(s)); }
  FUZZ_CHECK(family == spec::find_composite(s), fuzz_support::excerpt(s) + ": family_from_string vs SPEC 5.2");

  wh::subscription_set set;
  const bool known = set.add(s);
  FUZZ_CHECK(known == (row != nullptr || spec::find_composite(s).has_value()), fuzz_support::excerpt(s));
  std::size_t covered = 0;
  for (wh::event_type x : every_type()) {
    const std::optional<wh::event_family> composite = spec::find_composite(s);
    const bool expected =
        x != wh::event_type::unknown && ((row && row->type == x) || (composite && spec_family(x) == composite));
    FUZZ_CHECK(wh::covers(s, x) == expected, fuzz_support::excerpt(s) + " / " + std::string(wh::to_string(x)));
    FUZZ_CHECK(set.covers(x) == expected, fuzz_support::excerpt(s) + " / " + std::string(wh::to_string(x)));
    covered += expected ? 1 : 0;
  }
  FUZZ_CHECK(set.size() == covered, fuzz_support::excerpt(s));
  FUZZ_CHECK(set.empty() == (covered == 0), fuzz_support::excerpt(s));
  FUZZ_CHECK(set.unknown_count() == (known ? 0u : 1u), fuzz_support::excerpt(s));
  if (!known) {
    // Kept as a view of the caller's string, not a copy.
    FUZZ_CHECK(set.unknown_values().size() == 1 && set.unknown_values()[0].data() == s.data() &&
                   set.unknown_values()[0].size() == s.size(),
               fuzz_support::excerpt(s));
  }
}

/// A whole subscription: the set is the union of its values, in any order.
void check_subscription(const std::vector<std::string_view>& values) {
  const wh::subscription_set set = wh::subscription_set::from(values);
  std::vector<std::string_view> reversed(values.rbegin(), values.rend());
  FUZZ_CHECK(set == wh::subscription_set::from(reversed), "order must not matter");
  std::size_t unknown = 0;
  std::vector<std::string_view> unknown_values;
  for (std::string_view v : values) {
    if (!spec::find_event(v) && !spec::find_composite(v)) {
      ++unknown;
      if (unknown_values.size() < wh::subscription_set::max_unknown_values) { unknown_values.push_back(v); }
    }
  }
  FUZZ_CHECK(set.unknown_count() == unknown, std::to_string(set.unknown_count()) + " vs " + std::to_string(unknown));
  FUZZ_CHECK(std::equal(set.unknown_values().begin(), set.unknown_values().end(), unknown_values.begin(),
                        unknown_values.end()),
             "unknown_values() keeps the first unknown values in order");
  std::size_t covered = 0;
  for (wh::event_type x : every_type()) {
    const bool expected =
        std::any_of(values.begin(), values.end(), [&](std::string_view v) { return wh::covers(v, x); });
    FUZZ_CHECK(set.covers(x) == expected, std::string(wh::to_string(x)));
    covered += expected ? 1 : 0;
  }
  FUZZ_CHECK(set.size() == covered, "size() counts the covered types");
  const wh::subscription_set everything = wh::subscription_set::all();
  FUZZ_CHECK(everything.size() == wh::event_type_count, "all() covers every type");
}

/// The decoder reads `type` through the same catalog.
void check_decoder(std::string_view s) {
  std::string body = R"({"id":"EVNT-FUZZ","object":"event","creation_time":"2024-01-01T00:00:00Z","type":)";
  wh::append_json_string(body, s);
  body += R"(,"api_version":"v2","data":{}})";
  static wh::parser parser;
  auto result = parser.parse(body);
  if (!result) {
    // The only ways a JSON-escaped type can fail: it is empty, it is not UTF-8, or the
    // body outgrew the size limit.
    const wh::errc code = result.error().code();
    FUZZ_CHECK((s.empty() && code == wh::errc::invalid_value) || code == wh::errc::invalid_utf8 ||
                   (code == wh::errc::too_large && body.size() > parser.options().max_body_size),
               result.error().to_string() + " for " + fuzz_support::excerpt(s));
    return;
  }
  FUZZ_CHECK(result->type_name() == s, fuzz_support::excerpt(s));
  FUZZ_CHECK(result->type() == spec::event_type_of(s), fuzz_support::excerpt(s));
  FUZZ_CHECK(result->is_known() == (spec::find_event(s) != nullptr), fuzz_support::excerpt(s));
  // The variant holds the alternative of that type: index = catalog position, unknown last.
  const std::size_t index = result->is_known() ? static_cast<std::size_t>(result->type()) - 1 : wh::event_type_count;
  FUZZ_CHECK(result->variant().index() == index, fuzz_support::excerpt(s));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_round_trips();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_value(input);
  check_decoder(input);
  std::vector<std::string_view> values;
  for (std::size_t begin = 0; begin <= input.size();) {
    const std::size_t end = std::min(input.find('\n', begin), input.size());
    values.push_back(input.substr(begin, end - begin));
    begin = end + 1;
  }
  if (values.size() > 1) {
    for (std::string_view v : values) { check_value(v); }
  }
  check_subscription(values);
  return 0;
}
