// SPDX-License-Identifier: MIT
// conversation.hpp: every member of the conversation view and its expanded objects.
#include <gtest/gtest.h>

#include <chrono>
#include <oncehub/webhooks.hpp>
#include <string>

#include "support/dom_crosscheck.hpp"

namespace wh = oncehub::webhooks;
using namespace std::chrono;

namespace {

constexpr std::string_view kFullConversation =
    R"({"id":"EVNT-CONV000001","object":"event","creation_time":"2025-02-03T04:05:06Z","type":"conversation.started","api_version":"v2","data":{
  "id": "CVR-022EAEA41C", "object": "conversation", "creation_time": "2025-02-03T04:00:00Z", "initiated_by": "bot",
  "last_updated_time": "2025-02-03T04:05:00.500Z", "last_interacted_time": "2025-02-03T04:04:59Z",
  "contact": {"object": "contact", "id": "CTC-9QEG09XXYN", "creation_time": "2024-12-01T00:00:00Z",
              "last_updated_time": "2025-01-01T00:00:00Z", "last_interacted_time": null, "owner": "USR-GNSBE50D6A",
              "status": "Sales qualified", "city": "Lyon", "company_size": "50-100", "company": "ACME", "country": "FR",
              "email": "carrie@example.com", "employees": 75, "first_name": "Carrie", "has_consent": true,
              "job_title": "CTO", "last_name": "Customer", "mobile_phone": "+33600000000", "phone": null,
              "post_code": "69001", "salutation": "Dr.", "state": "ARA", "street_address": "1 rue X",
              "terms_of_sevice": false, "timezone": "Europe/Paris",
              "custom_fields": [{"name": "tier", "value": "gold"}, {"name": "score", "value": 9.5}]},
  "owner": {"id": "USR-GNSBE50D6A", "object": "user", "first_name": "Olga", "last_name": "", "email": "olga@example.com", "status": "active", "role_name": "Administrator"},
  "status": "started",
  "bot": {"id": "BOT-62774A40FB", "object": "bot", "name": "Greeter"},
  "website": "WEB-B1D45D12BB",
  "audience": {"id": "AUD-1", "object": "audience", "name": "Returning visitors"},
  "answers": [{"id": "INT-5D22DCBE36", "internal_label": "", "question": "Full name", "value": "Carrie Customer"},
              {"id": "INT-3129F3D394", "internal_label": null, "question": "Attachments", "value": "https://app.oncehub.com/download/attachment?trackingId=1"}],
  "bookings": ["BKNG-3KM0HY2BF9SL", "BKNG-4KM0HY2BF9SL"]
}})";

TEST(Conversation, DecodesEveryField) {
  wh::parser parser;
  auto result = parser.parse(kFullConversation);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(crosscheck::check(*result, kFullConversation), "");
  EXPECT_TRUE(result->findings().empty());
  EXPECT_EQ(result->family(), wh::event_family::conversation);
  ASSERT_EQ(result->booking(), nullptr);
  const wh::conversation& c = *result->conversation();
  EXPECT_EQ(c.id, "CVR-022EAEA41C");
  EXPECT_EQ(c.object, "conversation");
  EXPECT_EQ(c.initiated_by, wh::initiator::bot);
  EXPECT_EQ(c.last_updated_time->time, sys_days{2025y / February / 3} + 4h + 5min + 500ms);
  EXPECT_EQ(c.last_interacted_time->text, "2025-02-03T04:04:59Z");
  EXPECT_EQ(c.status, wh::conversation_status::started);
  ASSERT_TRUE(c.owner.is_expanded());
  EXPECT_EQ(c.owner.object()->role_name, wh::user_role::administrator);
  EXPECT_EQ(c.bot.object()->name, "Greeter");
  EXPECT_TRUE(c.website.is_id());
  EXPECT_EQ(c.website.id(), "WEB-B1D45D12BB");
  EXPECT_EQ(c.audience.object()->name, "Returning visitors");
  ASSERT_EQ(c.answers->size(), 2u);
  EXPECT_EQ((*c.answers)[0]->id, "INT-5D22DCBE36");
  EXPECT_EQ((*c.answers)[0]->internal_label, "");
  EXPECT_TRUE((*c.answers)[1]->internal_label.is_null());
  EXPECT_EQ((*c.answers)[1]->question, "Attachments");
  ASSERT_EQ(c.bookings->size(), 2u);
  EXPECT_EQ((*c.bookings)[1], "BKNG-4KM0HY2BF9SL");
}

TEST(Conversation, DecodesAnExpandedContact) {
  wh::parser parser;
  auto result = parser.parse(kFullConversation);
  ASSERT_TRUE(result);
  const wh::contact& k = *result->conversation()->contact.object();
  EXPECT_EQ(k.object, "contact");
  EXPECT_EQ(k.id, "CTC-9QEG09XXYN");
  EXPECT_EQ(k.creation_time->time, sys_days{2024y / December / 1});
  EXPECT_TRUE(k.last_interacted_time.is_null());
  EXPECT_EQ(k.owner.id(), "USR-GNSBE50D6A");
  EXPECT_EQ(k.status, wh::contact_status::sales_qualified);
  EXPECT_EQ(k.city, "Lyon");
  EXPECT_EQ(k.company_size, "50-100");
  EXPECT_EQ(k.company, "ACME");
  EXPECT_EQ(k.country, "FR");
  EXPECT_EQ(k.email, "carrie@example.com");
  EXPECT_EQ(k.employees, 75);
  EXPECT_EQ(k.first_name, "Carrie");
  EXPECT_EQ(k.has_consent, true);
  EXPECT_EQ(k.job_title, "CTO");
  EXPECT_EQ(k.last_name, "Customer");
  EXPECT_EQ(k.mobile_phone, "+33600000000");
  EXPECT_TRUE(k.phone.is_null());
  EXPECT_EQ(k.post_code, "69001");
  EXPECT_EQ(k.salutation, "Dr.");
  EXPECT_EQ(k.state, "ARA");
  EXPECT_EQ(k.street_address, "1 rue X");
  EXPECT_EQ(k.terms_of_sevice, false);
  EXPECT_EQ(k.timezone, "Europe/Paris");
  ASSERT_EQ(k.custom_fields->size(), 2u);
  EXPECT_EQ((*k.custom_fields)[1]->value.as_double(), 9.5);
}

TEST(Conversation, AcceptsEveryEventOfTheFamily) {
  wh::parser parser;
  for (const char* type :
       {"conversation.reached_out", "conversation.started", "conversation.closed", "conversation.abandoned"}) {
    const std::string body =
        std::string(R"({"id":"E","object":"event","creation_time":"2025-01-01T00:00:00Z","type":")") + type +
        R"(","api_version":"v2","data":{"id":"CVR-1","object":"conversation","status":"abandoned"}})";
    auto result = parser.parse(body);
    ASSERT_TRUE(result) << type;
    EXPECT_EQ(wh::to_string(result->type()), type);
    EXPECT_EQ(result->conversation()->status, wh::conversation_status::abandoned);
  }
}

}  // namespace
