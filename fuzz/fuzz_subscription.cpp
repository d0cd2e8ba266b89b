// SPDX-License-Identifier: MIT
/// @file
/// Fuzzes the Webhooks API side (`webhooks_api.hpp`): the response parsers
/// (`api_parser::parse_*`) on any status and body, and the request builders on any
/// strings.
///
/// The input is split by FuzzedDataProvider: an HTTP status chosen from the last byte,
/// then three strings (up to unescaped backslashes) used as name, URL and ID, and the rest
/// as the response body. Invariants:
/// - responses, against simdjson DOM: a 2xx body the DOM rejects as JSON is rejected; an
///   accepted webhook, list or delete answer holds exactly the DOM's values, member by
///   member (null as null, absent as absent, `events` classified by the catalog, a
///   `creation_time` valid exactly when it is RFC 3339); `next_page` continues from the
///   edge of the page; a non-2xx status gives `errc_of_http_status`, and `parse_error`
///   never fails and agrees with the parse it stands for;
/// - requests: `validate()` accepts exactly what the documented rules allow (https, a
///   host, a port in 1..65535, no space or control character; a non-empty name with a
///   letter or digit; known events, SPEC 5.1/5.2, none twice), both ways: a valid value
///   refused fails as surely as an invalid one accepted, so a validator that refuses
///   everything cannot pass. The rules are restated here from RFC 3986 and the API's
///   documentation, not from the library. Besides the raw strings, each input also builds
///   a request part by part (mostly valid, sometimes one rule broken), since random bytes
///   are almost never a valid URL. The JSON body of a valid request reads back to the
///   same name, URL and events, and IDs and cursors are percent-encoded so that decoding
///   the target gives them back.
#include <simdjson.h>

#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/detail/timestamp.hpp>
#include <oncehub/webhooks/webhooks_api.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/check.hpp"
#include "support/data_provider.hpp"
#include "support/rfc8259.hpp"
#include "support/spec_tables.hpp"

namespace wh = oncehub::webhooks;
namespace dom = simdjson::dom;

namespace {

constexpr std::array<int, 16> kStatuses{200, 201, 204, 299, 302, 400, 401, 403, 404, 409, 418, 422, 429, 500, 503, 100};

bool is_success(int status) { return status >= 200 && status <= 299; }

/// The last value of `key` in `object` (JSON allows duplicates; the API decoder refuses
/// them, so at most one is there when it accepted).
std::optional<dom::element> member(dom::object object, std::string_view key) {
  std::optional<dom::element> found;
  for (auto [k, v] : object) {
    if (k == key) { found = v; }
  }
  return found;
}

void same_string(const wh::field<std::string_view>& f, std::optional<dom::element> v, const std::string& what) {
  if (!v) {
    FUZZ_CHECK(f.is_absent(), what + " should be absent");
  } else if (v->is_null()) {
    FUZZ_CHECK(f.is_null(), what + " should be null");
  } else {
    FUZZ_CHECK(v->is_string() && f.has_value() && *f == std::string_view(*v), what + " differs from the DOM");
  }
}

void same_bool(const wh::field<bool>& f, std::optional<dom::element> v, const std::string& what) {
  if (!v) {
    FUZZ_CHECK(f.is_absent(), what + " should be absent");
  } else if (v->is_null()) {
    FUZZ_CHECK(f.is_null(), what + " should be null");
  } else {
    FUZZ_CHECK(v->is_bool() && f.has_value() && *f == bool(*v), what + " differs from the DOM");
  }
}

void same_webhook(const wh::webhook& hook, dom::object object, const std::string& what) {
  same_string(hook.id, member(object, "id"), what + ".id");
  same_string(hook.object, member(object, "object"), what + ".object");
  FUZZ_CHECK(!hook.object || *hook.object == "webhook", what + ".object must be \"webhook\"");
  same_string(hook.api_version, member(object, "api_version"), what + ".api_version");
  same_string(hook.name, member(object, "name"), what + ".name");
  same_string(hook.url, member(object, "url"), what + ".url");
  same_string(hook.secret, member(object, "secret"), what + ".secret");
  const auto time = member(object, "creation_time");
  if (!time || time->is_null()) {
    FUZZ_CHECK(time ? hook.creation_time.is_null() : hook.creation_time.is_absent(), what + ".creation_time");
  } else {
    FUZZ_CHECK(time->is_string(), what + ".creation_time is a string");
    const auto parsed = wh::detail::parse_rfc3339(std::string_view(*time));
    FUZZ_CHECK(parsed ? hook.creation_time.has_value() && hook.creation_time->time == *parsed
                      : hook.creation_time.is_invalid() && hook.creation_time.issue() == wh::field_issue::bad_format,
               what + ".creation_time is valid exactly when RFC 3339");
    FUZZ_CHECK(hook.creation_time->text == std::string_view(*time), what + ".creation_time keeps its text");
  }
  const auto events = member(object, "events");
  if (!events || events->is_null()) {
    FUZZ_CHECK(events ? hook.events.is_null() : hook.events.is_absent(), what + ".events");
    FUZZ_CHECK(hook.subscriptions().empty(), what + ": no events, no subscriptions");
    return;
  }
  FUZZ_CHECK(events->is_array() && hook.events.has_value(), what + ".events is the array");
  std::size_t i = 0;
  wh::subscription_set expected;
  for (dom::element e : dom::array(*events)) {
    FUZZ_CHECK(i < hook.events->size() && e.is_string(), what + ".events has every element, all strings");
    const wh::subscribed_event& decoded = (*hook.events)[i++];
    const std::string_view name(e);
    FUZZ_CHECK(decoded.name() == name, what + ".events[i] is the string");
    const auto type = wh::from_string(name);
    const auto family = wh::family_from_string(name);
    const wh::subscribed_event_kind kind = type     ? wh::subscribed_event_kind::specific
                                           : family ? wh::subscribed_event_kind::composite
                                                    : wh::subscribed_event_kind::unknown;
    FUZZ_CHECK(decoded.kind() == kind && decoded.type() == type, what + ".events[i] classified by the catalog");
    FUZZ_CHECK(decoded.family() == (type ? wh::family_of(*type) : family), what + ".events[i] family");
    expected.add(name);
  }
  FUZZ_CHECK(i == hook.events->size(), what + ".events has no extra element");
  FUZZ_CHECK(hook.subscriptions() == expected, what + ".subscriptions() is the events' set");
}

/// The API parsers on one response.
void check_responses(int status, std::string_view body) {
  static wh::api_parser api;
  static dom::parser dom_parser;
  simdjson::padded_string padded(body);
  dom::element root;
  const bool dom_ok = dom_parser.parse(padded).get(root) == simdjson::SUCCESS;
  // RFC 8259's grammar decides what is JSON (tests/support/rfc8259.hpp); the DOM also
  // refuses grammatical values no C++ type holds (`1e400`, `"\ud800"`), which the API
  // parser keeps unread (issue 12, item 5). Values are compared where the DOM reads them.
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  const bool json_object = rfc8259::accepts(body) && first != std::string_view::npos && body[first] == '{';
  const std::string what = "HTTP " + std::to_string(status) + " body \"" + fuzz_support::excerpt(body, 120) + "\"";
  if (dom_ok) { FUZZ_CHECK(rfc8259::accepts(body), what + ": the grammar refuses what the DOM reads"); }

  // The error object: never a failure, whatever the status and body.
  const wh::api_error problem = api.parse_error(status, body);
  FUZZ_CHECK(problem.http_status == status, what);
  FUZZ_CHECK(problem.code ==
                 wh::errc_of_http_status(status, problem.type ? problem.type->value() : wh::api_error_type::unknown),
             what);
  FUZZ_CHECK(problem.to_error().code() == problem.code && !problem.to_error().message().empty(), what);
  FUZZ_CHECK(problem.body.size() == (body.size() <= wh::api_parser::max_body_size ? body.size() : 0) &&
                 problem.body == body.substr(0, problem.body.size()),
             what + ": api_error::body is the body");
  if (!problem.type.is_absent() || !problem.message.is_absent() || !problem.param.is_absent()) {
    FUZZ_CHECK(json_object, what + ": error fields from a body that is not a JSON object");
  }
  const wh::errc problem_code = problem.code;
  const std::string problem_path = problem.param && !problem.param->empty() ? std::string(*problem.param) : "";

  auto expect_status_error = [&](const wh::error& e) {
    FUZZ_CHECK(e.code() == problem_code, what + ": " + e.to_string());
  };

  {
    auto r = api.parse_webhook(status, body);
    if (!is_success(status)) {
      FUZZ_CHECK(!r, what + ": a non-2xx status is an error");
      expect_status_error(r.error());
    } else if (r) {
      FUZZ_CHECK(json_object, what + ": accepted a webhook that is not a JSON object");
      if (dom_ok) { same_webhook(*r, dom::object(root), "webhook"); }
    } else {
      FUZZ_CHECK(!r.error().message().empty(), what);
    }
  }
  {
    auto r = api.parse_deleted_webhook(status, body);
    if (!is_success(status)) {
      FUZZ_CHECK(!r, what);
      expect_status_error(r.error());
    } else if (r) {
      FUZZ_CHECK(json_object, what + ": accepted a delete answer that is not a JSON object");
      if (dom_ok) {
        same_string(r->id, member(dom::object(root), "id"), "deleted.id");
        same_bool(r->deleted, member(dom::object(root), "deleted"), "deleted.deleted");
        same_string(r->object, member(dom::object(root), "object"), "deleted.object");
      }
    }
  }
  {
    auto r = api.parse_webhook_list(status, body);
    if (!is_success(status)) {
      FUZZ_CHECK(!r, what);
      expect_status_error(r.error());
    } else if (r) {
      FUZZ_CHECK(json_object, what + ": accepted a list that is not a JSON object");
      FUZZ_CHECK(!r->object || *r->object == "list", what + ": list.object must be \"list\"");
      const dom::object object = dom_ok ? dom::object(root) : dom::object();
      if (dom_ok) { same_string(r->object, member(object, "object"), "list.object"); }
      if (dom_ok) { same_bool(r->has_more, member(object, "has_more"), "list.has_more"); }
      const auto data = dom_ok ? member(object, "data") : std::nullopt;
      if (!dom_ok) {
        // Values the DOM cannot read: nothing to compare them with.
      } else if (!data || data->is_null()) {
        FUZZ_CHECK(data ? r->data.is_null() : r->data.is_absent(), what + ": list.data");
      } else {
        FUZZ_CHECK(data->is_array() && r->data.has_value(), what + ": list.data is the array");
        std::size_t i = 0;
        for (dom::element item : dom::array(*data)) {
          FUZZ_CHECK(item.is_object() && i < r->data->size(), what + ": list.data holds every webhook");
          same_webhook((*r->data)[i], dom::object(item), "list.data[" + std::to_string(i) + "]");
          ++i;
        }
        FUZZ_CHECK(i == r->data->size(), what + ": list.data has no extra element");
      }
      // The next page continues from the last webhook (the first, paging backwards).
      for (const bool backwards : {false, true}) {
        wh::webhook_list_params current;
        current.limit = 7;
        if (backwards) { current.before = "WHK-CURSOR"; }
        const auto next = wh::next_page(*r, current);
        const bool more = r->has_more == true && r->data && !r->data->empty();
        if (!more) {
          FUZZ_CHECK(!next, what + ": no next page without has_more and data");
          continue;
        }
        const wh::webhook& edge = backwards ? (*r->data)[0] : (*r->data)[r->data->size() - 1];
        if (!edge.id || edge.id->empty()) {
          FUZZ_CHECK(!next, what + ": no next page without an ID to continue from");
          continue;
        }
        FUZZ_CHECK(next && next->limit == current.limit &&
                       (backwards ? next->before == std::string(*edge.id) && !next->after
                                  : next->after == std::string(*edge.id) && !next->before),
                   what + ": next_page continues from the edge");
      }
    }
  }
}

// --- requests ------------------------------------------------------------------------------

int hex_digit(char c) {
  if (c >= '0' && c <= '9') { return c - '0'; }
  if (c >= 'A' && c <= 'F') { return c - 'A' + 10; }
  if (c >= 'a' && c <= 'f') { return c - 'a' + 10; }
  return -1;
}

/// Reverses percent-encoding; `std::nullopt` for a malformed `%` escape or a character
/// that should have been encoded (anything but RFC 3986's unreserved set).
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) { return std::nullopt; }
      const int high = hex_digit(text[i + 1]);
      const int low = hex_digit(text[i + 2]);
      if (high < 0 || low < 0) { return std::nullopt; }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
               c == '_' || c == '~') {
      out.push_back(c);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// The documented rules, restated without the library (RFC 3986 section 3 for the URL).

bool is_control_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7F;
}
bool is_alnum_byte(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

/// A name: non-empty UTF-8, no control character, at least one ASCII letter or digit or
/// non-ASCII character.
bool name_rules_hold(std::string_view name) {
  if (name.empty() || !simdjson::validate_utf8(name.data(), name.size())) { return false; }
  bool letter_or_digit = false;
  for (char c : name) {
    if (is_control_byte(c)) { return false; }
    letter_or_digit = letter_or_digit || is_alnum_byte(c) || static_cast<unsigned char>(c) >= 0x80;
  }
  return letter_or_digit;
}

/// A URL: UTF-8 without blank, control, fragment or a character RFC 3986 never allows
/// unencoded (`<>"{}|\^``); `https://` (any case); an authority `[userinfo@]host[:port]`
/// up to the first `/` or `?`, whose host is a non-empty reg-name (unreserved, `%` or
/// non-ASCII bytes, no empty label) or a non-empty `[...]` literal, and whose port, when
/// its colon is there, is 1..65535 in digits.
bool url_rules_hold(std::string_view url) {
  if (url.empty() || !simdjson::validate_utf8(url.data(), url.size())) { return false; }
  for (char c : url) {
    if (c == ' ' || c == '#' || is_control_byte(c) ||
        std::string_view("<>\"{}|\\^`").find(c) != std::string_view::npos) {
      return false;
    }
  }
  constexpr std::string_view scheme = "https://";
  if (url.size() < scheme.size()) { return false; }
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(url[i])) != scheme[i]) { return false; }
  }
  std::string_view authority = url.substr(scheme.size());
  authority = authority.substr(0, authority.find_first_of("/?"));
  if (const std::size_t at = authority.find_last_of('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  std::string_view host;
  std::optional<std::string_view> port;
  if (!authority.empty() && authority[0] == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos || close == 1) { return false; }
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') { return false; }
      port = after.substr(1);
    }
  } else {
    const std::size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) { port = authority.substr(colon + 1); }
    if (host.empty() || host[0] == '.' || host.find("..") != std::string_view::npos) { return false; }
    for (char c : host) {
      if (!is_alnum_byte(c) && std::string_view("-._~%").find(c) == std::string_view::npos &&
          static_cast<unsigned char>(c) < 0x80) {
        return false;
      }
    }
  }
  if (port) {
    if (port->empty()) { return false; }
    unsigned long value = 0;
    for (char c : *port) {
      if (c < '0' || c > '9') { return false; }
      value = std::min<unsigned long>(value * 10 + static_cast<unsigned long>(c - '0'), 1000000);
    }
    if (value < 1 || value > 65535) { return false; }
  }
  return true;
}

/// Events: at least one; each a name of SPEC 5.1 or a composite of SPEC 5.2; none twice.
bool events_rules_hold(const std::vector<std::string>& events) {
  if (events.empty()) { return false; }
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (!spec::find_event(events[i]) && !spec::find_composite(events[i])) { return false; }
    for (std::size_t j = 0; j < i; ++j) {
      if (events[i] == events[j]) { return false; }
    }
  }
  return true;
}

void check_requests(const std::string& name, const std::string& url, const std::string& id,
                    const std::vector<std::string>& events) {
  const std::string what = "name \"" + fuzz_support::excerpt(name, 60) + "\" url \"" + fuzz_support::excerpt(url, 60) +
                           "\" id \"" + fuzz_support::excerpt(id, 60) + "\"";
  // The documented rules that are easy to state independently. A valid URL: https://
  // (any case), UTF-8, no blank, control, fragment or character that must be encoded.
  if (wh::validate_webhook_url(url)) {
    std::string scheme = url.substr(0, 8);
    for (char& c : scheme) { c = static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
    FUZZ_CHECK(scheme == "https://", what + ": a valid URL is https://");
    FUZZ_CHECK(simdjson::validate_utf8(url.data(), url.size()), what + ": a valid URL is UTF-8");
    for (char c : url) {
      FUZZ_CHECK(static_cast<unsigned char>(c) > 0x20 && c != 0x7F &&
                     std::string_view("<>\"{}|\\^`#").find(c) == std::string_view::npos,
                 what + ": a valid URL holds a character it may not");
    }
  }
  // A valid name: non-empty UTF-8 without control characters, with a letter or digit.
  if (wh::validate_webhook_name(name)) {
    FUZZ_CHECK(simdjson::validate_utf8(name.data(), name.size()), what + ": a valid name is UTF-8");
    bool letter_or_digit = false;
    for (char c : name) {
      const auto byte = static_cast<unsigned char>(c);
      FUZZ_CHECK(byte >= 0x20 && byte != 0x7F, what + ": control in a valid name");
      letter_or_digit = letter_or_digit || std::isalnum(byte) || byte >= 0x80;
    }
    FUZZ_CHECK(letter_or_digit, what + ": a valid name has a letter or digit");
  }
  // Both ways: what the rules allow is accepted, and only that.
  const bool url_ok = url_rules_hold(url);
  const bool name_ok = name_rules_hold(name);
  const bool events_ok = events_rules_hold(events);
  FUZZ_CHECK(wh::validate_webhook_url(url).has_value() == url_ok,
             what + (url_ok ? ": a URL the rules allow is refused" : ": a URL the rules forbid is accepted"));
  FUZZ_CHECK(wh::validate_webhook_name(name).has_value() == name_ok,
             what + (name_ok ? ": a name the rules allow is refused" : ": a name the rules forbid is accepted"));
  FUZZ_CHECK(wh::validate_webhook_events(events, false).has_value() == events_ok,
             what + (events_ok ? ": events the rules allow are refused" : ": events the rules forbid are accepted"));
  // Valid events: at least one, each in the catalog, none twice.
  if (wh::validate_webhook_events(events, false)) {
    FUZZ_CHECK(!events.empty(), what + ": no events is valid");
    for (std::size_t i = 0; i < events.size(); ++i) {
      FUZZ_CHECK(wh::from_string(events[i]) || wh::family_from_string(events[i]), what + ": unknown event valid");
      for (std::size_t j = 0; j < i; ++j) { FUZZ_CHECK(events[i] != events[j], what + ": an event twice is valid"); }
    }
  }

  wh::webhook_create_request request{name, url, events};
  const auto valid = request.validate();
  FUZZ_CHECK(valid.has_value() == (url_ok && name_ok && events_ok), what + ": validate() is the three rules");
  auto call = wh::create_webhook_call(request);
  FUZZ_CHECK(call.has_value() == valid.has_value(), what + ": create_webhook_call validates");
  if (valid) {
    FUZZ_CHECK(call->method == "POST" && call->target == "/webhooks" && call->body == request.to_json(), what);
    FUZZ_CHECK(call->url() == std::string(wh::api_base_url) + "/webhooks", what);
    // The body reads back to what was asked for.
    simdjson::padded_string padded(call->body);
    dom::parser parser;
    dom::element root;
    FUZZ_CHECK(parser.parse(padded).get(root) == simdjson::SUCCESS, what + ": the body is JSON: " + call->body);
    FUZZ_CHECK(std::string_view(root["name"]) == name && std::string_view(root["url"]) == url, what);
    std::vector<std::string> read;
    for (dom::element e : dom::array(root["events"])) { read.emplace_back(std::string_view(e)); }
    FUZZ_CHECK(read == events, what + ": events read back");
  } else {
    FUZZ_CHECK(!valid.error().message().empty(), what);
  }

  // IDs: refused when empty, "." or "..", or holding a blank or control character;
  // otherwise percent-encoded into the target.
  bool blank_or_control = false;
  for (char c : id) {
    const auto byte = static_cast<unsigned char>(c);
    blank_or_control = blank_or_control || byte <= 0x20 || byte == 0x7F;
  }
  for (auto make : {&wh::retrieve_webhook_call, &wh::delete_webhook_call}) {
    auto by_id = make(id);
    const bool refused = id.empty() || id == "." || id == ".." || blank_or_control;
    FUZZ_CHECK(by_id.has_value() != refused, what + ": ID refusal");
    if (by_id) {
      const std::string_view prefix = "/webhooks/";
      FUZZ_CHECK(by_id->target.rfind(prefix, 0) == 0, what + ": " + by_id->target);
      FUZZ_CHECK(percent_decode(std::string_view(by_id->target).substr(prefix.size())) == id,
                 what + ": the ID is percent-encoded: " + by_id->target);
      FUZZ_CHECK(by_id->body.empty(), what);
    }
  }

  // Cursors go into the query, percent-encoded too.
  wh::webhook_list_params params;
  params.limit = static_cast<std::int64_t>(name.size() % 120);
  if (!id.empty()) { params.after = id; }
  const auto listed = wh::list_webhooks_call(params);
  FUZZ_CHECK(listed.has_value() == params.validate().has_value(), what);
  if (listed) {
    FUZZ_CHECK(*params.limit >= 1 && *params.limit <= wh::max_list_limit, what + ": limit in 1..100");
    const std::string expected_prefix = "/webhooks?limit=" + std::to_string(*params.limit);
    FUZZ_CHECK(listed->target.rfind(expected_prefix, 0) == 0, what + ": " + listed->target);
    if (params.after) {
      const std::string cursor = "&after=";
      const std::size_t at = listed->target.find(cursor);
      FUZZ_CHECK(at != std::string::npos &&
                     percent_decode(std::string_view(listed->target).substr(at + cursor.size())) == *params.after,
                 what + ": " + listed->target);
    }
  }
}

/// A request built part by part from the input: each part valid by construction most of
/// the time, with one of the ways each rule can break now and then.
void check_assembled_request(FuzzedDataProvider& in) {
  static constexpr std::array<std::string_view, 6> schemes{"https://", "HTTPS://", "HttpS://",
                                                           "http://",  "https:/",  "ftp://"};
  static constexpr std::array<std::string_view, 6> userinfos{"", "", "user@", "user:pass@", "@", "a%20b@"};
  static constexpr std::array<std::string_view, 12> hosts{"example.com",
                                                          "hooks.example.co.uk",
                                                          "localhost",
                                                          "127.0.0.1",
                                                          "[::1]",
                                                          "[2001:db8::1]",
                                                          "xn--bcher-kva.example",
                                                          "b\xc3\xbc"
                                                          "cher.example",
                                                          "a_b~c-d.example",
                                                          "",
                                                          ".example.com",
                                                          "a..b"};
  static constexpr std::array<std::string_view, 10> ports{"",       "",   ":443",   ":8443", ":1",
                                                          ":65535", ":0", ":65536", ":",     ":8o"};
  static constexpr std::array<std::string_view, 10> paths{
      "", "/", "/hooks", "/a/b?c=d&e=%20", "?x=1", "/p~a_t-h.x", "/\xe6\x97\xa5", "/a b", "/a#frag", "/a|b"};
  static constexpr std::array<std::string_view, 8> names{"CRM sync",      "x", "9",   "\xe6\x97\xa5\xe6\x9c\xac",
                                                         "New Bookings!", "",  "---", "tab\tname"};
  auto pick = [&](const auto& table) { return table[in.ConsumeIntegralInRange<std::size_t>(0, table.size() - 1)]; };
  // Mostly the valid first entries: a valid request is the common case to check.
  auto pick_mostly_valid = [&](const auto& table, std::size_t valid_count) {
    return in.ConsumeIntegralInRange<int>(0, 3) != 0 ? table[in.ConsumeIntegralInRange<std::size_t>(0, valid_count - 1)]
                                                     : pick(table);
  };
  std::string url(pick_mostly_valid(schemes, 3));
  url += pick(userinfos);
  url += pick_mostly_valid(hosts, 9);
  url += pick_mostly_valid(ports, 6);
  url += pick_mostly_valid(paths, 7);
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) { url += in.ConsumeRandomLengthString(8); }
  std::string name(pick_mostly_valid(names, 5));
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0) { name += in.ConsumeRandomLengthString(8); }
  std::vector<std::string> events;
  const auto count = in.ConsumeIntegralInRange<std::size_t>(0, 4);
  for (std::size_t i = 0; i < count; ++i) {
    const auto which =
        in.ConsumeIntegralInRange<std::size_t>(0, spec::event_types.size() + spec::composites.size() + 1);
    if (which < spec::event_types.size()) {
      events.emplace_back(spec::event_types[which].name);
    } else if (which < spec::event_types.size() + spec::composites.size()) {
      events.emplace_back(spec::composites[which - spec::event_types.size()].first);
    } else {
      events.emplace_back(which % 2 ? "booking.cancelled" : "");
    }
  }
  check_requests(name, url, "WHK-7JD9LBVZTQ", events);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const int status = kStatuses[in.ConsumeIntegralInRange<std::size_t>(0, kStatuses.size() - 1)];
  const std::string name = in.ConsumeRandomLengthString(128);
  const std::string url = in.ConsumeRandomLengthString(256);
  const std::string id = in.ConsumeRandomLengthString(64);
  const std::string events_text = in.ConsumeRandomLengthString(256);
  const std::string body = in.ConsumeRemainingBytesAsString();

  // The whole input as a body too: the seed corpus (API answers from tests/data/api) is
  // plain JSON, which the split above cuts up.
  check_responses(200, std::string_view(reinterpret_cast<const char*>(data), size));
  check_responses(status, body);

  std::vector<std::string> events;
  for (std::size_t begin = 0; begin < events_text.size();) {
    const std::size_t end = std::min(events_text.find(',', begin), events_text.size());
    events.push_back(events_text.substr(begin, end - begin));
    begin = end + 1;
  }
  check_requests(name, url, id, events);
  FuzzedDataProvider again(data, size);
  check_assembled_request(again);
  return 0;
}
