// SPDX-License-Identifier: MIT
/// @file
/// The conversation payload (`data` of every `conversation.*` event, and a booking's
/// embedded `conversation`), SPEC section 4, as zero-copy views.
#ifndef ONCEHUB_WEBHOOKS_CONVERSATION_HPP
#define ONCEHUB_WEBHOOKS_CONVERSATION_HPP

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

#include "oncehub/webhooks/fields.hpp"
#include "oncehub/webhooks/objects.hpp"

namespace oncehub::webhooks::inline v0 {

/// Who started a conversation (SPEC 4.1 `initiated_by`).
enum class initiator : std::uint8_t { unknown, bot, contact };
template <>
inline constexpr std::array<std::pair<std::string_view, initiator>, 2> enum_names<initiator>{{
    {"bot", initiator::bot},
    {"contact", initiator::contact},
}};

/// A conversation's status (SPEC 4.1). `"finished"` appears in an official example and
/// reads as `unknown` with the raw string kept.
enum class conversation_status : std::uint8_t { unknown, started, closed, abandoned };
template <>
inline constexpr std::array<std::pair<std::string_view, conversation_status>, 3> enum_names<conversation_status>{{
    {"started", conversation_status::started},
    {"closed", conversation_status::closed},
    {"abandoned", conversation_status::abandoned},
}};

/// A contact's lifecycle status (SPEC 4.3); the wire names are capitalised.
enum class contact_status : std::uint8_t { unknown, qualified, sales_qualified, marketing_qualified, disqualified };
template <>
inline constexpr std::array<std::pair<std::string_view, contact_status>, 4> enum_names<contact_status>{{
    {"Qualified", contact_status::qualified},
    {"Sales qualified", contact_status::sales_qualified},
    {"Marketing qualified", contact_status::marketing_qualified},
    {"Disqualified", contact_status::disqualified},
}};

/// An expanded contact (`CTC-...`), SPEC 4.3.
struct contact {
  field<std::string_view> object;                  ///< `"contact"`
  field<std::string_view> id;                      ///< `CTC-...`
  field<timestamp> creation_time;                  ///< when the contact was created
  field<timestamp> last_updated_time;              ///< last update
  field<timestamp> last_interacted_time;           ///< last interaction (nullable)
  ref<user> owner;                                 ///< owning user: `USR-...` ID (or expanded)
  field<open_enum<contact_status>> status;         ///< `Qualified`, `Sales qualified`, ... (nullable)
  field<std::string_view> city;                    ///< city
  field<std::string_view> company_size;            ///< e.g. `"50-100"`
  field<std::string_view> company;                 ///< company name
  field<std::string_view> country;                 ///< country
  field<std::string_view> email;                   ///< email address
  field<std::int64_t> employees;                   ///< number of employees
  field<std::string_view> first_name;              ///< first name
  field<bool> has_consent;                         ///< marketing consent
  field<std::string_view> job_title;               ///< job title
  field<std::string_view> last_name;               ///< last name
  field<std::string_view> mobile_phone;            ///< E.164 mobile number
  field<std::string_view> phone;                   ///< E.164 phone number
  field<std::string_view> post_code;               ///< postal code
  field<std::string_view> salutation;              ///< salutation
  field<std::string_view> state;                   ///< state or region
  field<std::string_view> street_address;          ///< street address
  field<bool> terms_of_sevice;                     ///< terms accepted; the key is misspelled exactly so by OnceHub
  field<std::string_view> timezone;                ///< IANA time zone
  field<list<field<custom_field>>> custom_fields;  ///< the contact's custom fields
  field<bool> deleted;                             ///< `true` on a redacted (deleted) object
};

/// An expanded chatbot (`BOT-...`).
struct bot {
  field<std::string_view> object;  ///< `"bot"`
  field<std::string_view> id;      ///< `BOT-...`
  field<std::string_view> name;    ///< the bot's name
  field<bool> deleted;             ///< `true` on a redacted (deleted) object
};

/// An expanded website (`WEB-...`).
struct website {
  field<std::string_view> object;  ///< `"website"`
  field<std::string_view> id;      ///< `WEB-...`
  field<std::string_view> name;    ///< the website's name
  field<std::string_view> url;     ///< the website's URL
  field<bool> deleted;             ///< `true` on a redacted (deleted) object
};

/// An expanded audience (`AUD-...`).
struct audience {
  field<std::string_view> object;  ///< `"audience"`
  field<std::string_view> id;      ///< `AUD-...`
  field<std::string_view> name;    ///< the audience's name
  field<bool> deleted;             ///< `true` on a redacted (deleted) object
};

/// One question the bot asked and the visitor's answer (SPEC 4.2).
struct answer {
  field<std::string_view> id;              ///< interaction ID `INT-...`
  field<std::string_view> internal_label;  ///< internal label (`""` and `null` both occur)
  field<std::string_view> question;        ///< e.g. `"Full name"`
  field<std::string_view> value;           ///< the answer; a download URL for attachments
};

/// A chatbot conversation (`CVR-...`), SPEC 4.1: `data` of `conversation.*` events, and
/// the `conversation` of a booking made through a chatbot.
struct conversation {
  field<std::string_view> id;                    ///< `CVR-...`
  field<std::string_view> object;                ///< `"conversation"`
  field<timestamp> creation_time;                ///< when the conversation started
  field<open_enum<initiator>> initiated_by;      ///< `bot` or `contact`
  field<timestamp> last_updated_time;            ///< last update
  field<timestamp> last_interacted_time;         ///< last interaction
  ref<webhooks::contact> contact;                ///< the visitor: `CTC-...` or expanded
  ref<user> owner;                               ///< the owning user: `USR-...`, expanded, or `""`
  field<open_enum<conversation_status>> status;  ///< `started`, `closed`, `abandoned` (`finished` seen)
  ref<webhooks::bot> bot;                        ///< `BOT-...` or expanded
  ref<webhooks::website> website;                ///< `WEB-...` or expanded
  ref<webhooks::audience> audience;              ///< `AUD-...`, expanded or null
  field<list<field<answer>>> answers;            ///< questions and answers
  field<list<string_field>> bookings;            ///< IDs of bookings made in this conversation
  field<bool> deleted;                           ///< `true` on a redacted (deleted) object
};

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_CONVERSATION_HPP
