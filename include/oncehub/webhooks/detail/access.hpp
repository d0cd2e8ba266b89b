// SPDX-License-Identifier: MIT
/// @file
/// The one friend of every view type: the decoder fills private members through it, so
/// the public types expose read-only accessors and nothing else. Every accessor is a
/// template, so this header needs no complete types.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_ACCESS_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_ACCESS_HPP

namespace oncehub::webhooks::inline v0::detail {

struct access {
#define ONCEHUB_WEBHOOKS_ACCESSOR(name)        \
  template <class T>                           \
  static constexpr auto& name(T& v) noexcept { \
    return v.name##_;                          \
  }
  // error
  ONCEHUB_WEBHOOKS_ACCESSOR(path)
  ONCEHUB_WEBHOOKS_ACCESSOR(path_size)
  ONCEHUB_WEBHOOKS_ACCESSOR(message)
  ONCEHUB_WEBHOOKS_ACCESSOR(message_size)
  ONCEHUB_WEBHOOKS_ACCESSOR(offset)
  ONCEHUB_WEBHOOKS_ACCESSOR(expected)
  ONCEHUB_WEBHOOKS_ACCESSOR(got)
  // json_value
  ONCEHUB_WEBHOOKS_ACCESSOR(raw)
  ONCEHUB_WEBHOOKS_ACCESSOR(text)
  ONCEHUB_WEBHOOKS_ACCESSOR(kind)
  // field, ref, list
  ONCEHUB_WEBHOOKS_ACCESSOR(value)
  ONCEHUB_WEBHOOKS_ACCESSOR(state)
  ONCEHUB_WEBHOOKS_ACCESSOR(issue)
  ONCEHUB_WEBHOOKS_ACCESSOR(id)
  ONCEHUB_WEBHOOKS_ACCESSOR(expanded)
  ONCEHUB_WEBHOOKS_ACCESSOR(object)
  ONCEHUB_WEBHOOKS_ACCESSOR(arena)
  ONCEHUB_WEBHOOKS_ACCESSOR(first)
  ONCEHUB_WEBHOOKS_ACCESSOR(size)
  // event
  ONCEHUB_WEBHOOKS_ACCESSOR(storage)
  ONCEHUB_WEBHOOKS_ACCESSOR(generation)  // with ONCEHUB_WEBHOOKS_VIEW_CHECKS only
  // secret
  ONCEHUB_WEBHOOKS_ACCESSOR(hmac)
#undef ONCEHUB_WEBHOOKS_ACCESSOR
};

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_ACCESS_HPP
