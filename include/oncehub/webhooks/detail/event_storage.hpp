// SPDX-License-Identifier: MIT
/// @file
/// Where a decoded event lives: one per parser, reused by every parse, so a warm parser
/// decodes without touching the heap (vectors keep their capacity).
#ifndef ONCEHUB_WEBHOOKS_DETAIL_EVENT_STORAGE_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_EVENT_STORAGE_HPP

#include <vector>

#include "oncehub/webhooks/booking.hpp"
#include "oncehub/webhooks/conversation.hpp"
#include "oncehub/webhooks/envelope.hpp"
#include "oncehub/webhooks/fields.hpp"

namespace oncehub::webhooks::detail {

struct event_storage {
  webhooks::envelope envelope{};
  webhooks::booking booking{};            // valid when the envelope's family is booking
  webhooks::conversation conversation{};  // valid when the envelope's family is conversation
  std::vector<finding> findings;
  // Arenas behind every `list<T>` of this event.
  std::vector<string_field> strings;
  std::vector<field<custom_field>> custom_fields;
  std::vector<field<answer>> answers;

  event_storage() {
    // Enough for real deliveries: a warm parser then never allocates.
    findings.reserve(16);
    strings.reserve(64);
    custom_fields.reserve(32);
    answers.reserve(32);
  }

  void clear() noexcept {
    findings.clear();
    strings.clear();
    custom_fields.clear();
    answers.clear();
  }

  template <class T>
  std::vector<T>& arena() noexcept {
    if constexpr (std::is_same_v<T, string_field>) {
      return strings;
    } else if constexpr (std::is_same_v<T, field<custom_field>>) {
      return custom_fields;
    } else {
      static_assert(std::is_same_v<T, field<answer>>, "no arena for this element type");
      return answers;
    }
  }
};

}  // namespace oncehub::webhooks::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_EVENT_STORAGE_HPP
