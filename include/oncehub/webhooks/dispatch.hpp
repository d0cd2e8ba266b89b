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

namespace oncehub::webhooks::inline v0 {

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
concept booking_event = detail::is_typed_event_v<E> &&(E::family == event_family::booking);
/// A `typed_event` of the `conversation` family.
template <class E>
concept conversation_event = detail::is_typed_event_v<E> &&(E::family == event_family::conversation);
/// Any event of a known type. A handler for it loses to a family or specific handler.
template <class E>
concept known_event = booking_event<E> || conversation_event<E>;
/// Any alternative of `event`, `unknown_event` included: the catch-all.
template <class E>
concept any_event = known_event<E> || std::same_as<E, unknown_event>;

// ---------------------------------------------------------------------------------------
// Exhaustive visit

/// Calls the handler that best matches the event's type, chosen by ordinary overload
/// resolution among `handlers` (a specific `typed_event<Tag>` beats a family concept,
/// which beats `known_event`/`any_event` or `auto`).
///
/// Exhaustive by construction: if some alternative (every event type, and
/// `unknown_event`) has no viable handler, compilation fails with a `static_assert`
/// naming the first such event. All handlers must return the same type.
template <class... Handlers>
decltype(auto) visit(const event& e, Handlers&&... handlers);

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
[[nodiscard]] constexpr int http_status(outcome o) noexcept;

/// The identifier of an outcome, e.g. `"handler_failed"`.
[[nodiscard]] constexpr std::string_view to_string(outcome o) noexcept;

/// The outcome of a rejected delivery: `too_large` for an oversized body,
/// `unauthorized` for a signature that does not hold, `server_error` when the receiver
/// cannot check (no secret, out of memory, a failed library call), `malformed` for
/// everything else.
[[nodiscard]] constexpr outcome outcome_of(errc code) noexcept;

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
  router& on(F&& fn, std::string_view name = Tag::name);

  /// Registers a catch-all handler, run for every event after the specific and family
  /// handlers. `fn` takes `const event&`.
  template <class F>
  router& on_any(F&& fn, std::string_view name = "*");

  /// Registers a handler for event types this library does not know. `fn` takes
  /// `const unknown_event&`.
  template <class F>
  router& on_unknown(F&& fn, std::string_view name = "unknown");

  /// Registers an observer of failures: rejected deliveries and failed handlers. It must
  /// not throw (what it throws is swallowed).
  template <class F>
  router& on_error(F&& fn);

  /// Only events of these types reach the handlers; others are `ignored` (2xx). Unknown
  /// event types are not affected (no subscription names them). Only the covered types
  /// are kept: `subscribed`, and the strings its unknown values view, need not outlive
  /// the call.
  router& filter(const subscription_set& subscribed);

  /// Runs the handlers for one event.
  dispatch_result dispatch(const event& e) const;

  /// Runs the handlers for a parse (or verify-and-parse) result; a rejected delivery
  /// goes to `on_error` and yields the outcome of its `errc` (`outcome_of`).
  template <class Event>
    requires std::derived_from<Event, event> dispatch_result dispatch(const result<Event>& parsed)
  const;

 private:
  struct handler {
    std::string name;
    std::function<bool(const event&)> run;
  };

  // Runs `f` on `arg`: true unless it returned false (a void handler succeeds).
  template <class F, class Arg>
  static bool call(F& f, const Arg& arg);
  // Whether `F` accepts every typed_event of `Family`.
  template <class F, event_family Family, class... Tags>
  static constexpr bool accepts_family(type_list<Tags...>);
  void report(const dispatch_error& failure) const noexcept;
  void run_group(const std::vector<handler>& group, const event& e, dispatch_result& out) const;

  std::array<std::vector<handler>, event_type_count + 1> specific_;
  std::array<std::vector<handler>, 2> family_;
  std::vector<handler> any_;
  std::vector<handler> unknown_;
  std::vector<std::function<void(const dispatch_error&)>> errors_;
  std::array<bool, event_type_count + 1> covered_{};  // by event_type; set by filter()
  bool filtered_ = false;
};

}  // namespace oncehub::webhooks::inline v0

#include "oncehub/webhooks/detail/dispatch_impl.hpp"

#endif  // ONCEHUB_WEBHOOKS_DISPATCH_HPP
