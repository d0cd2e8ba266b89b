// SPDX-License-Identifier: MIT
// Unit tests for include/oncehub/webhooks/fields.hpp (field, ref, open_enum, list, finding)
// and the enum_names tables of objects.hpp, booking.hpp, conversation.hpp and envelope.hpp.
#include "oncehub/webhooks/fields.hpp"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "oncehub/webhooks/booking.hpp"
#include "oncehub/webhooks/conversation.hpp"
#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/envelope.hpp"
#include "oncehub/webhooks/objects.hpp"

namespace {

namespace wh = oncehub::webhooks;
using wh::field;
using wh::field_issue;
using wh::open_enum;
using wh::presence;
using wh::detail::access;
using namespace std::string_view_literals;

template <class T>
field<T> make_field(presence state, T value = {}, field_issue issue = field_issue::none) {
  field<T> f;
  access::state(f) = state;
  access::value(f) = std::move(value);
  access::issue(f) = issue;
  return f;
}

// ---- presence and field_issue names ---------------------------------------------------

static_assert(wh::to_string(presence::absent) == "absent");
static_assert(wh::to_string(field_issue::out_of_range) == "out_of_range");

TEST(FieldState, PresenceNames) {
  EXPECT_EQ(wh::to_string(presence::absent), "absent");
  EXPECT_EQ(wh::to_string(presence::null), "null");
  EXPECT_EQ(wh::to_string(presence::present), "present");
  EXPECT_EQ(wh::to_string(presence::invalid), "invalid");
}

TEST(FieldState, IssueNames) {
  EXPECT_EQ(wh::to_string(field_issue::none), "none");
  EXPECT_EQ(wh::to_string(field_issue::wrong_type), "wrong_type");
  EXPECT_EQ(wh::to_string(field_issue::bad_format), "bad_format");
  EXPECT_EQ(wh::to_string(field_issue::out_of_range), "out_of_range");
  EXPECT_EQ(wh::to_string(field_issue::duplicate_key), "duplicate_key");
  EXPECT_EQ(wh::to_string(field_issue::unexpected_value), "unexpected_value");
  EXPECT_EQ(wh::to_string(field_issue::byte_order_mark), "byte_order_mark");
}

// ---- field ----------------------------------------------------------------------------

static_assert(field<int>{}.state() == presence::absent);
static_assert(field<int>{3}.state() == presence::present);
static_assert(field<int>{3} == 3);
static_assert(!(field<int>{} == 0));
static_assert(field<int>{}.value_or(4) == 4);
static_assert(field<int>{3}.value_or(4) == 3);
static_assert(field<int>{3} == field<int>{3});
static_assert(!(field<int>{3} == field<int>{}));
static_assert(!std::is_convertible_v<field<int>, bool>, "operator bool is explicit");

TEST(FieldState, DefaultIsAbsent) {
  const field<std::string_view> f;
  EXPECT_EQ(f.state(), presence::absent);
  EXPECT_TRUE(f.is_absent());
  EXPECT_FALSE(f.is_null());
  EXPECT_FALSE(f.is_invalid());
  EXPECT_FALSE(f.has_value());
  EXPECT_FALSE(static_cast<bool>(f));
  EXPECT_EQ(f.issue(), field_issue::none);
}

TEST(FieldState, PresentHoldsTheValue) {
  const field<std::string_view> f{"Office visit"};
  EXPECT_EQ(f.state(), presence::present);
  EXPECT_TRUE(f.has_value());
  EXPECT_TRUE(static_cast<bool>(f));
  EXPECT_FALSE(f.is_absent() || f.is_null() || f.is_invalid());
  EXPECT_EQ(f.value(), "Office visit");
  EXPECT_EQ(*f, "Office visit");
  EXPECT_EQ(f->size(), 12U);
  EXPECT_EQ(f.issue(), field_issue::none);
}

TEST(FieldState, EmptyStringIsPresent) {
  const field<std::string_view> f{""};
  EXPECT_TRUE(f.has_value());
  EXPECT_EQ(f.state(), presence::present);
  EXPECT_EQ(f.value(), "");
}

TEST(FieldState, NullAndInvalid) {
  const auto null = make_field<std::int64_t>(presence::null);
  EXPECT_TRUE(null.is_null());
  EXPECT_FALSE(null.has_value());
  EXPECT_FALSE(null.is_absent());
  EXPECT_EQ(null.issue(), field_issue::none);

  const auto invalid = make_field<std::int64_t>(presence::invalid, 0, field_issue::out_of_range);
  EXPECT_TRUE(invalid.is_invalid());
  EXPECT_FALSE(invalid.has_value());
  EXPECT_FALSE(static_cast<bool>(invalid));
  EXPECT_EQ(invalid.issue(), field_issue::out_of_range);
}

TEST(FieldState, ValueThrowsBadFieldAccessWithTheState) {
  for (presence state : {presence::absent, presence::null, presence::invalid}) {
    const auto f = make_field<std::string_view>(state, "hidden");
    try {
      (void)f.value();
      FAIL() << "value() did not throw for " << wh::to_string(state);
    } catch (const wh::bad_field_access& e) {
      EXPECT_EQ(e.state(), state);
      EXPECT_NE(std::string_view(e.what()).find(wh::to_string(state)), std::string_view::npos) << e.what();
    }
  }
  EXPECT_NO_THROW((void)field<std::string_view>{""}.value());
}

TEST(FieldState, ValueOrFallsBackUnlessPresent) {
  EXPECT_EQ(field<std::string_view>{}.value_or("(none)"), "(none)");
  EXPECT_EQ(make_field<std::string_view>(presence::null, "x").value_or("(none)"), "(none)");
  EXPECT_EQ(make_field<std::string_view>(presence::invalid, "x").value_or("(none)"), "(none)");
  EXPECT_EQ(field<std::string_view>{""}.value_or("(none)"), "");
  EXPECT_EQ(field<std::int64_t>{15}.value_or(30), 15);
  EXPECT_EQ(field<std::int64_t>{}.value_or(30), 30);
}

TEST(FieldEquality, ComparesWithRawValuesOnlyWhenPresent) {
  const field<std::string_view> phone{""};
  EXPECT_TRUE(phone == "");
  EXPECT_FALSE(phone == "x");
  EXPECT_TRUE(field<std::string_view>{"abc"} == "abc"sv);
  EXPECT_TRUE(field<std::string_view>{"abc"} != "abd");
  EXPECT_FALSE(field<std::string_view>{} == "");
  EXPECT_FALSE(make_field<std::string_view>(presence::null) == "");
  EXPECT_FALSE(make_field<std::string_view>(presence::invalid, "abc") == "abc");
  EXPECT_TRUE(field<std::int64_t>{15} == 15);
  EXPECT_FALSE(field<std::int64_t>{} == 0);
  EXPECT_TRUE(field<bool>{false} == false);
  EXPECT_FALSE(field<bool>{} == false);
  // Reversed operands work too (C++20 rewritten comparisons).
  EXPECT_TRUE("abc" == field<std::string_view>{"abc"});
}

TEST(FieldEquality, BetweenFieldsComparesStateThenValue) {
  const field<std::string_view> absent;
  const auto null = make_field<std::string_view>(presence::null);
  const auto invalid_a = make_field<std::string_view>(presence::invalid, "a", field_issue::wrong_type);
  const auto invalid_b = make_field<std::string_view>(presence::invalid, "b", field_issue::wrong_type);
  const field<std::string_view> empty{""};
  const field<std::string_view> a{"a"};
  const field<std::string_view> a_again{"a"};
  const field<std::string_view> b{"b"};

  EXPECT_FALSE(empty == absent) << "present \"\" and absent differ";
  EXPECT_FALSE(empty == null);
  EXPECT_FALSE(absent == null);
  EXPECT_TRUE(absent == field<std::string_view>{});
  EXPECT_TRUE(null == make_field<std::string_view>(presence::null));
  EXPECT_TRUE(invalid_a == invalid_b) << "no usable value to compare";
  EXPECT_FALSE(invalid_a == a);
  EXPECT_TRUE(a == a_again);
  EXPECT_FALSE(a == b);
  EXPECT_TRUE(empty == field<std::string_view>{""});
}

TEST(FieldEquality, OpenEnumAndTimestampFields) {
  const field<open_enum<wh::booking_status>> status{open_enum<wh::booking_status>("canceled")};
  EXPECT_TRUE(status == wh::booking_status::canceled);
  EXPECT_FALSE(status == wh::booking_status::scheduled);
  EXPECT_TRUE(status == "canceled");
  EXPECT_FALSE(status == "Canceled");
  EXPECT_FALSE(field<open_enum<wh::booking_status>>{} == wh::booking_status::unknown);

  using namespace std::chrono;
  const wh::timestamp z{sys_days{year{2021} / 1 / 20} + hours{16}, "2021-01-20T16:00:00Z"};
  const wh::timestamp offset{sys_days{year{2021} / 1 / 20} + hours{16}, "2021-01-20T18:00:00+02:00"};
  EXPECT_TRUE(field<wh::timestamp>{z} == field<wh::timestamp>{offset}) << "same instant";
  EXPECT_TRUE(field<wh::timestamp>{z} == offset);
}

// ---- finding --------------------------------------------------------------------------

TEST(FieldFinding, DefaultIsEmpty) {
  const wh::finding f;
  EXPECT_EQ(f.path(), "");
  EXPECT_EQ(f.expected(), "");
  EXPECT_EQ(f.got(), wh::json_kind::none);
  EXPECT_EQ(f.raw_json(), "");
  EXPECT_EQ(f.issue(), field_issue::none);
  EXPECT_EQ(wh::finding::max_path_size, 95U);
}

TEST(FieldFinding, ExposesWhatTheDecoderRecorded) {
  wh::finding f;
  constexpr std::string_view path = "data.duration_minutes";
  for (std::size_t i = 0; i < path.size(); ++i) { access::path(f)[i] = path[i]; }
  access::path_size(f) = static_cast<std::uint8_t>(path.size());
  access::expected(f) = "integer";
  access::got(f) = wh::json_kind::string;
  access::raw(f) = "\"15\"";
  access::issue(f) = field_issue::wrong_type;
  EXPECT_EQ(f.path(), "data.duration_minutes");
  EXPECT_EQ(f.expected(), "integer");
  EXPECT_EQ(f.got(), wh::json_kind::string);
  EXPECT_EQ(f.raw_json(), "\"15\"");
  EXPECT_EQ(f.issue(), field_issue::wrong_type);
}

// ---- ref ------------------------------------------------------------------------------

static_assert(!wh::ref<wh::user>{}.has_value());
static_assert(wh::ref<wh::user>{}.id().empty());
static_assert(wh::ref<wh::user>{}.object() == nullptr);

wh::ref<wh::user> id_ref(std::string_view id) {
  wh::ref<wh::user> r;
  access::state(r) = presence::present;
  access::id(r) = id;
  access::expanded(r) = false;
  return r;
}

TEST(Ref, DefaultIsAbsent) {
  const wh::ref<wh::user> r;
  EXPECT_EQ(r.state(), presence::absent);
  EXPECT_TRUE(r.is_absent());
  EXPECT_FALSE(r.has_value());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_FALSE(r.is_id());
  EXPECT_FALSE(r.is_expanded());
  EXPECT_EQ(r.id(), "");
  EXPECT_EQ(r.object(), nullptr);
  EXPECT_EQ(r.issue(), field_issue::none);
}

TEST(Ref, IdForm) {
  const auto r = id_ref("USR-FSD423423");
  EXPECT_TRUE(r.has_value());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_TRUE(r.is_id());
  EXPECT_FALSE(r.is_expanded());
  EXPECT_EQ(r.id(), "USR-FSD423423");
  EXPECT_EQ(r.object(), nullptr);
}

TEST(Ref, EmptyIdIsStillAnId) {
  const auto r = id_ref("");
  EXPECT_TRUE(r.has_value());
  EXPECT_TRUE(r.is_id());
  EXPECT_EQ(r.id(), "");
}

TEST(Ref, ExpandedFormReturnsTheObjectsId) {
  wh::ref<wh::user> r;
  access::state(r) = presence::present;
  access::expanded(r) = true;
  access::object(r).id = std::string_view{"USR-EXPANDED1"};
  access::object(r).first_name = std::string_view{"Ann"};
  access::id(r) = "stale";  // never consulted for the expanded form
  EXPECT_TRUE(r.has_value());
  EXPECT_TRUE(r.is_expanded());
  EXPECT_FALSE(r.is_id());
  EXPECT_EQ(r.id(), "USR-EXPANDED1");
  ASSERT_NE(r.object(), nullptr);
  EXPECT_EQ(r.object()->first_name, "Ann");
  EXPECT_EQ(r.object()->id, "USR-EXPANDED1");
}

TEST(Ref, ExpandedObjectWithoutIdHasEmptyId) {
  wh::ref<wh::booking_page> r;
  access::state(r) = presence::present;
  access::expanded(r) = true;
  access::object(r).name = std::string_view{"Sales"};
  EXPECT_TRUE(r.is_expanded());
  EXPECT_EQ(r.id(), "");
  ASSERT_NE(r.object(), nullptr);
  EXPECT_EQ(r.object()->name, "Sales");
  EXPECT_TRUE(r.object()->id.is_absent());
}

TEST(Ref, NullAndInvalidHaveNoIdOrObject) {
  wh::ref<wh::contact> null;
  access::state(null) = presence::null;
  access::id(null) = "CTC-LEFTOVER";
  EXPECT_TRUE(null.is_null());
  EXPECT_FALSE(null.has_value());
  EXPECT_FALSE(null.is_id());
  EXPECT_FALSE(null.is_expanded());
  EXPECT_EQ(null.id(), "");
  EXPECT_EQ(null.object(), nullptr);

  wh::ref<wh::conversation> invalid;
  access::state(invalid) = presence::invalid;
  access::issue(invalid) = field_issue::wrong_type;
  access::expanded(invalid) = true;
  EXPECT_TRUE(invalid.is_invalid());
  EXPECT_EQ(invalid.issue(), field_issue::wrong_type);
  EXPECT_FALSE(invalid.is_expanded());
  EXPECT_EQ(invalid.object(), nullptr);
  EXPECT_EQ(invalid.id(), "");
}

// ---- open_enum ------------------------------------------------------------------------

static_assert(open_enum<wh::booking_status>("No-Show") == wh::booking_status::no_show);
static_assert(open_enum<wh::booking_status>("no_show").value() == wh::booking_status::no_show);
static_assert(!open_enum<wh::booking_status>("finished").is_known());
static_assert(open_enum<wh::calendar_type>("Office_365") == wh::calendar_type::office_365);
static_assert(wh::enum_name(wh::booking_status::no_show) == "no_show");
static_assert(wh::enum_name(wh::booking_status::unknown).empty());

TEST(OpenEnum, DefaultIsUnknownAndEmpty) {
  const open_enum<wh::booking_status> e;
  EXPECT_EQ(e.value(), wh::booking_status::unknown);
  EXPECT_FALSE(e.is_known());
  EXPECT_EQ(e.raw(), "");
  EXPECT_TRUE(e == wh::booking_status::unknown);
}

TEST(OpenEnum, KnownValue) {
  const open_enum<wh::booking_status> e("canceled");
  EXPECT_TRUE(e.is_known());
  EXPECT_EQ(e.value(), wh::booking_status::canceled);
  EXPECT_EQ(e.raw(), "canceled");
  EXPECT_TRUE(e == wh::booking_status::canceled);
  EXPECT_FALSE(e == wh::booking_status::scheduled);
  EXPECT_TRUE(e == "canceled"sv);
  EXPECT_FALSE(e == "Canceled"sv);
}

TEST(OpenEnum, UnknownValueKeepsTheRawString) {
  const open_enum<wh::conversation_status> e("finished");
  EXPECT_FALSE(e.is_known());
  EXPECT_EQ(e.value(), wh::conversation_status::unknown);
  EXPECT_EQ(e.raw(), "finished");
  EXPECT_TRUE(e == wh::conversation_status::unknown);
  EXPECT_TRUE(e == "finished"sv);
  EXPECT_FALSE(open_enum<wh::booking_status>("").is_known());
}

TEST(OpenEnum, MatchingIsExactAndCaseSensitive) {
  for (std::string_view miss : {"CANCELED", "cancelled", "Cancelled", "canceled ", " canceled", "no-show", "noshow",
                                "No_Show", "NO-SHOW", "unknown"}) {
    EXPECT_FALSE(open_enum<wh::booking_status>(miss).is_known()) << miss;
  }
  for (std::string_view miss : {"Office 365", "office365", "ICLOUD", "icloud ", "GOOGLE", "iCLOUD"}) {
    EXPECT_FALSE(open_enum<wh::calendar_type>(miss).is_known()) << miss;
  }
  EXPECT_FALSE(open_enum<wh::user_role>("account owner").is_known());
  EXPECT_FALSE(open_enum<wh::contact_status>("qualified").is_known());
  EXPECT_FALSE(open_enum<wh::payload_version>("V2").is_known());
  EXPECT_FALSE(open_enum<wh::payload_version>("v3").is_known());
}

TEST(OpenEnum, EqualityBetweenOpenEnumsComparesTheRawString) {
  const open_enum<wh::booking_status> v2("no_show");
  const open_enum<wh::booking_status> v1("No-Show");
  EXPECT_EQ(v1.value(), v2.value());
  EXPECT_FALSE(v1 == v2) << "raw spellings differ";
  EXPECT_TRUE(v2 == open_enum<wh::booking_status>("no_show"));
  EXPECT_TRUE(open_enum<wh::booking_status>("x") == open_enum<wh::booking_status>("x"));
}

TEST(OpenEnum, V1SpellingsMapToTheSameValues) {
  EXPECT_EQ(open_enum<wh::booking_status>("No-Show").value(), wh::booking_status::no_show);
  EXPECT_EQ(open_enum<wh::booking_status>("Requested").value(), wh::booking_status::requested);
  EXPECT_EQ(open_enum<wh::booking_status>("Scheduled").value(), wh::booking_status::scheduled);
  EXPECT_EQ(open_enum<wh::booking_status>("Rescheduled").value(), wh::booking_status::rescheduled);
  EXPECT_EQ(open_enum<wh::booking_status>("Completed").value(), wh::booking_status::completed);
  EXPECT_EQ(open_enum<wh::booking_status>("Canceled").value(), wh::booking_status::canceled);
  EXPECT_EQ(open_enum<wh::calendar_type>("Office_365").value(), wh::calendar_type::office_365);
  EXPECT_EQ(open_enum<wh::calendar_type>("Google").value(), wh::calendar_type::google);
  EXPECT_EQ(open_enum<wh::calendar_type>("Exchange").value(), wh::calendar_type::exchange);
  EXPECT_EQ(open_enum<wh::calendar_type>("iCloud").value(), wh::calendar_type::icloud);
  // raw() keeps the spelling that arrived.
  EXPECT_EQ(open_enum<wh::booking_status>("No-Show").raw(), "No-Show");
  // The canonical name stays the v2 one.
  EXPECT_EQ(wh::enum_name(open_enum<wh::booking_status>("No-Show").value()), "no_show");
  EXPECT_EQ(wh::enum_name(open_enum<wh::calendar_type>("Office_365").value()), "office_365");
}

// ---- enum_names tables ----------------------------------------------------------------

template <class E>
constexpr bool wire_names_are_unique() {
  const auto& names = wh::enum_names<E>;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].first.empty() || names[i].second == E::unknown) { return false; }
    for (std::size_t j = 0; j < i; ++j) {
      if (names[i].first == names[j].first) { return false; }
    }
  }
  return true;
}
static_assert(wire_names_are_unique<wh::user_status>());
static_assert(wire_names_are_unique<wh::user_role>());
static_assert(wire_names_are_unique<wh::booking_status>());
static_assert(wire_names_are_unique<wh::calendar_type>());
static_assert(wire_names_are_unique<wh::actor>());
static_assert(wire_names_are_unique<wh::initiator>());
static_assert(wire_names_are_unique<wh::conversation_status>());
static_assert(wire_names_are_unique<wh::contact_status>());
static_assert(wire_names_are_unique<wh::payload_version>());

// The canonical names, written out from the SPEC, in enumerator order after `unknown`.
template <class E, std::size_t N>
void expect_canonical_names(const std::array<std::string_view, N>& expected, const char* enum_label) {
  SCOPED_TRACE(enum_label);
  // Every known enumerator has its canonical name, and it parses back to the enumerator.
  for (std::size_t i = 0; i < N; ++i) {
    const auto value = static_cast<E>(i + 1);
    EXPECT_EQ(wh::enum_name(value), expected[i]) << i;
    const open_enum<E> parsed(expected[i]);
    EXPECT_TRUE(parsed.is_known()) << expected[i];
    EXPECT_EQ(parsed.value(), value) << expected[i];
  }
  EXPECT_EQ(wh::enum_name(E::unknown), "");
  // No enumerator past the last one is named.
  EXPECT_EQ(wh::enum_name(static_cast<E>(N + 1)), "");
  // Every table entry is one of the enumerators.
  for (const auto& [name, value] : wh::enum_names<E>) {
    EXPECT_GE(static_cast<std::size_t>(value), 1U) << name;
    EXPECT_LE(static_cast<std::size_t>(value), N) << name;
  }
  // Wire strings are unique.
  std::set<std::string_view> seen;
  for (const auto& entry : wh::enum_names<E>) {
    EXPECT_TRUE(seen.insert(entry.first).second) << "duplicate wire string " << entry.first;
  }
}

TEST(OpenEnumNames, UserStatus) {
  expect_canonical_names<wh::user_status>(std::array{"active"sv, "invited"sv}, "user_status");
  EXPECT_EQ(wh::enum_names<wh::user_status>.size(), 2U);
}

TEST(OpenEnumNames, UserRole) {
  expect_canonical_names<wh::user_role>(std::array{"Account Owner"sv, "Administrator"sv, "Member"sv, "Team Manager"sv},
                                        "user_role");
  EXPECT_EQ(wh::enum_names<wh::user_role>.size(), 4U);
}

TEST(OpenEnumNames, BookingStatus) {
  expect_canonical_names<wh::booking_status>(
      std::array{"requested"sv, "scheduled"sv, "rescheduled"sv, "completed"sv, "canceled"sv, "no_show"sv},
      "booking_status");
  EXPECT_EQ(wh::enum_names<wh::booking_status>.size(), 12U);  // v2 + v1 spellings
}

TEST(OpenEnumNames, CalendarType) {
  expect_canonical_names<wh::calendar_type>(std::array{"none"sv, "google"sv, "exchange"sv, "office_365"sv, "icloud"sv},
                                            "calendar_type");
  EXPECT_EQ(wh::enum_names<wh::calendar_type>.size(), 9U);
}

TEST(OpenEnumNames, Actor) {
  expect_canonical_names<wh::actor>(std::array{"user"sv, "customer"sv}, "actor");
  EXPECT_FALSE(open_enum<wh::actor>("").is_known()) << "\"\" occurs and stays unknown";
}

TEST(OpenEnumNames, Initiator) { expect_canonical_names<wh::initiator>(std::array{"bot"sv, "contact"sv}, "initiator"); }

TEST(OpenEnumNames, ConversationStatus) {
  expect_canonical_names<wh::conversation_status>(std::array{"started"sv, "closed"sv, "abandoned"sv},
                                                  "conversation_status");
  EXPECT_FALSE(open_enum<wh::conversation_status>("finished").is_known());
}

TEST(OpenEnumNames, ContactStatus) {
  expect_canonical_names<wh::contact_status>(
      std::array{"Qualified"sv, "Sales qualified"sv, "Marketing qualified"sv, "Disqualified"sv}, "contact_status");
}

TEST(OpenEnumNames, PayloadVersion) {
  expect_canonical_names<wh::payload_version>(std::array{"v1"sv, "v2"sv}, "payload_version");
}

// ---- list -----------------------------------------------------------------------------

TEST(List, DefaultIsEmpty) {
  const wh::list<wh::string_field> l;
  EXPECT_EQ(l.size(), 0U);
  EXPECT_TRUE(l.empty());
  EXPECT_EQ(l.begin(), l.end());
  std::size_t visited = 0;
  for ([[maybe_unused]] const auto& element : l) { ++visited; }
  EXPECT_EQ(visited, 0U);
  EXPECT_TRUE(l == wh::list<wh::string_field>{});
  EXPECT_TRUE(field<wh::list<wh::string_field>>{}.is_absent());
}

wh::list<wh::string_field> make_list(const std::vector<wh::string_field>& arena, std::uint32_t first,
                                     std::uint32_t size) {
  wh::list<wh::string_field> l;
  access::arena(l) = &arena;
  access::first(l) = first;
  access::size(l) = size;
  return l;
}

TEST(List, ViewsASliceOfItsArena) {
  const std::vector<wh::string_field> arena{wh::string_field{"a@x.com"}, wh::string_field{"b@x.com"},
                                            wh::string_field{""}, make_field<std::string_view>(presence::null),
                                            wh::string_field{"e@x.com"}};
  const auto l = make_list(arena, 1, 3);
  ASSERT_EQ(l.size(), 3U);
  EXPECT_FALSE(l.empty());
  EXPECT_EQ(l[0], "b@x.com");
  EXPECT_EQ(l[1], "");
  EXPECT_TRUE(l[2].is_null());
  std::vector<wh::string_field> copied(l.begin(), l.end());
  ASSERT_EQ(copied.size(), 3U);
  EXPECT_EQ(copied[0], "b@x.com");
  EXPECT_EQ(l.end() - l.begin(), 3);
}

TEST(List, EqualityComparesElements) {
  const std::vector<wh::string_field> one{wh::string_field{"a"}, wh::string_field{"b"}};
  const std::vector<wh::string_field> two{wh::string_field{"z"}, wh::string_field{"a"}, wh::string_field{"b"}};
  EXPECT_TRUE(make_list(one, 0, 2) == make_list(two, 1, 2));
  EXPECT_FALSE(make_list(one, 0, 2) == make_list(two, 0, 2));
  EXPECT_FALSE(make_list(one, 0, 1) == make_list(one, 0, 2));
  EXPECT_FALSE(make_list(one, 0, 1) == wh::list<wh::string_field>{});
  EXPECT_TRUE(make_list(one, 1, 0) == wh::list<wh::string_field>{});
}

}  // namespace
