// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind owned.hpp: a schema-driven walk that copies every view of an
/// event into one buffer and repoints the lists at the copy's own arenas.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_OWNED_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_OWNED_IMPL_HPP

#include <cstring>
#include <functional>
#include <memory>
#include <string_view>
#include <type_traits>

#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/detail/event_storage.hpp"
#include "oncehub/webhooks/detail/schema.hpp"
#include "oncehub/webhooks/owned.hpp"

namespace oncehub::webhooks::inline v0 {
namespace detail {

struct owned_state {
  event_storage storage;
  std::unique_ptr<char[]> bytes;
};

/// Visits every string view reachable from decoded storage (`on_view`) and every list
/// (`on_list`), once each. Only members whose state says they hold a value are visited:
/// the payload of an absent member is stale and never read.
template <class OnView, class OnList>
class view_walker {
 public:
  view_walker(OnView& on_view, OnList& on_list) : on_view_(on_view), on_list_(on_list) {}

  void storage(event_storage& s) {
    envelope& env = s.envelope;
    on_view_(env.id);
    on_view_(env.object);
    if (!env.creation_time.is_absent()) { on_view_(access::value(env.creation_time).text); }
    on_view_(env.type_name);
    on_view_(env.api_version);
    on_view_(env.data);
    if (auto family = family_of(env.type)) {
      if (*family == event_family::booking) {
        object(s.booking);
      } else {
        object(s.conversation);
      }
    }
    for (auto& item : s.strings) { member(item); }
    for (auto& item : s.custom_fields) { member(item); }
    for (auto& item : s.answers) { member(item); }
    for (auto& f : s.findings) { on_view_(access::raw(f)); }
  }

 private:
  template <class T>
  void object(T& value) {
    for_each_member<T>([&](const auto& m) { member(value.*(m.pointer)); });
  }

  void member(field<std::string_view>& f) {
    if (f.has_value()) { on_view_(access::value(f)); }
  }
  template <class E>
  void member(field<open_enum<E>>& f) {
    if (f.has_value()) { on_view_(access::raw(access::value(f))); }
  }
  void member(field<timestamp>& f) {
    // An invalid timestamp keeps its text too.
    if (!f.is_absent() && !f.is_null()) { on_view_(access::value(f).text); }
  }
  void member(field<bool>&) {}
  void member(field<std::int64_t>&) {}
  void member(json_value& j) {
    on_view_(access::raw(j));
    on_view_(access::text(j));
  }
  template <class T>
    requires has_schema<T>
  void member(field<T>& f) {
    if (f.has_value()) { object(access::value(f)); }
  }
  template <class T>
  void member(ref<T>& r) {
    if (r.is_expanded()) {
      object(access::object(r));
    } else if (r.has_value()) {
      on_view_(access::id(r));
    }
  }
  template <class E>
  void member(field<list<E>>& f) {
    // The elements live in the arenas, visited once by storage().
    if (f.has_value()) { on_list_(access::value(f)); }
  }

  OnView& on_view_;
  OnList& on_list_;
};

template <class OnView, class OnList>
void walk_views(event_storage& storage, OnView&& on_view, OnList&& on_list) {
  view_walker<std::remove_reference_t<OnView>, std::remove_reference_t<OnList>> walker(on_view, on_list);
  walker.storage(storage);
}

/// Builds the owned copy of `source` in `out`.
inline void make_owned(const event_storage& source, owned_state& out) {
  out.storage = source;  // copies the structs, the findings and the arenas
  const std::string_view data = source.envelope.data;
  // Views inside `data` (raw JSON of custom field values, findings) keep their offset
  // into one copy of it; every other view gets its own bytes after it.
  const auto inside_data = [&](std::string_view v) {
    return !data.empty() && v.data() >= data.data() && v.data() + v.size() <= data.data() + data.size();
  };
  std::size_t total = data.size();
  walk_views(
      out.storage, [&](std::string_view& v) { total += inside_data(v) ? 0 : v.size(); }, [](auto&) {});
  out.bytes = std::make_unique<char[]>(total + 1);
  char* const base = out.bytes.get();
  if (!data.empty()) { std::memcpy(base, data.data(), data.size()); }
  std::size_t used = data.size();
  walk_views(
      out.storage,
      [&](std::string_view& v) {
        if (v.data() == nullptr) { return; }
        if (inside_data(v)) {
          v = std::string_view(base + (v.data() - data.data()), v.size());
          return;
        }
        if (!v.empty()) { std::memcpy(base + used, v.data(), v.size()); }
        v = std::string_view(base + used, v.size());
        used += v.size();
      },
      [&](auto& l) {
        using E = typename std::remove_reference_t<decltype(l)>::value_type;
        access::arena(l) = &out.storage.template arena<E>();
      });
  // The envelope's `data` is itself inside `data`: it now points at the copy's start.
}

}  // namespace detail

inline owned_event::owned_event(const event& e) : state_(std::make_unique<detail::owned_state>()) {
  // Read through the checked handle: copying a stale event is a stale read.
  detail::make_owned(detail::access::storage(e).get(), *state_);
}

inline owned_event::owned_event(const owned_event& other) : owned_event(other.view()) {}

inline owned_event& owned_event::operator=(const owned_event& other) {
  if (this != &other) { *this = owned_event(other); }
  return *this;
}

inline owned_event::owned_event(owned_event&&) noexcept = default;
inline owned_event& owned_event::operator=(owned_event&&) noexcept = default;
inline owned_event::~owned_event() = default;

inline event owned_event::view() const noexcept { return event(&state_->storage); }

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_OWNED_IMPL_HPP
