// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind dispatch.hpp: the exhaustive `visit`'s diagnostics, the outcome
/// tables and the router.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_DISPATCH_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_DISPATCH_IMPL_HPP

#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "oncehub/webhooks/dispatch.hpp"

namespace oncehub::webhooks::inline v0 {

// ---------------------------------------------------------------------------------------
// Exhaustive visit

namespace detail {
// One partial specialisation per alternative, so that the compiler's message names the
// event that has no handler (a static_assert message must be a literal).
template <class Alternative, class Dummy = void>
struct no_handler_for;
// Generated from the catalog (events.hpp), so every event type has its message.
#define ONCEHUB_WEBHOOKS_NO_HANDLER(family, event)                                                            \
  template <class Dummy>                                                                                      \
  struct no_handler_for<typed_event<family##_##event>, Dummy> {                                               \
    static_assert(dependent_false<Dummy>,                                                                     \
                  "oncehub::webhooks::visit: no handler accepts " #family "." #event " (typed_event<" #family \
                  "_" #event ">); add one, or a family or catch-all handler");                                \
  };
ONCEHUB_WEBHOOKS_EVENT_TYPES(ONCEHUB_WEBHOOKS_NO_HANDLER)
#undef ONCEHUB_WEBHOOKS_NO_HANDLER
template <class Dummy>
struct no_handler_for<unknown_event, Dummy> {
  static_assert(dependent_false<Dummy>,
                "oncehub::webhooks::visit: no handler accepts unknown_event (event types newer than this library); "
                "add one, or a catch-all handler");
};

template <class Visitor, class Variant>
struct first_unhandled;
template <class Visitor, class... Alternatives>
struct first_unhandled<Visitor, std::variant<Alternatives...>> {
  static constexpr std::size_t value = [] {
    constexpr bool handled[] = {std::is_invocable_v<Visitor&, const Alternatives&>...};
    for (std::size_t i = 0; i < sizeof...(Alternatives); ++i) {
      if (!handled[i]) { return i; }
    }
    return sizeof...(Alternatives);
  }();
};
}  // namespace detail

template <class... Handlers>
decltype(auto) visit(const event& e, Handlers&&... handlers) {
  using visitor_type = overloaded<std::decay_t<Handlers>...>;
  constexpr std::size_t missing = detail::first_unhandled<visitor_type, event_variant>::value;
  if constexpr (missing < std::variant_size_v<event_variant>) {
    // Instantiating this fails with a message naming the event.
    [[maybe_unused]] detail::no_handler_for<std::variant_alternative_t<missing, event_variant>> unhandled;
  } else {
    visitor_type visitor{std::forward<Handlers>(handlers)...};
    return std::visit(visitor, e.variant());
  }
}

// ---------------------------------------------------------------------------------------
// Delivery outcome policy

constexpr int http_status(outcome o) noexcept {
  switch (o) {
    case outcome::handled:
    case outcome::ignored:
    case outcome::unknown_event: return 200;
    case outcome::malformed: return 400;
    case outcome::unauthorized: return 401;
    case outcome::too_large: return 413;
    case outcome::handler_failed:
    case outcome::server_error: return 500;
  }
  return 500;
}

constexpr std::string_view to_string(outcome o) noexcept {
  switch (o) {
    case outcome::handled: return "handled";
    case outcome::ignored: return "ignored";
    case outcome::unknown_event: return "unknown_event";
    case outcome::malformed: return "malformed";
    case outcome::unauthorized: return "unauthorized";
    case outcome::too_large: return "too_large";
    case outcome::handler_failed: return "handler_failed";
    case outcome::server_error: return "server_error";
  }
  return "handler_failed";
}

constexpr outcome outcome_of(errc code) noexcept {
  switch (code) {
    case errc::too_large: return outcome::too_large;
    case errc::signature_header_missing:
    case errc::signature_header_malformed:
    case errc::signature_timestamp_invalid:
    case errc::signature_timestamp_too_old:
    case errc::signature_timestamp_too_new:
    case errc::signature_mismatch: return outcome::unauthorized;
    case errc::signature_no_secret:
    case errc::out_of_memory:
    case errc::insufficient_padding:
    case errc::internal_error: return outcome::server_error;
    default: return outcome::malformed;
  }
}

// ---------------------------------------------------------------------------------------
// Router

template <class Tag, class F>
router& router::on(F&& fn, std::string_view name) {
  if constexpr (is_event_tag_v<Tag>) {
    static_assert(std::is_invocable_v<std::decay_t<F>&, const typed_event<Tag>&>,
                  "router::on<Tag>(fn): fn must accept const typed_event<Tag>&");
    specific_[static_cast<std::size_t>(Tag::type)].push_back(
        {std::string(name), [f = std::forward<F>(fn)](const event& e) mutable {
           return call(f, *std::get_if<typed_event<Tag>>(&e.variant()));
         }});
  } else if constexpr (is_family_tag_v<Tag>) {
    static_assert(accepts_family<std::decay_t<F>, Tag::family>(all_events{}),
                  "router::on<Family>(fn): fn must accept every typed_event of the family "
                  "(e.g. const wh::booking_event auto&)");
    family_[static_cast<std::size_t>(Tag::family)].push_back(
        {std::string(name), [f = std::forward<F>(fn)](const event& e) mutable {
           return std::visit(
               [&](const auto& alternative) -> bool {
                 using A = std::decay_t<decltype(alternative)>;
                 if constexpr (detail::is_typed_event_v<A>) {
                   if constexpr (A::family == Tag::family) { return call(f, alternative); }
                 }
                 return true;  // not reached: family handlers only see their family
               },
               e.variant());
         }});
  } else {
    static_assert(detail::dependent_false<Tag>,
                  "router::on<Tag>: Tag must be an event tag (booking_canceled) or a family tag (booking_family)");
  }
  return *this;
}

template <class F>
router& router::on_any(F&& fn, std::string_view name) {
  static_assert(std::is_invocable_v<std::decay_t<F>&, const event&>, "router::on_any(fn): fn must accept const event&");
  any_.push_back({std::string(name), [f = std::forward<F>(fn)](const event& e) mutable { return call(f, e); }});
  return *this;
}

template <class F>
router& router::on_unknown(F&& fn, std::string_view name) {
  static_assert(std::is_invocable_v<std::decay_t<F>&, const unknown_event&>,
                "router::on_unknown(fn): fn must accept const unknown_event&");
  unknown_.push_back({std::string(name), [f = std::forward<F>(fn)](const event& e) mutable {
                        return call(f, *std::get_if<unknown_event>(&e.variant()));
                      }});
  return *this;
}

template <class F>
router& router::on_error(F&& fn) {
  static_assert(std::is_invocable_v<std::decay_t<F>&, const dispatch_error&>,
                "router::on_error(fn): fn must accept const dispatch_error&");
  errors_.emplace_back(std::forward<F>(fn));
  return *this;
}

inline router& router::filter(const subscription_set& subscribed) {
  // Not a copy of the set: its unknown_values() view the caller's strings, which this
  // router would then outlive.
  for (std::size_t i = 0; i < covered_.size(); ++i) { covered_[i] = subscribed.covers(static_cast<event_type>(i)); }
  filtered_ = true;
  return *this;
}

template <class Event>
  requires std::derived_from<Event, event> dispatch_result router::dispatch(const result<Event>& parsed)
const {
  if (parsed) { return dispatch(*parsed); }
  report(dispatch_error{&parsed.error(), nullptr, {}, {}});
  return dispatch_result{outcome_of(parsed.error().code()), 0, 0, {}};
}

template <class F, class Arg>
bool router::call(F& f, const Arg& arg) {
  using R = std::invoke_result_t<F&, const Arg&>;
  if constexpr (std::is_void_v<R>) {
    std::invoke(f, arg);
    return true;
  } else {
    static_assert(std::is_convertible_v<R, bool>, "a handler returns void, or bool (false = failed)");
    return static_cast<bool>(std::invoke(f, arg));
  }
}

template <class F, event_family Family, class... Tags>
constexpr bool router::accepts_family(type_list<Tags...>) {
  return ((Tags::family != Family || std::is_invocable_v<F&, const typed_event<Tags>&>)&&...);
}

inline void router::report(const dispatch_error& failure) const noexcept {
  for (const auto& observer : errors_) {
#if ONCEHUB_WEBHOOKS_EXCEPTIONS
    try {
      observer(failure);
    } catch (...) {
      // An error observer must not turn one failure into two.
    }
#else
    observer(failure);
#endif
  }
}

inline void router::run_group(const std::vector<handler>& group, const event& e, dispatch_result& out) const {
  for (const handler& h : group) {
    if (out.handlers_run++ == 0) { out.handler = h.name; }
    bool ok = false;
    std::exception_ptr thrown;
#if ONCEHUB_WEBHOOKS_EXCEPTIONS
    try {
      ok = h.run(e);
    } catch (...) { thrown = std::current_exception(); }
#else
    ok = h.run(e);
#endif
    if (!ok) {
      ++out.handlers_failed;
      report(dispatch_error{nullptr, &e, h.name, thrown});
    }
  }
}

inline dispatch_result router::dispatch(const event& e) const {
  dispatch_result out;
  if (!e.is_known()) {
    run_group(unknown_, e, out);
    run_group(any_, e, out);
    out.outcome = out.handlers_failed ? outcome::handler_failed
                  : out.handlers_run  ? outcome::handled
                                      : outcome::unknown_event;
    return out;
  }
  if (filtered_ && !covered_[static_cast<std::size_t>(e.type())]) {
    out.outcome = outcome::ignored;
    return out;
  }
  run_group(specific_[static_cast<std::size_t>(e.type())], e, out);
  run_group(family_[static_cast<std::size_t>(*e.family())], e, out);
  run_group(any_, e, out);
  out.outcome = out.handlers_failed ? outcome::handler_failed : out.handlers_run ? outcome::handled : outcome::ignored;
  return out;
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_DISPATCH_IMPL_HPP
