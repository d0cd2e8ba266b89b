// SPDX-License-Identifier: MIT
/// @file
/// Typed event handling: `overloaded`, the family concepts, an exhaustive `visit`, the
/// delivery `outcome` policy, and a runtime `router`.
///
/// Two styles, same rules (the most specific handler wins, as in C++ overloading):
///
/// ```cpp
/// // Compile time: every event type must be handled, or the build fails naming it.
/// wh::visit(event,
///     [](const wh::typed_event<wh::booking_canceled>& e) { refund(e.data()); },
///     [](const wh::booking_event auto& e) { sync(e.data()); },
///     [](const wh::conversation_event auto& e) { log(e.data()); },
///     [](const wh::unknown_event& e) { log(e.type_name()); });
///
/// // Run time: handlers registered as the server starts.
/// wh::router router;
/// router.on<wh::booking_canceled>([](const auto& e) { refund(e.data()); })
///       .on<wh::booking_family>([](const auto& e) { sync(e.data()); });
/// int status = router.dispatch(parser.parse(body)).http_status();
/// ```
#ifndef ONCEHUB_WEBHOOKS_DISPATCH_HPP
#define ONCEHUB_WEBHOOKS_DISPATCH_HPP

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/error.hpp"
#include "oncehub/webhooks/event.hpp"
#include "oncehub/webhooks/events.hpp"
#include "oncehub/webhooks/result.hpp"

namespace oncehub::webhooks {

/// The usual helper to build a visitor from lambdas: `overloaded{f, g, h}`.
template <class... Fs>
struct overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

namespace detail {
template <class T>
inline constexpr bool is_typed_event_v = false;
template <class Tag>
inline constexpr bool is_typed_event_v<typed_event<Tag>> = true;
template <class T>
inline constexpr bool dependent_false = false;
}  // namespace detail

/// A `typed_event` of the `booking` family: `[](const wh::booking_event auto& e)`.
template <class E>
concept booking_event = detail::is_typed_event_v<E> && (E::family == event_family::booking);
/// A `typed_event` of the `conversation` family.
template <class E>
concept conversation_event = detail::is_typed_event_v<E> && (E::family == event_family::conversation);
/// Any event of a known type. A handler for it loses to a family or specific handler.
template <class E>
concept known_event = booking_event<E> || conversation_event<E>;
/// Any alternative of `event`, `unknown_event` included: the catch-all.
template <class E>
concept any_event = known_event<E> || std::same_as<E, unknown_event>;

// ---------------------------------------------------------------------------------------
// Exhaustive visit

namespace detail {
// One partial specialisation per alternative, so that the compiler's message names the
// event that has no handler (a static_assert message must be a literal).
template <class Alternative, class Dummy = void>
struct no_handler_for;
// Generated from the catalog (events.hpp), so every event type has its message.
#define ONCEHUB_WEBHOOKS_NO_HANDLER(family, event)                                                             \
  template <class Dummy>                                                                                        \
  struct no_handler_for<typed_event<family##_##event>, Dummy> {                                                 \
    static_assert(dependent_false<Dummy>, "oncehub::webhooks::visit: no handler accepts " #family "." #event    \
                                          " (typed_event<" #family "_" #event                                   \
                                          ">); add one, or a family or catch-all handler");                     \
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

/// Calls the handler that best matches the event's type, chosen by ordinary overload
/// resolution among `handlers` (a specific `typed_event<Tag>` beats a family concept,
/// which beats `known_event`/`any_event` or `auto`).
///
/// Exhaustive by construction: if some alternative (every event type, and
/// `unknown_event`) has no viable handler, compilation fails with a `static_assert`
/// naming the first such event. All handlers must return the same type.
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

/// What became of one delivery; `http_status` turns it into the answer OnceHub needs.
///
/// | outcome | HTTP | why |
/// |---|---|---|
/// | `handled` | 200 | every handler that ran succeeded |
/// | `ignored` | 200 | no handler wanted this known event type (or the filter excluded it) |
/// | `unknown_event` | 200 | a type newer than this library: acknowledge, or OnceHub retries for days and disables the webhook |
/// | `malformed` | 400 | the body is not a valid delivery |
/// | `unauthorized` | 401 | the signature is missing or wrong |
/// | `too_large` | 413 | the body is over the size limit |
/// | `handler_failed` | 500 | a handler threw or returned `false`: OnceHub retries |
/// | `server_error` | 500 | the receiver is misconfigured (no secret) or a library call failed |
enum class outcome : std::uint8_t {
  handled,
  ignored,
  unknown_event,
  malformed,
  unauthorized,
  too_large,
  handler_failed,
  server_error,
};

/// The HTTP status for an outcome (see the table at `outcome`).
[[nodiscard]] constexpr int http_status(outcome o) noexcept {
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

/// The identifier of an outcome, e.g. `"handler_failed"`.
[[nodiscard]] constexpr std::string_view to_string(outcome o) noexcept {
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

/// The outcome of a rejected delivery: `too_large` for an oversized body,
/// `unauthorized` for a signature that does not hold, `server_error` when the receiver
/// cannot check (no secret, out of memory, a failed library call), `malformed` for
/// everything else.
[[nodiscard]] constexpr outcome outcome_of(errc code) noexcept {
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

/// The result of `router::dispatch`.
struct dispatch_result {
  /// What became of the delivery.
  webhooks::outcome outcome = webhooks::outcome::ignored;
  /// How many handlers ran, and how many of them failed.
  std::size_t handlers_run = 0;
  std::size_t handlers_failed = 0;
  /// The name of the first handler that ran (its registration name), or empty.
  std::string_view handler{};

  /// The HTTP status to answer with.
  [[nodiscard]] constexpr int http_status() const noexcept { return webhooks::http_status(outcome); }
  /// True unless the delivery must be retried or was rejected (status 2xx).
  constexpr explicit operator bool() const noexcept { return http_status() < 300; }
};

/// What `router::on_error` handlers receive: a rejected delivery (`error` set) or a
/// failed handler (`event` and `handler` set, `exception` when it threw).
struct dispatch_error {
  /// The parser's (or verifier's) rejection, when the delivery was not usable.
  const webhooks::error* error = nullptr;
  /// The event whose handler failed.
  const webhooks::event* event = nullptr;
  /// The failed handler's name.
  std::string_view handler{};
  /// What the handler threw; null when it returned `false` (or without exceptions).
  std::exception_ptr exception{};
};

// ---------------------------------------------------------------------------------------
// Router

/// Handlers registered at run time, dispatched by event type: the specific handlers of
/// the type first, then the family handlers, then the catch-all ones, each group in
/// registration order. Several handlers may take the same event; all of them run, even
/// after one fails (the delivery then answers 500 and OnceHub retries it, so handlers
/// must be idempotent).
///
/// A handler returns `void` (success unless it throws) or something convertible to
/// `bool` (`false` is a failure). A handler whose parameter does not fit its tag does not
/// compile. `dispatch` is `const` and allocation-free, so one router may serve many
/// threads once set up (provided its handlers are thread-safe).
class router {
 public:
  router() = default;

  /// Registers `fn` for one event type (`on<booking_canceled>`) or a family
  /// (`on<booking_family>`, `on<conversation_family>`). `fn` takes
  /// `const typed_event<Tag>&` (for a family: every `typed_event` of the family, e.g.
  /// `const wh::booking_event auto&`). `name` identifies it in `dispatch_result` and
  /// errors; it defaults to the tag's wire name.
  template <class Tag, class F>
  router& on(F&& fn, std::string_view name = Tag::name) {
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

  /// Registers a catch-all handler, run for every event after the specific and family
  /// handlers. `fn` takes `const event&`.
  template <class F>
  router& on_any(F&& fn, std::string_view name = "*") {
    static_assert(std::is_invocable_v<std::decay_t<F>&, const event&>, "router::on_any(fn): fn must accept const event&");
    any_.push_back({std::string(name), [f = std::forward<F>(fn)](const event& e) mutable { return call(f, e); }});
    return *this;
  }

  /// Registers a handler for event types this library does not know. `fn` takes
  /// `const unknown_event&`.
  template <class F>
  router& on_unknown(F&& fn, std::string_view name = "unknown") {
    static_assert(std::is_invocable_v<std::decay_t<F>&, const unknown_event&>,
                  "router::on_unknown(fn): fn must accept const unknown_event&");
    unknown_.push_back({std::string(name), [f = std::forward<F>(fn)](const event& e) mutable {
                          return call(f, *std::get_if<unknown_event>(&e.variant()));
                        }});
    return *this;
  }

  /// Registers an observer of failures: rejected deliveries and failed handlers. It must
  /// not throw (what it throws is swallowed).
  template <class F>
  router& on_error(F&& fn) {
    static_assert(std::is_invocable_v<std::decay_t<F>&, const dispatch_error&>,
                  "router::on_error(fn): fn must accept const dispatch_error&");
    errors_.emplace_back(std::forward<F>(fn));
    return *this;
  }

  /// Only events of these types reach the handlers; others are `ignored` (2xx). Unknown
  /// event types are not affected (no subscription names them). Only the covered types
  /// are kept: `subscribed`, and the strings its unknown values view, need not outlive
  /// the call.
  router& filter(const subscription_set& subscribed) {
    // Not a copy of the set: its unknown_values() view the caller's strings, which this
    // router would then outlive.
    for (std::size_t i = 0; i < covered_.size(); ++i) { covered_[i] = subscribed.covers(static_cast<event_type>(i)); }
    filtered_ = true;
    return *this;
  }

  /// Runs the handlers for one event.
  dispatch_result dispatch(const event& e) const;

  /// Runs the handlers for a parse (or verify-and-parse) result; a rejected delivery
  /// goes to `on_error` and yields the outcome of its `errc` (`outcome_of`).
  template <class Event>
    requires std::derived_from<Event, event>
  dispatch_result dispatch(const result<Event>& parsed) const {
    if (parsed) { return dispatch(*parsed); }
    report(dispatch_error{&parsed.error(), nullptr, {}, {}});
    return dispatch_result{outcome_of(parsed.error().code()), 0, 0, {}};
  }

 private:
  struct handler {
    std::string name;
    std::function<bool(const event&)> run;
  };

  template <class F, class Arg>
  static bool call(F& f, const Arg& arg) {
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
  static constexpr bool accepts_family(type_list<Tags...>) {
    return ((Tags::family != Family || std::is_invocable_v<F&, const typed_event<Tags>&>)&&...);
  }

  void report(const dispatch_error& failure) const noexcept {
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

  void run_group(const std::vector<handler>& group, const event& e, dispatch_result& out) const {
    for (const handler& h : group) {
      if (out.handlers_run++ == 0) { out.handler = h.name; }
      bool ok = false;
      std::exception_ptr thrown;
#if ONCEHUB_WEBHOOKS_EXCEPTIONS
      try {
        ok = h.run(e);
      } catch (...) {
        thrown = std::current_exception();
      }
#else
      ok = h.run(e);
#endif
      if (!ok) {
        ++out.handlers_failed;
        report(dispatch_error{nullptr, &e, h.name, thrown});
      }
    }
  }

  std::array<std::vector<handler>, event_type_count + 1> specific_;
  std::array<std::vector<handler>, 2> family_;
  std::vector<handler> any_;
  std::vector<handler> unknown_;
  std::vector<std::function<void(const dispatch_error&)>> errors_;
  std::array<bool, event_type_count + 1> covered_{};  // by event_type; set by filter()
  bool filtered_ = false;
};

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

}  // namespace oncehub::webhooks

#endif  // ONCEHUB_WEBHOOKS_DISPATCH_HPP
