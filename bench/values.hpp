// SPDX-License-Identifier: MIT
/// @file
/// The values every benchmarked decoder must produce, and how they are compared.
///
/// Each decoder writes the values of one delivery into a `sink`, one slot per path
/// (`data.owner.email`, `data.attendees[1]`...). Before any timing, every decoder's sink
/// is compared with a reference read through simdjson's DOM: a fast wrong answer fails
/// the benchmark instead of winning it.
#ifndef ONCEHUB_WEBHOOKS_BENCH_VALUES_HPP
#define ONCEHUB_WEBHOOKS_BENCH_VALUES_HPP

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

// X-macro: slot name, JSON path, kind (s string, i integer, b boolean, t timestamp).
// Strings may also be null. Timestamps are strings that decoders also parse.
#define BENCH_BOOKING_SLOTS(X)                                            \
  X(env_id, "id", s)                                                      \
  X(env_object, "object", s)                                              \
  X(env_creation_time, "creation_time", t)                                \
  X(env_type, "type", s)                                                  \
  X(env_api_version, "api_version", s)                                    \
  X(b_object, "data.object", s)                                           \
  X(b_id, "data.id", s)                                                   \
  X(b_tracking_id, "data.tracking_id", s)                                 \
  X(b_subject, "data.subject", s)                                         \
  X(b_status, "data.status", s)                                           \
  X(b_in_trash, "data.in_trash", b)                                       \
  X(b_creation_time, "data.creation_time", t)                             \
  X(b_starting_time, "data.starting_time", t)                             \
  X(b_customer_timezone, "data.customer_timezone", s)                     \
  X(b_last_updated_time, "data.last_updated_time", t)                     \
  X(b_owner, "data.owner", s)                                             \
  X(owner_id, "data.owner.id", s)                                         \
  X(owner_object, "data.owner.object", s)                                 \
  X(owner_first_name, "data.owner.first_name", s)                         \
  X(owner_last_name, "data.owner.last_name", s)                           \
  X(owner_email, "data.owner.email", s)                                   \
  X(owner_status, "data.owner.status", s)                                 \
  X(owner_role_name, "data.owner.role_name", s)                           \
  X(owner_timezone, "data.owner.timezone", s)                             \
  X(b_duration_minutes, "data.duration_minutes", i)                       \
  X(vc_join_url, "data.virtual_conferencing.join_url", s)                 \
  X(b_location_description, "data.location_description", s)               \
  X(b_rescheduled_booking_id, "data.rescheduled_booking_id", s)           \
  X(b_cancel_reschedule_url, "data.cancel_reschedule_url", s)             \
  X(cri_reason, "data.cancel_reschedule_information.reason", s)           \
  X(cri_actioned_by, "data.cancel_reschedule_information.actioned_by", s) \
  X(cri_user_id, "data.cancel_reschedule_information.user_id", s)         \
  X(b_attendees_0, "data.attendees[0]", s)                                \
  X(b_attendees_1, "data.attendees[1]", s)                                \
  X(fs_name, "data.form_submission.name", s)                              \
  X(fs_email, "data.form_submission.email", s)                            \
  X(fs_phone, "data.form_submission.phone", s)                            \
  X(fs_mobile_phone, "data.form_submission.mobile_phone", s)              \
  X(fs_company, "data.form_submission.company", s)                        \
  X(fs_note, "data.form_submission.note", s)                              \
  X(fs_cf_name_0, "data.form_submission.custom_fields[0].name", s)        \
  X(fs_cf_value_0, "data.form_submission.custom_fields[0].value", s)      \
  X(fs_cf_name_1, "data.form_submission.custom_fields[1].name", s)        \
  X(fs_cf_value_1, "data.form_submission.custom_fields[1].value", s)      \
  X(fs_cf_name_2, "data.form_submission.custom_fields[2].name", s)        \
  X(fs_cf_value_2, "data.form_submission.custom_fields[2].value", s)      \
  X(b_booking_page, "data.booking_page", s)                               \
  X(b_master_page, "data.master_page", s)                                 \
  X(b_event_type, "data.event_type", s)                                   \
  X(ec_type, "data.external_calendar.type", s)                            \
  X(ec_name, "data.external_calendar.name", s)                            \
  X(ec_id, "data.external_calendar.id", s)                                \
  X(ec_event_id, "data.external_calendar.event_id", s)                    \
  X(utm_source, "data.utm_params.source", s)                              \
  X(utm_medium, "data.utm_params.medium", s)                              \
  X(utm_campaign, "data.utm_params.campaign", s)                          \
  X(utm_term, "data.utm_params.term", s)                                  \
  X(utm_content, "data.utm_params.content", s)                            \
  X(b_ics_url, "data.ics_url", s)                                         \
  X(b_booking_calendar, "data.booking_calendar", s)                       \
  X(b_cf_name_0, "data.custom_fields[0].name", s)                         \
  X(b_cf_value_0, "data.custom_fields[0].value", s)

#define BENCH_CONVERSATION_SLOTS(X)                                 \
  X(c_id, "data.id", s)                                             \
  X(c_object, "data.object", s)                                     \
  X(c_creation_time, "data.creation_time", t)                       \
  X(c_initiated_by, "data.initiated_by", s)                         \
  X(c_last_updated_time, "data.last_updated_time", t)               \
  X(c_last_interacted_time, "data.last_interacted_time", t)         \
  X(k_object, "data.contact.object", s)                             \
  X(k_id, "data.contact.id", s)                                     \
  X(k_creation_time, "data.contact.creation_time", t)               \
  X(k_last_updated_time, "data.contact.last_updated_time", t)       \
  X(k_last_interacted_time, "data.contact.last_interacted_time", t) \
  X(k_owner, "data.contact.owner", s)                               \
  X(k_status, "data.contact.status", s)                             \
  X(k_city, "data.contact.city", s)                                 \
  X(k_company_size, "data.contact.company_size", s)                 \
  X(k_company, "data.contact.company", s)                           \
  X(k_country, "data.contact.country", s)                           \
  X(k_email, "data.contact.email", s)                               \
  X(k_employees, "data.contact.employees", i)                       \
  X(k_first_name, "data.contact.first_name", s)                     \
  X(k_has_consent, "data.contact.has_consent", b)                   \
  X(k_job_title, "data.contact.job_title", s)                       \
  X(k_last_name, "data.contact.last_name", s)                       \
  X(k_mobile_phone, "data.contact.mobile_phone", s)                 \
  X(k_phone, "data.contact.phone", s)                               \
  X(k_post_code, "data.contact.post_code", s)                       \
  X(k_salutation, "data.contact.salutation", s)                     \
  X(k_state, "data.contact.state", s)                               \
  X(k_street_address, "data.contact.street_address", s)             \
  X(k_terms_of_sevice, "data.contact.terms_of_sevice", b)           \
  X(k_timezone, "data.contact.timezone", s)                         \
  X(k_cf_name_0, "data.contact.custom_fields[0].name", s)           \
  X(k_cf_value_0, "data.contact.custom_fields[0].value", s)         \
  X(co_id, "data.owner.id", s)                                      \
  X(co_object, "data.owner.object", s)                              \
  X(co_first_name, "data.owner.first_name", s)                      \
  X(co_last_name, "data.owner.last_name", s)                        \
  X(co_email, "data.owner.email", s)                                \
  X(co_status, "data.owner.status", s)                              \
  X(c_status, "data.status", s)                                     \
  X(bot_id, "data.bot.id", s)                                       \
  X(bot_object, "data.bot.object", s)                               \
  X(bot_name, "data.bot.name", s)                                   \
  X(web_id, "data.website.id", s)                                   \
  X(web_object, "data.website.object", s)                           \
  X(web_name, "data.website.name", s)                               \
  X(web_url, "data.website.url", s)                                 \
  X(c_audience, "data.audience", s)                                 \
  X(a_id_0, "data.answers[0].id", s)                                \
  X(a_label_0, "data.answers[0].internal_label", s)                 \
  X(a_question_0, "data.answers[0].question", s)                    \
  X(a_value_0, "data.answers[0].value", s)                          \
  X(a_id_1, "data.answers[1].id", s)                                \
  X(a_label_1, "data.answers[1].internal_label", s)                 \
  X(a_question_1, "data.answers[1].question", s)                    \
  X(a_value_1, "data.answers[1].value", s)                          \
  X(a_id_2, "data.answers[2].id", s)                                \
  X(a_label_2, "data.answers[2].internal_label", s)                 \
  X(a_question_2, "data.answers[2].question", s)                    \
  X(a_value_2, "data.answers[2].value", s)                          \
  X(c_bookings_0, "data.bookings[0]", s)

enum class slot : std::uint16_t {
#define BENCH_ENUM(name, path, kind) name,
  BENCH_BOOKING_SLOTS(BENCH_ENUM) BENCH_CONVERSATION_SLOTS(BENCH_ENUM)
#undef BENCH_ENUM
      count
};

enum class kind : std::uint8_t { s, i, b, t };

struct slot_info {
  slot id;
  std::string_view path;
  kind type;
};

/// The slots a payload of each family fills: the envelope and booking slots, or the
/// envelope and conversation slots (the first five booking slots are the envelope).
inline std::vector<slot_info> slots_for(bool booking) {
  std::vector<slot_info> out = {
#define BENCH_INFO(name, path, k) {slot::name, path, kind::k},
      BENCH_BOOKING_SLOTS(BENCH_INFO)
#undef BENCH_INFO
  };
  if (booking) { return out; }
  out.resize(5);
  out.insert(out.end(), {
#define BENCH_INFO(name, path, k) {slot::name, path, kind::k},
                            BENCH_CONVERSATION_SLOTS(BENCH_INFO)
#undef BENCH_INFO
                        });
  return out;
}

/// One decoded value.
struct value {
  enum state : std::uint8_t { absent, null, text, number, boolean } what = absent;
  std::string_view s{};
  std::int64_t i = 0;
  std::int64_t millis = 0;  // timestamps: the instant, as every decoder must compute it
};

/// Where a decoder writes what it decoded.
struct sink {
  std::array<value, static_cast<std::size_t>(slot::count)> v{};
  void clear() { v.fill(value{}); }
  void str(slot s, std::string_view text) { v[static_cast<std::size_t>(s)] = {value::text, text, 0, 0}; }
  void time(slot s, std::string_view text, std::int64_t millis) {
    v[static_cast<std::size_t>(s)] = {value::text, text, 0, millis};
  }
  void num(slot s, std::int64_t n) { v[static_cast<std::size_t>(s)] = {value::number, {}, n, 0}; }
  void flag(slot s, bool b) { v[static_cast<std::size_t>(s)] = {value::boolean, {}, b ? 1 : 0, 0}; }
  void null(slot s) { v[static_cast<std::size_t>(s)] = {value::null, {}, 0, 0}; }
  [[nodiscard]] std::size_t filled() const {
    std::size_t n = 0;
    for (const auto& x : v) { n += x.what != value::absent; }
    return n;
  }
};

/// The paths of all slots, for messages.
inline std::string_view path_of(slot s) {
  static constexpr std::string_view paths[] = {
#define BENCH_PATH(name, path, k) path,
      BENCH_BOOKING_SLOTS(BENCH_PATH) BENCH_CONVERSATION_SLOTS(BENCH_PATH)
#undef BENCH_PATH
  };
  return paths[static_cast<std::size_t>(s)];
}

}  // namespace bench

#endif  // ONCEHUB_WEBHOOKS_BENCH_VALUES_HPP
