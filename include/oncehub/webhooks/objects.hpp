// SPDX-License-Identifier: MIT
/// @file
/// Objects shared by booking and conversation payloads: the expanded `user` (a booking's
/// or a conversation's `owner`) and `custom_field` (a name and an arbitrary JSON value).
#ifndef ONCEHUB_WEBHOOKS_OBJECTS_HPP
#define ONCEHUB_WEBHOOKS_OBJECTS_HPP

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

#include "oncehub/webhooks/fields.hpp"
#include "oncehub/webhooks/json.hpp"

namespace oncehub::webhooks::inline v0 {

/// A user's account status (SPEC 3.4.1).
enum class user_status : std::uint8_t { unknown, active, invited };
template <>
inline constexpr std::array<std::pair<std::string_view, user_status>, 2> enum_names<user_status>{{
    {"active", user_status::active},
    {"invited", user_status::invited},
}};

/// A user's role (SPEC 3.4.1); the wire names are capitalised words.
enum class user_role : std::uint8_t { unknown, account_owner, administrator, member, team_manager };
template <>
inline constexpr std::array<std::pair<std::string_view, user_role>, 4> enum_names<user_role>{{
    {"Account Owner", user_role::account_owner},
    {"Administrator", user_role::administrator},
    {"Member", user_role::member},
    {"Team Manager", user_role::team_manager},
}};

/// An expanded OnceHub user (`USR-...`), e.g. a booking's `owner` (SPEC 3.4.1).
struct user {
  field<std::string_view> object;         ///< `"user"`
  field<std::string_view> id;             ///< `USR-...`
  field<std::string_view> first_name;     ///< first name
  field<std::string_view> last_name;      ///< last name (`""` occurs)
  field<std::string_view> email;          ///< email address
  field<open_enum<user_status>> status;   ///< `active`, `invited`
  field<open_enum<user_role>> role_name;  ///< `Account Owner`, `Administrator`, `Member`, `Team Manager`
  field<std::string_view> timezone;       ///< IANA time zone
  field<list<string_field>> teams;        ///< team IDs (`TM-...`)
  field<bool> deleted;                    ///< `true` on a redacted (deleted) object
};

/// A custom field: a name and a value of any JSON kind (booking-form fields, the
/// field-library `custom_fields` of a booking, a contact's custom fields).
struct custom_field {
  field<std::string_view> name;  ///< the field's label or key, e.g. `"Office size"`
  json_value value;              ///< any JSON value; `kind()` is `json_kind::none` when absent
};

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_OBJECTS_HPP
