// SPDX-License-Identifier: MIT
/// @file
/// `oncehub-webhook`: inspect, sign, verify and send OnceHub webhook deliveries.
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"

namespace cli {

int usage_error(std::string_view message, std::string_view usage) {
  std::cerr << "error: " << message << "\nusage: " << usage << "\n(run 'oncehub-webhook --help' for details)\n";
  return exit_usage;
}

std::optional<std::string> read_input(std::string_view path) {
  if (path == "-") {
    std::string body{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    if (std::cin.bad()) {
      std::cerr << "error: cannot read standard input\n";
      return std::nullopt;
    }
    return body;
  }
  std::ifstream file{std::string(path), std::ios::binary};
  if (!file) {
    std::cerr << "error: cannot open " << path << ": " << std::strerror(errno) << "\n";
    return std::nullopt;
  }
  std::ostringstream content;
  content << file.rdbuf();
  if (file.bad()) {
    std::cerr << "error: cannot read " << path << "\n";
    return std::nullopt;
  }
  return std::move(content).str();
}

std::optional<unsigned long long> parse_unsigned(std::string_view text) {
  unsigned long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) { return std::nullopt; }
  return value;
}

}  // namespace cli

namespace {

constexpr std::string_view help_text = R"(oncehub-webhook: inspect, sign and verify OnceHub webhook deliveries

usage: oncehub-webhook <command> [options]

commands:
  inspect [FILE|-]   parse one delivery (a file, or standard input when FILE is - or
                     omitted) and print what the library decoded as one JSON document:
                       {"type", "known", "family", "envelope", "data", "findings"}
                     options:
                       --compact          one line instead of indented output
                       --strict           reject fields of the wrong type or format
                                          and unknown event types
                       --max-body BYTES   body size limit (default 1048576)
                     exit 0 on success; on invalid input exit 1 and print
                       error: <code>: <message> at <path>
                     to standard error.

  sign [FILE|-]      print the Oncehub-Signature header value OnceHub would send for
                     the body (signed over "<t>.<body>" with HMAC-SHA256)
                     options:
                       --secret S         the signing secret (repeat to add one s= per
                                          secret); or set ONCEHUB_WEBHOOK_SECRET (comma-
                                          separated), which keeps it out of process lists
                       --timestamp UNIX   t= (default: now)

  verify [FILE|-]    check a body against an Oncehub-Signature header value; prints
                     "verified" (exit 0) or "error: <reason>: <message>" (exit 1)
                     options:
                       --header H         the header value (required)
                       --secret S         a secret to accept (repeatable; or
                                          ONCEHUB_WEBHOOK_SECRET, comma-separated)
                       --now UNIX         verify as of this time (default: now)
                       --tolerance SECS   how far t may be from now (default 300)
                     reasons: signature_header_missing, signature_header_malformed,
                       signature_timestamp_invalid, signature_timestamp_too_old,
                       signature_timestamp_too_new, signature_mismatch,
                       signature_no_secret

  webhooks <create|list|get|delete>
                     manage webhook subscriptions through OnceHub's Webhooks API; the
                     API key is read from ONCEHUB_API_KEY (never an option, never
                     printed). Prints the API's answer as JSON.
                       webhooks create --name NAME --url https://HOST/PATH
                                       --events booking,conversation.closed
                                       [--allow-unknown-events]
                                          the answer's "secret" is shown only once:
                                          OnceHub never returns it again
                       webhooks list [--limit 1..100] [--after ID | --before ID]
                       webhooks get ID
                       webhooks delete ID
                     options (before or after the arguments):
                       --base-url URL     default https://api.oncehub.com/v2 (http://
                                          only to localhost, for a test server)
                       --verbose          show the request and the status on stderr
                     bad input is refused before anything is sent ("error: <reason>",
                     exit 1); an API error prints "error: <type>: <message>" (exit 1);
                     a transport failure exits 1.

  send FILE...       sign each file as OnceHub would (over its bytes untouched) and
                     POST it to an endpoint; prints "<status> <file>" per file
                       send --url URL --secret S [--timestamp UNIX] FILE...
                     options:
                       --url URL          e.g. http://127.0.0.1:8080/webhooks/oncehub
                       --secret S         repeatable; or ONCEHUB_WEBHOOK_SECRET
                       --timestamp UNIX   t= (default: the time of each request)
                       --tamper           change one byte after signing (expect 401)
                       --repeat N         send each file N times, print the rate
                       --fail             exit 1 if any answer is not 2xx
                     exit 0 when every request got an answer, whatever its status;
                     1 when a file cannot be read or a request gets no answer
                     (prints "error <file>: <reason>" and goes on with the next file).

  --help             show this text

exit codes: 0 success, 1 invalid input, 2 usage error.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << help_text;
    return cli::exit_usage;
  }
  const std::string_view command = args.front();
  const std::span<const std::string_view> rest(args.data() + 1, args.size() - 1);
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << help_text;
    return cli::exit_ok;
  }
  if (command == "inspect") { return cli::run_inspect(rest); }
  if (command == "sign") { return cli::run_sign(rest); }
  if (command == "verify") { return cli::run_verify(rest); }
  if (command == "send") { return cli::run_send(rest); }
  if (command == "webhooks") { return cli::run_webhooks(rest); }
  return cli::usage_error("unknown command '" + std::string(command) + "'", "oncehub-webhook <command> [options]");
}
