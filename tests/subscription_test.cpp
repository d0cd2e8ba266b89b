// SPDX-License-Identifier: MIT
// Unit tests for include/oncehub/webhooks/webhooks_api.hpp: request validation and
// serialisation, the API calls, the status mapping, and api_parser on our fixtures
// (tests/data/api) and on OnceHub's published examples (../shared/oncehub/payloads/api).
#include "oncehub/webhooks/webhooks_api.hpp"

#include "oncehub/webhooks/parser.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "support/rfc8259.hpp"
#include "support/test_data.hpp"

namespace {

namespace fs = std::filesystem;
namespace wh = oncehub::webhooks;
using wh::errc;
using namespace std::chrono;

std::string api_fixture(std::string_view name) {
  const fs::path path = test_data::data_dir() / "api" / std::string(name);
  EXPECT_TRUE(fs::exists(path)) << path;
  return test_data::read_file(path);
}

wh::webhook_create_request valid_request() {
  return {"CRM sync", "https://hooks.example.com/oncehub", {"booking", "conversation.closed"}};
}

/// The error of a result that must have failed.
template <class Result>
wh::error failure_of(const Result& r) {
  EXPECT_FALSE(r.has_value());
  return r.has_value() ? wh::error(errc::internal_error) : r.error();
}

sys_time<milliseconds> utc(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms) {
  return sys_days{year{y} / mo / d} + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms};
}

// ---- names ------------------------------------------------------------------------------

TEST(WebhookName, AcceptsNamesWithALetterOrDigit) {
  for (std::string_view name : {"New bookings", "a", "7", "  x  ", "Réservations", "予約", "CRM-sync_2 (prod)"}) {
    EXPECT_TRUE(wh::validate_webhook_name(name)) << name;
  }
}

TEST(WebhookName, RefusesAnEmptyName) {
  const wh::error e = failure_of(wh::validate_webhook_name(""));
  EXPECT_EQ(e.code(), errc::invalid_value);
  EXPECT_EQ(e.path(), "name");
  EXPECT_EQ(e.message(), "the name is empty");
}

TEST(WebhookName, RefusesANameWithoutLetterOrDigit) {
  for (std::string_view name : {" ", "---", "!?", "   \t"}) {
    const wh::error e = failure_of(wh::validate_webhook_name(name));
    EXPECT_EQ(e.path(), "name") << name;
    if (name.find('\t') == std::string_view::npos) {
      EXPECT_EQ(e.message(), "the name \"" + std::string(name) + "\" has no letter or digit");
    }
  }
}

TEST(WebhookName, RefusesControlCharactersAndInvalidUtf8) {
  EXPECT_EQ(failure_of(wh::validate_webhook_name("New\nbookings")).message(),
            "the name contains a control character at byte 3");
  EXPECT_EQ(failure_of(wh::validate_webhook_name("caf\xC3")).message(), "the name is not valid UTF-8");
}

// ---- URLs -------------------------------------------------------------------------------

TEST(WebhookUrl, AcceptsAbsoluteHttpsUrls) {
  for (std::string_view url :
       {"https://example.com", "https://example.com/", "https://hooks.example.com/oncehub?team=sales&x=1",
        "https://example.com:8443/a/b", "HTTPS://Example.com/x", "https://user:pw@example.com/x",
        "https://[2001:db8::1]:443/x", "https://xn--bcher-kva.example/x", "https://bücher.example/x",
        "https://my_host.example.com/%7Euser"}) {
    EXPECT_TRUE(wh::validate_webhook_url(url)) << url << ": " << failure_of(wh::validate_webhook_url(url)).message();
  }
}

struct url_case {
  std::string_view url;
  std::string_view message;
};

TEST(WebhookUrl, RefusesWithTheReason) {
  const url_case cases[] = {
      {"", "the URL is empty"},
      {"http://example.com/hooks",
       "the URL \"http://example.com/hooks\" uses http://: OnceHub delivers only to https:// URLs"},
      {"HTTP://example.com", "the URL \"HTTP://example.com\" uses http://: OnceHub delivers only to https:// URLs"},
      {"/oncehub/hooks",
       "the URL \"/oncehub/hooks\" is relative: give an absolute https:// URL, e.g. https://example.com/webhooks"},
      {"hooks", "the URL \"hooks\" is relative: give an absolute https:// URL, e.g. https://example.com/webhooks"},
      {"example.com/hooks", "the URL \"example.com/hooks\" has no scheme: write https://example.com/hooks"},
      {"example.com:8443/x", "the URL \"example.com:8443/x\" has no scheme: write https://example.com:8443/x"},
      {"//example.com/x", "the URL \"//example.com/x\" has no scheme: start it with https:"},
      {"ftp://example.com", "the URL scheme \"ftp\" is not https: OnceHub delivers only to https:// URLs"},
      {"https:example.com", "the URL \"https:example.com\" lacks // after https: (write https://host/path)"},
      {"https://", "the URL \"https://\" has no host"},
      {"https:///hooks", "the URL \"https:///hooks\" has no host"},
      {"https://:8443/hooks", "the URL \"https://:8443/hooks\" has no host"},
      {"https://user@/x", "the URL \"https://user@/x\" has no host"},
      {"https://example.com/my hooks", "the URL contains a space at byte 22 (write it as %20)"},
      {" https://example.com", "the URL contains a space at byte 0 (write it as %20)"},
      {"https://example.com/\t", "the URL contains a control character at byte 20"},
      {"https://example.com/\xFF", "the URL is not valid UTF-8"},
      {"https://example.com/<x>", "the URL contains '<' at byte 20, which must be percent-encoded"},
      {"https://example.com\\x", "the URL contains '\\' at byte 19, which must be percent-encoded"},
      {"https://example.com/a#top", "the URL has a fragment (#top), which is never sent to the server"},
      {"https://example.com:/x", "the URL's port is empty (drop the ':' or give a number)"},
      {"https://example.com:https/x", "the URL's port \"https\" is not a number"},
      {"https://example.com:0/x", "the URL's port 0 is not in 1..65535"},
      {"https://example.com:65536", "the URL's port 65536 is not in 1..65535"},
      {"https://exa!mple.com", "the URL's host \"exa!mple.com\" contains '!'"},
      {"https://example..com", "the URL's host \"example..com\" has an empty label"},
      {"https://[::1/x", "the URL's IPv6 host lacks its closing ]"},
      {"https://[::1]x/", "the URL has \"x\" after its IPv6 host"},
  };
  for (const url_case& c : cases) {
    const wh::error e = failure_of(wh::validate_webhook_url(c.url));
    EXPECT_EQ(e.code(), errc::invalid_value) << c.url;
    EXPECT_EQ(e.path(), "url") << c.url;
    EXPECT_EQ(e.message(), c.message) << c.url;
  }
}

// ---- events -------------------------------------------------------------------------------

TEST(WebhookEvents, AcceptsEverySpecificAndCompositeValue) {
  std::vector<std::string> all;
  for (wh::event_type type : wh::all_event_types) { all.emplace_back(wh::to_string(type)); }
  for (wh::event_family family : wh::all_event_families) { all.emplace_back(wh::to_string(family)); }
  EXPECT_TRUE(wh::validate_webhook_events(all));
  for (const std::string& one : all) { EXPECT_TRUE(wh::validate_webhook_events(std::vector{one})) << one; }
}

TEST(WebhookEvents, RefusesAnEmptyList) {
  const wh::error e = failure_of(wh::validate_webhook_events({}));
  EXPECT_EQ(e.code(), errc::invalid_value);
  EXPECT_EQ(e.path(), "events");
  EXPECT_EQ(e.message(), "no events: subscribe to at least one, e.g. booking or conversation.closed");
}

TEST(WebhookEvents, RefusesUnknownValues) {
  const std::vector<std::string> events{"booking", "contact.created"};
  const wh::error e = failure_of(wh::validate_webhook_events(events));
  EXPECT_EQ(e.code(), errc::unknown_event_type);
  EXPECT_EQ(e.path(), "events[1]");
  EXPECT_EQ(e.message(),
            "unknown event \"contact.created\": not an event type such as booking.canceled, nor booking or "
            "conversation");
}

TEST(WebhookEvents, SuggestsTheValueANearMissMeant) {
  const std::pair<std::string, std::string_view> cases[] = {
      {"booking.cancelled", "booking.canceled"},
      {"Booking.Canceled", "booking.canceled"},
      {"booking_no_show", "booking.no_show"},
      {"booking.no-show", "booking.no_show"},
      {"bookings", "booking"},
      {"CONVERSATION", "conversation"},
      {"conversation.reached-out", "conversation.reached_out"},
  };
  for (const auto& [value, meant] : cases) {
    const wh::error e = failure_of(wh::validate_webhook_events(std::vector{value}));
    EXPECT_EQ(e.code(), errc::unknown_event_type) << value;
    EXPECT_EQ(e.message(), "unknown event \"" + value + "\" (did you mean \"" + std::string(meant) + "\"?)");
  }
}

TEST(WebhookEvents, AllowsUnknownValuesWhenAsked) {
  const std::vector<std::string> events{"booking", "contact.created"};
  EXPECT_TRUE(wh::validate_webhook_events(events, true));
  // Still not empty, blank or duplicated.
  EXPECT_EQ(failure_of(wh::validate_webhook_events(std::vector<std::string>{"x y"}, true)).message(),
            "events[0] \"x y\" contains a space or control character");
  EXPECT_EQ(failure_of(wh::validate_webhook_events(std::vector<std::string>{"a.b", ""}, true)).path(), "events[1]");
  EXPECT_EQ(failure_of(wh::validate_webhook_events(std::vector<std::string>{"a.b", "a.b"}, true)).code(),
            errc::invalid_value);
}

TEST(WebhookEvents, RefusesDuplicates) {
  const std::vector<std::string> events{"booking", "conversation.closed", "booking"};
  const wh::error e = failure_of(wh::validate_webhook_events(events));
  EXPECT_EQ(e.code(), errc::invalid_value);
  EXPECT_EQ(e.path(), "events[2]");
  EXPECT_EQ(e.message(), "event \"booking\" is listed twice (events[0] and events[2])");
}

TEST(WebhookEvents, RefusesEmptyValues) {
  const std::vector<std::string> events{"booking", ""};
  const wh::error e = failure_of(wh::validate_webhook_events(events));
  EXPECT_EQ(e.path(), "events[1]");
  EXPECT_EQ(e.message(), "events[1] is empty");
}

// ---- the create request -----------------------------------------------------------------

TEST(WebhookCreateRequest, ValidRequestPasses) { EXPECT_TRUE(valid_request().validate()); }

TEST(WebhookCreateRequest, ChecksNameThenUrlThenEvents) {
  wh::webhook_create_request request{"", "http://x", {}};
  EXPECT_EQ(failure_of(request.validate()).path(), "name");
  request.name = "ok";
  EXPECT_EQ(failure_of(request.validate()).path(), "url");
  request.url = "https://x";
  EXPECT_EQ(failure_of(request.validate()).path(), "events");
  request.events = {"booking.canceld"};
  EXPECT_EQ(failure_of(request.validate()).code(), errc::unknown_event_type);
  request.allow_unknown_events = true;
  EXPECT_TRUE(request.validate());
}

TEST(WebhookCreateRequest, ToJsonIsExactlyTheApiBody) {
  EXPECT_EQ(valid_request().to_json(), R"({"name":"CRM sync","url":"https://hooks.example.com/oncehub",)"
                                       R"("events":["booking","conversation.closed"]})");
}

TEST(WebhookCreateRequest, ToJsonEscapes) {
  const wh::webhook_create_request request{"Say \"hi\" \\ back\n\ttab \x01 café",
                                           "https://example.com/?a=\"b\"",
                                           {"booking", "x\"y"},
                                           true};
  EXPECT_EQ(request.to_json(),
            "{\"name\":\"Say \\\"hi\\\" \\\\ back\\n\\ttab \\u0001 caf\xC3\xA9\","
            "\"url\":\"https://example.com/?a=\\\"b\\\"\",\"events\":[\"booking\",\"x\\\"y\"]}");
}

TEST(WebhookCreateRequest, RoundTripsThroughTheParser) {
  const wh::webhook_create_request request{"Ünïcode \"quoted\" \\ name",
                                           "https://example.com/a?b=c&d=%20",
                                           {"booking.canceled", "conversation", "conversation.reached_out"}};
  ASSERT_TRUE(request.validate());
  const std::string body = request.to_json();

  // Independently: a DOM parse sees exactly the three members, in the API's order.
  simdjson::dom::parser dom;
  simdjson::dom::object object;
  ASSERT_EQ(dom.parse(body).get(object), simdjson::SUCCESS);
  std::vector<std::string_view> keys;
  for (auto [key, value] : object) { keys.push_back(key); }
  EXPECT_EQ(keys, (std::vector<std::string_view>{"name", "url", "events"}));

  // Through our parser: a webhook view of the body gives back every value.
  wh::api_parser api;
  auto hook = api.parse_webhook(200, body);
  ASSERT_TRUE(hook) << hook.error().to_string();
  EXPECT_EQ(hook->name, std::string_view(request.name));
  EXPECT_EQ(hook->url, std::string_view(request.url));
  ASSERT_TRUE(hook->events);
  ASSERT_EQ(hook->events->size(), request.events.size());
  for (std::size_t i = 0; i < request.events.size(); ++i) { EXPECT_EQ((*hook->events)[i].name(), request.events[i]); }
  EXPECT_TRUE(hook->id.is_absent());
}

// ---- calls --------------------------------------------------------------------------------

TEST(ApiCall, CreateIsAPostOfTheJsonBody) {
  auto call = wh::create_webhook_call(valid_request());
  ASSERT_TRUE(call);
  EXPECT_EQ(call->method, "POST");
  EXPECT_EQ(call->target, "/webhooks");
  EXPECT_EQ(call->body, valid_request().to_json());
  EXPECT_EQ(call->url(), "https://api.oncehub.com/v2/webhooks");
  EXPECT_EQ(call->url("http://127.0.0.1:8080/v2/"), "http://127.0.0.1:8080/v2/webhooks");
}

TEST(ApiCall, CreateRefusesWhatValidationRefuses) {
  wh::webhook_create_request request = valid_request();
  request.url = "http://hooks.example.com";
  const wh::error e = failure_of(wh::create_webhook_call(request));
  EXPECT_EQ(e.path(), "url");
}

TEST(ApiCall, ListCarriesThePaginationQuery) {
  EXPECT_EQ(wh::list_webhooks_call()->target, "/webhooks");
  wh::webhook_list_params params;
  params.limit = 20;
  params.after = "WHK-7JD9LBVZTQ";
  auto call = wh::list_webhooks_call(params);
  ASSERT_TRUE(call);
  EXPECT_EQ(call->method, "GET");
  EXPECT_EQ(call->target, "/webhooks?limit=20&after=WHK-7JD9LBVZTQ");
  EXPECT_TRUE(call->body.empty());
  params = {};
  params.before = "whk_1/2&x=y";
  EXPECT_EQ(wh::list_webhooks_call(params)->target, "/webhooks?before=whk_1%2F2%26x%3Dy");
  params.limit = 1;
  EXPECT_EQ(wh::list_webhooks_call(params)->target, "/webhooks?limit=1&before=whk_1%2F2%26x%3Dy");
  params.limit = 100;
  EXPECT_TRUE(wh::list_webhooks_call(params));
}

TEST(ApiCall, ListRefusesALimitOutside1To100) {
  for (std::int64_t limit : {0, 101, -1, 500}) {
    wh::webhook_list_params params;
    params.limit = limit;
    const wh::error e = failure_of(wh::list_webhooks_call(params));
    EXPECT_EQ(e.code(), errc::invalid_value);
    EXPECT_EQ(e.path(), "limit");
    EXPECT_EQ(e.message(), "the limit must be between 1 and 100, got " + std::to_string(limit));
  }
  wh::webhook_list_params params;
  params.limit = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(failure_of(params.validate()).message(), "the limit must be between 1 and 100, got -9223372036854775808");
}

TEST(ApiCall, ListRefusesBeforeWithAfterAndEmptyCursors) {
  wh::webhook_list_params params;
  params.before = "WHK-1";
  params.after = "WHK-2";
  EXPECT_EQ(failure_of(params.validate()).message(), "before and after cannot be combined: page with one of them");
  params.before.reset();
  params.after = "";
  const wh::error e = failure_of(params.validate());
  EXPECT_EQ(e.path(), "after");
  EXPECT_EQ(e.message(), "the after cursor is empty");
}

TEST(ApiCall, RetrieveAndDeleteEncodeTheId) {
  auto get = wh::retrieve_webhook_call("WHK-7JD9LBVZTQ");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->method, "GET");
  EXPECT_EQ(get->target, "/webhooks/WHK-7JD9LBVZTQ");
  auto del = wh::delete_webhook_call("whk_164xRv2eZvKYlo2CZxJZWm1E");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->method, "DELETE");
  EXPECT_EQ(del->target, "/webhooks/whk_164xRv2eZvKYlo2CZxJZWm1E");
  EXPECT_TRUE(del->body.empty());
  // Nothing in an ID can change the path or add a query.
  EXPECT_EQ(wh::delete_webhook_call("../x?y#z%")->target, "/webhooks/..%2Fx%3Fy%23z%25");
  EXPECT_EQ(wh::retrieve_webhook_call("caf\xC3\xA9")->target, "/webhooks/caf%C3%A9");
}

TEST(ApiCall, RetrieveAndDeleteRefuseIdsThatAreNotIds) {
  for (std::string_view id : {"", ".", ".."}) {
    const wh::error e = failure_of(wh::delete_webhook_call(id));
    EXPECT_EQ(e.path(), "id") << id;
  }
  EXPECT_EQ(failure_of(wh::retrieve_webhook_call("")).message(), "the webhook id is empty");
  EXPECT_EQ(failure_of(wh::retrieve_webhook_call("WHK 1")).message(),
            "the webhook id contains a space or control character at byte 3");
}

// ---- status mapping -----------------------------------------------------------------------

TEST(ErrcOfHttpStatus, MapsEachDocumentedStatus) {
  using T = wh::api_error_type;
  EXPECT_EQ(wh::errc_of_http_status(400), errc::api_invalid_request);
  EXPECT_EQ(wh::errc_of_http_status(401), errc::api_authentication_failed);
  EXPECT_EQ(wh::errc_of_http_status(402), errc::api_permission_denied);
  EXPECT_EQ(wh::errc_of_http_status(403), errc::api_permission_denied);
  EXPECT_EQ(wh::errc_of_http_status(404), errc::api_not_found);
  EXPECT_EQ(wh::errc_of_http_status(409), errc::api_conflict);
  EXPECT_EQ(wh::errc_of_http_status(422), errc::api_invalid_request);
  EXPECT_EQ(wh::errc_of_http_status(429), errc::api_rate_limited);
  EXPECT_EQ(wh::errc_of_http_status(500), errc::api_server_error);
  EXPECT_EQ(wh::errc_of_http_status(503), errc::api_server_error);
  // The status decides; the type only refines statuses the docs do not list.
  EXPECT_EQ(wh::errc_of_http_status(404, T::authentication_error), errc::api_not_found);
  EXPECT_EQ(wh::errc_of_http_status(418), errc::api_invalid_request);
  EXPECT_EQ(wh::errc_of_http_status(418, T::authentication_error), errc::api_authentication_failed);
  EXPECT_EQ(wh::errc_of_http_status(418, T::rate_limit_error), errc::api_rate_limited);
  EXPECT_EQ(wh::errc_of_http_status(418, T::api_error), errc::api_server_error);
  EXPECT_EQ(wh::errc_of_http_status(301), errc::api_unexpected_status);
  EXPECT_EQ(wh::errc_of_http_status(200), errc::api_unexpected_status);
  EXPECT_EQ(wh::errc_of_http_status(0), errc::api_unexpected_status);
  static_assert(wh::errc_of_http_status(409) == errc::api_conflict);
}

// ---- api_parser: our fixtures -----------------------------------------------------------

TEST(ApiParser, DecodesTheCreationAnswer) {
  wh::api_parser api;
  auto hook = api.parse_webhook(200, api_fixture("webhook-created.json"));
  ASSERT_TRUE(hook) << hook.error().to_string();
  EXPECT_EQ(hook->object, "webhook");
  EXPECT_EQ(hook->id, "WHK-TEST4C1ZQ8");
  EXPECT_EQ(hook->api_version, "v2");
  EXPECT_EQ(hook->name, "CRM sync \"prod\"");  // unescaped
  EXPECT_EQ(hook->url, "https://hooks.example.com/oncehub?team=sales");
  ASSERT_TRUE(hook->events);
  ASSERT_EQ(hook->events->size(), 2u);
  const wh::subscribed_event& composite = (*hook->events)[0];
  EXPECT_EQ(composite.name(), "booking");
  EXPECT_EQ(composite.kind(), wh::subscribed_event_kind::composite);
  EXPECT_EQ(composite.family(), wh::event_family::booking);
  EXPECT_EQ(composite.type(), std::nullopt);
  EXPECT_TRUE(composite.covers(wh::event_type::booking_no_show));
  const wh::subscribed_event& specific = (*hook->events)[1];
  EXPECT_EQ(specific.kind(), wh::subscribed_event_kind::specific);
  EXPECT_EQ(specific.type(), wh::event_type::conversation_closed);
  EXPECT_EQ(specific.family(), wh::event_family::conversation);
  ASSERT_TRUE(hook->creation_time);
  EXPECT_EQ(hook->creation_time->time, utc(2025, 6, 1, 9, 30, 0, 125));
  EXPECT_EQ(hook->creation_time->text, "2025-06-01T09:30:00.125Z");
  EXPECT_EQ(hook->secret, "0f1e2d3c4b5a69788796a5b4c3d2e1f0");

  const wh::subscription_set set = hook->subscriptions();
  EXPECT_TRUE(set.covers(wh::event_type::booking_reassigned));
  EXPECT_TRUE(set.covers(wh::event_type::conversation_closed));
  EXPECT_FALSE(set.covers(wh::event_type::conversation_started));
}

TEST(ApiParser, DecodesTheRetrieveAnswerWithoutSecret) {
  wh::api_parser api;
  auto hook = api.parse_webhook(200, api_fixture("webhook.json"));
  ASSERT_TRUE(hook) << hook.error().to_string();
  EXPECT_EQ(hook->id, "WHK-TEST4C1ZQ8");
  EXPECT_TRUE(hook->secret.is_absent());
}

TEST(ApiParser, DecodesAListPage) {
  wh::api_parser api;
  auto page = api.parse_webhook_list(200, api_fixture("webhook-list-page.json"));
  ASSERT_TRUE(page) << page.error().to_string();
  EXPECT_EQ(page->object, "list");
  EXPECT_EQ(page->has_more, true);
  ASSERT_TRUE(page->data);
  ASSERT_EQ(page->data->size(), 2u);
  const wh::webhook& first = (*page->data)[0];
  const wh::webhook& second = (*page->data)[1];
  EXPECT_EQ(first.id, "WHK-TEST00000B");
  EXPECT_EQ(first.name, "Cancellations");
  ASSERT_EQ(first.events->size(), 2u);
  EXPECT_EQ((*first.events)[1], "booking.no_show");
  EXPECT_EQ(second.id, "WHK-TEST00000A");
  ASSERT_EQ(second.events->size(), 2u);  // each webhook keeps its own events
  EXPECT_EQ((*second.events)[0].kind(), wh::subscribed_event_kind::composite);
  EXPECT_EQ((*second.events)[1].name(), "contact.created");
  EXPECT_FALSE((*second.events)[1].is_known());
  EXPECT_EQ(second.subscriptions().unknown_count(), 1u);
  EXPECT_EQ(second.creation_time->time, utc(2025, 6, 1, 6, 0, 0, 500));  // +02:00 applied

  // The next page continues after the last webhook, with the same limit.
  wh::webhook_list_params current;
  current.limit = 2;
  auto next = wh::next_page(*page, current);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->limit, 2);
  EXPECT_EQ(next->after, "WHK-TEST00000A");
  EXPECT_FALSE(next->before);
  current = {};
  current.before = "WHK-X";
  next = wh::next_page(*page, current);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->before, "WHK-TEST00000B");
  EXPECT_FALSE(next->after);

  auto empty = api.parse_webhook_list(200, api_fixture("webhook-list-empty.json"));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->data->empty());
  EXPECT_EQ(empty->has_more, false);
  EXPECT_FALSE(wh::next_page(*empty));
}

TEST(ApiParser, DecodesTheDeleteAnswer) {
  wh::api_parser api;
  auto deleted = api.parse_deleted_webhook(200, api_fixture("webhook-deleted.json"));
  ASSERT_TRUE(deleted) << deleted.error().to_string();
  EXPECT_EQ(deleted->id, "WHK-TEST4C1ZQ8");
  EXPECT_EQ(deleted->deleted, true);
  EXPECT_TRUE(deleted->object.is_absent());
}

struct error_fixture {
  std::string_view file;
  int status;
  errc code;
  wh::api_error_type type;
  std::string_view message;
  std::string_view param;  // empty: absent
};

TEST(ApiParser, FailedCallsGiveATypedError) {
  const error_fixture cases[] = {
      {"error-400-limit.json", 400, errc::api_invalid_request, wh::api_error_type::invalid_request_error,
       "Out of range value: 500. Please provide a number between 1 and 100.", "limit"},
      {"error-401.json", 401, errc::api_authentication_failed, wh::api_error_type::authentication_error,
       "Invalid API key.", ""},
      {"error-404.json", 404, errc::api_not_found, wh::api_error_type::invalid_request_error,
       "No such webhook: 'WHK-NOSUCH0000'", "id"},
      {"error-409.json", 409, errc::api_conflict, wh::api_error_type::invalid_request_error,
       "A webhook subscription with this name already exists: 'CRM sync'", "name"},
      {"error-429.json", 429, errc::api_rate_limited, wh::api_error_type::rate_limit_error,
       "Request rate limit exceeded", ""},
  };
  wh::api_parser api;
  for (const error_fixture& c : cases) {
    const std::string body = api_fixture(c.file);
    const wh::api_error e = api.parse_error(c.status, body);
    EXPECT_EQ(e.http_status, c.status);
    EXPECT_EQ(e.code, c.code) << c.file;
    EXPECT_EQ(e.type, c.type) << c.file;
    EXPECT_EQ(e.type_name(), wh::enum_name(c.type));
    EXPECT_EQ(e.message, c.message);
    EXPECT_EQ(e.param.is_absent(), c.param.empty());
    if (!c.param.empty()) { EXPECT_EQ(e.param, c.param); }
    EXPECT_EQ(e.body, body);

    // Every parse_* turns the status into the same error: code, param as path, message.
    for (const wh::error& failed :
         {failure_of(api.parse_webhook(c.status, body)), failure_of(api.parse_webhook_list(c.status, body)),
          failure_of(api.parse_deleted_webhook(c.status, body))}) {
      EXPECT_EQ(failed.code(), c.code) << c.file;
      EXPECT_EQ(failed.path(), c.param);
      EXPECT_EQ(failed.message(), c.message);
    }
  }
}

TEST(ApiParser, ErrorsWithoutAnErrorObjectStillHaveTheirStatus) {
  wh::api_parser api;
  for (std::string_view body : {"", "<html><body>502 Bad Gateway</body></html>", "[1,2]", "{\"type\":7}", "{"}) {
    const wh::api_error e = api.parse_error(502, body);
    EXPECT_EQ(e.code, errc::api_server_error) << body;
    EXPECT_TRUE(e.type.is_absent()) << body;
    EXPECT_TRUE(e.message.is_absent()) << body;
    EXPECT_EQ(e.type_name(), "api_server_error");
    EXPECT_EQ(e.body, body);
    const wh::error as_error = e.to_error();
    EXPECT_EQ(as_error.message(), "HTTP 502: the API failed on its side");
    EXPECT_EQ(as_error.path(), "");
  }
}

TEST(ApiParser, ErrorTypesStayOpen) {
  wh::api_parser api;
  const wh::api_error e = api.parse_error(418, R"({"type":"teapot_error","message":"short and stout"})");
  EXPECT_EQ(e.code, errc::api_invalid_request);
  ASSERT_TRUE(e.type);
  EXPECT_EQ(e.type->value(), wh::api_error_type::unknown);
  EXPECT_EQ(e.type_name(), "teapot_error");
  const wh::api_error wrapped = api.parse_error(
      400, R"({"error":{"type":"invalid_request_error","message":"Received both before and after parameters."}})");
  EXPECT_EQ(wrapped.type, wh::api_error_type::invalid_request_error);
  EXPECT_EQ(wrapped.message, "Received both before and after parameters.");
}

// ---- api_parser: what it refuses ----------------------------------------------------------

struct refused_case {
  std::string_view body;
  errc code;
  std::string_view path;
};

// Issue 12, item 5: grammatical JSON no C++ type holds, in members the client does not
// read, is not a reason to refuse an answer.
TEST(ApiParser, AcceptsUnrepresentableValuesItDoesNotRead) {
  wh::api_parser api;
  for (const char* value : {"100000000000000000000", "1e400", "-1E+999", R"("\ud800")", R"({"\udc00":[1e400]})"}) {
    const std::string body = std::string(R"({"id":"W","x_extra":)") + value + R"(,"\ud800":1,"name":"n"})";
    auto webhook = api.parse_webhook(200, body);
    EXPECT_TRUE(webhook) << value;
  }
}

TEST(ApiParser, RefusesAnswersItWouldMisread) {
  const refused_case webhook_cases[] = {
      {R"({"id":7})", errc::wrong_type, "id"},
      {R"({"id":"W","events":"booking"})", errc::wrong_type, "events"},
      {R"({"id":"W","events":["booking",null]})", errc::wrong_type, "events[1]"},
      {R"({"id":"W","creation_time":1700000000})", errc::wrong_type, "creation_time"},
      {R"({"object":"list","data":[]})", errc::invalid_value, "object"},
      {R"({"id":"W","id":"X"})", errc::duplicate_field, "id"},
      {R"({"i\u0064":"W","id":"X"})", errc::duplicate_field, "id"},
      {R"({"id":"W"} {"id":"X"})", errc::trailing_content, ""},
      {R"({"id":"W"},)", errc::trailing_content, ""},
      {R"({"id":"W",})", errc::malformed_json, ""},
      {R"({"id":"W","x":[1,2,}})", errc::malformed_json, "x[2]"},
      {R"({"id":"W","x":01})", errc::invalid_number, "x"},
      {"{\"id\":\"W\xFF\"}", errc::invalid_utf8, ""},
      {R"({"id":"\x"})", errc::invalid_string, "id"},
      {"", errc::empty_body, ""},
      {"  \n", errc::empty_body, ""},
      {"[]", errc::wrong_type, ""},
      {"null", errc::wrong_type, ""},
      // Issue 12, item 6: a body that is not JSON gets its JSON error, never a schema one.
      {"[1]]", errc::trailing_content, ""},
      {"null x", errc::trailing_content, ""},
      {R"({"id":0,})", errc::malformed_json, ""},
      {R"({"id":"W","id":"X","y":tru})", errc::malformed_json, "y"},
      {R"({"events":"booking","x":01})", errc::invalid_number, "x"},
      {R"([{"id":"W"},{"x":"\q"}])", errc::invalid_string, "[1].x"},
      // Item 5: in a member the client decodes, a lone surrogate is not text.
      {R"({"id":"W","name":"\ud800"})", errc::invalid_value, "name"},
      {R"({"id":"W","events":["booking","\udc00"]})", errc::invalid_value, "events[1]"},
  };
  wh::api_parser api;
  for (const refused_case& c : webhook_cases) {
    const wh::error e = failure_of(api.parse_webhook(200, c.body));
    EXPECT_EQ(e.code(), c.code) << c.body << " -> " << e.to_string();
    if (c.code != errc::invalid_utf8) { EXPECT_EQ(e.path(), c.path) << c.body << " -> " << e.to_string(); }
  }
  EXPECT_EQ(failure_of(api.parse_webhook(200, R"({"id":7})")).message(), "expected string, got number");
  EXPECT_EQ(failure_of(api.parse_webhook(200, R"({"object":"list"})")).message(), "expected \"webhook\", got \"list\"");

  const refused_case list_cases[] = {
      {R"({"object":"list","data":[{"id":"A"},{"id":"B","events":[1]}]})", errc::wrong_type, "data[1].events[0]"},
      {R"({"object":"list","data":[{"id":"A"},"B"]})", errc::wrong_type, "data[1]"},
      {R"({"object":"list","data":{}})", errc::wrong_type, "data"},
      {R"({"object":"list","has_more":"yes"})", errc::wrong_type, "has_more"},
      {R"({"object":"webhook","data":[]})", errc::invalid_value, "object"},
      {R"({"data":[{"object":"event"}]})", errc::invalid_value, "data[0].object"},
  };
  for (const refused_case& c : list_cases) {
    const wh::error e = failure_of(api.parse_webhook_list(200, c.body));
    EXPECT_EQ(e.code(), c.code) << c.body << " -> " << e.to_string();
    EXPECT_EQ(e.path(), c.path) << c.body << " -> " << e.to_string();
  }
  EXPECT_EQ(failure_of(api.parse_deleted_webhook(200, R"({"deleted":"true"})")).path(), "deleted");
}

// Issue 15: a root that is not an object is read whole before it is typed, so a body
// that is not JSON gets its JSON error (never wrong_type), and only JSON that is not an
// object is wrong_type. Pinned value by value, then for every cut of every kind of root.
TEST(ApiParser, AMalformedRootGetsItsJsonError) {
  const refused_case roots[] = {
      {"tru", errc::malformed_json, ""},
      {"nul", errc::malformed_json, ""},
      {"fals", errc::malformed_json, ""},
      {"nulll", errc::malformed_json, ""},
      {"truex", errc::malformed_json, ""},
      {"false_", errc::malformed_json, ""},
      {"[1,", errc::malformed_json, ""},
      {"[", errc::malformed_json, ""},
      {"{", errc::malformed_json, ""},
      {"[1,]", errc::malformed_json, "[1]"},
      {"\"abc", errc::invalid_string, ""},
      {"\"\\q\"", errc::invalid_string, ""},
      {"1x", errc::invalid_number, ""},
      {"-", errc::invalid_number, ""},
      {"01", errc::invalid_number, ""},
      {"\xEF\xBB\xBFgarbage", errc::malformed_json, ""},
      // The API sends no byte order mark: one is not skipped, so it is not JSON.
      {"\xEF\xBB\xBF{\"id\":\"W\"}", errc::malformed_json, ""},
      {"\xEF\xBB\xBF", errc::malformed_json, ""},
      {"", errc::empty_body, ""},
      {" \t\r\n", errc::empty_body, ""},
      {"[1]]", errc::trailing_content, ""},
      {"null x", errc::trailing_content, ""},
      {"\"a\" 1", errc::trailing_content, ""},
      {"1e400 x", errc::trailing_content, ""},
      {"{\"id\":\"W\"}x", errc::trailing_content, ""},
      // JSON, but not an object.
      {"true", errc::wrong_type, ""},
      {"null ", errc::wrong_type, ""},
      {"\"abc\"", errc::wrong_type, ""},
      {"1e400", errc::wrong_type, ""},
      {"\"\\ud800\"", errc::wrong_type, ""},
      {"[1, {\"a\": [true]}] ", errc::wrong_type, ""},
  };
  wh::api_parser api;
  for (const refused_case& c : roots) {
    for (int kind = 0; kind < 3; ++kind) {
      const wh::error e = kind == 0   ? failure_of(api.parse_webhook(200, c.body))
                          : kind == 1 ? failure_of(api.parse_webhook_list(200, c.body))
                                      : failure_of(api.parse_deleted_webhook(200, c.body));
      EXPECT_EQ(e.code(), c.code) << c.body << " (parser " << kind << ") -> " << e.to_string();
      EXPECT_EQ(e.path(), c.path) << c.body << " -> " << e.to_string();
      if (c.code == errc::wrong_type) { EXPECT_EQ(e.expected(), wh::json_kind::object) << c.body; }
    }
  }
  // Every proper prefix of every kind of root: what is not one JSON value (the test's own
  // RFC 8259 grammar decides) must get a JSON error, never a schema one.
  const std::string_view whole[] = {
      "true",
      "false",
      "null",
      R"("a\"b\u00e9c")",
      "-12.5e+3",
      R"([1,"x",{"a":[null,true]}])",
      R"({"id":"W","events":["booking"],"x":{"y":[1,2]}})",
  };
  std::size_t checked = 0;
  for (std::string_view root : whole) {
    for (std::size_t cut = 0; cut < root.size(); ++cut) {
      for (std::string_view tail : {"", "x", " ]", "\xEF\xBB\xBF"}) {
        const std::string body = std::string(root.substr(0, cut)) + std::string(tail);
        if (rfc8259::accepts(body)) { continue; }
        const wh::error e = failure_of(api.parse_webhook(200, body));
        EXPECT_TRUE(e.code() == errc::empty_body || e.code() == errc::malformed_json ||
                    e.code() == errc::invalid_string || e.code() == errc::invalid_number ||
                    e.code() == errc::invalid_utf8 || e.code() == errc::trailing_content)
            << body << " -> " << e.to_string();
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 200u);
}

TEST(ApiParser, LimitsNestingAndSize) {
  wh::api_parser api;
  std::string deep = R"({"id":"W","x":)";
  for (int i = 0; i < 100; ++i) { deep += '['; }
  for (int i = 0; i < 100; ++i) { deep += ']'; }
  deep += '}';
  EXPECT_EQ(failure_of(api.parse_webhook(200, deep)).code(), errc::too_deep);
  const std::string huge(wh::api_parser::max_body_size + 1, ' ');
  EXPECT_EQ(failure_of(api.parse_webhook(200, huge)).code(), errc::too_large);
  // Refusals leave the parser usable.
  EXPECT_TRUE(api.parse_webhook(200, R"({"id":"W"})"));
}

TEST(ApiParser, AMalformedCreationTimeReadsAsInvalid) {
  wh::api_parser api;
  auto hook = api.parse_webhook(200, R"({"id":"W","creation_time":"2025-06-01 09:30:00"})");
  ASSERT_TRUE(hook) << hook.error().to_string();
  EXPECT_TRUE(hook->creation_time.is_invalid());
  EXPECT_EQ(hook->creation_time.issue(), wh::field_issue::bad_format);
  EXPECT_EQ(hook->id, "W");
}

TEST(ApiParser, NullAndAbsentMembersAreDistinct) {
  wh::api_parser api;
  auto hook = api.parse_webhook(
      200, R"({"id":"W","api_version":null,"events":null,"creation_time":null,"secret":null,"future":{"a":[true]}})");
  ASSERT_TRUE(hook) << hook.error().to_string();
  EXPECT_TRUE(hook->api_version.is_null());
  EXPECT_TRUE(hook->events.is_null());
  EXPECT_TRUE(hook->creation_time.is_null());
  EXPECT_TRUE(hook->secret.is_null());
  EXPECT_TRUE(hook->name.is_absent());
  EXPECT_TRUE(hook->object.is_absent());
  EXPECT_TRUE(hook->subscriptions().empty());
}

TEST(ApiParser, ViewsOutliveTheBodyUntilTheNextParse) {
  wh::api_parser api;
  std::string body = api_fixture("webhook-created.json");
  auto hook = api.parse_webhook(200, body);
  ASSERT_TRUE(hook);
  body.assign(body.size(), 'x');  // the caller's buffer is gone
  body.clear();
  body.shrink_to_fit();
  EXPECT_EQ(hook->secret, "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
  EXPECT_EQ((*hook->events)[1].name(), "conversation.closed");
  EXPECT_EQ(hook->creation_time->text, "2025-06-01T09:30:00.125Z");
}

TEST(ApiParser, MovesKeepTheViews) {
  wh::api_parser api;
  auto page = api.parse_webhook_list(200, api_fixture("webhook-list-page.json"));
  ASSERT_TRUE(page);
  wh::api_parser moved(std::move(api));
  EXPECT_EQ((*page->data)[1].id, "WHK-TEST00000A");
  EXPECT_EQ((*(*page->data)[0].events)[0].name(), "booking.canceled");
}

// ---- the published API examples ------------------------------------------------------------

fs::path published_api_dir() { return test_data::shared_payloads_dir() / "api"; }

std::string published(std::string_view name) { return test_data::read_file(published_api_dir() / std::string(name)); }

TEST(PublishedApiExamples, WebhookObjectV2) {
  if (!fs::exists(published_api_dir())) { GTEST_SKIP() << "no " << published_api_dir(); }
  wh::api_parser api;
  auto hook = api.parse_webhook(200, published("webhook.v2.oncehub-docs-the-webhook-object.json"));
  ASSERT_TRUE(hook) << hook.error().to_string();
  EXPECT_EQ(hook->object, "webhook");
  EXPECT_EQ(hook->id, "WHK-7JD9LBVZTQ");
  EXPECT_EQ(hook->api_version, "v2");
  EXPECT_EQ(hook->name, "Cancellations and No-shows");
  EXPECT_EQ(hook->url, "https://requestbin.com/r/en2ways4mm55h");
  ASSERT_TRUE(hook->events);
  ASSERT_EQ(hook->events->size(), 2u);
  EXPECT_EQ((*hook->events)[0].type(), wh::event_type::booking_canceled);
  EXPECT_EQ((*hook->events)[1].type(), wh::event_type::booking_no_show);
  EXPECT_EQ(hook->creation_time->time, utc(2020, 3, 19, 7, 51, 11, 290));
  EXPECT_EQ(hook->secret, "d7686b8c83f04913929079aeae40189e");
  EXPECT_TRUE(wh::validate_webhook_url(*hook->url));
  EXPECT_TRUE(wh::validate_webhook_name(*hook->name));
}

TEST(PublishedApiExamples, WebhookObjectV1) {
  if (!fs::exists(published_api_dir())) { GTEST_SKIP() << "no " << published_api_dir(); }
  wh::api_parser api;
  auto hook = api.parse_webhook(200, published("webhook.v1.oncehub-docs-v1-example-webhook-object.json"));
  ASSERT_TRUE(hook) << hook.error().to_string();
  EXPECT_EQ(hook->id, "WHK-7JD9LBVZTQ");
  EXPECT_TRUE(hook->api_version.is_absent());
  EXPECT_TRUE(hook->secret.is_absent());
  EXPECT_EQ(hook->creation_time->time, utc(2018, 3, 19, 7, 51, 11, 290));
  EXPECT_EQ(hook->events->size(), 2u);
}

TEST(PublishedApiExamples, CreateAndDeleteResponsesV1) {
  if (!fs::exists(published_api_dir())) { GTEST_SKIP() << "no " << published_api_dir(); }
  wh::api_parser api;
  auto created = api.parse_webhook(200, published("webhook-create-response.v1.oncehub-v1-openapi.json"));
  ASSERT_TRUE(created) << created.error().to_string();
  EXPECT_EQ(created->id, "whk_164xRv2eZvKYlo2CZxJZWm1E");
  EXPECT_EQ(created->name, "New booking webhook");
  EXPECT_EQ(created->url, "https://mywebsite.com/webhooks/booking");
  ASSERT_EQ(created->events->size(), 2u);
  EXPECT_EQ((*created->events)[0].type(), wh::event_type::booking_completed);
  EXPECT_EQ((*created->events)[1].type(), wh::event_type::booking_rescheduled);
  EXPECT_EQ(created->creation_time->time, utc(2017, 9, 6, 20, 57, 17, 467));

  auto deleted = api.parse_deleted_webhook(200, published("webhook-delete-response.v1.oncehub-v1-openapi.json"));
  ASSERT_TRUE(deleted) << deleted.error().to_string();
  EXPECT_EQ(deleted->id, "whk_164xRv2eZvKYlo2CZxJZWm1E");
  EXPECT_EQ(deleted->deleted, true);
}

TEST(PublishedApiExamples, ErrorObjects) {
  if (!fs::exists(published_api_dir())) { GTEST_SKIP() << "no " << published_api_dir(); }
  wh::api_parser api;
  const wh::api_error not_found = api.parse_error(404, published("error.404.oncehub-docs-error-handling.json"));
  EXPECT_EQ(not_found.code, errc::api_not_found);
  EXPECT_EQ(not_found.type, wh::api_error_type::invalid_request_error);
  EXPECT_EQ(not_found.message, "No such booking: '123'");
  EXPECT_EQ(not_found.param, "id");

  const wh::api_error conflict = api.parse_error(409, published("error.409.oncehub-docs-error-handling.json"));
  EXPECT_EQ(conflict.code, errc::api_conflict);
  EXPECT_EQ(conflict.type, wh::api_error_type::invalid_request_error);
  EXPECT_EQ(conflict.message, "A webhook subscription with this name already exists: 'New Bookings'");
  EXPECT_EQ(conflict.param, "name");
  const wh::error as_error = conflict.to_error();
  EXPECT_EQ(as_error.to_string(),
            "error: api_conflict: A webhook subscription with this name already exists: 'New Bookings' at name");

  const wh::api_error limited = api.parse_error(429, published("error.429.oncehub-docs-error-handling.json"));
  EXPECT_EQ(limited.code, errc::api_rate_limited);
  EXPECT_EQ(limited.type, wh::api_error_type::rate_limit_error);
  EXPECT_EQ(limited.message, "Request rate limit exceeded");
  EXPECT_TRUE(limited.param.is_absent());
}

TEST(PublishedApiExamples, EveryFileDecodes) {
  if (!fs::exists(published_api_dir())) { GTEST_SKIP() << "no " << published_api_dir(); }
  std::set<std::string> seen;
  wh::api_parser api;
  for (const fs::path& path : test_data::json_files(published_api_dir())) {
    const std::string name = path.filename().string();
    const std::string body = test_data::read_file(path);
    seen.insert(name);
    if (name.starts_with("error.")) {
      const int status = std::stoi(name.substr(6, 3));
      const wh::api_error e = api.parse_error(status, body);
      EXPECT_TRUE(e.type && e.type->is_known()) << name;
      EXPECT_TRUE(e.message) << name;
      EXPECT_EQ(e.code, wh::errc_of_http_status(status)) << name;
    } else if (name.starts_with("webhook-delete-response.")) {
      EXPECT_TRUE(api.parse_deleted_webhook(200, body)) << name;
    } else {
      auto hook = api.parse_webhook(200, body);
      ASSERT_TRUE(hook) << name << ": " << hook.error().to_string();
      EXPECT_TRUE(hook->id && hook->name && hook->url && hook->events && hook->creation_time) << name;
    }
  }
  EXPECT_GE(seen.size(), 7u);
}

// The two parsers share one JSON core, so a body that is not JSON at all gets the same
// errc from both: the kinds the delivery parser names (hostile review, issue 15).
TEST(ApiParser, ABodyThatIsNotJsonIsNamedAsTheDeliveryParserNamesIt) {
  using namespace std::string_literals;
  const struct {
    std::string body;
    errc code;
  } cases[] = {
      {"<html><head><title>502 Bad Gateway</title></head></html>", errc::html_body},
      {"<!DOCTYPE html><html>", errc::html_body},
      {"<?xml version=\"1.0\"?><a/>", errc::html_body},
      {"\x1F\x8B\x08\x00\x00\x00\x00\x00"s, errc::compressed_body},
      {"\x28\xB5\x2F\xFD\x00"s, errc::compressed_body},
      {"\x78\x9C\xAB\xAE\x05\x00"s, errc::compressed_body},
      {"\xFF\xFE{\x00}\x00"s, errc::unsupported_encoding},
      {"\xFE\xFF\x00{\x00}"s, errc::unsupported_encoding},
      {"\x00{\x00}"s, errc::unsupported_encoding},
      {"{\x00}\x00"s, errc::unsupported_encoding},
      {"payload=%7B%7D", errc::form_encoded_body},
      {"a=1&b=2", errc::form_encoded_body},
      {"", errc::empty_body},
  };
  wh::api_parser api;
  wh::parser deliveries;
  for (const auto& c : cases) {
    const auto hook = api.parse_webhook(200, c.body);
    ASSERT_FALSE(hook) << c.body;
    EXPECT_EQ(hook.error().code(), c.code) << c.body << ": " << hook.error().to_string();
    const auto list = api.parse_webhook_list(200, c.body);
    ASSERT_FALSE(list) << c.body;
    EXPECT_EQ(list.error().code(), c.code) << c.body;
    const auto delivery = deliveries.parse(c.body);
    ASSERT_FALSE(delivery) << c.body;
    EXPECT_EQ(delivery.error().code(), c.code) << c.body;
    EXPECT_EQ(delivery.error().message(), hook.error().message()) << c.body;
  }
}

TEST(ApiParser, AByteOrderMarkIsNamedWhereItIs) {
  wh::api_parser api;
  const auto hook = api.parse_webhook(200, "\xEF\xBB\xBF{\"id\":\"W\"}");
  ASSERT_FALSE(hook);
  EXPECT_EQ(hook.error().code(), errc::malformed_json);
  EXPECT_EQ(hook.error().offset(), 0u);
  EXPECT_EQ(hook.error().message(),
            "the body starts with a UTF-8 byte order mark (EF BB BF), which the Webhooks API does not send");
  // In a delivery only one at the very start is skipped; one after whitespace is the
  // first fault, at its own offset.
  wh::parser deliveries;
  for (std::string_view body : {" \xEF\xBB\xBF{}", "\t\xEF\xBB\xBF{}", "\r\xEF\xBB\xBFtrue\n,"}) {
    const auto parsed = deliveries.parse(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().code(), errc::malformed_json) << body;
    EXPECT_EQ(parsed.error().offset(), 1u) << body;
    EXPECT_EQ(parsed.error().message(),
              "a UTF-8 byte order mark (EF BB BF) after whitespace: only one at the very start is skipped")
        << body;
  }
  const auto two = deliveries.parse("\xEF\xBB\xBF\xEF\xBB\xBF{}");
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().offset(), 3u);
  EXPECT_EQ(two.error().message(), "the body starts with two UTF-8 byte order marks; one is skipped, not more");
}

TEST(ApiParser, AnErrorShowsTheStatusAsGiven) {
  wh::api_parser api;
  EXPECT_EQ(api.parse_error(-1, "").to_error().message().substr(0, 8), "HTTP -1:");
  EXPECT_EQ(api.parse_error(0, "").to_error().message().substr(0, 7), "HTTP 0:");
}

}  // namespace
