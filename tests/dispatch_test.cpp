// SPDX-License-Identifier: MIT
// dispatch.hpp and the variant side of event.hpp: std::visit on events, overload
// precedence, the exhaustive visit, the router, subscription sets, the outcome policy.
#include <gtest/gtest.h>

#include <algorithm>
#include <oncehub/webhooks.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/test_data.hpp"

namespace wh = oncehub::webhooks;

namespace {

std::string delivery(std::string_view type, std::string_view data = R"({"id":"X-1"})") {
  return std::string(R"({"id":"EVNT-D1","object":"event","creation_time":"2024-01-01T00:00:00Z","type":")") +
         std::string(type) + R"(","api_version":"v2","data":)" + std::string(data) + "}";
}

class Dispatch : public ::testing::Test {
 protected:
  const wh::event& parse(std::string_view type, std::string_view data = R"({"id":"X-1"})") {
    body_ = delivery(type, data);
    auto result = parser_.parse(body_);
    if (!result) { throw std::runtime_error(result.error().to_string()); }
    event_ = *result;
    return *event_;
  }
  wh::parser parser_;
  std::string body_;
  std::optional<wh::event> event_;
};

// ---- the event is a variant ---------------------------------------------------------

TEST_F(Dispatch, EveryEventTypeIsItsOwnAlternative) {
  for (std::size_t i = 0; i < wh::all_event_types.size(); ++i) {
    const wh::event& e = parse(wh::to_string(wh::all_event_types[i]));
    EXPECT_EQ(e.index(), i) << e.type_name();
  }
  const wh::event& unknown = parse("contact.created");
  EXPECT_EQ(unknown.index(), wh::event_type_count);
  EXPECT_TRUE(std::holds_alternative<wh::unknown_event>(unknown));
}

TEST_F(Dispatch, StdVisitWorksOnTheEventWithNoAdapter) {
  const wh::event& e = parse("booking.canceled", R"({"id":"BKNG-1","subject":"Refund me"})");
  const std::string seen = std::visit(
      wh::overloaded{
          [](const wh::typed_event<wh::booking_canceled>& c) { return "canceled:" + std::string(*c.data().subject); },
          [](const wh::booking_event auto&) { return std::string("booking"); },
          [](const wh::conversation_event auto&) { return std::string("conversation"); },
          [](const wh::unknown_event&) { return std::string("unknown"); },
      },
      e);
  EXPECT_EQ(seen, "canceled:Refund me");
  const auto* typed = std::get_if<wh::typed_event<wh::booking_canceled>>(&e.variant());
  ASSERT_NE(typed, nullptr);
  EXPECT_EQ(typed->data().id, "BKNG-1");
  EXPECT_EQ(typed->envelope().id, "EVNT-D1");
  static_assert(std::is_same_v<wh::typed_event<wh::booking_canceled>::data_type, wh::booking>);
  static_assert(std::is_same_v<wh::typed_event<wh::conversation_closed>::data_type, wh::conversation>);
  static_assert(wh::typed_event<wh::booking_no_show>::name == "booking.no_show");
}

TEST_F(Dispatch, TypedEventsLeadBackToTheirEvent) {
  const wh::event& e = parse("conversation.closed", R"({"id":"CVR-1"})");
  const auto& typed = std::get<wh::typed_event<wh::conversation_closed>>(e.variant());
  EXPECT_EQ(typed.event().type(), wh::event_type::conversation_closed);
  EXPECT_EQ(typed.data().id, "CVR-1");
  const wh::event& u = parse("contact.created", R"({"n":1})");
  const auto& unknown = std::get<wh::unknown_event>(u.variant());
  EXPECT_EQ(unknown.type_name(), "contact.created");
  EXPECT_EQ(unknown.data_json(), R"({"n":1})");
  EXPECT_EQ(unknown.event().type_name(), "contact.created");
}

// ---- overload precedence ------------------------------------------------------------

std::string classify(const wh::event& e) {
  return wh::visit(
      e, [](const wh::typed_event<wh::booking_canceled>&) { return std::string("specific"); },
      [](const wh::booking_event auto&) { return std::string("booking family"); },
      [](const wh::known_event auto&) { return std::string("known"); },
      [](const wh::any_event auto&) { return std::string("any"); });
}

TEST_F(Dispatch, TheMostSpecificHandlerWins) {
  EXPECT_EQ(classify(parse("booking.canceled")), "specific");
  EXPECT_EQ(classify(parse("booking.no_show")), "booking family");
  EXPECT_EQ(classify(parse("conversation.started")), "known");
  EXPECT_EQ(classify(parse("webinar.started")), "any");
}

TEST_F(Dispatch, AnUnconstrainedCatchAllLosesToConstrainedHandlers) {
  const auto name = [](const wh::event& e) {
    return wh::visit(
        e, [](const wh::conversation_event auto& c) { return std::string(c.name); },
        [](const auto&) { return std::string("other"); });
  };
  EXPECT_EQ(name(parse("conversation.abandoned")), "conversation.abandoned");
  EXPECT_EQ(name(parse("booking.completed")), "other");
  EXPECT_EQ(name(parse("x.y")), "other");
}

TEST_F(Dispatch, VisitPassesTheTypedPayload) {
  const wh::event& e = parse("booking.reassigned", R"({"owner":"USR-NEW"})");
  std::string owner;
  wh::visit(
      e, [&](const wh::typed_event<wh::booking_reassigned>& r) { owner = r.data().owner.id(); }, [](const auto&) {});
  EXPECT_EQ(owner, "USR-NEW");
}

// ---- subscription sets --------------------------------------------------------------

TEST(SubscriptionSet, CoversSpecificAndCompositeValues) {
  constexpr std::array<std::string_view, 3> values{"booking", "conversation.closed", "contact.updated"};
  constexpr auto set = wh::subscription_set::from(values);
  static_assert(set.covers(wh::event_type::booking_reassigned));
  static_assert(set.covers(wh::event_type::conversation_closed));
  static_assert(!set.covers(wh::event_type::conversation_started));
  static_assert(!set.covers(wh::event_type::unknown));
  static_assert(set.size() == 9);
  EXPECT_EQ(set.unknown_count(), 1u);
  ASSERT_EQ(set.unknown_values().size(), 1u);
  EXPECT_EQ(set.unknown_values()[0], "contact.updated");
  EXPECT_EQ(wh::subscription_set::all().size(), wh::event_type_count);
  EXPECT_TRUE(wh::subscription_set{}.empty());
  for (wh::event_type type : wh::all_event_types) {
    for (std::string_view value : {"booking", "conversation", "booking.canceled", "nope"}) {
      std::array<std::string_view, 1> one{value};
      EXPECT_EQ(wh::subscription_set::from(one).covers(type), wh::covers(value, type)) << value;
    }
  }
}

TEST(SubscriptionSet, KeepsAFewUnknownValuesAndCountsTheRest) {
  wh::subscription_set set;
  for (int i = 0; i < 20; ++i) { EXPECT_FALSE(set.add("custom")); }
  EXPECT_EQ(set.unknown_count(), 20u);
  EXPECT_EQ(set.unknown_values().size(), wh::subscription_set::max_unknown_values);
}

// ---- outcome policy -----------------------------------------------------------------

TEST(Outcome, MapsToTheDocumentedHttpStatuses) {
  static_assert(wh::http_status(wh::outcome::handled) == 200);
  static_assert(wh::http_status(wh::outcome::ignored) == 200);
  static_assert(wh::http_status(wh::outcome::unknown_event) == 200);
  static_assert(wh::http_status(wh::outcome::malformed) == 400);
  static_assert(wh::http_status(wh::outcome::unauthorized) == 401);
  static_assert(wh::http_status(wh::outcome::too_large) == 413);
  static_assert(wh::http_status(wh::outcome::handler_failed) == 500);
  static_assert(wh::outcome_of(wh::errc::too_large) == wh::outcome::too_large);
  static_assert(wh::outcome_of(wh::errc::malformed_json) == wh::outcome::malformed);
  static_assert(wh::outcome_of(wh::errc::missing_field) == wh::outcome::malformed);
  EXPECT_EQ(wh::to_string(wh::outcome::handler_failed), "handler_failed");
}

// ---- router -------------------------------------------------------------------------

TEST_F(Dispatch, RouterRunsSpecificThenFamilyThenAnyInRegistrationOrder) {
  std::vector<std::string> calls;
  wh::router router;
  router.on_any([&](const wh::event&) { calls.push_back("any"); })
      .on<wh::booking_family>(
          [&](const wh::booking_event auto& e) { calls.push_back("family:" + std::string(e.name)); })
      .on<wh::booking_canceled>([&](const auto&) { calls.push_back("specific 1"); })
      .on<wh::booking_canceled>([&](const auto&) { calls.push_back("specific 2"); })
      .on<wh::conversation_family>([&](const auto&) { calls.push_back("conversation"); });
  const wh::dispatch_result result = router.dispatch(parse("booking.canceled"));
  EXPECT_EQ(calls, (std::vector<std::string>{"specific 1", "specific 2", "family:booking.canceled", "any"}));
  EXPECT_EQ(result.outcome, wh::outcome::handled);
  EXPECT_EQ(result.handlers_run, 4u);
  EXPECT_EQ(result.handlers_failed, 0u);
  EXPECT_EQ(result.handler, "booking.canceled");
  EXPECT_EQ(result.http_status(), 200);
  EXPECT_TRUE(result);

  calls.clear();
  router.dispatch(parse("booking.completed"));
  EXPECT_EQ(calls, (std::vector<std::string>{"family:booking.completed", "any"}));
}

TEST_F(Dispatch, RouterHandsTypedPayloadsToHandlers) {
  wh::router router;
  std::string subject;
  std::string conversation;
  router
      .on<wh::booking_scheduled>([&](const wh::typed_event<wh::booking_scheduled>& e) { subject = *e.data().subject; })
      .on<wh::conversation_family>([&](const wh::conversation_event auto& e) { conversation = *e.data().id; });
  router.dispatch(parse("booking.scheduled", R"({"subject":"Intro"})"));
  router.dispatch(parse("conversation.reached_out", R"({"id":"CVR-7"})"));
  EXPECT_EQ(subject, "Intro");
  EXPECT_EQ(conversation, "CVR-7");
}

TEST_F(Dispatch, KnownEventsWithoutHandlersAreIgnoredAndUnknownOnesAcknowledged) {
  wh::router router;
  router.on<wh::booking_canceled>([](const auto&) {});
  EXPECT_EQ(router.dispatch(parse("booking.completed")).outcome, wh::outcome::ignored);
  const wh::dispatch_result unknown = router.dispatch(parse("booking.deleted"));
  EXPECT_EQ(unknown.outcome, wh::outcome::unknown_event);
  EXPECT_EQ(unknown.http_status(), 200);

  std::string seen;
  router.on_unknown([&](const wh::unknown_event& e) { seen = e.type_name(); });
  const wh::dispatch_result handled = router.dispatch(parse("booking.deleted"));
  EXPECT_EQ(handled.outcome, wh::outcome::handled);
  EXPECT_EQ(handled.handler, "unknown");
  EXPECT_EQ(seen, "booking.deleted");
}

TEST_F(Dispatch, AFailedHandlerFailsTheDeliveryButTheOthersStillRun) {
  std::vector<std::string> errors;
  int later = 0;
  wh::router router;
  router.on<wh::booking_no_show>([](const auto&) { throw std::runtime_error("database down"); }, "crm-sync")
      .on<wh::booking_no_show>([](const auto&) { return false; }, "mailer")
      .on<wh::booking_family>([&](const auto&) { ++later; })
      .on_error([&](const wh::dispatch_error& failure) {
        std::string what = std::string(failure.handler);
        if (failure.exception) {
          try {
            std::rethrow_exception(failure.exception);
          } catch (const std::exception& ex) { what += ": " + std::string(ex.what()); }
        }
        ASSERT_NE(failure.event, nullptr);
        EXPECT_EQ(failure.event->type(), wh::event_type::booking_no_show);
        errors.push_back(what);
      });
  const wh::dispatch_result result = router.dispatch(parse("booking.no_show"));
  EXPECT_EQ(result.outcome, wh::outcome::handler_failed);
  EXPECT_EQ(result.http_status(), 500);
  EXPECT_FALSE(result);
  EXPECT_EQ(result.handlers_run, 3u);
  EXPECT_EQ(result.handlers_failed, 2u);
  EXPECT_EQ(result.handler, "crm-sync");
  EXPECT_EQ(later, 1);
  EXPECT_EQ(errors, (std::vector<std::string>{"crm-sync: database down", "mailer"}));
}

TEST_F(Dispatch, AThrowingErrorObserverIsContained) {
  wh::router router;
  router.on<wh::booking_completed>([](const auto&) { return false; }).on_error([](const wh::dispatch_error&) {
    throw std::runtime_error("observer");
  });
  EXPECT_EQ(router.dispatch(parse("booking.completed")).outcome, wh::outcome::handler_failed);
}

TEST_F(Dispatch, RejectedDeliveriesMapToTheirStatusAndReachOnError) {
  std::vector<wh::errc> codes;
  wh::router router;
  router.on_error([&](const wh::dispatch_error& failure) {
    ASSERT_NE(failure.error, nullptr);
    EXPECT_EQ(failure.event, nullptr);
    codes.push_back(failure.error->code());
  });
  wh::parser_options small;
  small.max_body_size = 16;
  wh::parser limited(small);
  EXPECT_EQ(router.dispatch(parser_.parse("{")).http_status(), 400);
  EXPECT_EQ(router.dispatch(limited.parse(delivery("booking.canceled"))).http_status(), 413);
  EXPECT_EQ(codes, (std::vector<wh::errc>{wh::errc::malformed_json, wh::errc::too_large}));
}

TEST_F(Dispatch, TheSubscriptionFilterIgnoresUnsubscribedTypes) {
  int handled = 0;
  int unknown = 0;
  constexpr std::array<std::string_view, 1> subscribed{"conversation"};
  wh::router router;
  router.filter(wh::subscription_set::from(subscribed))
      .on_any([&](const wh::event&) { ++handled; })
      .on_unknown([&](const wh::unknown_event&) { ++unknown; });
  EXPECT_EQ(router.dispatch(parse("booking.canceled")).outcome, wh::outcome::ignored);
  EXPECT_EQ(router.dispatch(parse("conversation.closed")).outcome, wh::outcome::handled);
  EXPECT_EQ(router.dispatch(parse("contact.created")).outcome, wh::outcome::handled);
  EXPECT_EQ(handled, 2);  // the conversation and the unknown event
  EXPECT_EQ(unknown, 1);
}

TEST_F(Dispatch, TheSubscriptionFilterKeepsNoViewOfTheCallersStrings) {
  // A subscription set views the strings it was built from (its unknown values); the
  // router keeps only the covered types, so those strings may die right after filter().
  wh::router router;
  int handled = 0;
  {
    std::vector<std::string> subscribed{"booking.canceled", std::string(64, 'x') + ".future", "conversation.closed"};
    const wh::subscription_set set = wh::subscription_set::from(subscribed);
    ASSERT_EQ(set.unknown_count(), 1u);
    router.filter(set).on_any([&](const wh::event&) { ++handled; });
    for (std::string& value : subscribed) { std::fill(value.begin(), value.end(), '?'); }
  }  // the strings are gone; under ASan any read of them would be reported
  for (wh::event_type type : wh::all_event_types) {
    const wh::dispatch_result r = router.dispatch(parse(wh::to_string(type)));
    const bool subscribed = type == wh::event_type::booking_canceled || type == wh::event_type::conversation_closed;
    EXPECT_EQ(r.outcome, subscribed ? wh::outcome::handled : wh::outcome::ignored) << wh::to_string(type);
  }
  EXPECT_EQ(handled, 2);
}

TEST_F(Dispatch, GenericHandlersWorkWithTheRouterToo) {
  std::vector<std::string> names;
  wh::router router;
  router.on<wh::booking_family>([&](const auto& e) { names.emplace_back(e.name); })
      .on<wh::conversation_closed>([&](const auto& e) { names.emplace_back(e.envelope().id); });
  for (wh::event_type type : wh::all_event_types) { router.dispatch(parse(wh::to_string(type))); }
  EXPECT_EQ(names.size(), 9u);  // 8 booking types and conversation.closed
  EXPECT_EQ(names.back(), "EVNT-D1");
}

}  // namespace
