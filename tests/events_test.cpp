// SPDX-License-Identifier: MIT
// Unit tests for include/oncehub/webhooks/events.hpp: the event catalog, name conversion,
// subscription coverage and the compile-time tags.
#include "oncehub/webhooks/events.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace {

namespace wh = oncehub::webhooks;
using wh::event_family;
using wh::event_type;

// The catalog written out independently of the library (SPEC 5.1), in enum order.
struct expected_event {
  event_type type;
  std::string_view name;
  event_family family;
};
constexpr std::array<expected_event, 12> spec_events{{
    {event_type::booking_scheduled, "booking.scheduled", event_family::booking},
    {event_type::booking_rescheduled, "booking.rescheduled", event_family::booking},
    {event_type::booking_canceled_then_rescheduled, "booking.canceled_then_rescheduled", event_family::booking},
    {event_type::booking_canceled_reschedule_requested, "booking.canceled_reschedule_requested", event_family::booking},
    {event_type::booking_canceled, "booking.canceled", event_family::booking},
    {event_type::booking_completed, "booking.completed", event_family::booking},
    {event_type::booking_no_show, "booking.no_show", event_family::booking},
    {event_type::booking_reassigned, "booking.reassigned", event_family::booking},
    {event_type::conversation_reached_out, "conversation.reached_out", event_family::conversation},
    {event_type::conversation_started, "conversation.started", event_family::conversation},
    {event_type::conversation_closed, "conversation.closed", event_family::conversation},
    {event_type::conversation_abandoned, "conversation.abandoned", event_family::conversation},
}};

constexpr std::array<std::string_view, 16> near_misses{
    "booking.cancelled",
    "Booking.canceled",
    "booking.canceled ",
    " booking.canceled",
    "",
    "booking",
    "booking.*",
    "booking.no-show",
    "booking.noshow",
    "BOOKING.SCHEDULED",
    "booking_scheduled",
    "booking..scheduled",
    "conversation.reachedout",
    "conversation.reached-out",
    "unknown",
    "conversation",
};

// Compile-time proof that the conversions are constexpr.
static_assert(wh::to_string(event_type::booking_canceled) == "booking.canceled");
static_assert(wh::to_string(event_type::booking_no_show) == "booking.no_show");
static_assert(wh::to_string(event_type::conversation_reached_out) == "conversation.reached_out");
static_assert(wh::to_string(event_type::unknown) == "unknown");
static_assert(wh::from_string("booking.canceled") == event_type::booking_canceled);
static_assert(wh::from_string("conversation.reached_out") == event_type::conversation_reached_out);
static_assert(!wh::from_string("booking.cancelled").has_value());
static_assert(!wh::from_string("unknown").has_value());
static_assert(wh::family_of(event_type::booking_reassigned) == event_family::booking);
static_assert(!wh::family_of(event_type::unknown).has_value());
static_assert(wh::family_from_string("conversation") == event_family::conversation);
static_assert(wh::to_string(event_family::booking) == "booking");
static_assert(wh::covers("booking", event_type::booking_reassigned));
static_assert(wh::covers("booking.no_show", event_type::booking_no_show));
static_assert(!wh::covers("booking", event_type::conversation_started));
static_assert(!wh::covers("booking", event_type::unknown));
static_assert(!wh::covers("booking.cancelled", event_type::booking_canceled));
static_assert(wh::event_type_count == 12);

constexpr bool round_trips_at_compile_time() {
  for (event_type type : wh::all_event_types) {
    if (wh::from_string(wh::to_string(type)) != type) { return false; }
  }
  return true;
}
static_assert(round_trips_at_compile_time());

TEST(EventType, RoundTripsEveryName) {
  for (event_type type : wh::all_event_types) {
    const std::string_view name = wh::to_string(type);
    EXPECT_NE(name, "unknown");
    const auto parsed = wh::from_string(name);
    ASSERT_TRUE(parsed.has_value()) << name;
    EXPECT_EQ(*parsed, type) << name;
  }
}

TEST(EventType, SpellingsMatchSpec) {
  for (const auto& e : spec_events) {
    EXPECT_EQ(wh::to_string(e.type), e.name);
    EXPECT_EQ(wh::from_string(e.name), std::optional{e.type}) << e.name;
  }
}

TEST(EventType, AllEventTypesListsTheCatalogOnce) {
  ASSERT_EQ(wh::all_event_types.size(), spec_events.size());
  for (std::size_t i = 0; i < spec_events.size(); ++i) {
    EXPECT_EQ(wh::all_event_types[i], spec_events[i].type) << i;
    EXPECT_NE(wh::all_event_types[i], event_type::unknown);
  }
}

TEST(EventType, UnknownHasAPlaceholderNameThatDoesNotParse) {
  EXPECT_EQ(wh::to_string(event_type::unknown), "unknown");
  EXPECT_EQ(wh::from_string("unknown"), std::nullopt);
  // Out-of-range values (e.g. from a cast) read as unknown too.
  EXPECT_EQ(wh::to_string(static_cast<event_type>(13)), "unknown");
  EXPECT_EQ(wh::to_string(static_cast<event_type>(255)), "unknown");
}

TEST(EventType, FromStringRejectsNearMisses) {
  for (std::string_view miss : near_misses) { EXPECT_EQ(wh::from_string(miss), std::nullopt) << '"' << miss << '"'; }
  // An embedded NUL is not a terminator.
  EXPECT_EQ(wh::from_string(std::string_view{"booking.canceled\0", 17}), std::nullopt);
}

TEST(EventType, FromStringRejectsEveryPrefixExtensionAndCaseChange) {
  for (const auto& e : spec_events) {
    const std::string name(e.name);
    for (std::size_t n = 0; n < name.size(); ++n) {
      // A prefix may itself be a name ("booking.canceled" of "booking.canceled_then_..."):
      // then it parses to that type, never to the longer one.
      const std::string prefix = name.substr(0, n);
      std::optional<event_type> expected;
      for (const auto& other : spec_events) {
        if (other.name == prefix) { expected = other.type; }
      }
      EXPECT_EQ(wh::from_string(prefix), expected) << prefix;
    }
    EXPECT_EQ(wh::from_string(name + "s"), std::nullopt);
    EXPECT_EQ(wh::from_string(name + "."), std::nullopt);
    EXPECT_EQ(wh::from_string("." + name), std::nullopt);
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (name[i] < 'a' || name[i] > 'z') { continue; }
      std::string upper = name;
      upper[i] = static_cast<char>(upper[i] - 'a' + 'A');
      EXPECT_EQ(wh::from_string(upper), std::nullopt) << upper;
    }
  }
}

TEST(EventType, CanceledHasOneL) {
  for (event_type type : wh::all_event_types) {
    EXPECT_EQ(wh::to_string(type).find("cancelled"), std::string_view::npos) << wh::to_string(type);
  }
  EXPECT_EQ(wh::from_string("booking.canceled_then_rescheduled"), event_type::booking_canceled_then_rescheduled);
  EXPECT_EQ(wh::from_string("booking.cancelled_then_rescheduled"), std::nullopt);
  EXPECT_EQ(wh::from_string("booking.cancelled_reschedule_requested"), std::nullopt);
}

TEST(EventsFamily, FamilyOfEveryType) {
  for (const auto& e : spec_events) { EXPECT_EQ(wh::family_of(e.type), std::optional{e.family}) << e.name; }
  EXPECT_EQ(wh::family_of(event_type::unknown), std::nullopt);
  EXPECT_EQ(wh::family_of(static_cast<event_type>(13)), std::nullopt);
}

TEST(EventsFamily, NamesAndFromString) {
  EXPECT_EQ(wh::to_string(event_family::booking), "booking");
  EXPECT_EQ(wh::to_string(event_family::conversation), "conversation");
  EXPECT_EQ(wh::family_from_string("booking"), event_family::booking);
  EXPECT_EQ(wh::family_from_string("conversation"), event_family::conversation);
  for (std::string_view miss : {"", "Booking", "bookings", "booking.", "booking.*", "conversations", "contact",
                                "booking.scheduled", " booking"}) {
    EXPECT_EQ(wh::family_from_string(miss), std::nullopt) << '"' << miss << '"';
  }
  ASSERT_EQ(wh::all_event_families.size(), 2U);
  EXPECT_EQ(wh::all_event_families[0], event_family::booking);
  EXPECT_EQ(wh::all_event_families[1], event_family::conversation);
}

TEST(EventsCovers, SpecificValueCoversOnlyItself) {
  for (const auto& sub : spec_events) {
    for (event_type type : wh::all_event_types) {
      EXPECT_EQ(wh::covers(sub.name, type), sub.type == type) << sub.name << " / " << wh::to_string(type);
    }
    EXPECT_FALSE(wh::covers(sub.name, event_type::unknown));
  }
}

TEST(EventsCovers, BookingCompositeCoversExactlyTheEightBookingEvents) {
  constexpr std::array<event_type, 8> booking_events{
      event_type::booking_scheduled,
      event_type::booking_rescheduled,
      event_type::booking_canceled_then_rescheduled,
      event_type::booking_canceled_reschedule_requested,
      event_type::booking_canceled,
      event_type::booking_completed,
      event_type::booking_no_show,
      event_type::booking_reassigned,
  };
  std::size_t covered = 0;
  for (event_type type : wh::all_event_types) {
    const bool expected = std::find(booking_events.begin(), booking_events.end(), type) != booking_events.end();
    EXPECT_EQ(wh::covers("booking", type), expected) << wh::to_string(type);
    covered += wh::covers("booking", type) ? 1 : 0;
  }
  EXPECT_EQ(covered, 8U);
  EXPECT_TRUE(wh::covers("booking", event_type::booking_reassigned));
}

TEST(EventsCovers, ConversationCompositeCoversExactlyTheFourConversationEvents) {
  constexpr std::array<event_type, 4> conversation_events{
      event_type::conversation_reached_out,
      event_type::conversation_started,
      event_type::conversation_closed,
      event_type::conversation_abandoned,
  };
  std::size_t covered = 0;
  for (event_type type : wh::all_event_types) {
    const bool expected =
        std::find(conversation_events.begin(), conversation_events.end(), type) != conversation_events.end();
    EXPECT_EQ(wh::covers("conversation", type), expected) << wh::to_string(type);
    covered += wh::covers("conversation", type) ? 1 : 0;
  }
  EXPECT_EQ(covered, 4U);
}

TEST(EventsCovers, UnknownValuesCoverNothing) {
  for (std::string_view value : {"", "booking.*", "Booking", "bookings", "booking.cancelled", "contact",
                                 "contact.captured", "*", "all", "unknown", "conversation.finished"}) {
    for (event_type type : wh::all_event_types) {
      EXPECT_FALSE(wh::covers(value, type)) << '"' << value << "\" / " << wh::to_string(type);
    }
  }
}

TEST(EventsCovers, UnknownEventTypeIsNeverCovered) {
  for (std::string_view value : {"booking", "conversation", "unknown", "", "booking.scheduled"}) {
    EXPECT_FALSE(wh::covers(value, event_type::unknown)) << value;
  }
}

// Every alias: its type, wire name and family, at compile time.
template <class Tag>
constexpr bool tag_is(event_type type, std::string_view name, event_family family) {
  return Tag::type == type && Tag::name == name && Tag::family == family;
}
static_assert(tag_is<wh::booking_scheduled>(event_type::booking_scheduled, "booking.scheduled", event_family::booking));
static_assert(tag_is<wh::booking_rescheduled>(event_type::booking_rescheduled, "booking.rescheduled",
                                              event_family::booking));
static_assert(tag_is<wh::booking_canceled_then_rescheduled>(event_type::booking_canceled_then_rescheduled,
                                                            "booking.canceled_then_rescheduled",
                                                            event_family::booking));
static_assert(tag_is<wh::booking_canceled_reschedule_requested>(event_type::booking_canceled_reschedule_requested,
                                                                "booking.canceled_reschedule_requested",
                                                                event_family::booking));
static_assert(tag_is<wh::booking_canceled>(event_type::booking_canceled, "booking.canceled", event_family::booking));
static_assert(tag_is<wh::booking_completed>(event_type::booking_completed, "booking.completed", event_family::booking));
static_assert(tag_is<wh::booking_no_show>(event_type::booking_no_show, "booking.no_show", event_family::booking));
static_assert(tag_is<wh::booking_reassigned>(event_type::booking_reassigned, "booking.reassigned",
                                             event_family::booking));
static_assert(tag_is<wh::conversation_reached_out>(event_type::conversation_reached_out, "conversation.reached_out",
                                                   event_family::conversation));
static_assert(tag_is<wh::conversation_started>(event_type::conversation_started, "conversation.started",
                                               event_family::conversation));
static_assert(tag_is<wh::conversation_closed>(event_type::conversation_closed, "conversation.closed",
                                              event_family::conversation));
static_assert(tag_is<wh::conversation_abandoned>(event_type::conversation_abandoned, "conversation.abandoned",
                                                 event_family::conversation));
static_assert(wh::booking_family::family == event_family::booking && wh::booking_family::name == "booking");
static_assert(wh::conversation_family::family == event_family::conversation &&
              wh::conversation_family::name == "conversation");

using spec_tags = wh::type_list<wh::booking_scheduled, wh::booking_rescheduled, wh::booking_canceled_then_rescheduled,
                                wh::booking_canceled_reschedule_requested, wh::booking_canceled, wh::booking_completed,
                                wh::booking_no_show, wh::booking_reassigned, wh::conversation_reached_out,
                                wh::conversation_started, wh::conversation_closed, wh::conversation_abandoned>;
static_assert(std::is_same_v<wh::all_events, spec_tags>);
static_assert(wh::all_events::size == 12);

template <class... Tags>
constexpr std::array<event_type, sizeof...(Tags)> tag_types(wh::type_list<Tags...>) {
  return {Tags::type...};
}
template <class... Tags>
constexpr std::array<std::string_view, sizeof...(Tags)> tag_names(wh::type_list<Tags...>) {
  return {Tags::name...};
}
template <class... Tags>
constexpr std::array<event_family, sizeof...(Tags)> tag_families(wh::type_list<Tags...>) {
  return {Tags::family...};
}
template <class... Tags>
constexpr bool all_are_event_tags(wh::type_list<Tags...>) {
  return (wh::is_event_tag_v<Tags> && ...);
}
static_assert(tag_types(wh::all_events{}) == wh::all_event_types);

TEST(EventsTags, AliasesMatchTheCatalog) {
  const auto types = tag_types(wh::all_events{});
  const auto names = tag_names(wh::all_events{});
  const auto families = tag_families(wh::all_events{});
  ASSERT_EQ(types.size(), spec_events.size());
  for (std::size_t i = 0; i < spec_events.size(); ++i) {
    EXPECT_EQ(types[i], spec_events[i].type) << i;
    EXPECT_EQ(names[i], spec_events[i].name) << i;
    EXPECT_EQ(families[i], spec_events[i].family) << i;
  }
  EXPECT_EQ(wh::booking_canceled::name, "booking.canceled");
  EXPECT_EQ(wh::conversation_reached_out::family, event_family::conversation);
}

TEST(EventsTags, AllEventsHasTwelveTagsInCatalogOrder) {
  EXPECT_EQ(wh::all_events::size, 12U);
  EXPECT_EQ(tag_types(wh::all_events{}), wh::all_event_types);
  EXPECT_TRUE(all_are_event_tags(wh::all_events{}));
}

static_assert(wh::is_event_tag_v<wh::booking_canceled>);
static_assert(wh::is_event_tag_v<wh::conversation_abandoned>);
static_assert(!wh::is_event_tag_v<wh::booking_family>);
static_assert(!wh::is_event_tag_v<event_type>);
static_assert(!wh::is_event_tag_v<int>);
static_assert(!wh::is_event_tag_v<wh::all_events>);
static_assert(wh::is_family_tag_v<wh::booking_family>);
static_assert(wh::is_family_tag_v<wh::conversation_family>);
static_assert(!wh::is_family_tag_v<wh::booking_canceled>);
static_assert(!wh::is_family_tag_v<event_family>);
static_assert(!wh::is_family_tag_v<int>);

// ---- the catalog is one list --------------------------------------------------------
// Each line of ONCEHUB_WEBHOOKS_EVENT_TYPES, expanded here on its own: every entry must
// have its enumerator (in list order from 1), its tag alias, its wire name "family.event"
// (both ways) and its family. The test is generic over the list, so a new line is
// checked without touching it (tests/CMakeLists.txt also builds a copy with two more).
struct listed_event {
  event_type type;            // event_type::family_event
  event_type tag_type;        // wh::family_event::type
  std::string_view tag_name;  // wh::family_event::name
  event_family tag_family;    // wh::family_event::family
  bool is_tag;                // wh::is_event_tag_v<wh::family_event>
  std::string_view family;    // "family"
  std::string_view event;     // "event"
};
#define ONCEHUB_WEBHOOKS_TEST_LISTED(fam, ev)      \
  listed_event{event_type::fam##_##ev,             \
               wh::fam##_##ev::type,               \
               wh::fam##_##ev::name,               \
               wh::fam##_##ev::family,             \
               wh::is_event_tag_v<wh::fam##_##ev>, \
               #fam,                               \
               #ev},
constexpr auto listed_events = std::to_array({ONCEHUB_WEBHOOKS_EVENT_TYPES(ONCEHUB_WEBHOOKS_TEST_LISTED)});
#undef ONCEHUB_WEBHOOKS_TEST_LISTED

constexpr bool wire_name_is(std::string_view name, const listed_event& e) {
  return name.size() == e.family.size() + 1 + e.event.size() && name.substr(0, e.family.size()) == e.family &&
         name[e.family.size()] == '.' && name.substr(e.family.size() + 1) == e.event;
}

constexpr bool every_listed_event_is_derived() {
  if (listed_events.size() != wh::event_type_count || wh::all_events::size != wh::event_type_count) { return false; }
  for (std::size_t i = 0; i < listed_events.size(); ++i) {
    const listed_event& e = listed_events[i];
    const std::optional<event_family> family = wh::family_from_string(e.family);
    const bool ok = static_cast<std::size_t>(e.type) == i + 1 && wh::all_event_types[i] == e.type &&
                    e.tag_type == e.type && e.is_tag && wire_name_is(wh::to_string(e.type), e) &&
                    wire_name_is(e.tag_name, e) && wh::from_string(wh::to_string(e.type)) == e.type &&
                    family.has_value() && wh::family_of(e.type) == family && e.tag_family == *family &&
                    wh::covers(e.family, e.type) && wh::covers(wh::to_string(e.type), e.type) &&
                    wh::subscription_set::all().covers(e.type) && wh::detail::event_table[i].type == e.type;
    if (!ok) { return false; }
  }
  return true;
}
static_assert(every_listed_event_is_derived());

// The tag type list is the list too: all_events' I-th tag is the I-th line's.
template <class... Tags, std::size_t... I>
constexpr bool tags_are_the_list(wh::type_list<Tags...>, std::index_sequence<I...>) {
  return sizeof...(Tags) == listed_events.size() && ((Tags::type == listed_events[I].type) && ...);
}
static_assert(tags_are_the_list(wh::all_events{}, std::make_index_sequence<wh::all_events::size>{}));

TEST(EventsCatalog, EveryListedEventHasItsEnumeratorTagNameAndFamily) {
  ASSERT_EQ(listed_events.size(), wh::event_type_count);
  for (std::size_t i = 0; i < listed_events.size(); ++i) {
    const listed_event& e = listed_events[i];
    const std::string wire = std::string(e.family) + "." + std::string(e.event);
    EXPECT_EQ(static_cast<std::size_t>(e.type), i + 1) << wire;
    EXPECT_EQ(wh::all_event_types[i], e.type) << wire;
    EXPECT_EQ(e.tag_type, e.type) << wire;
    EXPECT_TRUE(e.is_tag) << wire;
    EXPECT_EQ(wh::to_string(e.type), wire);
    EXPECT_EQ(e.tag_name, wire);
    EXPECT_EQ(wh::from_string(wire), std::optional{e.type}) << wire;
    ASSERT_TRUE(wh::family_from_string(e.family).has_value()) << wire;
    EXPECT_EQ(wh::family_of(e.type), wh::family_from_string(e.family)) << wire;
    EXPECT_EQ(e.tag_family, *wh::family_from_string(e.family)) << wire;
    EXPECT_EQ(wh::to_string(e.tag_family), e.family) << wire;
  }
  // The catalog is exactly the list: nothing is known that is not listed.
  EXPECT_EQ(wh::to_string(static_cast<event_type>(listed_events.size() + 1)), "unknown");
  EXPECT_EQ(wh::family_of(static_cast<event_type>(listed_events.size() + 1)), std::nullopt);
}

TEST(EventsCatalog, TheListIsThePublishedCatalog) {
  // The independent SPEC list above against the library's one list.
  ASSERT_EQ(listed_events.size(), spec_events.size());
  for (std::size_t i = 0; i < spec_events.size(); ++i) {
    EXPECT_EQ(listed_events[i].type, spec_events[i].type) << spec_events[i].name;
    EXPECT_TRUE(wire_name_is(spec_events[i].name, listed_events[i])) << spec_events[i].name;
  }
}

TEST(EventsTags, TraitsTellEventTagsFromFamilyTags) {
  EXPECT_TRUE(wh::is_event_tag_v<wh::booking_no_show>);
  EXPECT_FALSE(wh::is_event_tag_v<wh::conversation_family>);
  EXPECT_TRUE(wh::is_family_tag_v<wh::conversation_family>);
  EXPECT_FALSE(wh::is_family_tag_v<wh::conversation_started>);
  EXPECT_FALSE(wh::is_event_tag_v<std::string_view>);
}

}  // namespace
