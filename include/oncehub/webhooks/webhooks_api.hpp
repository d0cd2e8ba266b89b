// SPDX-License-Identifier: MIT
/// @file
/// Managing webhook subscriptions through OnceHub's Webhooks API (SPEC section 7):
/// the create request, validated before anything is sent and serialised to exactly the
/// JSON body the API expects; the list parameters; each call described as method, target
/// and body for any HTTP client; and zero-copy views of the API's answers (the webhook
/// object, the list, the delete response, the error object) with the HTTP status mapped
/// to a typed `errc`.
///
/// There is no HTTP in here: send an `api_call` with the client you already have, with
/// the headers `API-Key: <key>`, `Content-Type: application/json` and
/// `Accept: application/json`, then hand the status and body to an `api_parser`.
///
/// ```cpp
/// wh::webhook_create_request request{"New bookings", "https://example.com/oncehub", {"booking"}};
/// auto call = wh::create_webhook_call(request);  // validates first
/// if (!call) { std::cerr << call.error().message() << '\n'; return; }
/// auto [status, body] = my_http_post(call->url(), call->body);  // your HTTP client
/// wh::api_parser api;
/// if (auto hook = api.parse_webhook(status, body)) { store(hook->secret.value_or("")); }
/// ```
#ifndef ONCEHUB_WEBHOOKS_WEBHOOKS_API_HPP
#define ONCEHUB_WEBHOOKS_WEBHOOKS_API_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/error.hpp"
#include "oncehub/webhooks/events.hpp"
#include "oncehub/webhooks/fields.hpp"
#include "oncehub/webhooks/result.hpp"

namespace oncehub::webhooks::inline v0 {

/// The Webhooks API's base URL. Every call goes over HTTPS; plain HTTP is rejected.
inline constexpr std::string_view api_base_url = "https://api.oncehub.com/v2";
/// The request header that carries the API key (never log its value).
inline constexpr std::string_view api_key_header = "API-Key";

// ---- requests ---------------------------------------------------------------------------

/// Checks a webhook name: non-empty, valid UTF-8, no control characters, and at least one
/// letter or digit (as OnceHub's UI requires; any non-ASCII character counts as a letter).
/// The error (`errc::invalid_value`, path `name`) says which rule failed.
[[nodiscard]] result<void> validate_webhook_name(std::string_view name) noexcept;

/// Checks a webhook URL: absolute, `https://` (OnceHub delivers to nothing else), with a
/// host, a numeric port if any, and no space, control character, fragment or character
/// that must be percent-encoded. The error (`errc::invalid_value`, path `url`) gives the
/// reason: `http://`, relative, missing host, a space at byte N...
[[nodiscard]] result<void> validate_webhook_url(std::string_view url) noexcept;

/// Checks a subscription's `events`: at least one; each a specific event type
/// (`"booking.canceled"`) or a composite (`"booking"`, `"conversation"`), or any non-empty
/// value when `allow_unknown` is set (for event types newer than this library); no value
/// twice. Unknown values fail with `errc::unknown_event_type` (with a suggestion for
/// near misses such as `"booking.cancelled"`), the others with `errc::invalid_value`; the
/// path names the element, e.g. `events[2]`.
[[nodiscard]] result<void> validate_webhook_events(std::span<const std::string> events,
                                                   bool allow_unknown = false) noexcept;

/// The body of `POST /webhooks`: what a new subscription is called, where OnceHub
/// delivers, and which events.
///
/// ```cpp
/// wh::webhook_create_request request{"CRM sync", "https://example.com/hooks", {"booking", "conversation.closed"}};
/// if (auto ok = request.validate(); !ok) { std::cerr << ok.error().message() << '\n'; }
/// std::string body = request.to_json();
/// // {"name":"CRM sync","url":"https://example.com/hooks","events":["booking","conversation.closed"]}
/// ```
struct webhook_create_request {
  /// The subscription's name, unique per account (OnceHub answers 409 otherwise).
  std::string name;
  /// Where deliveries go: an absolute `https://` URL.
  std::string url;
  /// Specific (`"booking.canceled"`) and composite (`"booking"`) event values.
  std::vector<std::string> events;
  /// Accept event values this library does not know (OnceHub may have added them).
  bool allow_unknown_events = false;

  /// Checks the name, the URL and the events (in that order), before anything is sent.
  [[nodiscard]] result<void> validate() const noexcept;
  /// Exactly `{"name":...,"url":...,"events":[...]}`, compact, with JSON escaping. It
  /// serialises the values as they are: call `validate()` first (`create_webhook_call`
  /// does both).
  [[nodiscard]] std::string to_json() const;
};

/// The largest page `GET /webhooks` returns.
inline constexpr std::int64_t max_list_limit = 100;

/// Pagination of `GET /webhooks`: at most `limit` webhooks (1..100; OnceHub's default is
/// 10), starting after or before a webhook ID (the cursor, not both).
struct webhook_list_params {
  /// Page size, 1..100; unset sends none (OnceHub returns 10).
  std::optional<std::int64_t> limit;
  /// Return the webhooks listed before this ID (the previous page).
  std::optional<std::string> before;
  /// Return the webhooks listed after this ID (the next page).
  std::optional<std::string> after;

  /// Refuses a limit outside 1..100, an empty cursor, and `before` with `after`
  /// (`errc::invalid_value`, path `limit`, `before` or `after`).
  [[nodiscard]] result<void> validate() const noexcept;
  /// The query string, percent-encoded: `""` or e.g. `"?limit=20&after=WHK-7JD9LBVZTQ"`.
  [[nodiscard]] std::string to_query() const;
};

/// One API request, ready for any HTTP client: send `method` to `url(base)` with `body`
/// (if any) and the headers `API-Key`, `Content-Type: application/json` and
/// `Accept: application/json`.
struct api_call {
  /// `"GET"`, `"POST"` or `"DELETE"`.
  std::string_view method;
  /// The path and query below the base URL, e.g. `"/webhooks"`, `"/webhooks?limit=20"`,
  /// `"/webhooks/WHK-7JD9LBVZTQ"` (IDs percent-encoded).
  std::string target;
  /// The JSON body (`POST`), else empty.
  std::string body;

  /// `base` (without its trailing `/`) followed by `target`.
  [[nodiscard]] std::string url(std::string_view base = api_base_url) const;
};

/// `POST /webhooks` with the request's JSON body, once `request.validate()` passes.
[[nodiscard]] result<api_call> create_webhook_call(const webhook_create_request& request);
/// `GET /webhooks` with the pagination query, once `params.validate()` passes.
[[nodiscard]] result<api_call> list_webhooks_call(const webhook_list_params& params = {});
/// `GET /webhooks/{id}`. Refuses an empty ID, `.` and `..` (path `id`).
[[nodiscard]] result<api_call> retrieve_webhook_call(std::string_view id);
/// `DELETE /webhooks/{id}`. Refuses an empty ID, `.` and `..` (path `id`).
[[nodiscard]] result<api_call> delete_webhook_call(std::string_view id);

// ---- responses ----------------------------------------------------------------------------

/// What kind of value one element of a webhook's `events` is.
enum class subscribed_event_kind : std::uint8_t {
  unknown,    ///< not in this library's catalog (newer than this library, or a typo)
  specific,   ///< one event type, e.g. `booking.canceled`
  composite,  ///< a whole family: `booking` or `conversation`
};

/// One element of a webhook's `events`, classified against the event catalog.
class subscribed_event {
 public:
  constexpr subscribed_event() noexcept = default;
  /// Classifies `name`.
  constexpr explicit subscribed_event(std::string_view name) noexcept : name_(name) {
    if (auto type = from_string(name)) {
      type_ = *type;
      family_ = family_of(*type);
      kind_ = subscribed_event_kind::specific;
    } else if (auto family = family_from_string(name)) {
      family_ = *family;
      kind_ = subscribed_event_kind::composite;
    }
  }
  /// The value as sent, e.g. `"booking"` or `"booking.no_show"`.
  [[nodiscard]] constexpr std::string_view name() const noexcept { return name_; }
  /// Specific, composite or unknown.
  [[nodiscard]] constexpr subscribed_event_kind kind() const noexcept { return kind_; }
  /// Whether the value is in the catalog (specific or composite).
  [[nodiscard]] constexpr bool is_known() const noexcept { return kind_ != subscribed_event_kind::unknown; }
  /// The event type of a specific value; `std::nullopt` otherwise.
  [[nodiscard]] constexpr std::optional<event_type> type() const noexcept {
    if (kind_ != subscribed_event_kind::specific) { return std::nullopt; }
    return type_;
  }
  /// The family of a specific or composite value; `std::nullopt` when unknown.
  [[nodiscard]] constexpr std::optional<event_family> family() const noexcept { return family_; }
  /// Whether deliveries of `type` match this value (see `covers(std::string_view, event_type)`).
  [[nodiscard]] constexpr bool covers(event_type type) const noexcept { return webhooks::covers(name_, type); }

  friend constexpr bool operator==(const subscribed_event& a, const subscribed_event& b) noexcept {
    return a.name_ == b.name_;
  }
  friend constexpr bool operator==(const subscribed_event& a, std::string_view b) noexcept { return a.name_ == b; }

 private:
  std::string_view name_{};
  std::optional<event_family> family_{};
  event_type type_ = event_type::unknown;
  subscribed_event_kind kind_ = subscribed_event_kind::unknown;
};

/// A webhook subscription as the API returns it (SPEC 7.1): from create, retrieve, and
/// inside a list. Members absent from the response (`api_version` and `secret` in v1
/// answers) read as absent; `null` reads as null.
///
/// Lifetime: every view points into the `api_parser` that produced it and is valid until
/// its next parse.
struct webhook {
  field<std::string_view> id;            ///< `WHK-7JD9LBVZTQ` (treat as opaque)
  field<std::string_view> object;        ///< `"webhook"` (another value rejects the response)
  field<std::string_view> api_version;   ///< `"v2"`: the version deliveries are rendered in
  field<std::string_view> name;          ///< unique per account
  field<std::string_view> url;           ///< where OnceHub delivers
  field<list<subscribed_event>> events;  ///< as subscribed, classified
  /// When the subscription was created; invalid (`field_issue::bad_format`, the text
  /// kept) when not RFC 3339.
  field<timestamp> creation_time;
  /// The signing secret for `Oncehub-Signature`: only in the creation response, and
  /// OnceHub never shows it again. Keep it (e.g. in `ONCEHUB_WEBHOOK_SECRET`).
  field<std::string_view> secret;

  /// The event types this subscription receives, e.g. for `router::filter`.
  [[nodiscard]] subscription_set subscriptions() const noexcept {
    subscription_set set;
    if (events) {
      for (const subscribed_event& e : *events) { set.add(e.name()); }
    }
    return set;
  }
};

/// A page of `GET /webhooks`: `{"object":"list","data":[...],"has_more":bool}`, sorted
/// by creation time.
struct webhook_list {
  field<std::string_view> object;  ///< `"list"` (another value rejects the response)
  field<list<webhook>> data;       ///< the webhooks on this page
  field<bool> has_more;            ///< whether another page follows
};

/// The parameters of the page after `page` (or before it, when `current` paged backwards
/// with `before`), keeping `current.limit`; `std::nullopt` when `has_more` is not true or
/// the page has no ID to continue from.
[[nodiscard]] std::optional<webhook_list_params> next_page(const webhook_list& page,
                                                           const webhook_list_params& current = {});

/// The answer to `DELETE /webhooks/{id}`: `{"id":"WHK-...","deleted":true}`.
struct deleted_webhook {
  field<std::string_view> id;      ///< the deleted webhook
  field<bool> deleted;             ///< `true` when it was deleted
  field<std::string_view> object;  ///< `"webhook"` when sent (not documented)
};

/// The `type` of an API error object.
enum class api_error_type : std::uint8_t {
  unknown,                ///< absent, or a value this library does not know (see `raw()`)
  authentication_error,   ///< a missing or invalid API key
  invalid_request_error,  ///< bad parameters, a duplicate name, no such object...
  rate_limit_error,       ///< too many requests (5/s per account, 200 per 5 min per IP)
  api_error,              ///< a problem on OnceHub's side
};
template <>
inline constexpr std::array<std::pair<std::string_view, api_error_type>, 4> enum_names<api_error_type>{{
    {"authentication_error", api_error_type::authentication_error},
    {"invalid_request_error", api_error_type::invalid_request_error},
    {"rate_limit_error", api_error_type::rate_limit_error},
    {"api_error", api_error_type::api_error},
}};

/// The `errc` of a failed API call: the HTTP status decides (401 `api_authentication_failed`,
/// 402/403 `api_permission_denied`, 404 `api_not_found`, 409 `api_conflict`, 400/422
/// `api_invalid_request`, 429 `api_rate_limited`, 5xx `api_server_error`); for another 4xx
/// the error object's `type` does, defaulting to `api_invalid_request`; anything else
/// (1xx, 2xx, 3xx: the client did not follow a redirect) is `api_unexpected_status`.
[[nodiscard]] constexpr errc errc_of_http_status(int http_status,
                                                 api_error_type type = api_error_type::unknown) noexcept {
  switch (http_status) {
    case 400:
    case 422: return errc::api_invalid_request;
    case 401: return errc::api_authentication_failed;
    case 402:
    case 403: return errc::api_permission_denied;
    case 404: return errc::api_not_found;
    case 409: return errc::api_conflict;
    case 429: return errc::api_rate_limited;
    default: break;
  }
  if (http_status >= 500 && http_status <= 599) { return errc::api_server_error; }
  if (http_status >= 400 && http_status <= 499) {
    switch (type) {
      case api_error_type::authentication_error: return errc::api_authentication_failed;
      case api_error_type::rate_limit_error: return errc::api_rate_limited;
      case api_error_type::api_error: return errc::api_server_error;
      default: return errc::api_invalid_request;
    }
  }
  return errc::api_unexpected_status;
}

/// A failed API call (SPEC 7.2): the HTTP status, its `errc`, and the error object
/// `{"type":...,"message":...,"param":...}` when the body holds one. A body that is not an
/// error object (an HTML page from a proxy, nothing at all) leaves the fields absent.
///
/// Lifetime: like every view of an `api_parser`, valid until its next parse.
struct api_error {
  /// The HTTP status the API answered with.
  int http_status = 0;
  /// The status (and type) as an error code: `errc_of_http_status(http_status, type)`.
  errc code = errc::api_unexpected_status;
  /// `authentication_error`, `invalid_request_error`, `rate_limit_error`, `api_error`,
  /// or a newer value (kept in `raw()`).
  field<open_enum<api_error_type>> type;
  /// A human-readable message, e.g. `"No such webhook: 'WHK-1'"`.
  field<std::string_view> message;
  /// The offending parameter, e.g. `"name"`, `"limit"`, `"id"`.
  field<std::string_view> param;
  /// The response body as received.
  std::string_view body;

  /// The error type as sent (`"invalid_request_error"`), or the `errc` identifier when the
  /// body has none.
  [[nodiscard]] std::string_view type_name() const noexcept { return type ? type->raw() : to_string(code); }
  /// An `error` with `code`, the `param` as its path and the `message` (or, without one,
  /// `"HTTP <status>"` and what it means); truncated past `error::max_message_size`.
  [[nodiscard]] error to_error() const noexcept;
};

/// Decodes the Webhooks API's responses into zero-copy views, one at a time.
///
/// Each `parse_*` takes the HTTP status and the body. A 2xx body is decoded whole: valid
/// JSON (UTF-8, no trailing content, nesting within 64 levels), an object, with each known
/// member of its documented JSON type or `null` (`errc::wrong_type` otherwise, with the
/// path, e.g. `data[3].events[0]`), and no known key twice; unknown members are validated
/// and ignored. A `creation_time` that is not RFC 3339 reads as invalid rather than
/// failing the answer. Any other status yields the `api_error`'s
/// `to_error()`: `errc::api_not_found`, `errc::api_conflict`...
///
/// The body is copied once into a padded buffer owned by the parser, so it need not
/// outlive the result; the views live until the next parse on this parser. Not
/// thread-safe: use one per thread.
///
/// ```cpp
/// wh::api_parser api;
/// auto page = api.parse_webhook_list(status, body);
/// if (!page) { std::cerr << page.error().to_string() << '\n'; return; }
/// if (page->data) {
///   for (const wh::webhook& hook : *page->data) { std::cout << hook.id.value_or("?") << '\n'; }
/// }
/// ```
class api_parser {
 public:
  /// Bodies larger than this are rejected with `errc::too_large`.
  static constexpr std::size_t max_body_size = std::size_t{16} << 20;
  /// Deeper JSON nesting is rejected with `errc::too_deep`.
  static constexpr std::size_t max_depth = 64;

  api_parser();
  ~api_parser();
  api_parser(api_parser&&) noexcept;
  api_parser& operator=(api_parser&&) noexcept;
  api_parser(const api_parser&) = delete;
  api_parser& operator=(const api_parser&) = delete;

  /// The answer to create or retrieve: a `webhook` (with `secret` after create).
  result<webhook> parse_webhook(int http_status, std::string_view body) & ONCEHUB_WEBHOOKS_LIFETIMEBOUND;
  /// The answer to list: one page.
  result<webhook_list> parse_webhook_list(int http_status, std::string_view body) & ONCEHUB_WEBHOOKS_LIFETIMEBOUND;
  /// The answer to delete.
  result<deleted_webhook> parse_deleted_webhook(int http_status, std::string_view body) &
      ONCEHUB_WEBHOOKS_LIFETIMEBOUND;
  /// The error object of a failed call (any status; never fails: an unreadable body leaves
  /// the fields absent).
  api_error parse_error(int http_status, std::string_view body) & ONCEHUB_WEBHOOKS_LIFETIMEBOUND;

  /// Deleted: a temporary parser would take the views with it.
  template <class... Args>
  result<webhook> parse_webhook(Args&&...) && = delete;
  template <class... Args>
  result<webhook_list> parse_webhook_list(Args&&...) && = delete;
  template <class... Args>
  result<deleted_webhook> parse_deleted_webhook(Args&&...) && = delete;
  template <class... Args>
  api_error parse_error(Args&&...) && = delete;

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace oncehub::webhooks::inline v0

#include "oncehub/webhooks/detail/webhooks_api_decoder.hpp"
#include "oncehub/webhooks/detail/webhooks_api_request.hpp"

#endif  // ONCEHUB_WEBHOOKS_WEBHOOKS_API_HPP
