// SPDX-License-Identifier: MIT
/// @file
/// The payload schema as data: for every view struct, the list of its members with their
/// wire names. One table per struct drives decoding (key lookup), `inspect` output, owning
/// copies, the fuzz dictionary and the tests, so a field is added in exactly one place.
///
/// Each wire name is the C++ member name, stringified by the macro, so the two cannot drift.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_SCHEMA_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_SCHEMA_HPP

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "oncehub/webhooks/booking.hpp"
#include "oncehub/webhooks/conversation.hpp"
#include "oncehub/webhooks/detail/key_table.hpp"
#include "oncehub/webhooks/objects.hpp"

namespace oncehub::webhooks::inline v0::detail {

/// One member of a view struct: its wire name and a pointer to it.
template <class Owner, class Member>
struct member {
  using owner_type = Owner;
  using member_type = Member;
  std::string_view name;
  Member Owner::*pointer;
};

/// `schema<T>::members` is a tuple of `member`s; undefined for types without a schema.
template <class T>
struct schema;

template <class T>
concept has_schema = requires {
  schema<T>::members;
};

#define ONCEHUB_WEBHOOKS_MEMBER(type, name) \
  member<type, decltype(type::name)> { #name, &type::name }

template <>
struct schema<user> {
  // The `object` value this object must carry (a contradiction is a finding).
  static constexpr std::string_view discriminator = "\"user\"";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(user, object),     ONCEHUB_WEBHOOKS_MEMBER(user, id),
      ONCEHUB_WEBHOOKS_MEMBER(user, first_name), ONCEHUB_WEBHOOKS_MEMBER(user, last_name),
      ONCEHUB_WEBHOOKS_MEMBER(user, email),      ONCEHUB_WEBHOOKS_MEMBER(user, status),
      ONCEHUB_WEBHOOKS_MEMBER(user, role_name),  ONCEHUB_WEBHOOKS_MEMBER(user, timezone),
      ONCEHUB_WEBHOOKS_MEMBER(user, teams),      ONCEHUB_WEBHOOKS_MEMBER(user, deleted),
  };
};

template <>
struct schema<custom_field> {
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(custom_field, name),
      ONCEHUB_WEBHOOKS_MEMBER(custom_field, value),
  };
};

template <>
struct schema<contact> {
  // The `object` value this object must carry (a contradiction is a finding).
  static constexpr std::string_view discriminator = "\"contact\"";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(contact, object),
      ONCEHUB_WEBHOOKS_MEMBER(contact, id),
      ONCEHUB_WEBHOOKS_MEMBER(contact, creation_time),
      ONCEHUB_WEBHOOKS_MEMBER(contact, last_updated_time),
      ONCEHUB_WEBHOOKS_MEMBER(contact, last_interacted_time),
      ONCEHUB_WEBHOOKS_MEMBER(contact, owner),
      ONCEHUB_WEBHOOKS_MEMBER(contact, status),
      ONCEHUB_WEBHOOKS_MEMBER(contact, city),
      ONCEHUB_WEBHOOKS_MEMBER(contact, company_size),
      ONCEHUB_WEBHOOKS_MEMBER(contact, company),
      ONCEHUB_WEBHOOKS_MEMBER(contact, country),
      ONCEHUB_WEBHOOKS_MEMBER(contact, email),
      ONCEHUB_WEBHOOKS_MEMBER(contact, employees),
      ONCEHUB_WEBHOOKS_MEMBER(contact, first_name),
      ONCEHUB_WEBHOOKS_MEMBER(contact, has_consent),
      ONCEHUB_WEBHOOKS_MEMBER(contact, job_title),
      ONCEHUB_WEBHOOKS_MEMBER(contact, last_name),
      ONCEHUB_WEBHOOKS_MEMBER(contact, mobile_phone),
      ONCEHUB_WEBHOOKS_MEMBER(contact, phone),
      ONCEHUB_WEBHOOKS_MEMBER(contact, post_code),
      ONCEHUB_WEBHOOKS_MEMBER(contact, salutation),
      ONCEHUB_WEBHOOKS_MEMBER(contact, state),
      ONCEHUB_WEBHOOKS_MEMBER(contact, street_address),
      ONCEHUB_WEBHOOKS_MEMBER(contact, terms_of_sevice),
      ONCEHUB_WEBHOOKS_MEMBER(contact, timezone),
      ONCEHUB_WEBHOOKS_MEMBER(contact, custom_fields),
      ONCEHUB_WEBHOOKS_MEMBER(contact, deleted),
  };
};

template <>
struct schema<bot> {
  // The `object` value this object must carry (a contradiction is a finding).
  static constexpr std::string_view discriminator = "\"bot\"";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(bot, object),
      ONCEHUB_WEBHOOKS_MEMBER(bot, id),
      ONCEHUB_WEBHOOKS_MEMBER(bot, name),
      ONCEHUB_WEBHOOKS_MEMBER(bot, deleted),
  };
};

template <>
struct schema<website> {
  // The `object` value this object must carry (a contradiction is a finding).
  static constexpr std::string_view discriminator = "\"website\"";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(website, object),  ONCEHUB_WEBHOOKS_MEMBER(website, id),
      ONCEHUB_WEBHOOKS_MEMBER(website, name),    ONCEHUB_WEBHOOKS_MEMBER(website, url),
      ONCEHUB_WEBHOOKS_MEMBER(website, deleted),
  };
};

template <>
struct schema<audience> {
  // The `object` value this object must carry (a contradiction is a finding).
  static constexpr std::string_view discriminator = "\"audience\"";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(audience, object),
      ONCEHUB_WEBHOOKS_MEMBER(audience, id),
      ONCEHUB_WEBHOOKS_MEMBER(audience, name),
      ONCEHUB_WEBHOOKS_MEMBER(audience, deleted),
  };
};

template <>
struct schema<answer> {
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(answer, id),
      ONCEHUB_WEBHOOKS_MEMBER(answer, internal_label),
      ONCEHUB_WEBHOOKS_MEMBER(answer, question),
      ONCEHUB_WEBHOOKS_MEMBER(answer, value),
  };
};

template <>
struct schema<conversation> {
  // The `object` value this object must carry (a contradiction is a finding).
  static constexpr std::string_view discriminator = "\"conversation\"";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(conversation, id),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, object),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, creation_time),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, initiated_by),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, last_updated_time),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, last_interacted_time),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, contact),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, owner),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, status),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, bot),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, website),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, audience),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, answers),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, bookings),
      ONCEHUB_WEBHOOKS_MEMBER(conversation, deleted),
  };
};

template <>
struct schema<booking_page> {
  // The `object` value this object must carry (a contradiction is a finding).
  static constexpr std::string_view discriminator = "\"booking_page\"";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, object),
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, id),
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, name),
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, label),
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, url),
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, active),
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, timezone),
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, deleted),
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, public_name),
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, internal_label),
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, link),
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, category),
      ONCEHUB_WEBHOOKS_MEMBER(booking_page, time_zone_description),
  };
};

template <>
struct schema<master_page> {
  // The `object` value this object must carry (a contradiction is a finding).
  static constexpr std::string_view discriminator = "\"master_page\"";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(master_page, object),  ONCEHUB_WEBHOOKS_MEMBER(master_page, id),
      ONCEHUB_WEBHOOKS_MEMBER(master_page, name),    ONCEHUB_WEBHOOKS_MEMBER(master_page, label),
      ONCEHUB_WEBHOOKS_MEMBER(master_page, url),     ONCEHUB_WEBHOOKS_MEMBER(master_page, active),
      ONCEHUB_WEBHOOKS_MEMBER(master_page, deleted), ONCEHUB_WEBHOOKS_MEMBER(master_page, link),
  };
};

template <>
struct schema<event_type_object> {
  // The `object` value this object must carry (a contradiction is a finding).
  static constexpr std::string_view discriminator = "\"event_type\"";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(event_type_object, object),  ONCEHUB_WEBHOOKS_MEMBER(event_type_object, id),
      ONCEHUB_WEBHOOKS_MEMBER(event_type_object, name),    ONCEHUB_WEBHOOKS_MEMBER(event_type_object, description),
      ONCEHUB_WEBHOOKS_MEMBER(event_type_object, deleted), ONCEHUB_WEBHOOKS_MEMBER(event_type_object, category),
  };
};

template <>
struct schema<virtual_conferencing> {
  static constexpr auto members = std::tuple{ONCEHUB_WEBHOOKS_MEMBER(virtual_conferencing, join_url)};
};

template <>
struct schema<cancel_reschedule_information> {
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(cancel_reschedule_information, reason),
      ONCEHUB_WEBHOOKS_MEMBER(cancel_reschedule_information, actioned_by),
      ONCEHUB_WEBHOOKS_MEMBER(cancel_reschedule_information, user_id),
  };
  // Third-party code maps this object as an array (SPEC 3.2 #17): accept both.
  static constexpr bool accepts_array = true;
};

template <>
struct schema<form_submission> {
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(form_submission, name),   ONCEHUB_WEBHOOKS_MEMBER(form_submission, email),
      ONCEHUB_WEBHOOKS_MEMBER(form_submission, phone),  ONCEHUB_WEBHOOKS_MEMBER(form_submission, mobile_phone),
      ONCEHUB_WEBHOOKS_MEMBER(form_submission, note),   ONCEHUB_WEBHOOKS_MEMBER(form_submission, company),
      ONCEHUB_WEBHOOKS_MEMBER(form_submission, guests), ONCEHUB_WEBHOOKS_MEMBER(form_submission, custom_fields),
  };
};

template <>
struct schema<external_calendar> {
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(external_calendar, type),
      ONCEHUB_WEBHOOKS_MEMBER(external_calendar, name),
      ONCEHUB_WEBHOOKS_MEMBER(external_calendar, id),
      ONCEHUB_WEBHOOKS_MEMBER(external_calendar, event_id),
  };
};

template <>
struct schema<payment_information> {
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(payment_information, amount_charged),
      ONCEHUB_WEBHOOKS_MEMBER(payment_information, currency),
      ONCEHUB_WEBHOOKS_MEMBER(payment_information, transaction_id),
  };
};

template <>
struct schema<utm_params> {
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(utm_params, source),   ONCEHUB_WEBHOOKS_MEMBER(utm_params, medium),
      ONCEHUB_WEBHOOKS_MEMBER(utm_params, campaign), ONCEHUB_WEBHOOKS_MEMBER(utm_params, term),
      ONCEHUB_WEBHOOKS_MEMBER(utm_params, content),
  };
};

template <>
struct schema<booking> {
  // The `object` value this object must carry (a contradiction is a finding).
  static constexpr std::string_view discriminator = "\"booking\"";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(booking, object),
      ONCEHUB_WEBHOOKS_MEMBER(booking, id),
      ONCEHUB_WEBHOOKS_MEMBER(booking, tracking_id),
      ONCEHUB_WEBHOOKS_MEMBER(booking, subject),
      ONCEHUB_WEBHOOKS_MEMBER(booking, status),
      ONCEHUB_WEBHOOKS_MEMBER(booking, in_trash),
      ONCEHUB_WEBHOOKS_MEMBER(booking, creation_time),
      ONCEHUB_WEBHOOKS_MEMBER(booking, starting_time),
      ONCEHUB_WEBHOOKS_MEMBER(booking, customer_timezone),
      ONCEHUB_WEBHOOKS_MEMBER(booking, last_updated_time),
      ONCEHUB_WEBHOOKS_MEMBER(booking, owner),
      ONCEHUB_WEBHOOKS_MEMBER(booking, duration_minutes),
      ONCEHUB_WEBHOOKS_MEMBER(booking, virtual_conferencing),
      ONCEHUB_WEBHOOKS_MEMBER(booking, location_description),
      ONCEHUB_WEBHOOKS_MEMBER(booking, rescheduled_booking_id),
      ONCEHUB_WEBHOOKS_MEMBER(booking, cancel_reschedule_url),
      ONCEHUB_WEBHOOKS_MEMBER(booking, cancel_reschedule_information),
      ONCEHUB_WEBHOOKS_MEMBER(booking, attendees),
      ONCEHUB_WEBHOOKS_MEMBER(booking, form_submission),
      ONCEHUB_WEBHOOKS_MEMBER(booking, booking_page),
      ONCEHUB_WEBHOOKS_MEMBER(booking, master_page),
      ONCEHUB_WEBHOOKS_MEMBER(booking, event_type),
      ONCEHUB_WEBHOOKS_MEMBER(booking, conversation),
      ONCEHUB_WEBHOOKS_MEMBER(booking, external_calendar),
      ONCEHUB_WEBHOOKS_MEMBER(booking, ics_url),
      ONCEHUB_WEBHOOKS_MEMBER(booking, booking_calendar),
      ONCEHUB_WEBHOOKS_MEMBER(booking, cancel_url),
      ONCEHUB_WEBHOOKS_MEMBER(booking, reschedule_url),
      ONCEHUB_WEBHOOKS_MEMBER(booking, payment_information),
      ONCEHUB_WEBHOOKS_MEMBER(booking, custom_fields),
      ONCEHUB_WEBHOOKS_MEMBER(booking, utm_params),
      ONCEHUB_WEBHOOKS_MEMBER(booking, contact),
      ONCEHUB_WEBHOOKS_MEMBER(booking, package_id),
      ONCEHUB_WEBHOOKS_MEMBER(booking, virtual_or_physical_location),
      ONCEHUB_WEBHOOKS_MEMBER(booking, customer_time_zone_description),
      ONCEHUB_WEBHOOKS_MEMBER(booking, cancel_reschedule_link),
      ONCEHUB_WEBHOOKS_MEMBER(booking, canceled_booking_tracking_id),
      ONCEHUB_WEBHOOKS_MEMBER(booking, cancel_reschedule_reason),
      ONCEHUB_WEBHOOKS_MEMBER(booking, name_of_user_who_canceled_rescheduled),
      ONCEHUB_WEBHOOKS_MEMBER(booking, name_of_customer_who_canceled_rescheduled),
  };
};

#undef ONCEHUB_WEBHOOKS_MEMBER

/// Whether `T` names itself in an `object` member ("booking", "user", ...).
template <class T>
concept has_discriminator = requires {
  schema<T>::discriminator;
};

/// Whether an object-valued member also accepts an array of such objects.
template <class T>
inline constexpr bool accepts_array_v = false;
template <class T>
  requires requires { schema<T>::accepts_array; }
inline constexpr bool accepts_array_v<T> = schema<T>::accepts_array;

/// The number of members of `T`.
template <class T>
inline constexpr std::size_t member_count_v = std::tuple_size_v<std::remove_cv_t<decltype(schema<T>::members)>>;

/// The wire names of `T`'s members, in declaration order.
template <class T>
inline constexpr auto member_names_v = std::apply(
    [](const auto&... m) { return std::array<std::string_view, sizeof...(m)>{m.name...}; }, schema<T>::members);

/// The key table of `T`, checked to be collision-free at compile time.
template <class T>
inline constexpr auto key_table_v = [] {
  constexpr auto table = make_key_table(member_names_v<T>);
  static_assert(table.seed != 0, "no perfect hash seed for this schema: extend signature_mix");
  return table;
}();

/// Calls `f(member)` for every member of `T`, in declaration order.
template <class T, class F>
constexpr void for_each_member(F&& f) {
  std::apply([&](const auto&... m) { (f(m), ...); }, schema<T>::members);
}

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_SCHEMA_HPP
