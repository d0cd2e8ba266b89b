// SPDX-License-Identifier: MIT
// Conformance with the payloads OnceHub itself published (../shared/oncehub/payloads):
// every event decodes with its values intact, every data object decodes when wrapped in
// an envelope, and a DOM reading of each agrees with the decoder. Skipped when the
// folder is absent (a clone outside this workplace).
#include <gtest/gtest.h>

#include <chrono>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/to_json.hpp>
#include <string>

#include "support/dom_crosscheck.hpp"
#include "support/test_data.hpp"

namespace wh = oncehub::webhooks;
using namespace std::chrono;
using namespace std::string_view_literals;

namespace {

class Conformance : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(test_data::shared_payloads_dir())) {
      GTEST_SKIP() << "no published payloads at " << test_data::shared_payloads_dir();
    }
  }
  std::string load(const std::string& relative) {
    const auto path = test_data::shared_payloads_dir() / relative;
    if (!std::filesystem::exists(path)) { ADD_FAILURE() << "missing published payload " << path; }
    return test_data::read_file(path);
  }
  static sys_time<milliseconds> at(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms = 0) {
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms};
  }
  wh::parser parser_;
};

TEST_F(Conformance, EveryPublishedEventDecodesAndAgreesWithDom) {
  int events = 0;
  for (const auto& path : test_data::json_files(test_data::shared_payloads_dir())) {
    const auto relative = path.lexically_relative(test_data::shared_payloads_dir()).string();
    if (relative.rfind("api/", 0) == 0 || relative.rfind("data-objects/", 0) == 0) { continue; }
    SCOPED_TRACE(relative);
    const std::string body = test_data::read_file(path);
    auto result = parser_.parse(body);
    ASSERT_TRUE(result) << result.error().to_string();
    EXPECT_TRUE(result->findings().empty()) << wh::to_json(*result);
    EXPECT_EQ(crosscheck::check(*result, body), "");
    ++events;
  }
  EXPECT_GE(events, 6);
}

TEST_F(Conformance, SignatureExampleIsAnExpandedV2Booking) {
  const std::string body = load("booking.scheduled.oncehub-docs-webhook-signatures.json");
  auto result = parser_.parse(body);
  ASSERT_TRUE(result) << result.error().to_string();
  const wh::event& e = *result;
  EXPECT_EQ(e.type(), wh::event_type::booking_scheduled);
  EXPECT_EQ(e.envelope().id, "EVNT-2AB8RJY3LF");
  EXPECT_EQ(e.envelope().object, "event");
  EXPECT_EQ(e.envelope().version, wh::payload_version::v2);
  EXPECT_EQ(e.envelope().creation_time->time, at(2021, 1, 20, 12, 10, 3, 140));
  EXPECT_EQ(e.envelope().creation_time->text, "2021-01-20T12:10:03.140Z");

  const wh::booking& b = *e.booking();
  EXPECT_EQ(b.object, "booking");
  EXPECT_EQ(b.id, "BKNG-YNMGHKQ24XV5");
  EXPECT_EQ(b.tracking_id, "BKNG-YNMGHKQ24XV5");
  EXPECT_EQ(b.subject, "15-minute meeting");
  EXPECT_EQ(b.status, wh::booking_status::scheduled);
  EXPECT_EQ(b.in_trash, false);
  EXPECT_EQ(b.creation_time->time, at(2021, 1, 20, 12, 10, 2, 487));
  EXPECT_EQ(b.starting_time->time, at(2021, 1, 20, 16, 45, 0));
  EXPECT_EQ(b.last_updated_time->time, at(2021, 1, 20, 12, 10, 2, 753));
  EXPECT_TRUE(b.customer_timezone.is_absent());
  EXPECT_TRUE(b.cancel_reschedule_url.is_absent());
  EXPECT_TRUE(b.attendees.is_absent());
  EXPECT_TRUE(b.conversation.is_absent());

  ASSERT_TRUE(b.owner.is_expanded());
  const wh::user& owner = *b.owner.object();
  EXPECT_EQ(b.owner.id(), "USR-YX0J4ANZTV");
  EXPECT_EQ(owner.object, "user");
  EXPECT_EQ(owner.first_name, "Michael");
  EXPECT_EQ(owner.last_name, "");
  EXPECT_TRUE(owner.last_name.has_value());
  EXPECT_EQ(owner.email, "michael@example.com");
  EXPECT_EQ(owner.status, wh::user_status::active);
  EXPECT_TRUE(owner.role_name.is_absent());

  EXPECT_EQ(b.duration_minutes, 15);
  EXPECT_EQ(b.virtual_conferencing->join_url, "");
  EXPECT_EQ(b.location_description, "");
  EXPECT_EQ(b.rescheduled_booking_id, "");
  ASSERT_TRUE(b.cancel_reschedule_information);
  EXPECT_EQ(b.cancel_reschedule_information->reason, "");
  EXPECT_EQ(b.cancel_reschedule_information->actioned_by->raw(), "");
  EXPECT_FALSE(b.cancel_reschedule_information->actioned_by->is_known());
  EXPECT_FALSE(b.cancel_reschedule_information->from_array);

  const wh::form_submission& form = *b.form_submission;
  EXPECT_EQ(form.name, "Carrie");
  EXPECT_EQ(form.email, "carrie@customer.com");
  EXPECT_EQ(form.phone, "");
  EXPECT_EQ(form.company, "");
  EXPECT_TRUE(form.guests->empty());
  EXPECT_TRUE(form.custom_fields->empty());

  ASSERT_TRUE(b.booking_page.is_expanded());
  EXPECT_EQ(b.booking_page.object()->name, "Michael ");  // trailing space kept
  EXPECT_EQ(b.booking_page.object()->label, "Michael4");
  EXPECT_EQ(b.booking_page.object()->url, "https://go.oncehub.com/Michael4");
  EXPECT_EQ(b.booking_page.object()->active, true);
  EXPECT_TRUE(b.master_page.is_null());
  ASSERT_TRUE(b.event_type.is_expanded());
  EXPECT_EQ(b.event_type.id(), "ET-E8DL20JT5U");
  EXPECT_EQ(b.event_type.object()->name, "15-minute meeting");
  EXPECT_EQ(b.event_type.object()->description, "");
  EXPECT_EQ(b.external_calendar->type, wh::calendar_type::none);
  EXPECT_EQ(b.external_calendar->name, "");
}

TEST_F(Conformance, DataPayloadSampleIsCollapsedV2DataUnderAV1Label) {
  auto result = parser_.parse(load("booking.scheduled.oncehub-docs-webhook-data-payload.json"));
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->envelope().version, wh::payload_version::v1);  // as labelled, whatever the shape
  const wh::booking& b = *result->booking();
  EXPECT_EQ(b.id, "BKNG-J4FR05BKEWEX");
  EXPECT_EQ(b.tracking_id, "D36E0002");
  EXPECT_EQ(b.customer_timezone, "America/New_York");
  EXPECT_TRUE(b.owner.is_id());
  EXPECT_EQ(b.owner.id(), "USR-FSD423423");
  EXPECT_EQ(b.duration_minutes, 60);
  EXPECT_EQ(b.virtual_conferencing->join_url, "https://meet.google.com/izv-daci-fyi");
  EXPECT_EQ(b.cancel_reschedule_url, "https://go.oncehub.com/andreahartie?Params=20F2DAE");
  EXPECT_EQ(b.cancel_reschedule_information->reason, "Change in schedule");
  EXPECT_EQ(b.cancel_reschedule_information->actioned_by, wh::actor::user);
  EXPECT_EQ(b.cancel_reschedule_information->user_id, "USR-FSD423423");
  const wh::form_submission& form = *b.form_submission;
  EXPECT_EQ(form.name, "Carrie Customer");
  EXPECT_EQ(form.phone, "");
  EXPECT_TRUE(form.company.is_null());
  EXPECT_EQ(form.mobile_phone, "1-2025550195");
  ASSERT_EQ(form.guests->size(), 1u);
  EXPECT_EQ((*form.guests)[0], "");
  ASSERT_EQ(form.custom_fields->size(), 3u);
  EXPECT_EQ((*form.custom_fields)[1]->name, "Office size");
  EXPECT_EQ((*form.custom_fields)[1]->value.as_string(), "30-50 people");
  EXPECT_EQ((*form.custom_fields)[1]->value.raw_json(), "\"30-50 people\"");
  EXPECT_EQ(b.booking_page.id(), "BP-3F7JAWT4UA");
  EXPECT_EQ(b.master_page.id(), "MP-73E6RHFU77");
  EXPECT_EQ(b.event_type.id(), "ET-7I7PKDTFJS");
  EXPECT_EQ(b.external_calendar->type, wh::calendar_type::google);
  EXPECT_EQ(b.external_calendar->event_id, "8kvu74dda8kcv0gmmlm3folrhc");
  EXPECT_TRUE(b.conversation.is_id());
  EXPECT_EQ(b.conversation.id(), "CVR-36E9E6F220");
}

TEST_F(Conformance, V1ExampleKeepsV1FieldsAndSpellings) {
  auto result = parser_.parse(load("booking.scheduled.v1.oncehub-docs-v1-example-booking-object.json"));
  ASSERT_TRUE(result) << result.error().to_string();
  const wh::booking& b = *result->booking();
  EXPECT_EQ(result->envelope().version, wh::payload_version::v1);
  EXPECT_TRUE(b.id.is_absent());
  EXPECT_EQ(b.status, wh::booking_status::scheduled);
  EXPECT_EQ(b.status->raw(), "Scheduled");
  EXPECT_EQ(b.owner.id(), "Andrea Hartie");
  EXPECT_TRUE(b.package_id.is_null());
  EXPECT_EQ(b.virtual_or_physical_location, "123 Office Street");
  EXPECT_EQ(b.customer_time_zone_description, "(GMT-5) United States; Eastern time");
  EXPECT_EQ(b.cancel_reschedule_link, "https://go.oncehub.com/dana?Params=IPLa6BkbZ-QjWTEeZH3cb7afCgcinMNuLvaH-7mTZO4");
  EXPECT_TRUE(b.canceled_booking_tracking_id.is_null());
  EXPECT_TRUE(b.cancel_reschedule_reason.is_null());
  EXPECT_TRUE(b.name_of_user_who_canceled_rescheduled.is_null());
  EXPECT_TRUE(b.name_of_customer_who_canceled_rescheduled.is_null());
  ASSERT_TRUE(b.booking_page.is_expanded());
  EXPECT_EQ(b.booking_page.object()->public_name, "Andrea Hartie");
  EXPECT_EQ(b.booking_page.object()->internal_label, "AndreaHartie");
  EXPECT_EQ(b.booking_page.object()->link, "https://go.oncehub.com/andreahartie");
  EXPECT_EQ(b.booking_page.object()->category, "Financial planning firm");
  EXPECT_EQ(b.booking_page.object()->time_zone_description, "(GMT-5) United States; Eastern time");
  EXPECT_EQ(b.booking_page.id(), "");  // v1 pages carry no id
  EXPECT_EQ(b.master_page.object()->name, "Star Software LLC");
  EXPECT_EQ(b.master_page.object()->link, "https://go.oncehub.com/dana");
  EXPECT_EQ(b.event_type.object()->category, "Sales");
  EXPECT_EQ(b.event_type.object()->description,
            "Schedule a live demo with us for an in-depth look at our enterprise solutions.");
  EXPECT_EQ(b.external_calendar->type, wh::calendar_type::google);
  EXPECT_EQ(b.external_calendar->type->raw(), "Google");
  EXPECT_EQ(b.starting_time->time, at(2018, 3, 22, 4, 30, 0));
}

TEST_F(Conformance, EmptyDataSamplesDecodeAsBookingsWithNoFields) {
  for (const char* name : {"booking.scheduled.empty-data.oncehub-docs-the-event-object.json",
                           "booking.scheduled.empty-data.v1.oncehub-docs-v1-example-event-object.json"}) {
    SCOPED_TRACE(name);
    auto result = parser_.parse(load(name));
    ASSERT_TRUE(result) << result.error().to_string();
    EXPECT_EQ(result->envelope().id, "EVNT-KN56U3YL7C");
    EXPECT_EQ(result->data_json(), "{}");
    ASSERT_NE(result->booking(), nullptr);
    EXPECT_TRUE(result->booking()->id.is_absent());
    EXPECT_TRUE(result->booking()->status.is_absent());
  }
}

/// Wraps a published data object (not an event) in an envelope of the given type.
std::string wrap(std::string_view type, std::string_view data) {
  return std::string(R"({"id":"EVNT-WRAPPED0001","object":"event","creation_time":"2025-01-01T00:00:00Z","type":")") +
         std::string(type) + R"(","api_version":"v2","data":)" + std::string(data) + "}";
}

TEST_F(Conformance, BookingObjectSampleDecodesInsideAnEnvelope) {
  const std::string body = wrap("booking.canceled", load("data-objects/booking.oncehub-docs-the-booking-object.json"));
  auto result = parser_.parse(body);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(crosscheck::check(*result, body), "");
  EXPECT_TRUE(result->findings().empty()) << wh::to_json(*result);
  const wh::booking& b = *result->booking();
  ASSERT_EQ(b.attendees->size(), 2u);
  EXPECT_EQ((*b.attendees)[1], "carrie.customer@gmail.com");
  EXPECT_TRUE(b.form_submission->phone.is_null());
  EXPECT_EQ(b.conversation.id(), "CVR-ZLS0AG3YXZTH");
  EXPECT_EQ(b.ics_url, "https://oncehub.com/api/bookings/ics/62ad3bdd-a09f-dfbdffbef389-axs01j");
  EXPECT_EQ(b.utm_params->source, "facebook");
  EXPECT_TRUE(b.utm_params->campaign.is_null());
  EXPECT_EQ(b.contact.id(), "CTC-262WER5NR9CG38");
  EXPECT_EQ(b.booking_calendar, "BKC-03WJV0R52Z");
  EXPECT_EQ(b.cancel_url, "https://oncehub.com/m/BKNG-3KM0HY2BF9SL/cancel");
  EXPECT_EQ(b.reschedule_url, "https://oncehub.com/m/BKNG-3KM0HY2BF9SL");
  // Preceded by a TAB in the published text.
  ASSERT_EQ(b.custom_fields->size(), 2u);
  EXPECT_EQ((*b.custom_fields)[0]->name, "discussion_points");
  EXPECT_EQ((*b.custom_fields)[0]->value.as_string(), "Need support on new product");
  EXPECT_EQ((*b.custom_fields)[1]->value.as_string(), "Product demo");
}

TEST_F(Conformance, ReportingSampleHasAnExpandedConversationWithCollapsedChildren) {
  const std::string body =
      wrap("booking.scheduled", load("data-objects/booking.oncehub-docs-reporting-on-booking-activity.json"));
  auto result = parser_.parse(body);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(crosscheck::check(*result, body), "");
  const wh::booking& b = *result->booking();
  ASSERT_TRUE(b.conversation.is_expanded());
  const wh::conversation& c = *b.conversation.object();
  EXPECT_EQ(c.id, "CVR-36E9E6F220");
  EXPECT_EQ(c.creation_time->time, at(2021, 7, 13, 9, 38, 18, 315));
  EXPECT_EQ(c.initiated_by, wh::initiator::bot);
  EXPECT_TRUE(c.contact.is_id());
  EXPECT_EQ(c.contact.id(), "CTC-N63N8YRX4Q");
  EXPECT_TRUE(c.owner.is_id());
  EXPECT_EQ(c.owner.id(), "");
  EXPECT_EQ(c.status->raw(), "finished");
  EXPECT_EQ(c.status->value(), wh::conversation_status::unknown);
  EXPECT_EQ(c.bot.id(), "BOT-BC6705CA57");
  EXPECT_EQ(c.website.id(), "WEB-1DD6B568EA");
  EXPECT_TRUE(c.audience.is_null());
  EXPECT_TRUE(c.answers.is_absent());
  EXPECT_EQ(b.utm_params->medium, "social");
}

TEST_F(Conformance, ConversationSampleDecodesAsAConversationEvent) {
  const std::string body =
      wrap("conversation.closed", load("data-objects/conversation.oncehub-docs-the-conversation-object.json"));
  auto result = parser_.parse(body);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(crosscheck::check(*result, body), "");
  EXPECT_TRUE(result->findings().empty());
  const wh::conversation& c = *result->conversation();
  EXPECT_EQ(c.id, "CVR-022EAEA41C");
  EXPECT_EQ(c.initiated_by, wh::initiator::contact);
  EXPECT_EQ(c.status, wh::conversation_status::closed);
  // Published with a trailing space in the key ("last_interacted_time "): an unknown key.
  EXPECT_TRUE(c.last_interacted_time.is_absent());
  EXPECT_EQ(c.last_updated_time->time, at(2021, 7, 13, 12, 33, 54));
  EXPECT_EQ(c.owner.id(), "USR-GNSBE50D6A");
  EXPECT_TRUE(c.audience.is_null());
  ASSERT_EQ(c.answers->size(), 4u);
  EXPECT_EQ((*c.answers)[0]->question, "Full name");
  EXPECT_EQ((*c.answers)[0]->value, "Carrie Customer");
  EXPECT_EQ((*c.answers)[0]->internal_label, "");
  EXPECT_TRUE((*c.answers)[3]->internal_label.is_null());
  EXPECT_EQ((*c.answers)[3]->value, "https://app.oncehub.com/download/attachment?trackingId=BKNG-3KM0HY2BF9SL");
  ASSERT_EQ(c.bookings->size(), 1u);
  EXPECT_EQ((*c.bookings)[0], "BKNG-3KM0HY2BF9SL");
}

}  // namespace
