// SPDX-License-Identifier: MIT
/// @file
/// The wire vocabulary of SPEC.md written out by hand, for the tests and fuzzers that
/// must not take it from the library: the event type strings (SPEC 5.1, 5.2), every
/// open enum's names (SPEC 3.2, 3.3, 3.4.1, 4.1, 4.3 and the v1 spellings of 8.2) and
/// every object's keys (SPEC 3.2-3.4, 4.1-4.3, the v1 keys of 8.2, the `deleted` of
/// redacted objects in 3.4.2). The library has its own copies (`detail::event_table`,
/// `enum_names<E>`, `detail::schema<T>`); a test that compared the library with those
/// would prove nothing, so `dom_crosscheck.hpp` and `fuzz_event_type` compare with these.
///
/// A change to the wire vocabulary is made in both places, on purpose: the second copy is
/// the check on the first.
#ifndef ONCEHUB_WEBHOOKS_TESTS_SPEC_TABLES_HPP
#define ONCEHUB_WEBHOOKS_TESTS_SPEC_TABLES_HPP

#include <array>
#include <cstddef>
#include <oncehub/webhooks.hpp>
#include <optional>
#include <string_view>
#include <utility>

namespace spec {

namespace wh = oncehub::webhooks;

/// SPEC 5.1: the values of an envelope's `type`, with the family of their `data`.
struct event_row {
  std::string_view name;
  wh::event_type type;
  wh::event_family family;
};
inline constexpr std::array<event_row, 12> event_types{{
    {"booking.scheduled", wh::event_type::booking_scheduled, wh::event_family::booking},
    {"booking.rescheduled", wh::event_type::booking_rescheduled, wh::event_family::booking},
    {"booking.canceled_then_rescheduled", wh::event_type::booking_canceled_then_rescheduled, wh::event_family::booking},
    {"booking.canceled_reschedule_requested", wh::event_type::booking_canceled_reschedule_requested,
     wh::event_family::booking},
    {"booking.canceled", wh::event_type::booking_canceled, wh::event_family::booking},
    {"booking.completed", wh::event_type::booking_completed, wh::event_family::booking},
    {"booking.no_show", wh::event_type::booking_no_show, wh::event_family::booking},
    {"booking.reassigned", wh::event_type::booking_reassigned, wh::event_family::booking},
    {"conversation.started", wh::event_type::conversation_started, wh::event_family::conversation},
    {"conversation.closed", wh::event_type::conversation_closed, wh::event_family::conversation},
    {"conversation.abandoned", wh::event_type::conversation_abandoned, wh::event_family::conversation},
    {"conversation.reached_out", wh::event_type::conversation_reached_out, wh::event_family::conversation},
}};

/// SPEC 5.2: the composite subscription values (never an envelope's `type`).
inline constexpr std::array<std::pair<std::string_view, wh::event_family>, 2> composites{{
    {"booking", wh::event_family::booking},
    {"conversation", wh::event_family::conversation},
}};

/// The row of SPEC 5.1 whose name is `name` exactly (case and all), if any.
constexpr const event_row* find_event(std::string_view name) {
  for (const event_row& row : event_types) {
    if (row.name == name) { return &row; }
  }
  return nullptr;
}
/// The event type of `name`: `unknown` for anything not in SPEC 5.1.
constexpr wh::event_type event_type_of(std::string_view name) {
  const event_row* row = find_event(name);
  return row ? row->type : wh::event_type::unknown;
}
/// The composite of SPEC 5.2 whose name is `name` exactly, if any.
constexpr std::optional<wh::event_family> find_composite(std::string_view name) {
  for (const auto& [text, family] : composites) {
    if (text == name) { return family; }
  }
  return std::nullopt;
}

/// Every open enum's wire names (v2, then the v1 spellings of SPEC 8.2), as `names<E>`.
template <class E>
inline constexpr std::array<std::pair<std::string_view, E>, 0> names{};

// SPEC 3.2 #5 (v2 lower snake case; v1 capitalised, `No-Show`).
template <>
inline constexpr std::array<std::pair<std::string_view, wh::booking_status>, 12> names<wh::booking_status>{{
    {"requested", wh::booking_status::requested},
    {"scheduled", wh::booking_status::scheduled},
    {"rescheduled", wh::booking_status::rescheduled},
    {"completed", wh::booking_status::completed},
    {"canceled", wh::booking_status::canceled},
    {"no_show", wh::booking_status::no_show},
    {"Requested", wh::booking_status::requested},
    {"Scheduled", wh::booking_status::scheduled},
    {"Rescheduled", wh::booking_status::rescheduled},
    {"Completed", wh::booking_status::completed},
    {"Canceled", wh::booking_status::canceled},
    {"No-Show", wh::booking_status::no_show},
}};
// SPEC 3.3 `external_calendar.type` (`none` seen; v1 `Google`, `Exchange`, `Office_365`, `iCloud`).
template <>
inline constexpr std::array<std::pair<std::string_view, wh::calendar_type>, 9> names<wh::calendar_type>{{
    {"google", wh::calendar_type::google},
    {"exchange", wh::calendar_type::exchange},
    {"office_365", wh::calendar_type::office_365},
    {"icloud", wh::calendar_type::icloud},
    {"none", wh::calendar_type::none},
    {"Google", wh::calendar_type::google},
    {"Exchange", wh::calendar_type::exchange},
    {"Office_365", wh::calendar_type::office_365},
    {"iCloud", wh::calendar_type::icloud},
}};
// SPEC 3.3 `cancel_reschedule_information.actioned_by`.
template <>
inline constexpr std::array<std::pair<std::string_view, wh::actor>, 2> names<wh::actor>{{
    {"user", wh::actor::user},
    {"customer", wh::actor::customer},
}};
// SPEC 3.4.1 `status` and `role_name`.
template <>
inline constexpr std::array<std::pair<std::string_view, wh::user_status>, 2> names<wh::user_status>{{
    {"active", wh::user_status::active},
    {"invited", wh::user_status::invited},
}};
template <>
inline constexpr std::array<std::pair<std::string_view, wh::user_role>, 4> names<wh::user_role>{{
    {"Account Owner", wh::user_role::account_owner},
    {"Administrator", wh::user_role::administrator},
    {"Member", wh::user_role::member},
    {"Team Manager", wh::user_role::team_manager},
}};
// SPEC 4.1 #4 `initiated_by` and #9 `status` (`finished` is seen but not documented:
// unknown, raw string kept).
template <>
inline constexpr std::array<std::pair<std::string_view, wh::initiator>, 2> names<wh::initiator>{{
    {"bot", wh::initiator::bot},
    {"contact", wh::initiator::contact},
}};
template <>
inline constexpr std::array<std::pair<std::string_view, wh::conversation_status>, 3> names<wh::conversation_status>{{
    {"started", wh::conversation_status::started},
    {"closed", wh::conversation_status::closed},
    {"abandoned", wh::conversation_status::abandoned},
}};
// SPEC 4.3 contact `status`.
template <>
inline constexpr std::array<std::pair<std::string_view, wh::contact_status>, 4> names<wh::contact_status>{{
    {"Qualified", wh::contact_status::qualified},
    {"Sales qualified", wh::contact_status::sales_qualified},
    {"Marketing qualified", wh::contact_status::marketing_qualified},
    {"Disqualified", wh::contact_status::disqualified},
}};

/// Whether this file writes out the names of `E` (every enum a payload carries).
template <class E>
inline constexpr bool has_names = names<E>.size() > 0;

/// The value SPEC gives `text`: `E::unknown` for any string it does not list.
template <class E>
constexpr E enum_value(std::string_view text) {
  static_assert(has_names<E>, "spec_tables.hpp does not list this enum's wire names: add them");
  for (const auto& [name, value] : names<E>) {
    if (name == text) { return value; }
  }
  return E::unknown;
}

/// Every key of each object, as SPEC lists it (order irrelevant), as `keys<T>`.
template <class T>
inline constexpr std::array<std::string_view, 0> keys{};

// SPEC 3.4.1, plus `deleted` (redacted objects, 3.4.2).
template <>
inline constexpr std::array<std::string_view, 10> keys<wh::user>{
    "object", "id", "first_name", "last_name", "email", "status", "role_name", "timezone", "teams", "deleted"};
// SPEC 3.3 `custom_fields[]` and 4.3.
template <>
inline constexpr std::array<std::string_view, 2> keys<wh::custom_field>{"name", "value"};
// SPEC 4.3, plus `deleted`.
template <>
inline constexpr std::array<std::string_view, 27> keys<wh::contact>{"object",
                                                                    "id",
                                                                    "creation_time",
                                                                    "last_updated_time",
                                                                    "last_interacted_time",
                                                                    "owner",
                                                                    "status",
                                                                    "city",
                                                                    "company_size",
                                                                    "company",
                                                                    "country",
                                                                    "email",
                                                                    "employees",
                                                                    "first_name",
                                                                    "has_consent",
                                                                    "job_title",
                                                                    "last_name",
                                                                    "mobile_phone",
                                                                    "phone",
                                                                    "post_code",
                                                                    "salutation",
                                                                    "state",
                                                                    "street_address",
                                                                    "terms_of_sevice",
                                                                    "timezone",
                                                                    "custom_fields",
                                                                    "deleted"};
// SPEC 4.1 #10-12 (bot, website, audience as expanded), plus `deleted`.
template <>
inline constexpr std::array<std::string_view, 4> keys<wh::bot>{"object", "id", "name", "deleted"};
template <>
inline constexpr std::array<std::string_view, 5> keys<wh::website>{"object", "id", "name", "url", "deleted"};
template <>
inline constexpr std::array<std::string_view, 4> keys<wh::audience>{"object", "id", "name", "deleted"};
// SPEC 4.2.
template <>
inline constexpr std::array<std::string_view, 4> keys<wh::answer>{"id", "internal_label", "question", "value"};
// SPEC 4.1 #1-14, plus `deleted`.
template <>
inline constexpr std::array<std::string_view, 15> keys<wh::conversation>{
    "id",      "object",   "creation_time", "initiated_by", "last_updated_time", "last_interacted_time",
    "contact", "owner",    "status",        "bot",          "website",           "audience",
    "answers", "bookings", "deleted"};
// SPEC 3.4.2 (v2), 8.2 (v1: public_name, internal_label, link, category,
// time_zone_description), plus `deleted`.
template <>
inline constexpr std::array<std::string_view, 13> keys<wh::booking_page>{"object",
                                                                         "id",
                                                                         "name",
                                                                         "label",
                                                                         "url",
                                                                         "active",
                                                                         "timezone",
                                                                         "deleted",
                                                                         "public_name",
                                                                         "internal_label",
                                                                         "link",
                                                                         "category",
                                                                         "time_zone_description"};
// SPEC 3.4.3 (v2), 8.2 (v1 adds `link`), plus `deleted`.
template <>
inline constexpr std::array<std::string_view, 8> keys<wh::master_page>{"object", "id",     "name",    "label",
                                                                       "url",    "active", "deleted", "link"};
// SPEC 3.4.4 (v2), 8.2 (v1 adds `category`), plus `deleted`.
template <>
inline constexpr std::array<std::string_view, 6> keys<wh::event_type_object>{"object",      "id",      "name",
                                                                             "description", "deleted", "category"};
// SPEC 3.3.
template <>
inline constexpr std::array<std::string_view, 1> keys<wh::virtual_conferencing>{"join_url"};
template <>
inline constexpr std::array<std::string_view, 3> keys<wh::cancel_reschedule_information>{"reason", "actioned_by",
                                                                                         "user_id"};
template <>
inline constexpr std::array<std::string_view, 8> keys<wh::form_submission>{
    "name", "email", "phone", "mobile_phone", "note", "company", "guests", "custom_fields"};
template <>
inline constexpr std::array<std::string_view, 4> keys<wh::external_calendar>{"type", "name", "id", "event_id"};
template <>
inline constexpr std::array<std::string_view, 3> keys<wh::payment_information>{"amount_charged", "currency",
                                                                               "transaction_id"};
template <>
inline constexpr std::array<std::string_view, 5> keys<wh::utm_params>{"source", "medium", "campaign", "term",
                                                                      "content"};
// SPEC 3.2 #1-30, `utm_params` and `contact` (REST only, still read), and the v1 keys
// of 3.2/8.2.
template <>
inline constexpr std::array<std::string_view, 40> keys<wh::booking>{
    "object",
    "id",
    "tracking_id",
    "subject",
    "status",
    "in_trash",
    "creation_time",
    "starting_time",
    "customer_timezone",
    "last_updated_time",
    "owner",
    "duration_minutes",
    "virtual_conferencing",
    "location_description",
    "rescheduled_booking_id",
    "cancel_reschedule_url",
    "cancel_reschedule_information",
    "attendees",
    "form_submission",
    "booking_page",
    "master_page",
    "event_type",
    "conversation",
    "external_calendar",
    "ics_url",
    "booking_calendar",
    "cancel_url",
    "reschedule_url",
    "payment_information",
    "custom_fields",
    "utm_params",
    "contact",
    "package_id",
    "virtual_or_physical_location",
    "customer_time_zone_description",
    "cancel_reschedule_link",
    "canceled_booking_tracking_id",
    "cancel_reschedule_reason",
    "name_of_user_who_canceled_rescheduled",
    "name_of_customer_who_canceled_rescheduled",
};

/// Whether `key` is one of the keys SPEC lists for `T`.
template <class T>
constexpr bool is_key(std::string_view key) {
  for (std::string_view k : keys<T>) {
    if (k == key) { return true; }
  }
  return false;
}

}  // namespace spec

#endif  // ONCEHUB_WEBHOOKS_TESTS_SPEC_TABLES_HPP
