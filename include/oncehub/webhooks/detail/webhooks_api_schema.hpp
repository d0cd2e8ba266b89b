// SPDX-License-Identifier: MIT
/// @file
/// The Webhooks API's objects as schema tables (SPEC section 7), like the delivery's in
/// `schema.hpp`: they drive the API decoder's key lookup, so a new field is its struct
/// member and one line here.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_WEBHOOKS_API_SCHEMA_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_WEBHOOKS_API_SCHEMA_HPP

#include <string_view>
#include <tuple>

#include "oncehub/webhooks/detail/schema.hpp"
#include "oncehub/webhooks/webhooks_api.hpp"

namespace oncehub::webhooks::inline v0::detail {

#define ONCEHUB_WEBHOOKS_MEMBER(type, name) \
  member<type, decltype(type::name)> { #name, &type::name }

template <>
struct schema<webhook> {
  static constexpr std::string_view discriminator = "\"webhook\"";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(webhook, id),
      ONCEHUB_WEBHOOKS_MEMBER(webhook, object),
      ONCEHUB_WEBHOOKS_MEMBER(webhook, api_version),
      ONCEHUB_WEBHOOKS_MEMBER(webhook, name),
      ONCEHUB_WEBHOOKS_MEMBER(webhook, url),
      ONCEHUB_WEBHOOKS_MEMBER(webhook, events),
      ONCEHUB_WEBHOOKS_MEMBER(webhook, creation_time),
      ONCEHUB_WEBHOOKS_MEMBER(webhook, secret),
  };
};

template <>
struct schema<webhook_list> {
  static constexpr std::string_view discriminator = "\"list\"";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(webhook_list, object),
      ONCEHUB_WEBHOOKS_MEMBER(webhook_list, data),
      ONCEHUB_WEBHOOKS_MEMBER(webhook_list, has_more),
  };
};

template <>
struct schema<deleted_webhook> {
  // No discriminator: `object` is not documented here, so any value is accepted.
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(deleted_webhook, id),
      ONCEHUB_WEBHOOKS_MEMBER(deleted_webhook, deleted),
      ONCEHUB_WEBHOOKS_MEMBER(deleted_webhook, object),
  };
};

template <>
struct schema<api_error> {
  // The documented object is flat; `{"error":{...}}` (a common wrapping) is read too.
  static constexpr std::string_view wrapper = "error";
  static constexpr auto members = std::tuple{
      ONCEHUB_WEBHOOKS_MEMBER(api_error, type),
      ONCEHUB_WEBHOOKS_MEMBER(api_error, message),
      ONCEHUB_WEBHOOKS_MEMBER(api_error, param),
  };
};

#undef ONCEHUB_WEBHOOKS_MEMBER

/// Whether `T`'s members may also arrive wrapped in an object under one key.
template <class T>
concept has_wrapper = requires {
  schema<T>::wrapper;
};

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_WEBHOOKS_API_SCHEMA_HPP
