// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind `subscription_set` (events.hpp).
#ifndef ONCEHUB_WEBHOOKS_DETAIL_SUBSCRIPTION_SET_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_SUBSCRIPTION_SET_IMPL_HPP

#include <span>
#include <string_view>

#include "oncehub/webhooks/events.hpp"

namespace oncehub::webhooks::inline v0 {

template <class Range>
constexpr subscription_set subscription_set::from(const Range& values) noexcept {
  subscription_set set;
  for (const auto& value : values) { set.add(std::string_view(value)); }
  return set;
}

constexpr subscription_set subscription_set::all() noexcept {
  subscription_set set;
  set.add("booking");
  set.add("conversation");
  return set;
}

constexpr bool subscription_set::add(std::string_view value) noexcept {
  if (auto type = from_string(value)) {
    bits_ |= bit(*type);
    return true;
  }
  if (auto family = family_from_string(value)) {
    for (const auto& info : detail::event_table) {
      if (info.family == *family) { bits_ |= bit(info.type); }
    }
    return true;
  }
  if (unknown_count_ < max_unknown_values) { unknown_[unknown_count_] = value; }
  ++unknown_count_;
  return false;
}

constexpr std::size_t subscription_set::size() const noexcept {
  std::size_t n = 0;
  for (auto b = bits_; b != 0; b &= b - 1) { ++n; }
  return n;
}

constexpr std::span<const std::string_view> subscription_set::unknown_values() const noexcept {
  return {unknown_.data(), unknown_count_ < max_unknown_values ? unknown_count_ : max_unknown_values};
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_SUBSCRIPTION_SET_IMPL_HPP
