// SPDX-License-Identifier: MIT
/// @file
/// Where a decoded event lives: one per parser, reused by every parse, so a warm parser
/// decodes without touching the heap (vectors keep their capacity).
#ifndef ONCEHUB_WEBHOOKS_DETAIL_EVENT_STORAGE_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_EVENT_STORAGE_HPP

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "oncehub/webhooks/booking.hpp"
#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/conversation.hpp"
#include "oncehub/webhooks/envelope.hpp"
#include "oncehub/webhooks/fields.hpp"

namespace oncehub::webhooks::inline v0::detail {

struct event_storage {
  webhooks::envelope envelope{};
  webhooks::booking booking{};            // valid when the envelope's family is booking
  webhooks::conversation conversation{};  // valid when the envelope's family is conversation
  std::vector<finding> findings;
  // Arenas behind every `list<T>` of this event.
  std::vector<string_field> strings;
  std::vector<field<custom_field>> custom_fields;
  std::vector<field<answer>> answers;
#if ONCEHUB_WEBHOOKS_VIEW_CHECKS
  // Which parse the content belongs to: every handle made from it remembers the value,
  // and a handle whose value differs is stale (see ONCEHUB_WEBHOOKS_VIEW_CHECKS).
  std::uint64_t generation = 0;
#endif

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

#if ONCEHUB_WEBHOOKS_VIEW_CHECKS
/// Aborts: an event handle was read after the next parse on its parser. The storage it
/// points to now holds another delivery (or is being rewritten), so going on would
/// return data the sender of this event never sent.
[[noreturn]] inline void stale_view() noexcept {
  std::fputs(
      "oncehub-webhooks: an event was read after the next parse on its parser; its views now "
      "show another delivery. Finish with an event before parsing again, or keep it with "
      "to_owned(). (A check of debug and sanitizer builds: ONCEHUB_WEBHOOKS_VIEW_CHECKS.)\n",
      stderr);
  std::abort();
}
/// Checks that `storage` still holds the parse `generation` a handle was made from.
inline void check_view(const event_storage* storage, std::uint64_t generation) noexcept {
  if (storage->generation != generation) [[unlikely]] { stale_view(); }
}
#endif

/// A handle to the storage of one parse: the pointer and, in checked builds
/// (`ONCEHUB_WEBHOOKS_VIEW_CHECKS`), the parse it was made from. `event`, `typed_event`
/// and `unknown_event` each hold one and read through `get()`, so a read after the next
/// parse is caught in this one place.
class storage_ref {
 public:
  explicit storage_ref(const event_storage* storage) noexcept : storage_(storage) {
#if ONCEHUB_WEBHOOKS_VIEW_CHECKS
    generation_ = storage->generation;
#endif
  }
  /// The storage; in checked builds, aborts (`stale_view`) if it holds a later parse.
  [[nodiscard]] const event_storage& get() const noexcept {
#if ONCEHUB_WEBHOOKS_VIEW_CHECKS
    check_view(storage_, generation_);
#endif
    return *storage_;
  }

 private:
  const event_storage* storage_;
#if ONCEHUB_WEBHOOKS_VIEW_CHECKS
  std::uint64_t generation_ = 0;
#endif
};

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_EVENT_STORAGE_HPP
