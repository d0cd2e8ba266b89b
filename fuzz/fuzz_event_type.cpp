// SPDX-License-Identifier: MIT
/// @file
/// Fuzzes the event catalog (`events.hpp`): name lookup, subscription coverage and the
/// subscription set, plus the decoder's use of the same lookup.
///
/// The input is a string, or several subscription values separated by newlines.
/// Invariants:
/// - `from_string(to_string(x)) == x` for every event type (and `"unknown"` is no name);
/// - `from_string(s)` succeeds exactly when `s` is one of the wire names (an independent
///   set built from `to_string`), and then `to_string(*from_string(s)) == s`;
/// - `covers(s, x)`, `family_from_string`, `subscription_set::add/covers/size/unknown_*`
///   all tell the same story for every `x`;
/// - a delivery whose `type` is `s` decodes as `from_string(s)` (or `unknown`).
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

namespace wh = oncehub::webhooks;

namespace {

/// Every value of `event_type`, `unknown` first.
constexpr std::array<wh::event_type, wh::event_type_count + 1> every_type() {
  std::array<wh::event_type, wh::event_type_count + 1> out{};
  for (std::size_t i = 0; i < wh::all_event_types.size(); ++i) { out[i + 1] = wh::all_event_types[i]; }
  return out;
}

/// The reference: the wire names as a std::set, built only through `to_string`.
const std::set<std::string, std::less<>>& wire_names() {
  static const std::set<std::string, std::less<>> names = [] {
    std::set<std::string, std::less<>> out;
    for (wh::event_type x : wh::all_event_types) { out.emplace(wh::to_string(x)); }
    return out;
  }();
  return names;
}

void check_round_trips() {
  for (wh::event_type x : wh::all_event_types) {
    const std::string_view name = wh::to_string(x);
    FUZZ_CHECK(wh::from_string(name) == x, std::string(name));
    FUZZ_CHECK(wh::family_of(x).has_value(), std::string(name));
    const std::string_view family = wh::to_string(*wh::family_of(x));
    FUZZ_CHECK(name.substr(0, family.size() + 1) == std::string(family) + ".", std::string(name));
  }
  FUZZ_CHECK(!wh::from_string(wh::to_string(wh::event_type::unknown)), "\"unknown\" must not name a type");
  FUZZ_CHECK(!wh::family_of(wh::event_type::unknown), "unknown has no family");
  FUZZ_CHECK(wire_names().size() == wh::event_type_count, "wire names are unique");
}

/// One subscription value against every event type.
void check_value(std::string_view s) {
  const std::optional<wh::event_type> type = wh::from_string(s);
  const std::optional<wh::event_family> family = wh::family_from_string(s);
  FUZZ_CHECK(type.has_value() == wire_names().contains(s), fuzz_support::excerpt(s));
  FUZZ_CHECK(!(type && family), "a value cannot be both a type and a family");
  if (type) {
    FUZZ_CHECK(*type != wh::event_type::unknown, fuzz_support::excerpt(s));
    FUZZ_CHECK(wh::to_string(*type) == s, fuzz_support::excerpt(s));
  }
  if (family) { FUZZ_CHECK(wh::to_string(*family) == s, fuzz_support::excerpt(s)); }

  wh::subscription_set set;
  const bool known = set.add(s);
  FUZZ_CHECK(known == (type || family), fuzz_support::excerpt(s));
  std::size_t covered = 0;
  for (wh::event_type x : every_type()) {
    const bool expected = x != wh::event_type::unknown &&
                          ((type && *type == x) || (family && wh::family_of(x) == family));
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
    if (!wh::from_string(v) && !wh::family_from_string(v)) {
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
    const bool expected = std::any_of(values.begin(), values.end(), [&](std::string_view v) { return wh::covers(v, x); });
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
  FUZZ_CHECK(result->type() == wh::from_string(s).value_or(wh::event_type::unknown), fuzz_support::excerpt(s));
  FUZZ_CHECK(result->is_known() == wh::from_string(s).has_value(), fuzz_support::excerpt(s));
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
