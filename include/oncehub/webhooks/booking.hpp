// SPDX-License-Identifier: MIT
/// @file
/// The booking payload (`data` of every `booking.*` event), SPEC section 3, as zero-copy
/// views: all 30 documented top-level fields, their nested objects, the REST-only fields
/// that appear in published samples, and the v1-only fields of SPEC 8.2.
#ifndef ONCEHUB_WEBHOOKS_BOOKING_HPP
#define ONCEHUB_WEBHOOKS_BOOKING_HPP

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

#include "oncehub/webhooks/conversation.hpp"
#include "oncehub/webhooks/fields.hpp"
#include "oncehub/webhooks/objects.hpp"

namespace oncehub::webhooks::inline v0 {

/// A booking's status. v2 sends lower snake case; v1 sent capitalised words
/// (`"No-Show"`), which map to the same values (`raw()` keeps the spelling).
enum class booking_status : std::uint8_t { unknown, requested, scheduled, rescheduled, completed, canceled, no_show };
template <>
inline constexpr std::array<std::pair<std::string_view, booking_status>, 12> enum_names<booking_status>{{
    {"requested", booking_status::requested},
    {"scheduled", booking_status::scheduled},
    {"rescheduled", booking_status::rescheduled},
    {"completed", booking_status::completed},
    {"canceled", booking_status::canceled},
    {"no_show", booking_status::no_show},
    {"Requested", booking_status::requested},
    {"Scheduled", booking_status::scheduled},
    {"Rescheduled", booking_status::rescheduled},
    {"Completed", booking_status::completed},
    {"Canceled", booking_status::canceled},
    {"No-Show", booking_status::no_show},
}};

/// The external calendar a booking was written to. `none` occurs in real deliveries; v1
/// spellings (`"Google"`, `"Office_365"`, `"iCloud"`) map to the same values.
enum class calendar_type : std::uint8_t { unknown, none, google, exchange, office_365, icloud };
template <>
inline constexpr std::array<std::pair<std::string_view, calendar_type>, 9> enum_names<calendar_type>{{
    {"none", calendar_type::none},
    {"google", calendar_type::google},
    {"exchange", calendar_type::exchange},
    {"office_365", calendar_type::office_365},
    {"icloud", calendar_type::icloud},
    {"Google", calendar_type::google},
    {"Exchange", calendar_type::exchange},
    {"Office_365", calendar_type::office_365},
    {"iCloud", calendar_type::icloud},
}};

/// Who canceled or rescheduled (`cancel_reschedule_information.actioned_by`); `""` occurs.
enum class actor : std::uint8_t { unknown, user, customer };
template <>
inline constexpr std::array<std::pair<std::string_view, actor>, 2> enum_names<actor>{{
    {"user", actor::user},
    {"customer", actor::customer},
}};

/// An expanded booking page (`BP-...`). v2 fields, then the v1 shape of SPEC 8.2.
struct booking_page {
  field<std::string_view> object;                 ///< `"booking_page"`
  field<std::string_view> id;                     ///< `BP-...`
  field<std::string_view> name;                   ///< customer-facing name (trailing spaces occur)
  field<std::string_view> label;                  ///< internal label
  field<std::string_view> url;                    ///< public URL
  field<bool> active;                             ///< whether the page is active
  field<std::string_view> timezone;               ///< IANA time zone
  field<bool> deleted;                            ///< `true` on a redacted (deleted) object
  field<std::string_view> public_name;            ///< v1: customer-facing name
  field<std::string_view> internal_label;         ///< v1: internal label
  field<std::string_view> link;                   ///< v1: public URL
  field<std::string_view> category;               ///< v1: category
  field<std::string_view> time_zone_description;  ///< v1: e.g. `"(GMT-5) United States; Eastern time"`
};

/// An expanded master page (`MP-...`).
struct master_page {
  field<std::string_view> object;  ///< `"master_page"`
  field<std::string_view> id;      ///< `MP-...`
  field<std::string_view> name;    ///< customer-facing name
  field<std::string_view> label;   ///< internal label
  field<std::string_view> url;     ///< public URL
  field<bool> active;              ///< whether the page is active
  field<bool> deleted;             ///< `true` on a redacted (deleted) object
  field<std::string_view> link;    ///< v1: public URL
};

/// An expanded OnceHub *event type* (`ET-...`): the kind of meeting booked. Not to be
/// confused with `webhooks::event_type`, the kind of webhook event.
struct event_type_object {
  field<std::string_view> object;       ///< `"event_type"`
  field<std::string_view> id;           ///< `ET-...`
  field<std::string_view> name;         ///< e.g. `"15-minute meeting"`
  field<std::string_view> description;  ///< description (`""` occurs)
  field<bool> deleted;                  ///< `true` on a redacted (deleted) object
  field<std::string_view> category;     ///< v1: category
};

/// `virtual_conferencing`: where to join an online meeting.
struct virtual_conferencing {
  field<std::string_view> join_url;  ///< join URL; `""` when the meeting is not virtual
};

/// `cancel_reschedule_information`: why and by whom a booking was canceled or rescheduled.
/// Arrives as an object, `null`, or (seen in third-party code, SPEC 3.2 #17) an array,
/// which sets `from_array`: `[]` reads as absent (no object was sent); `[{...}]` is
/// decoded exactly like the object, with findings at `...information[0].member`; a first
/// element that is not an object makes the field invalid (a `wrong_type` finding at
/// `[0]`); each element after the first is an `extra_element` finding at its index.
struct cancel_reschedule_information {
  field<std::string_view> reason;       ///< the reason given; `""` when none
  field<open_enum<actor>> actioned_by;  ///< `user` or `customer`; `""` occurs
  field<std::string_view> user_id;      ///< `USR-...` when a user acted; `""` otherwise
  bool from_array = false;              ///< the payload sent an array, not an object (`[]` included)
};

/// `form_submission`: the customer's answers on the booking form.
struct form_submission {
  field<std::string_view> name;                    ///< customer name
  field<std::string_view> email;                   ///< customer email
  field<std::string_view> phone;                   ///< phone (`null` and `""` occur)
  field<std::string_view> mobile_phone;            ///< free-form mobile number
  field<std::string_view> note;                    ///< the customer's note
  field<std::string_view> company;                 ///< company (`null` and `""` occur)
  field<list<string_field>> guests;                ///< invited guests' emails (may contain `""`)
  field<list<field<custom_field>>> custom_fields;  ///< booking-form custom fields
};

/// `external_calendar`: the calendar event OnceHub created.
struct external_calendar {
  field<open_enum<calendar_type>> type;  ///< `google`, `exchange`, `office_365`, `icloud`, `none`
  field<std::string_view> name;          ///< calendar name, e.g. an email; `""` when none
  field<std::string_view> id;            ///< calendar ID; `""` when none
  field<std::string_view> event_id;      ///< event ID in that calendar; `""` when none
};

/// `payment_information`: a Stripe payment (Booking Calendars).
struct payment_information {
  field<std::int64_t> amount_charged;      ///< in the currency's smallest unit (cents)
  field<std::string_view> currency;        ///< ISO 4217 code, e.g. `"USD"`
  field<std::string_view> transaction_id;  ///< Stripe charge ID `ch_...`
};

/// `utm_params` (REST responses and published samples; not documented for webhooks).
struct utm_params {
  field<std::string_view> source;    ///< utm_source
  field<std::string_view> medium;    ///< utm_medium
  field<std::string_view> campaign;  ///< utm_campaign
  field<std::string_view> term;      ///< utm_term
  field<std::string_view> content;   ///< utm_content
};

/// A booking (`BKNG-...`), SPEC 3.2: `data` of every `booking.*` event.
///
/// Every member may be absent, `null`, `""` or invalid; see `field`, `ref`, `open_enum`.
struct booking {
  field<std::string_view> object;                              ///< 1. `"booking"`
  field<std::string_view> id;                                  ///< 2. `BKNG-...` (absent in v1)
  field<std::string_view> tracking_id;                         ///< 3. tracking ID (any format)
  field<std::string_view> subject;                             ///< 4. subject / service name
  field<open_enum<booking_status>> status;                     ///< 5. `scheduled`, `canceled`, ...
  field<bool> in_trash;                                        ///< 6. in the activity-stream trash
  field<timestamp> creation_time;                              ///< 7. when the booking was created
  field<timestamp> starting_time;                              ///< 8. meeting start (UTC)
  field<std::string_view> customer_timezone;                   ///< 9. IANA time zone
  field<timestamp> last_updated_time;                          ///< 10. last update
  ref<user> owner;                                             ///< 11. `USR-...` or expanded (v1: a name)
  field<std::int64_t> duration_minutes;                        ///< 12. meeting length
  field<webhooks::virtual_conferencing> virtual_conferencing;  ///< 13. join URL
  field<std::string_view> location_description;                ///< 14. physical location
  field<std::string_view> rescheduled_booking_id;              ///< 15. the booking this one replaced
  field<std::string_view> cancel_reschedule_url;               ///< 16. cancel/reschedule link
  field<webhooks::cancel_reschedule_information> cancel_reschedule_information;  ///< 17. who and why
  field<list<string_field>> attendees;                                           ///< 18. all attendees' emails
  field<webhooks::form_submission> form_submission;                              ///< 19. booking-form answers
  ref<webhooks::booking_page> booking_page;                                      ///< 20. `BP-...` or expanded
  ref<webhooks::master_page> master_page;                                        ///< 21. `MP-...`, expanded or null
  ref<event_type_object> event_type;                                             ///< 22. `ET-...`, expanded or null
  ref<webhooks::conversation> conversation;                                      ///< 23. chatbot conversation, or null
  field<webhooks::external_calendar> external_calendar;                          ///< 24. calendar event
  field<std::string_view> ics_url;                                    ///< 25. .ics download (Booking Calendars)
  field<std::string_view> booking_calendar;                           ///< 26. `BKC-...` (Booking Calendars)
  field<std::string_view> cancel_url;                                 ///< 27. cancel link (Booking Calendars)
  field<std::string_view> reschedule_url;                             ///< 28. reschedule link (Booking Calendars)
  field<webhooks::payment_information> payment_information;           ///< 29. Stripe payment, or null
  field<list<field<custom_field>>> custom_fields;                     ///< 30. field-library custom fields
  field<webhooks::utm_params> utm_params;                             ///< REST only: UTM parameters
  ref<webhooks::contact> contact;                                     ///< REST only: `CTC-...` or expanded
  field<std::string_view> package_id;                                 ///< v1: session package
  field<std::string_view> virtual_or_physical_location;               ///< v1: location
  field<std::string_view> customer_time_zone_description;             ///< v1: time zone description
  field<std::string_view> cancel_reschedule_link;                     ///< v1: cancel/reschedule link
  field<std::string_view> canceled_booking_tracking_id;               ///< v1: tracking ID of the canceled booking
  field<std::string_view> cancel_reschedule_reason;                   ///< v1: reason
  field<std::string_view> name_of_user_who_canceled_rescheduled;      ///< v1: the user who acted
  field<std::string_view> name_of_customer_who_canceled_rescheduled;  ///< v1: the customer who acted
};

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_BOOKING_HPP
