// SPDX-License-Identifier: MIT
// A new event type is one line of ONCEHUB_WEBHOOKS_EVENT_TYPES and nothing else. This
// program is compiled against a copy of events.hpp with two lines added to that list
// (tests/CMakeLists.txt): `X(booking, requested)` first, so every other value moves, and
// `X(conversation, transferred)` last. Everything below uses only what the library
// derives from those two lines: enumerators, tags, names, families, the variant, the
// parser, visit, the router, subscriptions, to_json and to_owned.
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/owned.hpp>
#include <oncehub/webhooks/to_json.hpp>

#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace wh = oncehub::webhooks;
using wh::event_family;
using wh::event_type;

// At compile time: the enumerators and tags exist, in list order, with their names.
static_assert(static_cast<int>(event_type::booking_requested) == 1);
static_assert(static_cast<std::size_t>(event_type::conversation_transferred) == wh::event_type_count);
static_assert(wh::all_event_types.front() == event_type::booking_requested);
static_assert(wh::all_event_types.back() == event_type::conversation_transferred);
static_assert(wh::to_string(event_type::booking_requested) == "booking.requested");
static_assert(wh::from_string("conversation.transferred") == event_type::conversation_transferred);
static_assert(wh::booking_requested::name == "booking.requested" &&
              wh::booking_requested::family == event_family::booking);
static_assert(wh::conversation_transferred::type == event_type::conversation_transferred &&
              wh::conversation_transferred::family == event_family::conversation);
static_assert(wh::family_of(event_type::conversation_transferred) == event_family::conversation);
static_assert(wh::covers("booking", event_type::booking_requested));
static_assert(!wh::covers("conversation", event_type::booking_requested));
static_assert(wh::subscription_set::all().covers(event_type::conversation_transferred));
static_assert(wh::subscription_set::all().size() == wh::event_type_count);
static_assert(std::variant_size_v<wh::event_variant> == wh::event_type_count + 1);
static_assert(std::is_same_v<std::variant_alternative_t<0, wh::event_variant>, wh::typed_event<wh::booking_requested>>);
static_assert(std::is_same_v<std::variant_alternative_t<wh::event_type_count - 1, wh::event_variant>,
                             wh::typed_event<wh::conversation_transferred>>);
static_assert(std::is_same_v<wh::typed_event<wh::booking_requested>::data_type, wh::booking>);
static_assert(std::is_same_v<wh::typed_event<wh::conversation_transferred>::data_type, wh::conversation>);

namespace {

int failures = 0;
void check(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAILED: %s\n", what);
    ++failures;
  }
}

std::string delivery(std::string_view type, std::string_view data) {
  return std::string(R"({"id":"EVNT-NEW1","object":"event","creation_time":"2024-01-01T00:00:00Z","type":")") +
         std::string(type) + R"(","api_version":"v2","data":)" + std::string(data) + "}";
}

std::string classify(const wh::event& e) {
  return wh::visit(
      e, [](const wh::typed_event<wh::booking_requested>& r) { return "requested " + std::string(*r.data().subject); },
      [](const wh::booking_event auto&) { return std::string("booking"); },
      [](const wh::conversation_event auto& c) { return "conversation " + std::string(c.name); },
      [](const wh::unknown_event&) { return std::string("unknown"); });
}

}  // namespace

int main() {
  wh::parser parser;
  wh::parser strict(wh::parser_options{.strict_event_types = true});

  const std::string booking = delivery("booking.requested", R"({"id":"BKNG-NEW1","subject":"Intro call"})");
  {
    auto parsed = strict.parse(booking);
    check(parsed.has_value(), "a strict parser knows booking.requested");
    auto result = parser.parse(booking);
    check(result.has_value(), "booking.requested parses");
    if (result) {
      const wh::event& e = *result;
      check(e.type() == event_type::booking_requested && e.is_known(), "its type is booking_requested");
      check(e.index() == 0, "it is the first alternative");
      check(std::holds_alternative<wh::typed_event<wh::booking_requested>>(e), "it holds its typed_event");
      check(e.booking() != nullptr && e.booking()->subject == "Intro call", "its data is a booking");
      check(classify(e) == "requested Intro call", "visit picks its specific handler");
      check(wh::to_json(e, wh::json_style::compact).find(R"("type":"booking.requested")") != std::string::npos,
            "to_json names it");
      const wh::owned_event owned = wh::to_owned(e);
      check(owned.view().type() == event_type::booking_requested, "to_owned keeps it");

      wh::router router;
      int specific = 0;
      int family = 0;
      router.on<wh::booking_requested>([&](const auto& r) { specific += r.data().id == "BKNG-NEW1"; })
          .on<wh::booking_family>([&](const wh::booking_event auto&) { ++family; });
      const wh::dispatch_result handled = router.dispatch(e);
      check(handled.outcome == wh::outcome::handled && handled.handlers_run == 2, "the router runs both handlers");
      check(specific == 1 && family == 1, "the router passes the typed event");
      check(handled.handler == "booking.requested", "a handler's default name is the wire name");
      router.filter(wh::subscription_set::from(std::array<std::string_view, 1>{"conversation"}));
      check(router.dispatch(e).outcome == wh::outcome::ignored, "a conversation subscription filters it out");
    }
  }

  const std::string conversation = delivery("conversation.transferred", R"({"id":"CVR-NEW1"})");
  {
    auto result = parser.parse(conversation);
    check(result.has_value(), "conversation.transferred parses");
    if (result) {
      const wh::event& e = *result;
      check(e.type() == event_type::conversation_transferred, "its type is conversation_transferred");
      check(e.index() == wh::event_type_count - 1, "it is the last known alternative");
      check(e.family() == event_family::conversation, "its family is conversation");
      check(e.conversation() != nullptr && e.conversation()->id == "CVR-NEW1", "its data is a conversation");
      check(classify(e) == "conversation conversation.transferred", "visit picks the family handler");
      wh::router router;
      int seen = 0;
      router.on<wh::conversation_transferred>([&](const auto&) { ++seen; });
      check(router.dispatch(e).outcome == wh::outcome::handled && seen == 1, "the router dispatches it");
    }
  }

  // The old types are all still there, each the next value along.
  check(wh::from_string("booking.scheduled") == static_cast<event_type>(2), "booking.scheduled moved to 2");
  for (std::size_t i = 0; i < wh::all_event_types.size(); ++i) {
    const event_type type = wh::all_event_types[i];
    auto result = parser.parse(delivery(wh::to_string(type), R"({"id":"X-1"})"));
    check(result.has_value() && result->type() == type && result->index() == i, "every type parses to its own");
  }
  auto unknown = parser.parse(delivery("booking.unheard_of", R"({"id":"X-1"})"));
  check(unknown.has_value() && !unknown->is_known() && unknown->index() == wh::event_type_count,
        "an unlisted type is still unknown");

  if (failures) { return 1; }
  std::printf("ok: %zu event types\n", wh::event_type_count);
  return 0;
}
