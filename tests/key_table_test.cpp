// SPDX-License-Identifier: MIT
// Unit tests for include/oncehub/webhooks/detail/key_table.hpp and detail/schema.hpp: every
// schema's perfect-hash key table finds each member name at its own index and rejects near
// misses; member_names_v lists exactly the struct's members, in declaration order.
#include "oncehub/webhooks/detail/key_table.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oncehub/webhooks/detail/schema.hpp"
#include "oncehub/webhooks/envelope.hpp"

namespace {

namespace wh = oncehub::webhooks;
namespace detail = oncehub::webhooks::detail;
using detail::no_key;
using namespace std::string_view_literals;

// ---- the member lists, written out from the struct definitions -----------------------

template <class T>
inline constexpr std::array<std::string_view, 0> expected_names{};

template <>
inline constexpr std::array expected_names<wh::user>{"object"sv, "id"sv,     "first_name"sv, "last_name"sv,
                                                     "email"sv,  "status"sv, "role_name"sv,  "timezone"sv,
                                                     "teams"sv,  "deleted"sv};
template <>
inline constexpr std::array expected_names<wh::custom_field>{"name"sv, "value"sv};
template <>
inline constexpr std::array expected_names<wh::contact>{"object"sv,
                                                        "id"sv,
                                                        "creation_time"sv,
                                                        "last_updated_time"sv,
                                                        "last_interacted_time"sv,
                                                        "owner"sv,
                                                        "status"sv,
                                                        "city"sv,
                                                        "company_size"sv,
                                                        "company"sv,
                                                        "country"sv,
                                                        "email"sv,
                                                        "employees"sv,
                                                        "first_name"sv,
                                                        "has_consent"sv,
                                                        "job_title"sv,
                                                        "last_name"sv,
                                                        "mobile_phone"sv,
                                                        "phone"sv,
                                                        "post_code"sv,
                                                        "salutation"sv,
                                                        "state"sv,
                                                        "street_address"sv,
                                                        "terms_of_sevice"sv,
                                                        "timezone"sv,
                                                        "custom_fields"sv,
                                                        "deleted"sv};
template <>
inline constexpr std::array expected_names<wh::bot>{"object"sv, "id"sv, "name"sv, "deleted"sv};
template <>
inline constexpr std::array expected_names<wh::website>{"object"sv, "id"sv, "name"sv, "url"sv, "deleted"sv};
template <>
inline constexpr std::array expected_names<wh::audience>{"object"sv, "id"sv, "name"sv, "deleted"sv};
template <>
inline constexpr std::array expected_names<wh::answer>{"id"sv, "internal_label"sv, "question"sv, "value"sv};
template <>
inline constexpr std::array expected_names<wh::conversation>{
    "id"sv,      "object"sv,   "creation_time"sv, "initiated_by"sv, "last_updated_time"sv, "last_interacted_time"sv,
    "contact"sv, "owner"sv,    "status"sv,        "bot"sv,          "website"sv,           "audience"sv,
    "answers"sv, "bookings"sv, "deleted"sv};
template <>
inline constexpr std::array expected_names<wh::booking_page>{"object"sv,
                                                             "id"sv,
                                                             "name"sv,
                                                             "label"sv,
                                                             "url"sv,
                                                             "active"sv,
                                                             "timezone"sv,
                                                             "deleted"sv,
                                                             "public_name"sv,
                                                             "internal_label"sv,
                                                             "link"sv,
                                                             "category"sv,
                                                             "time_zone_description"sv};
template <>
inline constexpr std::array expected_names<wh::master_page>{"object"sv, "id"sv,     "name"sv,    "label"sv,
                                                            "url"sv,    "active"sv, "deleted"sv, "link"sv};
template <>
inline constexpr std::array expected_names<wh::event_type_object>{"object"sv,      "id"sv,      "name"sv,
                                                                  "description"sv, "deleted"sv, "category"sv};
template <>
inline constexpr std::array expected_names<wh::virtual_conferencing>{"join_url"sv};
template <>
inline constexpr std::array expected_names<wh::cancel_reschedule_information>{"reason"sv, "actioned_by"sv, "user_id"sv};
template <>
inline constexpr std::array expected_names<wh::form_submission>{"name"sv, "email"sv,   "phone"sv,  "mobile_phone"sv,
                                                                "note"sv, "company"sv, "guests"sv, "custom_fields"sv};
template <>
inline constexpr std::array expected_names<wh::external_calendar>{"type"sv, "name"sv, "id"sv, "event_id"sv};
template <>
inline constexpr std::array expected_names<wh::payment_information>{"amount_charged"sv, "currency"sv,
                                                                    "transaction_id"sv};
template <>
inline constexpr std::array expected_names<wh::utm_params>{"source"sv, "medium"sv, "campaign"sv, "term"sv, "content"sv};
template <>
inline constexpr std::array expected_names<wh::booking>{
    "object"sv,
    "id"sv,
    "tracking_id"sv,
    "subject"sv,
    "status"sv,
    "in_trash"sv,
    "creation_time"sv,
    "starting_time"sv,
    "customer_timezone"sv,
    "last_updated_time"sv,
    "owner"sv,
    "duration_minutes"sv,
    "virtual_conferencing"sv,
    "location_description"sv,
    "rescheduled_booking_id"sv,
    "cancel_reschedule_url"sv,
    "cancel_reschedule_information"sv,
    "attendees"sv,
    "form_submission"sv,
    "booking_page"sv,
    "master_page"sv,
    "event_type"sv,
    "conversation"sv,
    "external_calendar"sv,
    "ics_url"sv,
    "booking_calendar"sv,
    "cancel_url"sv,
    "reschedule_url"sv,
    "payment_information"sv,
    "custom_fields"sv,
    "utm_params"sv,
    "contact"sv,
    "package_id"sv,
    "virtual_or_physical_location"sv,
    "customer_time_zone_description"sv,
    "cancel_reschedule_link"sv,
    "canceled_booking_tracking_id"sv,
    "cancel_reschedule_reason"sv,
    "name_of_user_who_canceled_rescheduled"sv,
    "name_of_customer_who_canceled_rescheduled"sv,
};

// ---- aggregate arity: how many members the struct really has --------------------------

struct any_initializer {
  template <class T>
  operator T() const;  // NOLINT: declared only, for unevaluated brace-initialisation checks
};

template <class T, std::size_t... I>
constexpr bool brace_constructible_from(std::index_sequence<I...>) {
  return requires { T{(static_cast<void>(I), any_initializer{})...}; };
}

// The largest N for which T{x1, ..., xN} compiles: the number of members of an aggregate
// whose members are not themselves aggregates (no brace elision).
template <class T, std::size_t N = 0>
constexpr std::size_t aggregate_arity() {
  if constexpr (N > 64) {
    return N;
  } else if constexpr (brace_constructible_from<T>(std::make_index_sequence<N + 1>{})) {
    return aggregate_arity<T, N + 1>();
  } else {
    return N;
  }
}

// Members that are not wire keys: cancel_reschedule_information::from_array records the
// payload's shape and is not decoded from a key.
template <class T>
inline constexpr std::size_t non_wire_members = 0;
template <>
inline constexpr std::size_t non_wire_members<wh::cancel_reschedule_information> = 1;

// ---- compile-time checks -------------------------------------------------------------

template <class T>
constexpr bool table_finds_every_member() {
  const auto& table = detail::key_table_v<T>;
  const auto& names = detail::member_names_v<T>;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (table.find(names[i]) != i) { return false; }
  }
  return table.seed != 0;
}

template <class T>
constexpr bool names_match_expectation() {
  const auto& names = detail::member_names_v<T>;
  const auto& expected = expected_names<T>;
  if (names.size() != expected.size() || detail::member_count_v<T> != expected.size()) { return false; }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] != expected[i]) { return false; }
  }
  return true;
}

template <class T>
constexpr bool check_schema() {
  static_assert(detail::has_schema<T>);
  static_assert(table_finds_every_member<T>());
  static_assert(names_match_expectation<T>());
  static_assert(aggregate_arity<T>() == detail::member_count_v<T> + non_wire_members<T>,
                "the schema lists every member");
  return true;
}
static_assert(check_schema<wh::user>());
static_assert(check_schema<wh::custom_field>());
static_assert(check_schema<wh::contact>());
static_assert(check_schema<wh::bot>());
static_assert(check_schema<wh::website>());
static_assert(check_schema<wh::audience>());
static_assert(check_schema<wh::answer>());
static_assert(check_schema<wh::conversation>());
static_assert(check_schema<wh::booking_page>());
static_assert(check_schema<wh::master_page>());
static_assert(check_schema<wh::event_type_object>());
static_assert(check_schema<wh::virtual_conferencing>());
static_assert(check_schema<wh::cancel_reschedule_information>());
static_assert(check_schema<wh::form_submission>());
static_assert(check_schema<wh::external_calendar>());
static_assert(check_schema<wh::payment_information>());
static_assert(check_schema<wh::utm_params>());
static_assert(check_schema<wh::booking>());
static_assert(!detail::has_schema<wh::envelope>);
static_assert(!detail::has_schema<int>);

// ---- runtime checks, one typed suite over every schema --------------------------------

template <class T>
struct schema_name;
#define SCHEMA_NAME(type)                       \
  template <>                                   \
  struct schema_name<wh::type> {                \
    static constexpr const char* value = #type; \
  };
SCHEMA_NAME(user)
SCHEMA_NAME(custom_field)
SCHEMA_NAME(contact)
SCHEMA_NAME(bot)
SCHEMA_NAME(website)
SCHEMA_NAME(audience)
SCHEMA_NAME(answer)
SCHEMA_NAME(conversation)
SCHEMA_NAME(booking_page)
SCHEMA_NAME(master_page)
SCHEMA_NAME(event_type_object)
SCHEMA_NAME(virtual_conferencing)
SCHEMA_NAME(cancel_reschedule_information)
SCHEMA_NAME(form_submission)
SCHEMA_NAME(external_calendar)
SCHEMA_NAME(payment_information)
SCHEMA_NAME(utm_params)
SCHEMA_NAME(booking)
#undef SCHEMA_NAME

struct schema_type_names {
  template <class T>
  static std::string GetName(int) {  // NOLINT: GoogleTest's spelling
    return schema_name<T>::value;
  }
};

using schema_types =
    ::testing::Types<wh::user, wh::custom_field, wh::contact, wh::bot, wh::website, wh::audience, wh::answer,
                     wh::conversation, wh::booking_page, wh::master_page, wh::event_type_object,
                     wh::virtual_conferencing, wh::cancel_reschedule_information, wh::form_submission,
                     wh::external_calendar, wh::payment_information, wh::utm_params, wh::booking>;

template <class... Ts>
std::set<std::string, std::less<>> collect_names(::testing::Types<Ts...>*) {
  std::set<std::string, std::less<>> all;
  (..., [&] {
    for (std::string_view name : detail::member_names_v<Ts>) { all.emplace(name); }
  }());
  return all;
}

// Every member name of every schema (to try one schema's keys against another's table).
const std::set<std::string, std::less<>>& all_schema_names() {
  static const auto names = collect_names(static_cast<schema_types*>(nullptr));
  return names;
}

template <class T>
class KeyTable : public ::testing::Test {
 protected:
  // What the table must answer for `key`: the member index if it is one, else no_key.
  static std::uint8_t expected_index(std::string_view key) {
    const auto& names = detail::member_names_v<T>;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == key) { return static_cast<std::uint8_t>(i); }
    }
    return no_key;
  }
  static void expect_lookup(std::string_view key, const char* how) {
    EXPECT_EQ(detail::key_table_v<T>.find(key), expected_index(key)) << how << ": \"" << key << '"';
    // The decoder's path: the key as it sits in a padded input, followed by its quote.
    if (key.find_first_of("\"\\") == std::string_view::npos) {
      EXPECT_EQ(find_in_input(key, "\":1}"), expected_index(key)) << how << " (raw): \"" << key << '"';
    }
  }
  /// find_raw over `key` + `after` in a buffer with simdjson's padding, as the decoder sees it.
  static std::uint8_t find_in_input(std::string_view key, std::string_view after) {
    std::string buffer(key);
    buffer += after;
    buffer.append(simdjson::SIMDJSON_PADDING, 'x');  // whatever follows must not matter
    std::size_t size = 0;
    bool escaped = false;
    const std::uint8_t index = detail::key_table_v<T>.find_raw(buffer.data(), size, escaped);
    EXPECT_FALSE(escaped);
    EXPECT_EQ(size, key.size()) << key;
    return index;
  }
};
TYPED_TEST_SUITE(KeyTable, schema_types, schema_type_names);

TYPED_TEST(KeyTable, FindsEveryMemberAtItsOwnIndex) {
  const auto& names = detail::member_names_v<TypeParam>;
  ASSERT_EQ(names.size(), detail::member_count_v<TypeParam>);
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(detail::key_table_v<TypeParam>.find(names[i]), i) << names[i];
    // The lookup compares bytes, not pointers: a copy of the name is found too.
    const std::string copy(names[i]);
    EXPECT_EQ(detail::key_table_v<TypeParam>.find(copy), i) << names[i];
  }
}

TYPED_TEST(KeyTable, FindsEveryMemberInRawInputWhateverFollowsIt) {
  const auto& names = detail::member_names_v<TypeParam>;
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::string_view after : {"\":1}"sv, "\" : 1"sv, "\"\n:\"x\""sv, "\":{\"a\":[]}"sv, "\""sv}) {
      EXPECT_EQ(this->find_in_input(names[i], after), i) << names[i];
    }
  }
}

// The decoder's key prediction: `is_key_at(i, raw)` must hold exactly when the key at
// `raw` (followed by its quote, in a padded input) is member i, for every member i and a
// candidate set of every member, every other schema's name, each with one byte changed,
// cut short by one, extended by one, and with a backslash where its quote would be.
TYPED_TEST(KeyTable, PredictsExactlyTheExpectedMember) {
  const auto& table = detail::key_table_v<TypeParam>;
  const auto& names = detail::member_names_v<TypeParam>;
  std::set<std::string, std::less<>> candidates(all_schema_names().begin(), all_schema_names().end());
  for (std::string_view name : names) {
    const std::string key(name);
    for (std::size_t at = 0; at < key.size(); ++at) {
      for (const char c : {'x', '_', '"', '\\', '\0', static_cast<char>(key[at] ^ 0x20), static_cast<char>(0xC3)}) {
        std::string changed = key;
        changed[at] = c;
        candidates.insert(changed);
      }
    }
    candidates.insert(key.substr(0, key.size() - 1));
    candidates.insert(key + "s");
    candidates.insert(key + "\"");  // a second quote after the key: still the key
  }
  std::size_t hits = 0;
  for (const std::string& candidate : candidates) {
    for (const std::string_view after : {"\":1}"sv, "\\u0041\":1"sv}) {
      std::string buffer = candidate;
      buffer += after;
      buffer.append(simdjson::SIMDJSON_PADDING, '"');  // whatever follows must not matter
      for (std::size_t i = 0; i < names.size(); ++i) {
        // The key in the input ends at the first quote; a backslash before it is an escape.
        const std::size_t end = buffer.find_first_of("\"\\");
        const bool expected = buffer[end] == '"' && std::string_view(buffer).substr(0, end) == names[i];
        EXPECT_EQ(table.is_key_at(static_cast<std::uint8_t>(i), buffer.data()), expected)
            << "member " << names[i] << ", key \"" << candidate << '"' << after;
        hits += expected;
      }
    }
  }
  EXPECT_GE(hits, names.size());  // each member at least once
}

TYPED_TEST(KeyTable, SendsEscapedRawKeysToTheSlowPath) {
  for (std::string_view name : detail::member_names_v<TypeParam>) {
    std::string buffer = std::string(name.substr(0, 1)) + "\\u00" + "41" + std::string(name.substr(1)) + "\":1";
    buffer.append(simdjson::SIMDJSON_PADDING, ' ');
    std::size_t size = 0;
    bool escaped = false;
    EXPECT_EQ(detail::key_table_v<TypeParam>.find_raw(buffer.data(), size, escaped), no_key);
    EXPECT_TRUE(escaped) << name;
    EXPECT_EQ(size, 1U);
  }
}

TYPED_TEST(KeyTable, RejectsEmptyAndOneCharKeys) {
  EXPECT_EQ(detail::key_table_v<TypeParam>.find(""), no_key);
  for (int c = 0; c < 256; ++c) {
    const char byte = static_cast<char>(c);
    EXPECT_EQ(detail::key_table_v<TypeParam>.find(std::string_view(&byte, 1)), no_key) << c;
  }
}

TYPED_TEST(KeyTable, RejectsOneCharChanged) {
  for (std::string_view name : detail::member_names_v<TypeParam>) {
    for (std::size_t i = 0; i < name.size(); ++i) {
      for (int c = 0; c < 256; ++c) {
        if (static_cast<char>(c) == name[i]) { continue; }
        std::string key(name);
        key[i] = static_cast<char>(c);
        if (this->expected_index(key) != no_key) { continue; }  // happens to be another member
        ASSERT_EQ(detail::key_table_v<TypeParam>.find(key), no_key) << "changed byte " << i << " of " << name;
      }
    }
  }
}

TYPED_TEST(KeyTable, RejectsPrefixesAndSuffixes) {
  for (std::string_view name : detail::member_names_v<TypeParam>) {
    const std::string base(name);
    for (std::size_t n = 0; n < base.size(); ++n) { this->expect_lookup(base.substr(0, n), "prefix"); }
    for (std::size_t n = 1; n < base.size(); ++n) { this->expect_lookup(base.substr(n), "suffix of"); }
    for (std::string_view extra : {"s"sv, "_"sv, " "sv, "x"sv, "_id"sv, "\0"sv, "."sv}) {
      this->expect_lookup(base + std::string(extra), "appended");
      this->expect_lookup(std::string(extra) + base, "prepended");
    }
    for (std::size_t i = 0; i < base.size(); ++i) {
      std::string deleted = base;
      deleted.erase(i, 1);
      this->expect_lookup(deleted, "deleted byte");
      std::string doubled = base;
      doubled.insert(i, 1, base[i]);
      this->expect_lookup(doubled, "doubled byte");
      if (i + 1 < base.size() && base[i] != base[i + 1]) {
        std::string swapped = base;
        std::swap(swapped[i], swapped[i + 1]);
        this->expect_lookup(swapped, "swapped bytes");
      }
    }
  }
}

TYPED_TEST(KeyTable, IsCaseSensitive) {
  for (std::string_view name : detail::member_names_v<TypeParam>) {
    std::string upper(name);
    for (char& c : upper) {
      if (c >= 'a' && c <= 'z') { c = static_cast<char>(c - 'a' + 'A'); }
    }
    EXPECT_EQ(detail::key_table_v<TypeParam>.find(upper), no_key) << upper;
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (name[i] < 'a' || name[i] > 'z') { continue; }
      std::string one(name);
      one[i] = static_cast<char>(one[i] - 'a' + 'A');
      EXPECT_EQ(detail::key_table_v<TypeParam>.find(one), no_key) << one;
    }
    // camelCase instead of snake_case.
    std::string camel;
    bool next_upper = false;
    for (char c : name) {
      if (c == '_') {
        next_upper = true;
        continue;
      }
      camel += next_upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      next_upper = false;
    }
    this->expect_lookup(camel, "camelCase");
  }
}

TYPED_TEST(KeyTable, OtherSchemasKeysAreNotConfused) {
  for (const std::string& key : all_schema_names()) { this->expect_lookup(key, "other schema's key"); }
  for (std::string_view key : {"type", "data", "api_version", "creation", "timezones", "booking_id", "USR-1"}) {
    this->expect_lookup(key, "unrelated");
  }
}

TYPED_TEST(KeyTable, MemberNamesMatchTheStruct) {
  const auto& names = detail::member_names_v<TypeParam>;
  const auto& expected = expected_names<TypeParam>;
  ASSERT_EQ(names.size(), expected.size());
  for (std::size_t i = 0; i < names.size(); ++i) { EXPECT_EQ(names[i], expected[i]) << i; }
  EXPECT_EQ(aggregate_arity<TypeParam>(), detail::member_count_v<TypeParam> + non_wire_members<TypeParam>);
  // Names are unique and at least two bytes (the table ignores shorter keys).
  std::set<std::string_view> seen;
  for (std::string_view name : names) {
    EXPECT_GE(name.size(), 2U) << name;
    EXPECT_TRUE(seen.insert(name).second) << "duplicate " << name;
  }
}

TYPED_TEST(KeyTable, MembersPointToDistinctMembersInDeclarationOrder) {
  const TypeParam object{};
  const auto* base = reinterpret_cast<const unsigned char*>(&object);
  std::vector<std::ptrdiff_t> offsets;
  std::vector<std::string_view> names;
  detail::for_each_member<TypeParam>([&](const auto& m) {
    offsets.push_back(reinterpret_cast<const unsigned char*>(&(object.*(m.pointer))) - base);
    names.push_back(m.name);
  });
  ASSERT_EQ(offsets.size(), detail::member_count_v<TypeParam>);
  for (std::size_t i = 0; i < names.size(); ++i) { EXPECT_EQ(names[i], detail::member_names_v<TypeParam>[i]); }
  for (std::size_t i = 1; i < offsets.size(); ++i) {
    EXPECT_LT(offsets[i - 1], offsets[i]) << names[i - 1] << " / " << names[i];
  }
}

// ---- the table machinery itself -------------------------------------------------------

TEST(KeyTableBuilder, AcceptsShortKeys) {
  constexpr auto table = detail::make_key_table(std::array{"a"sv, "bb"sv});
  static_assert(table.seed != 0);
  static_assert(table.find("a") == 0 && table.find("bb") == 1 && table.find("b") == no_key);
}

TEST(KeyTableBuilder, ComparesTheBytesTheHashDoesNotSee) {
  // The signature covers the first 16 and the last 8 bytes: these 26-byte keys differ only
  // in byte 16, so a lookup of the one that is not in the table lands on the other's slot,
  // and the final compare must reject it.
  constexpr auto a = "0123456789abcdef_hijklmnop"sv;
  constexpr auto b = "0123456789abcdef-hijklmnop"sv;
  static_assert(detail::signature_mix(detail::signature_of(a)) == detail::signature_mix(detail::signature_of(b)));
  constexpr auto table = detail::make_key_table(std::array{a, "short"sv});
  static_assert(table.seed != 0);
  static_assert(table.find(a) == 0);
  static_assert(table.find(b) == no_key);
  std::string raw = std::string(b) + "\":1";
  raw.append(simdjson::SIMDJSON_PADDING, ' ');
  std::size_t size = 0;
  bool escaped = false;
  EXPECT_EQ(table.find_raw(raw.data(), size, escaped), no_key);
  EXPECT_EQ(size, b.size());
  raw.replace(0, a.size(), a);
  EXPECT_EQ(table.find_raw(raw.data(), size, escaped), 0U);
}

TEST(KeyTableBuilder, KeysWithTheSameSignatureHaveNoPerfectSeed) {
  constexpr auto table =
      detail::make_key_table(std::array{"0123456789abcdef_hijklmnop"sv, "0123456789abcdef-hijklmnop"sv});
  static_assert(table.seed == 0);
  EXPECT_EQ(table.seed, 0U);
}

TEST(KeyTableBuilder, SlotCountGrowsWithTheKeyCount) {
  EXPECT_EQ(detail::key_table<1>::slot_count, 16U);
  EXPECT_EQ(detail::key_table<8>::slot_count, 16U);
  EXPECT_EQ(detail::key_table<9>::slot_count, 32U);
  EXPECT_EQ(detail::key_table<40>::slot_count, 128U);
  EXPECT_EQ(detail::key_table<127>::slot_count, 256U);
  static_assert(decltype(detail::key_table_v<wh::booking>)::slot_count >= 2 * 40);
}

TEST(Schema, OnlyCancelRescheduleInformationAcceptsAnArray) {
  static_assert(detail::accepts_array_v<wh::cancel_reschedule_information>);
  static_assert(!detail::accepts_array_v<wh::booking>);
  static_assert(!detail::accepts_array_v<wh::form_submission>);
  EXPECT_TRUE(detail::accepts_array_v<wh::cancel_reschedule_information>);
  EXPECT_FALSE(detail::accepts_array_v<wh::user>);
}

TEST(Schema, MemberCountsMatchTheDocumentation) {
  // SPEC 3.2: 30 documented booking fields, plus 2 REST-only and 8 v1-only ones.
  EXPECT_EQ(detail::member_count_v<wh::booking>, 40U);
  EXPECT_EQ(detail::member_count_v<wh::conversation>, 15U);
  EXPECT_EQ(detail::member_count_v<wh::contact>, 27U);
  EXPECT_EQ(detail::member_names_v<wh::contact>[23], "terms_of_sevice") << "OnceHub's misspelling is the wire key";
}

}  // namespace
