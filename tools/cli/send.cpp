// SPDX-License-Identifier: MIT
/// @file
/// `oncehub-webhook send`: replays deliveries against an endpoint as OnceHub would send
/// them (raw bytes untouched, signed over them, `Content-Type: application/json`,
/// `Oncehub-Signature`), printing the HTTP status per file.
#include <chrono>
#include <csignal>
#include <cstddef>
#include <iomanip>
#include <iostream>
#include <map>
#include <oncehub/webhooks/signature.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli.hpp"

#if ONCEHUB_WEBHOOKS_HAVE_HTTPLIB
#include <httplib.h>
#endif

namespace cli {

namespace wh = oncehub::webhooks;

namespace {

constexpr std::string_view send_usage =
    "oncehub-webhook send --url URL --secret S [--secret S2...] [--timestamp UNIX] [--tamper] [--repeat N] [--fail] "
    "[--max-body BYTES] FILE...";

constexpr std::string_view send_help = R"(
Signs each FILE (- for standard input) as OnceHub would, over its bytes exactly as
read, and POSTs it to URL (http:// or https://) with Content-Type: application/json
and the Oncehub-Signature header; prints "<status> <file>" per file.

options:
  --url URL          where to POST, e.g. http://127.0.0.1:8080/webhooks/oncehub
  --secret S         the endpoint's signing secret (repeat to add one s= per secret);
                     or set ONCEHUB_WEBHOOK_SECRET (comma-separated). Whitespace
                     around a secret or the URL is trimmed, with a note on stderr
  --timestamp UNIX   sign with this t=, in seconds (default: the time of each
                     request); milliseconds are refused
  --tamper           change one byte of the body after signing it (the receiver
                     must answer 401)
  --repeat N         send each file N times over one kept-alive connection, then
                     print "<status>x<count>..." per file and the rate on stderr
  --fail             exit 1 if any answer is not 2xx
  --max-body BYTES   refuse a FILE over this size, reading no further (default
                     1048576, the library's limit): "error: too_large: ..."

exit codes: 0 every request was answered (whatever its status, unless --fail),
1 a file could not be read or a request got no answer (connection refused,
timeout: "error <file>: <reason>"; the other files are still sent), 2 usage error.
)";

#if ONCEHUB_WEBHOOKS_HAVE_HTTPLIB
/// The body after `--tamper`: one byte changed, JSON still plausible. The case of the
/// first letter from the middle on flips; failing that, the middle byte's low bit (an
/// empty body becomes one space).
std::string tampered(std::string body) {
  if (body.empty()) { return " "; }
  for (std::size_t i = body.size() / 2; i < body.size(); ++i) {
    const char c = body[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      body[i] = static_cast<char>(c ^ 0x20);
      return body;
    }
  }
  body[body.size() / 2] = static_cast<char>(body[body.size() / 2] ^ 0x01);
  return body;
}

/// "http://host:port/path?query" -> {"http://host:port", "/path?query"}.
std::optional<std::pair<std::string, std::string>> split_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) { return std::nullopt; }
  const std::string_view scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") { return std::nullopt; }
  const auto path_start = url.find('/', scheme_end + 3);
  const std::string_view origin = url.substr(0, path_start);
  if (origin.size() == scheme_end + 3) { return std::nullopt; }  // no host
  const std::string_view path = path_start == std::string_view::npos ? "/" : url.substr(path_start);
  return std::pair{std::string(origin), std::string(path)};
}
#endif

}  // namespace

int run_send(std::span<const std::string_view> args) {
  std::optional<std::string_view> url;
  std::vector<std::string_view> secret_flags;
  std::optional<std::chrono::sys_seconds> timestamp;
  bool tamper = false;
  bool fail_on_status = false;
  unsigned long long repeat = 1;
  std::size_t max_body = default_max_body;
  std::vector<std::string_view> paths;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: " << send_usage << "\n" << send_help;
      return exit_ok;
    }
    if (arg == "--tamper") {
      tamper = true;
    } else if (arg == "--fail") {
      fail_on_status = true;
    } else if (arg == "--url" || arg == "--secret" || arg == "--timestamp" || arg == "--repeat") {
      if (i + 1 == args.size()) { return usage_error(std::string(arg) + " needs a value", send_usage); }
      const std::string_view value = args[++i];
      if (arg == "--url") {
        std::string refusal;
        url = configured(value, "--url", refusal);
        if (!url) { return usage_error(refusal, send_usage); }
      } else if (arg == "--secret") {
        secret_flags.push_back(value);
      } else {
        std::string refusal;
        const auto number =
            arg == "--timestamp" ? parse_unix_seconds(value, arg, refusal) : parse_unsigned(trimmed(value, arg));
        if (!number) {
          return usage_error(refusal.empty() ? std::string(arg) + " needs a non-negative integer" : refusal,
                             send_usage);
        }
        if (arg == "--timestamp") {
          timestamp = std::chrono::sys_seconds{std::chrono::seconds{static_cast<long long>(*number)}};
        } else {
          if (*number == 0) { return usage_error("--repeat must be at least 1", send_usage); }
          repeat = *number;
        }
      }
    } else if (arg == "--max-body") {
      std::string refusal;
      const auto bytes = max_body_flag(args, i, refusal);
      if (!bytes) { return usage_error(refusal, send_usage); }
      max_body = *bytes;
    } else if (arg.size() > 1 && arg.front() == '-') {
      return usage_error("unknown option '" + std::string(arg) + "'", send_usage);
    } else {
      paths.push_back(arg);
    }
  }
  if (!url) { return usage_error("--url is required", send_usage); }
  if (paths.empty()) { return usage_error("no FILE to send", send_usage); }
  std::string refusal;
  const std::optional<std::vector<wh::secret>> configured_secrets = secrets_from(secret_flags, refusal);
  if (!configured_secrets) { return usage_error(refusal, send_usage); }
  const std::vector<wh::secret>& secrets = *configured_secrets;
  if (secrets.empty()) { return usage_error("no secret: pass --secret or set ONCEHUB_WEBHOOK_SECRET", send_usage); }

#if ONCEHUB_WEBHOOKS_HAVE_HTTPLIB
  const auto target = split_url(*url);
  if (!target) { return usage_error("--url must look like http://host[:port]/path", send_usage); }
  // An endpoint may answer (413, 401) and close before the body is all written: the
  // write must fail with EPIPE, not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  httplib::Client client(target->first);
  if (!client.is_valid()) { return usage_error("cannot use --url " + std::string(*url), send_usage); }
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  client.set_connection_timeout(std::chrono::seconds(5));
  client.set_read_timeout(std::chrono::seconds(30));

  int exit_code = exit_ok;
  std::size_t sent = 0;
  const auto started = std::chrono::steady_clock::now();
  for (const std::string_view path : paths) {
    const std::optional<std::string> body = read_input(path, max_body);
    if (!body) {
      exit_code = exit_failure;
      continue;
    }
    std::map<int, unsigned long long> statuses;
    for (unsigned long long n = 0; n < repeat; ++n) {
      const auto t =
          timestamp.value_or(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
      const std::optional<std::string> signature = signature_for(*body, secrets, t);
      if (!signature) {
        exit_code = exit_failure;
        break;  // the same secrets would fail again
      }
      const httplib::Headers headers{{std::string(wh::signature_header_name), *signature},
                                     {"User-Agent", "oncehub-webhook/" ONCEHUB_WEBHOOKS_VERSION_STRING}};
      const auto response = client.Post(target->second, headers, tamper ? tampered(*body) : *body, "application/json");
      if (!response) {
        std::cout << "error " << path << ": " << httplib::to_string(response.error()) << std::endl;
        exit_code = exit_failure;
        break;  // the endpoint is unreachable: do not repeat into it
      }
      ++sent;
      ++statuses[response->status];
      if (response->status < 200 || response->status > 299) {
        if (fail_on_status && exit_code == exit_ok) { exit_code = exit_failure; }
      }
    }
    if (statuses.empty()) { continue; }
    if (repeat == 1) {
      std::cout << statuses.begin()->first << ' ' << path << std::endl;
    } else {
      std::string counts;
      for (const auto& [status, count] : statuses) {
        if (!counts.empty()) { counts += ' '; }
        counts += std::to_string(status) + "x" + std::to_string(count);
      }
      std::cout << counts << ' ' << path << std::endl;
    }
  }
  if (repeat > 1 || paths.size() > 1) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "sent " << sent << " requests in " << std::fixed << std::setprecision(3) << seconds << " s ("
              << static_cast<unsigned long long>(seconds > 0 ? static_cast<double>(sent) / seconds : 0.0)
              << " per second)\n";
  }
  return exit_code;
#else
  (void)tamper;
  (void)fail_on_status;
  (void)repeat;
  (void)timestamp;
  std::cerr << "error: this oncehub-webhook was built without cpp-httplib (libcpp-httplib-dev): send is unavailable\n";
  return exit_failure;
#endif
}

}  // namespace cli
