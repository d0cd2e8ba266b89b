// SPDX-License-Identifier: MIT
/// @file
/// `oncehub-webhook webhooks`: create, list, retrieve and delete webhook subscriptions
/// through OnceHub's Webhooks API. Input is validated by the library before anything is
/// sent; the API's answer is printed as the JSON it sent.
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <oncehub/webhooks/signature.hpp>
#include <oncehub/webhooks/webhooks_api.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli.hpp"
#include "http_client.hpp"

namespace cli {

namespace wh = oncehub::webhooks;

namespace {

constexpr std::string_view usage =
    "oncehub-webhook webhooks <create|list|get|delete> [options]\n"
    "  webhooks create --name NAME --url https://HOST/PATH --events booking,conversation.closed\n"
    "                  [--allow-unknown-events]\n"
    "  webhooks list [--limit 1..100] [--after ID | --before ID]\n"
    "  webhooks get ID\n"
    "  webhooks delete ID\n"
    "  any of them: [--base-url URL] [--verbose]; the API key is read from ONCEHUB_API_KEY";

// The API key is read from the environment only: never an option, never printed.
constexpr const char* api_key_variable = "ONCEHUB_API_KEY";

struct options {
  std::vector<std::string_view> positional;
  std::optional<std::string_view> base_url, name, url, limit, before, after;
  std::vector<std::string_view> events;  // each a comma-separated list
  bool allow_unknown_events = false;
  bool verbose = false;
  bool help = false;
};

/// Text from the network, made safe for a terminal: control characters become '?'.
std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) { c = '?'; }
  }
  return out;
}

/// Parses the arguments; options may come before or after the positional ones, as
/// `--name VALUE` or `--name=VALUE`, and `--` ends the options. A usage error returns
/// its exit code.
std::optional<int> parse_arguments(std::span<const std::string_view> args, options& out) {
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (options_ended || arg.size() < 2 || arg.front() != '-') {
      out.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
    } else if (arg == "--help" || arg == "-h") {
      out.help = true;
    } else if (arg == "--verbose" || arg == "-v") {
      out.verbose = true;
    } else if (arg == "--allow-unknown-events") {
      out.allow_unknown_events = true;
    } else {
      std::string_view option = arg;
      std::optional<std::string_view> value;
      if (const std::size_t equals = arg.find('='); equals != std::string_view::npos && arg.starts_with("--")) {
        option = arg.substr(0, equals);
        value = arg.substr(equals + 1);
      }
      std::optional<std::string_view>* slot = option == "--base-url" ? &out.base_url
                                              : option == "--name"   ? &out.name
                                              : option == "--url"    ? &out.url
                                              : option == "--limit"  ? &out.limit
                                              : option == "--before" ? &out.before
                                              : option == "--after"  ? &out.after
                                                                     : nullptr;
      if (slot == nullptr && option != "--events") {
        return usage_error("unknown option '" + std::string(option) + "'", usage);
      }
      if (!value) {
        if (i + 1 == args.size()) { return usage_error(std::string(option) + " needs a value", usage); }
        value = args[++i];
      }
      if (slot == nullptr) {
        out.events.push_back(*value);  // --events may be repeated
      } else if (*slot) {
        return usage_error(std::string(option) + " is given twice", usage);
      } else {
        *slot = *value;
      }
    }
  }
  return std::nullopt;
}

/// Refuses options that do not belong to the command.
std::optional<int> check_applicable(std::string_view command, const options& o) {
  const bool create = command == "create";
  const bool list = command == "list";
  const std::pair<bool, std::string_view> given[] = {
      {o.name.has_value() && !create, "--name"},  {o.url.has_value() && !create, "--url"},
      {!o.events.empty() && !create, "--events"}, {o.allow_unknown_events && !create, "--allow-unknown-events"},
      {o.limit.has_value() && !list, "--limit"},  {o.before.has_value() && !list, "--before"},
      {o.after.has_value() && !list, "--after"},
  };
  for (const auto& [misplaced, option] : given) {
    if (misplaced) {
      return usage_error(std::string(option) + " does not apply to 'webhooks " + std::string(command) + "'", usage);
    }
  }
  return std::nullopt;
}

/// The hosts plain http may go to: a test server on this machine, never the network,
/// where the API key would travel in clear text.
bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "[::1]") { return true; }
  // 127.x.x.x as four decimal parts: "127.0.0.1.example.com" is a name, not loopback.
  if (!host.starts_with("127.")) { return false; }
  int parts = 1;
  bool digit_seen = false;
  for (char c : host) {
    if (c == '.') {
      if (!digit_seen) { return false; }
      ++parts;
      digit_seen = false;
    } else if (c >= '0' && c <= '9') {
      digit_seen = true;
    } else {
      return false;
    }
  }
  return parts == 4 && digit_seen;
}

/// Checks `--base-url`; returns the reason it is refused, or nothing.
std::optional<std::string> base_url_problem(std::string_view base) {
  const std::size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos) {
    return "--base-url must be an absolute URL such as " + std::string(wh::api_base_url);
  }
  std::string scheme(base.substr(0, scheme_end));
  for (char& c : scheme) { c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
  std::string_view authority = base.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find('/'));
  for (char c : base) {
    if (c == '?' || c == '#' || c == ' ' || static_cast<unsigned char>(c) < 0x20) {
      return "--base-url must not contain a query, a fragment, spaces or control characters";
    }
  }
  const std::size_t at = authority.rfind('@');
  std::string_view host = authority.substr(at == std::string_view::npos ? 0 : at + 1);
  if (host.starts_with('[')) {
    host = host.substr(0, host.find(']') == std::string_view::npos ? host.size() : host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (host.empty()) { return "--base-url has no host"; }
  if (scheme == "https") { return std::nullopt; }
  if (scheme == "http") {
    if (is_loopback_host(host)) { return std::nullopt; }
    return "--base-url must be https:// (http:// only to localhost, 127.x.x.x or [::1]): the API key would cross the "
           "network in clear text";
  }
  return "--base-url must be an https:// URL, not " + scheme + "://";
}

/// Prints a refusal by the library's validation: nothing was sent.
int refuse(const wh::error& e) {
  std::cerr << "error: " << printable(e.message()) << "\n";
  if (e.code() == wh::errc::unknown_event_type) {
    std::cerr << "hint: --allow-unknown-events sends event values this tool does not know\n";
  }
  return exit_failure;
}

/// Prints a failed call: `error: <type>: <message>` and a line of details.
int report_api_error(const wh::api_error& e, const http_response& response) {
  const std::string message =
      e.message && !e.message->empty() ? printable(*e.message) : printable(e.to_error().message());
  std::cerr << "error: " << printable(e.type_name()) << ": " << message << "\n";
  std::cerr << "(HTTP " << response.status << ", " << wh::to_string(e.code);
  if (e.param && !e.param->empty()) { std::cerr << ", param " << printable(*e.param); }
  if (!response.request_id.empty()) { std::cerr << ", request id " << printable(response.request_id); }
  std::cerr << ")\n";
  switch (e.code) {
    case wh::errc::api_authentication_failed:
      std::cerr << "hint: check " << api_key_variable << " (OnceHub > Settings > API & Webhooks)\n";
      break;
    case wh::errc::api_rate_limited:
      std::cerr << "hint: OnceHub allows 5 requests per second per account; retry in a moment\n";
      break;
    default: break;
  }
  return exit_failure;
}

/// A 2xx answer the library cannot read as what the call returns.
int report_unreadable(const wh::error& e, const http_response& response) {
  std::string text = e.to_string();
  if (text.starts_with("error: ")) { text.erase(0, 7); }
  std::cerr << "error: unexpected answer from the API (HTTP " << response.status << "): " << printable(text) << "\n";
  return exit_failure;
}

void print_answer(std::string_view body) {
  std::cout << body;
  if (!body.ends_with('\n')) { std::cout << '\n'; }
  std::cout.flush();
}

/// Splits `--events` values on commas, trimming whitespace around each.
std::vector<std::string> split_events(const std::vector<std::string_view>& lists) {
  std::vector<std::string> out;
  for (std::string_view rest : lists) {
    while (true) {
      const std::size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      // Any ASCII whitespace: a list pasted over several lines is still one list.
      const auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
      };
      while (!item.empty() && is_space(item.front())) { item.remove_prefix(1); }
      while (!item.empty() && is_space(item.back())) { item.remove_suffix(1); }
      out.emplace_back(item);
      if (comma == std::string_view::npos) { break; }
      rest.remove_prefix(comma + 1);
    }
  }
  // `--events ""` means no events at all, which validation refuses with its reason.
  if (out.size() == 1 && out.front().empty()) { out.clear(); }
  return out;
}

}  // namespace

int run_webhooks(std::span<const std::string_view> args) {
  options o;
  if (auto failed = parse_arguments(args, o)) { return *failed; }
  if (o.help) {
    std::cout << "usage: " << usage << "\n";
    return exit_ok;
  }
  if (o.positional.empty()) { return usage_error("which command? create, list, get or delete", usage); }
  const std::string_view command = o.positional.front();
  if (command != "create" && command != "list" && command != "get" && command != "delete") {
    return usage_error("unknown webhooks command '" + std::string(command) + "'", usage);
  }
  if (auto failed = check_applicable(command, o)) { return *failed; }
  const bool takes_id = command == "get" || command == "delete";
  if (takes_id && o.positional.size() < 2) {
    return usage_error("'webhooks " + std::string(command) + "' needs a webhook ID", usage);
  }
  if (o.positional.size() > (takes_id ? 2u : 1u)) {
    return usage_error("unexpected argument '" + std::string(o.positional[takes_id ? 2 : 1]) + "'", usage);
  }
  // Values pasted with a line break or a space around them are trimmed (with a note);
  // what is left is validated as given.
  const std::string_view base_url = o.base_url ? trimmed(*o.base_url, "--base-url") : wh::api_base_url;
  if (o.url) { o.url = trimmed(*o.url, "--url"); }
  if (takes_id) { o.positional[1] = trimmed(o.positional[1], "the webhook ID"); }
  if (auto problem = base_url_problem(base_url)) { return usage_error(*problem, usage); }

  // Describe the call; the library refuses bad input here, before anything is sent.
  wh::result<wh::api_call> call = wh::error(wh::errc::internal_error);
  if (command == "create") {
    if (!o.name || !o.url || o.events.empty()) {
      return usage_error("'webhooks create' needs --name, --url and --events", usage);
    }
    wh::webhook_create_request request{std::string(*o.name), std::string(*o.url), split_events(o.events),
                                       o.allow_unknown_events};
    call = wh::create_webhook_call(request);
  } else if (command == "list") {
    wh::webhook_list_params params;
    if (o.limit) {
      std::int64_t limit = 0;
      const auto [end, ec] = std::from_chars(o.limit->data(), o.limit->data() + o.limit->size(), limit);
      if (o.limit->empty() || ec != std::errc{} || end != o.limit->data() + o.limit->size()) {
        return usage_error("--limit needs a whole number (1..100)", usage);
      }
      params.limit = limit;
    }
    if (o.before) { params.before = std::string(*o.before); }
    if (o.after) { params.after = std::string(*o.after); }
    call = wh::list_webhooks_call(params);
  } else if (command == "get") {
    call = wh::retrieve_webhook_call(o.positional[1]);
  } else {
    call = wh::delete_webhook_call(o.positional[1]);
  }
  if (!call) { return refuse(call.error()); }

  // The key by the same rule as every configured value: trimmed (a pasted line break),
  // refused with whitespace or a control character inside it (it would split the header).
  const char* key_variable = std::getenv(api_key_variable);
  auto key = wh::check_configured_value(key_variable == nullptr ? "" : key_variable, api_key_variable);
  if (!key) {
    const std::string_view value = key_variable == nullptr ? "" : key_variable;
    if (value.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos) {
      return usage_error("set " + std::string(api_key_variable) +
                             " to your OnceHub API key (it is never taken as an option, so it stays out of "
                             "process lists and shell history)",
                         usage);
    }
    return usage_error(printable(key.error().message()), usage);
  }
  if (key->trimmed) {
    std::cerr << "note: trimmed the whitespace around " << api_key_variable << " (value not shown)\n";
  }

  http_request request{call->method, call->url(base_url), call->body, {}};
  request.headers.push_back(std::string(wh::api_key_header) + ": " + std::string(key->value));
  request.headers.emplace_back("Content-Type: application/json");
  request.headers.emplace_back("Accept: application/json");
  request.headers.emplace_back("User-Agent: oncehub-webhook/" ONCEHUB_WEBHOOKS_VERSION_STRING);
  request.headers.emplace_back("Expect:");  // no 100-continue round trip
  if (o.verbose) {
    // Every header but the key, which is never printed.
    std::cerr << "> " << request.method << ' ' << request.url << "\n> " << wh::api_key_header
              << ": (hidden)\n> Content-Type: application/json\n> Accept: application/json\n";
    if (!request.body.empty()) { std::cerr << "> " << request.body << "\n"; }
  }
  std::string failure;
  const std::optional<http_response> response = send_http(request, failure);
  if (!response) {
    std::cerr << "error: cannot reach " << request.url << ": " << printable(failure) << "\n";
    return exit_failure;
  }
  if (o.verbose) {
    std::cerr << "< HTTP " << response->status << "\n";
    if (!response->request_id.empty()) { std::cerr << "< Request-Id: " << printable(response->request_id) << "\n"; }
  }

  wh::api_parser api;
  if (response->status < 200 || response->status > 299) {
    return report_api_error(api.parse_error(response->status, response->body), *response);
  }
  if (command == "list") {
    auto page = api.parse_webhook_list(response->status, response->body);
    if (!page) { return report_unreadable(page.error(), *response); }
    print_answer(response->body);
    wh::webhook_list_params current;
    if (o.before) { current.before = std::string(*o.before); }
    if (auto next = wh::next_page(*page, current)) {
      std::cerr << "note: more webhooks follow: add "
                << (next->before ? "--before " + printable(*next->before) : "--after " + printable(*next->after))
                << "\n";
    }
    return exit_ok;
  }
  if (command == "delete") {
    if (response->status == 204) {  // not what OnceHub documents, but unambiguous
      std::cerr << "note: deleted " << printable(o.positional[1]) << " (HTTP 204, no content)\n";
      return exit_ok;
    }
    auto deleted = api.parse_deleted_webhook(response->status, response->body);
    if (!deleted) { return report_unreadable(deleted.error(), *response); }
    print_answer(response->body);
    if (!(deleted->deleted == true)) {
      std::cerr << "error: the API did not confirm the deletion (\"deleted\" is not true)\n";
      return exit_failure;
    }
    return exit_ok;
  }
  auto hook = api.parse_webhook(response->status, response->body);
  if (!hook) { return report_unreadable(hook.error(), *response); }
  print_answer(response->body);
  if (command == "create") {
    if (hook->secret && !hook->secret->empty()) {
      std::cerr << "note: \"secret\" above is this webhook's signing secret. OnceHub shows it only now, at "
                   "creation: store it (e.g. as ONCEHUB_WEBHOOK_SECRET for 'oncehub-webhook verify').\n";
    } else {
      std::cerr << "note: the answer has no signing secret; OnceHub returns it only at creation, and v1 "
                   "subscriptions have none.\n";
    }
  }
  return exit_ok;
}

}  // namespace cli
