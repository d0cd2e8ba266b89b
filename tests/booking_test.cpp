// SPDX-License-Identifier: MIT
// booking.hpp: every member of the booking view, its nested objects, the v1 fields and
// the shapes SPEC section 9 warns about.
#include <gtest/gtest.h>

#include <chrono>
#include <oncehub/webhooks.hpp>
#include <string>

#include "support/dom_crosscheck.hpp"

namespace wh = oncehub::webhooks;
using namespace std::chrono;

namespace {

std::string booking_delivery(std::string_view type, std::string_view data) {
  return std::string(R"({"id":"EVNT-BOOKING0001","object":"event","creation_time":"2025-06-01T08:00:00Z","type":")") +
         std::string(type) + R"(","api_version":"v2","data":)" + std::string(data) + "}";
}

// Every documented booking field, with distinct values, nested objects expanded.
constexpr std::string_view kFullBooking = R"({
  "object": "booking", "id": "BKNG-FULL00000001", "tracking_id": "T-0001",
  "subject": "Quarterly review \u2014 Q3", "status": "canceled", "in_trash": true,
  "creation_time": "2025-05-30T09:15:00.123Z", "starting_time": "2025-06-02T14:00:00+02:00",
  "customer_timezone": "Europe/Paris", "last_updated_time": "2025-06-01T07:59:59Z",
  "owner": {"id": "USR-OWNER00001", "object": "user", "first_name": "Ana", "last_name": "Lima",
            "email": "ana@example.com", "status": "invited", "role_name": "Team Manager",
            "timezone": "America/Sao_Paulo", "teams": ["TM-1", "TM-2"]},
  "duration_minutes": 45,
  "virtual_conferencing": {"join_url": "https://meet.example.com/abc"},
  "location_description": "Room 4",
  "rescheduled_booking_id": "BKNG-OLD000000001",
  "cancel_reschedule_url": "https://oncehub.com/m/BKNG-FULL00000001",
  "cancel_reschedule_information": {"reason": "Sick", "actioned_by": "customer", "user_id": ""},
  "attendees": ["ana@example.com", "bo@example.com"],
  "form_submission": {"name": "Bo Chen", "email": "bo@example.com", "phone": null, "mobile_phone": "+1 555 0100",
                      "note": "Line one\nLine \"two\"", "company": "", "guests": ["", "cy@example.com"],
                      "custom_fields": [{"name": "Seats", "value": 12}, {"name": "Tags", "value": ["a", "b"]},
                                        {"name": "Extra", "value": {"k": true}}, {"name": "None", "value": null},
                                        {"name": "Flag", "value": false}]},
  "booking_page": {"id": "BP-PAGE000001", "object": "booking_page", "name": "Ana ", "label": "ana",
                   "url": "https://go.oncehub.com/ana", "active": false, "timezone": "Europe/Lisbon"},
  "master_page": "MP-MASTER00001",
  "event_type": null,
  "conversation": {"id": "CVR-EMBED00001", "object": "conversation", "status": "closed",
                   "contact": {"id": "CTC-1", "object": "contact", "email": "bo@example.com", "employees": 250},
                   "owner": "", "bot": "BOT-1", "website": {"id": "WEB-1", "object": "website", "name": "Site", "url": "https://example.com"},
                   "audience": null},
  "external_calendar": {"type": "office_365", "name": "ana@example.com", "id": "cal-1", "event_id": "evt-9"},
  "ics_url": "https://oncehub.com/api/bookings/ics/1", "booking_calendar": "BKC-1",
  "cancel_url": "https://oncehub.com/m/BKNG-FULL00000001/cancel", "reschedule_url": "https://oncehub.com/m/BKNG-FULL00000001",
  "payment_information": {"amount_charged": 4999, "currency": "EUR", "transaction_id": "ch_123"},
  "custom_fields": [{"name": "discussion_points", "value": "Budget"}],
  "utm_params": {"source": "newsletter", "medium": "email", "campaign": null, "term": null, "content": "cta"},
  "contact": "CTC-262WER5NR9CG38"
})";

sys_time<milliseconds> utc(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms = 0) {
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms};
}

class Booking : public ::testing::Test {
 protected:
  const wh::booking& decode(std::string_view data, std::string_view type = "booking.canceled") {
    body_ = booking_delivery(type, data);
    auto result = parser_.parse(body_);
    EXPECT_TRUE(result) << result.error().to_string();
    if (!result) { throw std::runtime_error("rejected"); }
    event_ = *result;
    EXPECT_EQ(crosscheck::check(*event_, body_), "");
    return *event_->booking();
  }
  wh::parser parser_;
  std::string body_;
  std::optional<wh::event> event_;
};

TEST_F(Booking, DecodesEveryTopLevelField) {
  const wh::booking& b = decode(kFullBooking);
  EXPECT_TRUE(event_->findings().empty());
  EXPECT_EQ(b.object, "booking");
  EXPECT_EQ(b.id, "BKNG-FULL00000001");
  EXPECT_EQ(b.tracking_id, "T-0001");
  EXPECT_EQ(b.subject, "Quarterly review \xE2\x80\x94 Q3");
  EXPECT_EQ(b.status, wh::booking_status::canceled);
  EXPECT_EQ(b.in_trash, true);
  EXPECT_EQ(b.creation_time->time, utc(2025, 5, 30, 9, 15, 0, 123));
  EXPECT_EQ(b.starting_time->time, utc(2025, 6, 2, 12, 0, 0));  // +02:00 applied
  EXPECT_EQ(b.starting_time->text, "2025-06-02T14:00:00+02:00");
  EXPECT_EQ(b.customer_timezone, "Europe/Paris");
  EXPECT_EQ(b.last_updated_time->time, utc(2025, 6, 1, 7, 59, 59));
  EXPECT_EQ(b.duration_minutes, 45);
  EXPECT_EQ(b.location_description, "Room 4");
  EXPECT_EQ(b.rescheduled_booking_id, "BKNG-OLD000000001");
  EXPECT_EQ(b.cancel_reschedule_url, "https://oncehub.com/m/BKNG-FULL00000001");
  ASSERT_EQ(b.attendees->size(), 2u);
  EXPECT_EQ((*b.attendees)[1], "bo@example.com");
  EXPECT_EQ(b.ics_url, "https://oncehub.com/api/bookings/ics/1");
  EXPECT_EQ(b.booking_calendar, "BKC-1");
  EXPECT_EQ(b.cancel_url, "https://oncehub.com/m/BKNG-FULL00000001/cancel");
  EXPECT_EQ(b.reschedule_url, "https://oncehub.com/m/BKNG-FULL00000001");
  EXPECT_EQ(b.contact.id(), "CTC-262WER5NR9CG38");
  EXPECT_TRUE(b.contact.is_id());
}

TEST_F(Booking, DecodesNestedObjects) {
  const wh::booking& b = decode(kFullBooking);
  ASSERT_TRUE(b.owner.is_expanded());
  const wh::user& owner = *b.owner.object();
  EXPECT_EQ(owner.id, "USR-OWNER00001");
  EXPECT_EQ(owner.status, wh::user_status::invited);
  EXPECT_EQ(owner.role_name, wh::user_role::team_manager);
  EXPECT_EQ(owner.timezone, "America/Sao_Paulo");
  ASSERT_EQ(owner.teams->size(), 2u);
  EXPECT_EQ((*owner.teams)[0], "TM-1");

  EXPECT_EQ(b.virtual_conferencing->join_url, "https://meet.example.com/abc");
  EXPECT_EQ(b.cancel_reschedule_information->reason, "Sick");
  EXPECT_EQ(b.cancel_reschedule_information->actioned_by, wh::actor::customer);
  EXPECT_EQ(b.cancel_reschedule_information->user_id, "");

  const wh::form_submission& form = *b.form_submission;
  EXPECT_EQ(form.name, "Bo Chen");
  EXPECT_TRUE(form.phone.is_null());
  EXPECT_EQ(form.mobile_phone, "+1 555 0100");
  EXPECT_EQ(form.note, "Line one\nLine \"two\"");
  EXPECT_EQ(form.company, "");
  ASSERT_EQ(form.guests->size(), 2u);
  EXPECT_EQ((*form.guests)[0], "");
  ASSERT_EQ(form.custom_fields->size(), 5u);
  const auto& fields = *form.custom_fields;
  EXPECT_EQ(fields[0]->value.kind(), wh::json_kind::number);
  EXPECT_EQ(fields[0]->value.as_int64(), 12);
  EXPECT_EQ(fields[1]->value.kind(), wh::json_kind::array);
  EXPECT_EQ(fields[1]->value.raw_json(), R"(["a", "b"])");
  EXPECT_EQ(fields[2]->value.raw_json(), R"({"k": true})");
  EXPECT_TRUE(fields[3]->value.is_null());
  EXPECT_EQ(fields[4]->value.as_bool(), false);

  ASSERT_TRUE(b.booking_page.is_expanded());
  EXPECT_EQ(b.booking_page.object()->active, false);
  EXPECT_EQ(b.booking_page.object()->timezone, "Europe/Lisbon");
  EXPECT_TRUE(b.master_page.is_id());
  EXPECT_EQ(b.master_page.id(), "MP-MASTER00001");
  EXPECT_TRUE(b.event_type.is_null());
  EXPECT_EQ(b.event_type.object(), nullptr);

  EXPECT_EQ(b.external_calendar->type, wh::calendar_type::office_365);
  EXPECT_EQ(b.external_calendar->event_id, "evt-9");
  EXPECT_EQ(b.payment_information->amount_charged, 4999);
  EXPECT_EQ(b.payment_information->currency, "EUR");
  EXPECT_EQ(b.payment_information->transaction_id, "ch_123");
  ASSERT_EQ(b.custom_fields->size(), 1u);
  EXPECT_EQ((*b.custom_fields)[0]->value.as_string(), "Budget");
  EXPECT_EQ(b.utm_params->source, "newsletter");
  EXPECT_TRUE(b.utm_params->term.is_null());
  EXPECT_EQ(b.utm_params->content, "cta");
}

TEST_F(Booking, DecodesAnEmbeddedConversation) {
  const wh::booking& b = decode(kFullBooking);
  ASSERT_TRUE(b.conversation.is_expanded());
  const wh::conversation& c = *b.conversation.object();
  EXPECT_EQ(c.id, "CVR-EMBED00001");
  EXPECT_EQ(c.status, wh::conversation_status::closed);
  ASSERT_TRUE(c.contact.is_expanded());
  EXPECT_EQ(c.contact.object()->email, "bo@example.com");
  EXPECT_EQ(c.contact.object()->employees, 250);
  EXPECT_TRUE(c.owner.is_id());
  EXPECT_EQ(c.owner.id(), "");
  EXPECT_EQ(c.bot.id(), "BOT-1");
  EXPECT_EQ(c.website.object()->url, "https://example.com");
  EXPECT_TRUE(c.audience.is_null());
}

TEST_F(Booking, TellsAbsentNullAndEmptyApart) {
  const wh::booking& b = decode(R"({"subject":"","customer_timezone":null,"master_page":null})");
  EXPECT_TRUE(b.subject.has_value());
  EXPECT_EQ(b.subject, "");
  EXPECT_TRUE(b.customer_timezone.is_null());
  EXPECT_FALSE(b.customer_timezone.has_value());
  EXPECT_TRUE(b.location_description.is_absent());
  EXPECT_EQ(b.location_description.value_or("none"), "none");
  EXPECT_TRUE(b.master_page.is_null());
  EXPECT_TRUE(b.booking_page.is_absent());
  EXPECT_EQ(b.booking_page.id(), "");
}

TEST_F(Booking, KeepsUnknownEnumValuesRaw) {
  const wh::booking& b = decode(
      R"({"status":"archived","external_calendar":{"type":"outlook"},"cancel_reschedule_information":{"actioned_by":"system"}})");
  EXPECT_EQ(b.status->value(), wh::booking_status::unknown);
  EXPECT_EQ(b.status->raw(), "archived");
  EXPECT_FALSE(b.status->is_known());
  EXPECT_EQ(b.external_calendar->type->raw(), "outlook");
  EXPECT_EQ(b.cancel_reschedule_information->actioned_by->raw(), "system");
  EXPECT_TRUE(event_->findings().empty());
}

TEST_F(Booking, AcceptsCancelRescheduleInformationAsNullOrArray) {
  EXPECT_TRUE(decode(R"({"cancel_reschedule_information":null})").cancel_reschedule_information.is_null());
  const wh::booking& b =
      decode(R"({"cancel_reschedule_information":[{"reason":"Moved","actioned_by":"user","user_id":"USR-9"}]})");
  ASSERT_TRUE(b.cancel_reschedule_information);
  EXPECT_TRUE(b.cancel_reschedule_information->from_array);
  EXPECT_EQ(b.cancel_reschedule_information->reason, "Moved");
  EXPECT_EQ(b.cancel_reschedule_information->user_id, "USR-9");
  EXPECT_TRUE(event_->findings().empty());
  // An empty array sent no object: no value, and no invented `{}`.
  const wh::booking& empty = decode(R"({"cancel_reschedule_information":[]})");
  EXPECT_TRUE(empty.cancel_reschedule_information.is_absent());
  EXPECT_FALSE(empty.cancel_reschedule_information);
  EXPECT_TRUE(event_->findings().empty());
}

// Issue 12, item 2: the inputs that invented `[{}]` or dropped an element. The whole kind
// is in shape_matrix_test.cpp.
TEST_F(Booking, CancelRescheduleInformationArraysNeverInventOrDropAnElement) {
  const wh::booking& scalar = decode(R"({"cancel_reschedule_information":["x"]})");
  EXPECT_TRUE(scalar.cancel_reschedule_information.is_invalid());
  EXPECT_EQ(scalar.cancel_reschedule_information.issue(), wh::field_issue::wrong_type);
  ASSERT_EQ(event_->findings().size(), 1u);
  EXPECT_EQ(event_->findings()[0].path(), "data.cancel_reschedule_information[0]");
  EXPECT_EQ(event_->findings()[0].raw_json(), R"("x")");

  const wh::booking& two = decode(R"({"cancel_reschedule_information":[{"reason":"a"},{"reason":"b"}]})");
  EXPECT_EQ(two.cancel_reschedule_information->reason, "a");
  ASSERT_EQ(event_->findings().size(), 1u);
  EXPECT_EQ(event_->findings()[0].path(), "data.cancel_reschedule_information[1]");
  EXPECT_EQ(event_->findings()[0].issue(), wh::field_issue::extra_element);
  EXPECT_EQ(event_->findings()[0].raw_json(), R"({"reason":"b"})");

  // A wrong-typed member behaves as in the object form, at the element's path.
  const wh::booking& member = decode(R"({"cancel_reschedule_information":[{"reason":5}]})");
  EXPECT_TRUE(member.cancel_reschedule_information->reason.is_invalid());
  ASSERT_EQ(event_->findings().size(), 1u);
  EXPECT_EQ(event_->findings()[0].path(), "data.cancel_reschedule_information[0].reason");
  EXPECT_EQ(event_->findings()[0].raw_json(), "5");
}

TEST_F(Booking, IgnoresUnknownKeysAtEveryLevel) {
  const wh::booking& b = decode(
      R"({"new_field":{"deep":[1,{"x":null}]},"subject":"S","owner":{"id":"USR-1","pronouns":"they"},"form_submission":{"x":[],"name":"N"}})");
  EXPECT_EQ(b.subject, "S");
  EXPECT_EQ(b.owner.id(), "USR-1");
  EXPECT_EQ(b.form_submission->name, "N");
  EXPECT_TRUE(event_->findings().empty());
}

TEST_F(Booking, DecodesStringsWithEveryKindOfEscape) {
  const wh::booking& b =
      decode(R"({"subject":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t","location_description":"日本語 émoji 😀"})");
  EXPECT_EQ(b.subject, "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \\ / \b\f\n\r\t");
  EXPECT_EQ(b.location_description, "日本語 émoji 😀");
}

TEST_F(Booking, DecodesV1Deliveries) {
  const wh::booking& b = decode(R"({
    "object":"booking","tracking_id":"D36E0002","status":"No-Show","owner":"Andrea Hartie","package_id":"PKG-1",
    "virtual_or_physical_location":"Zoom","customer_time_zone_description":"(GMT+1) Paris",
    "cancel_reschedule_link":"https://go.oncehub.com/x","canceled_booking_tracking_id":"D36E0001",
    "cancel_reschedule_reason":"Conflict","name_of_user_who_canceled_rescheduled":"Andrea",
    "name_of_customer_who_canceled_rescheduled":null,
    "master_page":{"name":"M","label":"m","link":"https://go.oncehub.com/m"},
    "event_type":{"name":"Demo","description":"","category":"Sales"},
    "external_calendar":{"type":"iCloud","name":"","id":"","event_id":""}})",
                                "booking.no_show");
  EXPECT_EQ(b.status, wh::booking_status::no_show);
  EXPECT_EQ(b.status->raw(), "No-Show");
  EXPECT_EQ(b.owner.id(), "Andrea Hartie");
  EXPECT_EQ(b.package_id, "PKG-1");
  EXPECT_EQ(b.virtual_or_physical_location, "Zoom");
  EXPECT_EQ(b.customer_time_zone_description, "(GMT+1) Paris");
  EXPECT_EQ(b.cancel_reschedule_link, "https://go.oncehub.com/x");
  EXPECT_EQ(b.canceled_booking_tracking_id, "D36E0001");
  EXPECT_EQ(b.cancel_reschedule_reason, "Conflict");
  EXPECT_EQ(b.name_of_user_who_canceled_rescheduled, "Andrea");
  EXPECT_TRUE(b.name_of_customer_who_canceled_rescheduled.is_null());
  EXPECT_EQ(b.master_page.object()->link, "https://go.oncehub.com/m");
  EXPECT_EQ(b.event_type.object()->category, "Sales");
  EXPECT_EQ(b.external_calendar->type, wh::calendar_type::icloud);
}

TEST_F(Booking, RecognisesRedactedObjects) {
  const wh::booking& b = decode(R"({"booking_page":{"id":"BP-GONE","object":"booking_page","deleted":true}})");
  ASSERT_TRUE(b.booking_page.is_expanded());
  EXPECT_EQ(b.booking_page.object()->deleted, true);
  EXPECT_TRUE(b.booking_page.object()->name.is_absent());
}

}  // namespace
