// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind webhooks_api.hpp, the request side: validation and serialisation of
/// what is sent, percent-encoding, the calls, paging, and an API error as an `error`.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_WEBHOOKS_API_REQUEST_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_WEBHOOKS_API_REQUEST_HPP

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <string>

#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/to_json.hpp"
#include "oncehub/webhooks/webhooks_api.hpp"

namespace oncehub::webhooks::inline v0 {

namespace detail {

/// A refused request value: `code`, the path of the value, and a sentence that names it.
template <class... Parts>
[[nodiscard]] error refusal(errc code, const path_segment* path, const Parts&... parts) noexcept {
  error_builder builder(code);
  builder.path(path).message(parts...);
  return builder.build();
}
template <class... Parts>
[[nodiscard]] error refusal(std::string_view path, const Parts&... parts) noexcept {
  const path_segment segment{nullptr, path, 0};
  return refusal(errc::invalid_value, &segment, parts...);
}

constexpr bool is_ascii_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_control(char c) noexcept {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7F;
}
constexpr char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) { return false; }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) { return false; }
  }
  return true;
}
// RFC 3986 section 2.3: the characters that never need percent-encoding.
constexpr bool is_unreserved(char c) noexcept {
  return is_ascii_alpha(c) || is_ascii_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/// Appends `text` percent-encoded: everything but the unreserved characters, so an ID
/// can never change the path or the query it is put in.
inline void append_percent_encoded(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (char c : text) {
    if (is_unreserved(c)) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(hex[byte >> 4]);
      out.push_back(hex[byte & 0xF]);
    }
  }
}

/// A spelling-insensitive key for suggesting the event value a user meant: lower case,
/// letters and digits only, "cancelled" spelled "canceled", a trailing plural `s` dropped.
/// So `Booking.Cancelled`, `booking_canceled` and `bookings` find their catalog names.
struct loose_key {
  std::array<char, 64> text{};
  std::size_t size = 0;
  bool ok = true;

  constexpr explicit loose_key(std::string_view value) noexcept {
    for (char c : value) {
      c = ascii_lower(c);
      if (!is_ascii_alpha(c) && !is_ascii_digit(c)) { continue; }
      if (size == text.size()) {
        ok = false;
        return;
      }
      text[size++] = c;
      // "cancell" -> "cancel": the British spelling of OnceHub's "canceled".
      if (size >= 7 && view().substr(size - 7) == "cancell") { --size; }
    }
    if (size > 1 && text[size - 1] == 's') { --size; }
  }
  [[nodiscard]] constexpr std::string_view view() const noexcept { return {text.data(), size}; }
};

/// The catalog value `value` probably meant, or empty.
constexpr std::string_view suggest_event_value(std::string_view value) noexcept {
  const loose_key key(value);
  if (!key.ok || key.size == 0) { return {}; }
  for (const auto& info : event_table) {
    if (loose_key(info.name).view() == key.view()) { return info.name; }
  }
  for (const auto& [name, family] : family_table) {
    if (loose_key(name).view() == key.view()) { return name; }
  }
  return {};
}

inline bool is_valid_utf8(std::string_view text) noexcept { return simdjson::validate_utf8(text.data(), text.size()); }

/// Checks a webhook ID (`path` "id") or a list cursor (`path` "before" or "after")
/// before it goes into a URL; `noun` names it in the message.
inline result<void> validate_webhook_id(std::string_view id, std::string_view path, std::string_view noun) noexcept {
  if (id.empty()) { return refusal(path, noun, " is empty"); }
  // Dot segments would be resolved away by URL normalisation: /webhooks/.. is /.
  if (id == "." || id == "..") { return refusal(path, noun, " \"", id, "\" is not a webhook ID"); }
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (is_control(id[i]) || id[i] == ' ') {
      return refusal(path, noun, " contains a space or control character at byte ", i);
    }
  }
  return {};
}

}  // namespace detail

inline result<void> validate_webhook_name(std::string_view name) noexcept {
  if (name.empty()) { return detail::refusal("name", "the name is empty"); }
  if (!detail::is_valid_utf8(name)) { return detail::refusal("name", "the name is not valid UTF-8"); }
  bool letter_or_digit = false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (detail::is_control(c)) { return detail::refusal("name", "the name contains a control character at byte ", i); }
    // Any non-ASCII character counts: classifying Unicode letters needs tables we do not
    // carry, and refusing "日本" would be worse than letting OnceHub decide.
    if (detail::is_ascii_alpha(c) || detail::is_ascii_digit(c) || static_cast<unsigned char>(c) >= 0x80) {
      letter_or_digit = true;
    }
  }
  if (!letter_or_digit) { return detail::refusal("name", "the name \"", name, "\" has no letter or digit"); }
  return {};
}

inline result<void> validate_webhook_url(std::string_view url) noexcept {
  using detail::refusal;
  constexpr std::string_view where = "url";
  if (url.empty()) { return refusal(where, "the URL is empty"); }
  if (!detail::is_valid_utf8(url)) { return refusal(where, "the URL is not valid UTF-8"); }
  for (std::size_t i = 0; i < url.size(); ++i) {
    const char c = url[i];
    if (c == ' ') { return refusal(where, "the URL contains a space at byte ", i, " (write it as %20)"); }
    if (detail::is_control(c)) { return refusal(where, "the URL contains a control character at byte ", i); }
    if (std::string_view("<>\"{}|\\^`").find(c) != std::string_view::npos) {
      return refusal(where, "the URL contains '", url.substr(i, 1), "' at byte ", i, ", which must be percent-encoded");
    }
  }

  // scheme ":" (RFC 3986 section 3.1): a letter, then letters, digits, "+", "-", ".".
  const std::size_t colon = url.find(':');
  const std::size_t first_delimiter = url.find_first_of("/?#");
  bool has_scheme =
      colon != std::string_view::npos && colon > 0 && colon < first_delimiter && detail::is_ascii_alpha(url[0]);
  for (std::size_t i = 1; has_scheme && i < colon; ++i) {
    const char c = url[i];
    has_scheme = detail::is_ascii_alpha(c) || detail::is_ascii_digit(c) || c == '+' || c == '-' || c == '.';
  }
  if (!has_scheme) {
    if (url.starts_with("//")) { return refusal(where, "the URL \"", url, "\" has no scheme: start it with https:"); }
    // "example.com/hooks": a host without its scheme.
    const std::string_view first_segment = url.substr(0, first_delimiter);
    if (!url.starts_with('/') && first_segment.find('.') != std::string_view::npos) {
      return refusal(where, "the URL \"", url, "\" has no scheme: write https://", url);
    }
    return refusal(where, "the URL \"", url,
                   "\" is relative: give an absolute https:// URL, e.g. https://example.com/webhooks");
  }
  const std::string_view scheme = url.substr(0, colon);
  if (detail::iequals(scheme, "http")) {
    return refusal(where, "the URL \"", url, "\" uses http://: OnceHub delivers only to https:// URLs");
  }
  if (!detail::iequals(scheme, "https")) {
    // "example.com:8443/hooks" and "localhost:8080" read as a scheme; a port says otherwise.
    if (colon + 1 < url.size() && detail::is_ascii_digit(url[colon + 1])) {
      return refusal(where, "the URL \"", url, "\" has no scheme: write https://", url);
    }
    return refusal(where, "the URL scheme \"", scheme, "\" is not https: OnceHub delivers only to https:// URLs");
  }
  std::string_view rest = url.substr(colon + 1);
  if (!rest.starts_with("//")) {
    return refusal(where, "the URL \"", url, "\" lacks // after https: (write https://host/path)");
  }
  rest.remove_prefix(2);
  if (const std::size_t hash = url.find('#'); hash != std::string_view::npos) {
    return refusal(where, "the URL has a fragment (", url.substr(hash), "), which is never sent to the server");
  }

  // authority = [ userinfo "@" ] host [ ":" port ]
  std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) { authority.remove_prefix(at + 1); }
  std::string_view host = authority;
  std::optional<std::string_view> port;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) { return refusal(where, "the URL's IPv6 host lacks its closing ]"); }
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') {
      return refusal(where, "the URL has \"", after, "\" after its IPv6 host");
    }
    if (!after.empty()) { port = after.substr(1); }
    if (host == "[]") { host = {}; }
  } else if (const std::size_t port_colon = authority.find(':'); port_colon != std::string_view::npos) {
    host = authority.substr(0, port_colon);
    port = authority.substr(port_colon + 1);
  }
  if (host.empty()) { return refusal(where, "the URL \"", url, "\" has no host"); }
  if (!host.starts_with('[')) {
    for (std::size_t i = 0; i < host.size(); ++i) {
      const char c = host[i];
      const bool allowed = detail::is_ascii_alpha(c) || detail::is_ascii_digit(c) || c == '-' || c == '.' || c == '_' ||
                           c == '~' || c == '%' || static_cast<unsigned char>(c) >= 0x80;
      if (!allowed) { return refusal(where, "the URL's host \"", host, "\" contains '", host.substr(i, 1), "'"); }
    }
    if (host.starts_with('.') || host.find("..") != std::string_view::npos) {
      return refusal(where, "the URL's host \"", host, "\" has an empty label");
    }
  }
  if (port) {
    if (port->empty()) { return refusal(where, "the URL's port is empty (drop the ':' or give a number)"); }
    std::size_t number = 0;
    for (char c : *port) {
      if (!detail::is_ascii_digit(c)) { return refusal(where, "the URL's port \"", *port, "\" is not a number"); }
      number = std::min<std::size_t>(number * 10 + static_cast<std::size_t>(c - '0'), 100000);
    }
    if (number == 0 || number > 65535) { return refusal(where, "the URL's port ", *port, " is not in 1..65535"); }
  }
  return {};
}

inline result<void> validate_webhook_events(std::span<const std::string> events, bool allow_unknown) noexcept {
  using detail::path_segment;
  const path_segment root{nullptr, "events", 0};
  if (events.empty()) {
    return detail::refusal(errc::invalid_value, &root,
                           "no events: subscribe to at least one, e.g. booking or conversation.closed");
  }
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::string_view value = events[i];
    const path_segment at{&root, {}, i};
    if (value.empty()) { return detail::refusal(errc::invalid_value, &at, "events[", i, "] is empty"); }
    if (!detail::is_valid_utf8(value)) {
      return detail::refusal(errc::invalid_value, &at, "events[", i, "] is not valid UTF-8");
    }
    if (!from_string(value) && !family_from_string(value)) {
      if (!allow_unknown) {
        if (const std::string_view meant = detail::suggest_event_value(value); !meant.empty()) {
          return detail::refusal(errc::unknown_event_type, &at, "unknown event \"", value, "\" (did you mean \"", meant,
                                 "\"?)");
        }
        return detail::refusal(errc::unknown_event_type, &at, "unknown event \"", value,
                               "\": not an event type such as booking.canceled, nor booking or conversation");
      }
      for (std::size_t k = 0; k < value.size(); ++k) {
        if (value[k] == ' ' || detail::is_control(value[k])) {
          return detail::refusal(errc::invalid_value, &at, "events[", i, "] \"", value,
                                 "\" contains a space or control character");
        }
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (events[j] == value) {
        return detail::refusal(errc::invalid_value, &at, "event \"", value, "\" is listed twice (events[", j,
                               "] and events[", i, "])");
      }
    }
  }
  return {};
}

inline result<void> webhook_create_request::validate() const noexcept {
  if (auto checked = validate_webhook_name(name); !checked) { return checked; }
  if (auto checked = validate_webhook_url(url); !checked) { return checked; }
  return validate_webhook_events(events, allow_unknown_events);
}

inline std::string webhook_create_request::to_json() const {
  std::string out;
  out.reserve(40 + name.size() + url.size() + 24 * events.size());
  out += "{\"name\":";
  append_json_string(out, name);
  out += ",\"url\":";
  append_json_string(out, url);
  out += ",\"events\":[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i != 0) { out += ','; }
    append_json_string(out, events[i]);
  }
  out += "]}";
  return out;
}

inline result<void> webhook_list_params::validate() const noexcept {
  if (limit && (*limit < 1 || *limit > max_list_limit)) {
    const std::int64_t value = *limit;
    // error_builder prints unsigned numbers: the sign goes in front by hand.
    const std::size_t magnitude =
        value < 0 ? static_cast<std::size_t>(-(value + 1)) + 1 : static_cast<std::size_t>(value);
    return detail::refusal("limit", "the limit must be between 1 and 100, got ", value < 0 ? "-" : "", magnitude);
  }
  if (before && after) {
    return detail::refusal("before", "before and after cannot be combined: page with one of them");
  }
  if (before) {
    if (auto checked = detail::validate_webhook_id(*before, "before", "the before cursor"); !checked) {
      return checked;
    }
  }
  if (after) {
    if (auto checked = detail::validate_webhook_id(*after, "after", "the after cursor"); !checked) { return checked; }
  }
  return {};
}

inline std::string webhook_list_params::to_query() const {
  std::string out;
  const auto separator = [&out] { out += out.empty() ? '?' : '&'; };
  if (limit) {
    separator();
    out += "limit=";
    out += std::to_string(*limit);
  }
  if (before) {
    separator();
    out += "before=";
    detail::append_percent_encoded(out, *before);
  }
  if (after) {
    separator();
    out += "after=";
    detail::append_percent_encoded(out, *after);
  }
  return out;
}

inline std::string api_call::url(std::string_view base) const {
  while (base.ends_with('/')) { base.remove_suffix(1); }
  std::string out(base);
  out += target;
  return out;
}

inline result<api_call> create_webhook_call(const webhook_create_request& request) {
  if (auto checked = request.validate(); !checked) { return checked.error(); }
  return api_call{"POST", "/webhooks", request.to_json()};
}

inline result<api_call> list_webhooks_call(const webhook_list_params& params) {
  if (auto checked = params.validate(); !checked) { return checked.error(); }
  return api_call{"GET", "/webhooks" + params.to_query(), {}};
}

namespace detail {
inline result<api_call> webhook_id_call(std::string_view method, std::string_view id) {
  if (auto checked = validate_webhook_id(id, "id", "the webhook id"); !checked) { return checked.error(); }
  std::string target = "/webhooks/";
  append_percent_encoded(target, id);
  return api_call{method, std::move(target), {}};
}
}  // namespace detail

inline result<api_call> retrieve_webhook_call(std::string_view id) { return detail::webhook_id_call("GET", id); }
inline result<api_call> delete_webhook_call(std::string_view id) { return detail::webhook_id_call("DELETE", id); }

inline std::optional<webhook_list_params> next_page(const webhook_list& page, const webhook_list_params& current) {
  if (!(page.has_more == true) || !page.data || page.data->empty()) { return std::nullopt; }
  const bool backwards = current.before.has_value();
  const webhook& edge = backwards ? (*page.data)[0] : (*page.data)[page.data->size() - 1];
  if (!edge.id || edge.id->empty()) { return std::nullopt; }
  webhook_list_params next;
  next.limit = current.limit;
  (backwards ? next.before : next.after) = std::string(*edge.id);
  return next;
}

inline error api_error::to_error() const noexcept {
  detail::error_builder builder(code);
  if (param && !param->empty()) { builder.path(*param); }
  if (message && !message->empty()) {
    builder.message(*message);
  } else {
    // The status as given: a negative one (a client's own failure code) is not shown as 0.
    const auto magnitude =
        static_cast<std::size_t>(http_status < 0 ? -static_cast<long long>(http_status) : http_status);
    builder.message("HTTP ", http_status < 0 ? "-" : "", magnitude, ": ", describe(code));
  }
  return builder.build();
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_WEBHOOKS_API_REQUEST_HPP
