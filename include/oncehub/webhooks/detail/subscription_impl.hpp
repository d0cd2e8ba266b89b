// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind subscription.hpp: request validation and serialisation, percent-
/// encoding, and the decoder of the Webhooks API's responses.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_SUBSCRIPTION_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_SUBSCRIPTION_IMPL_HPP

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <new>

#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/detail/json_validator.hpp"
#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/detail/timestamp.hpp"
#include "oncehub/webhooks/subscription.hpp"
#include "oncehub/webhooks/to_json.hpp"

namespace oncehub::webhooks {

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
    if (detail::is_control(c)) {
      return detail::refusal("name", "the name contains a control character at byte ", i);
    }
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
  bool has_scheme = colon != std::string_view::npos && colon > 0 && colon < first_delimiter &&
                    detail::is_ascii_alpha(url[0]);
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
      const bool allowed = detail::is_ascii_alpha(c) || detail::is_ascii_digit(c) || c == '-' || c == '.' ||
                           c == '_' || c == '~' || c == '%' || static_cast<unsigned char>(c) >= 0x80;
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
    if (auto checked = detail::validate_webhook_id(*after, "after", "the after cursor"); !checked) {
      return checked;
    }
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
    builder.message("HTTP ", static_cast<std::size_t>(http_status < 0 ? 0 : http_status), ": ", describe(code));
  }
  return builder.build();
}

namespace detail {

/// The arenas behind the lists of one API response.
struct api_storage {
  std::vector<subscribed_event> events;
  std::vector<webhook> webhooks;
  void clear() noexcept {
    events.clear();
    webhooks.clear();
  }
};

/// Decodes one API response. Strict about JSON types where the delivery decoder is lenient
/// (a member of the wrong type fails the answer): an API client should not act on an
/// answer it misreads, and nothing retries it for days.
class api_decoder : public json_walker {
 public:
  api_decoder(api_storage& storage, std::vector<validation_frame>& frames, const json_input& in) noexcept
      : json_walker(frames, api_parser::max_depth, in), storage_(storage) {}

  /// Decodes the whole document as a `T`: an object, then nothing but whitespace. A root
  /// of another kind is read whole before it is typed, so a body that is not JSON (`tru`,
  /// `[1,`, `1x`) gets its JSON error, never `wrong_type`; a schema error found before
  /// the whole body was read is reported only for a body that is JSON (issue 12, item 6).
  template <class T>
  bool document(od::document& doc, T& out) noexcept {
    if (decode_document(doc, out)) { return true; }
    prefer_json_error(doc);
    return false;
  }

 private:
  template <class T>
  bool decode_document(od::document& doc, T& out) noexcept {
    doc_ = &doc;
    od::json_type type{};
    if (auto e = doc.type().get(type)) { return fail_json(e, nullptr); }
    if (type != od::json_type::object) {
      bool first_is_object = false;
      if (!read_other_root(doc, type, first_is_object)) { return false; }
      return fail_type(nullptr, json_kind::object, to_kind(type));
    }
    od::object object;
    if (!open_root(doc, object)) { return false; }
    if (!decode_members(object, out, nullptr)) { return false; }
    return at_end(doc);
  }

  /// `v` is not of the `expected` kind: `null` is accepted (the member reads as null),
  /// anything else is a `wrong_type` error.
  template <class Member>
  bool null_or_wrong_type(Member& member, od::value& v, const path_segment& path, json_kind expected) noexcept {
    od::json_type type{};
    if (auto e = v.type().get(type)) { return fail_json(e, &path); }
    if (type == od::json_type::null) {
      bool is_null = false;
      if (auto e = v.is_null().get(is_null)) { return fail_json(e, &path); }
      if (!is_null) { return fail_json(simdjson::N_ATOM_ERROR, &path); }
      access::state(member) = presence::null;
      return true;
    }
    return fail_type(&path, expected, to_kind(type));
  }

  bool validate(od::value& v, const path_segment& path) noexcept {
    json_kind kind{};
    std::string_view raw;
    return validate_value(v, path, kind, raw);
  }

  // --- values ----------------------------------------------------------------------

  bool decode(field<std::string_view>& member, od::value& v, const path_segment& path) noexcept {
    std::string_view text;
    const auto e = v.get_string().get(text);
    if (e == simdjson::INCORRECT_TYPE) { return null_or_wrong_type(member, v, path, json_kind::string); }
    if (e != simdjson::SUCCESS) {
      if (!is_unrepresentable(e, trim_right(v.raw_json_token()))) { return fail_json(e, &path); }
      return fail_message(errc::invalid_value, &path,
                          "the value is not Unicode text: it holds an escaped lone surrogate");
    }
    access::value(member) = text;
    access::state(member) = presence::present;
    return true;
  }

  bool decode(field<open_enum<api_error_type>>& member, od::value& v, const path_segment& path) noexcept {
    field<std::string_view> text;
    if (!decode(text, v, path)) { return false; }
    if (text) { access::value(member) = open_enum<api_error_type>(*text); }
    access::state(member) = text.state();
    return true;
  }

  bool decode(field<bool>& member, od::value& v, const path_segment& path) noexcept {
    bool flag = false;
    const auto e = v.get_bool().get(flag);
    if (e == simdjson::INCORRECT_TYPE) { return null_or_wrong_type(member, v, path, json_kind::boolean); }
    if (e != simdjson::SUCCESS) { return fail_json(e, &path); }
    access::value(member) = flag;
    access::state(member) = presence::present;
    return true;
  }

  bool decode(field<timestamp>& member, od::value& v, const path_segment& path) noexcept {
    field<std::string_view> text;
    if (!decode(text, v, path)) { return false; }
    access::state(member) = text.state();
    if (text) {
      // A time in another format is kept as text and reads as invalid: nothing an API
      // client decides depends on it, so it does not cost the caller the whole answer.
      const auto time = parse_rfc3339(*text);
      access::value(member) = timestamp{time.value_or(std::chrono::sys_time<std::chrono::milliseconds>{}), *text};
      if (!time) {
        access::state(member) = presence::invalid;
        access::issue(member) = field_issue::bad_format;
      }
    }
    return true;
  }

  bool decode(field<list<subscribed_event>>& member, od::value& v, const path_segment& path) noexcept {
    od::array array;
    const auto e = v.get_array().get(array);
    if (e == simdjson::INCORRECT_TYPE) { return null_or_wrong_type(member, v, path, json_kind::array); }
    if (e != simdjson::SUCCESS) { return fail_json(e, &path); }
    if (!enter(&path)) { return false; }
    std::vector<subscribed_event>& arena = storage_.events;
    const std::size_t first = arena.size();
    std::size_t index = 0;
    for (auto element_result : array) {
      od::value element;
      if (auto ee = std::move(element_result).get(element)) { return fail_json(ee, &path); }
      const path_segment child{&path, {}, index++};
      field<std::string_view> text;
      if (!decode(text, element, child)) { return false; }
      if (!text) {
        return fail_type(&child, json_kind::string, json_kind::null);
      }
      arena.emplace_back(*text);
    }
    leave();
    set_list(member, arena, first);
    return true;
  }

  bool decode(field<list<webhook>>& member, od::value& v, const path_segment& path) noexcept {
    od::array array;
    const auto e = v.get_array().get(array);
    if (e == simdjson::INCORRECT_TYPE) { return null_or_wrong_type(member, v, path, json_kind::array); }
    if (e != simdjson::SUCCESS) { return fail_json(e, &path); }
    if (!enter(&path)) { return false; }
    // Each webhook is decoded into a local and then appended: decoding one appends only
    // to the events arena, so the webhooks of this array stay contiguous.
    std::vector<webhook>& arena = storage_.webhooks;
    const std::size_t first = arena.size();
    std::size_t index = 0;
    for (auto element_result : array) {
      od::value element;
      if (auto ee = std::move(element_result).get(element)) { return fail_json(ee, &path); }
      const path_segment child{&path, {}, index++};
      od::object object;
      const auto oe = element.get_object().get(object);
      if (oe == simdjson::INCORRECT_TYPE) {
        od::json_type type{};
        if (auto te = element.type().get(type)) { return fail_json(te, &child); }
        return fail_type(&child, json_kind::object, to_kind(type));
      }
      if (oe != simdjson::SUCCESS) { return fail_json(oe, &child); }
      webhook item{};
      if (!decode_members(object, item, &child)) { return false; }
      arena.push_back(item);
    }
    leave();
    set_list(member, arena, first);
    return true;
  }

  template <class T>
  static void set_list(field<list<T>>& member, const std::vector<T>& arena, std::size_t first) noexcept {
    list<T>& out = access::value(member);
    access::arena(out) = &arena;
    access::first(out) = static_cast<std::uint32_t>(first);
    access::size(out) = static_cast<std::uint32_t>(arena.size() - first);
    access::state(member) = presence::present;
  }

  // --- objects ---------------------------------------------------------------------

  /// Iterates an object once: each key in `keys` goes to `on_member(index, value, path)`
  /// (at most once: a second occurrence is `duplicate_field`); other keys are validated
  /// and ignored (forward compatibility).
  template <std::size_t N, class OnMember>
  bool members(od::object& object, const path_segment* path, const std::array<std::string_view, N>& keys,
               OnMember&& on_member) noexcept {
    static_assert(N <= 32);
    if (!enter(path)) { return false; }
    std::uint32_t seen = 0;
    for (auto field_result : object) {
      od::field f;
      if (auto e = std::move(field_result).get(f)) { return fail_json(e, path); }
      std::string_view key;
      std::uint8_t ignored = no_key;
      if (!read_key<1>(f, nullptr, key, ignored, path)) { return false; }
      const path_segment child{path, key, 0};
      const auto found = std::find(keys.begin(), keys.end(), key);
      if (found == keys.end()) {
        if (!validate(f.value(), child)) { return false; }
        continue;
      }
      const auto index = static_cast<std::size_t>(found - keys.begin());
      if (seen & (std::uint32_t{1} << index)) {
        return fail_message(errc::duplicate_field, &child,
                            "the key appears more than once, so the response is ambiguous");
      }
      seen |= std::uint32_t{1} << index;
      if (!on_member(index, f.value(), child)) { return false; }
    }
    leave();
    return true;
  }

  /// `object` names what the API returned; another value means the wrong endpoint or a
  /// misconfigured base URL, so the response is refused.
  bool expect_object(const field<std::string_view>& object, std::string_view expected,
                     const path_segment* parent) noexcept {
    if (!object || *object == expected) { return true; }
    const path_segment path{parent, "object", 0};
    return fail_message(errc::invalid_value, &path, "expected \"", expected, "\", got \"", *object, "\"");
  }

  bool decode_members(od::object& object, webhook& out, const path_segment* path) noexcept {
    static constexpr std::array<std::string_view, 8> keys{"id",     "object", "api_version",   "name",
                                                          "url",    "events", "creation_time", "secret"};
    const bool ok = members(object, path, keys, [&](std::size_t index, od::value& v, const path_segment& at) {
      switch (index) {
        case 0: return decode(out.id, v, at);
        case 1: return decode(out.object, v, at);
        case 2: return decode(out.api_version, v, at);
        case 3: return decode(out.name, v, at);
        case 4: return decode(out.url, v, at);
        case 5: return decode(out.events, v, at);
        case 6: return decode(out.creation_time, v, at);
        default: return decode(out.secret, v, at);
      }
    });
    return ok && expect_object(out.object, "webhook", path);
  }

  bool decode_members(od::object& object, webhook_list& out, const path_segment* path) noexcept {
    static constexpr std::array<std::string_view, 3> keys{"object", "data", "has_more"};
    const bool ok = members(object, path, keys, [&](std::size_t index, od::value& v, const path_segment& at) {
      switch (index) {
        case 0: return decode(out.object, v, at);
        case 1: return decode(out.data, v, at);
        default: return decode(out.has_more, v, at);
      }
    });
    return ok && expect_object(out.object, "list", path);
  }

  bool decode_members(od::object& object, deleted_webhook& out, const path_segment* path) noexcept {
    static constexpr std::array<std::string_view, 3> keys{"id", "deleted", "object"};
    return members(object, path, keys, [&](std::size_t index, od::value& v, const path_segment& at) {
      switch (index) {
        case 0: return decode(out.id, v, at);
        case 1: return decode(out.deleted, v, at);
        default: return decode(out.object, v, at);
      }
    });
  }

  bool decode_members(od::object& object, api_error& out, const path_segment* path) noexcept {
    // The documented object is flat; `{"error":{...}}` (a common wrapping) is read too.
    static constexpr std::array<std::string_view, 4> keys{"type", "message", "param", "error"};
    return members(object, path, keys, [&](std::size_t index, od::value& v, const path_segment& at) {
      switch (index) {
        case 0: return decode(out.type, v, at);
        case 1: return decode(out.message, v, at);
        case 2: return decode(out.param, v, at);
        default: {
          od::object inner;
          if (v.get_object().get(inner) != simdjson::SUCCESS) { return validate(v, at); }
          return decode_members(inner, out, &at);
        }
      }
    });
  }

  api_storage& storage_;
};

}  // namespace detail

struct api_parser::state {
  simdjson::ondemand::parser json;
  detail::api_storage storage;
  std::vector<detail::validation_frame> frames;  // the validator's explicit stack
  detail::padded_copy copy;                      // of the body

  state() { frames.reserve(api_parser::max_depth + 1); }

  /// Copies `body` into the padded buffer and decodes it as a `T`.
  template <class T>
  result<T> decode(std::string_view body) {
    storage.clear();
    if (auto refused = detail::check_body_size(body.size(), max_body_size)) { return *refused; }
    const auto padded = copy.assign(body);
    if (!padded) { return error(errc::out_of_memory); }
    // No byte order mark is skipped: the API sends none, and one would say the answer
    // did not come from it.
    const detail::json_input in = detail::frame_json(*padded, false);
    detail::api_decoder decoder(storage, frames, in);
    simdjson::ondemand::document doc;
    if (auto e = json.iterate(in.json()).get(doc)) {
      decoder.fail_iterate(e);
      return decoder.failure();
    }
    T out{};
    if (!decoder.document(doc, out)) { return decoder.failure(); }
    return out;
  }
};

inline api_parser::api_parser() : state_(std::make_unique<state>()) {}
inline api_parser::~api_parser() = default;
inline api_parser::api_parser(api_parser&&) noexcept = default;
inline api_parser& api_parser::operator=(api_parser&&) noexcept = default;

namespace detail {
constexpr bool is_success_status(int http_status) noexcept { return http_status >= 200 && http_status <= 299; }
}  // namespace detail

inline result<webhook> api_parser::parse_webhook(int http_status, std::string_view body) & {
  if (!detail::is_success_status(http_status)) { return parse_error(http_status, body).to_error(); }
  return state_->decode<webhook>(body);
}

inline result<webhook_list> api_parser::parse_webhook_list(int http_status, std::string_view body) & {
  if (!detail::is_success_status(http_status)) { return parse_error(http_status, body).to_error(); }
  return state_->decode<webhook_list>(body);
}

inline result<deleted_webhook> api_parser::parse_deleted_webhook(int http_status, std::string_view body) & {
  if (!detail::is_success_status(http_status)) { return parse_error(http_status, body).to_error(); }
  return state_->decode<deleted_webhook>(body);
}

inline api_error api_parser::parse_error(int http_status, std::string_view body) & {
  auto decoded = state_->decode<api_error>(body);
  // A body that is not an error object says nothing: every field stays absent.
  api_error out = decoded ? *decoded : api_error{};
  out.http_status = http_status;
  out.code = errc_of_http_status(http_status, out.type ? out.type->value() : api_error_type::unknown);
  // The view points at the parser's copy, which `decode` made unless the body was too
  // large or could not be copied.
  const bool copied = body.size() <= max_body_size && state_->copy.data != nullptr;
  out.body = copied ? std::string_view(state_->copy.data.get(), body.size()) : std::string_view{};
  return out;
}

}  // namespace oncehub::webhooks

#endif  // ONCEHUB_WEBHOOKS_DETAIL_SUBSCRIPTION_IMPL_HPP
