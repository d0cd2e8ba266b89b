// SPDX-License-Identifier: MIT
/// @file
/// `oncehub-webhook`: inspect, sign, verify and send OnceHub webhook deliveries.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <oncehub/webhooks/error.hpp>
#include <oncehub/webhooks/parser.hpp>
#include <oncehub/webhooks/signature.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"

namespace cli {

namespace wh = oncehub::webhooks;

int usage_error(std::string_view message, std::string_view usage) {
  std::cerr << "error: " << message << "\nusage: " << usage << "\n(run 'oncehub-webhook --help' for details)\n";
  return exit_usage;
}

std::optional<std::string> read_input(std::string_view path, std::size_t max_body) {
  const bool from_stdin = path == "-";
  const std::string name = from_stdin ? std::string("standard input") : std::string(path);
  int fd = STDIN_FILENO;
  if (!from_stdin) {
    fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      std::cerr << "error: cannot open " << name << ": " << std::strerror(errno) << "\n";
      return std::nullopt;
    }
  }
  const auto close_file = [&] {
    if (!from_stdin) { ::close(fd); }
  };
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    std::cerr << "error: cannot read " << name << ": " << std::strerror(EISDIR) << "\n";
    close_file();
    return std::nullopt;
  }
  // Never more than max_body + 1 bytes: one byte over the limit is enough to refuse, and
  // an endless input (/dev/zero, a pipe that never closes) must not be read on.
  const std::size_t cap = max_body == std::numeric_limits<std::size_t>::max() ? max_body : max_body + 1;
  std::string body;
  char buffer[65536];
  while (body.size() < cap) {
    const std::size_t want = std::min(sizeof buffer, cap - body.size());
    const ssize_t got = ::read(fd, buffer, want);
    if (got < 0 && errno == EINTR) { continue; }
    if (got < 0) {
      std::cerr << "error: cannot read " << name << ": " << std::strerror(errno) << "\n";
      close_file();
      return std::nullopt;
    }
    if (got == 0) { break; }
    body.append(buffer, static_cast<std::size_t>(got));
  }
  if (body.size() > max_body) {
    // The library's too_large error, stated without reading the rest: a regular file's
    // size is known, a stream's is not.
    std::cerr << "error: " << wh::to_string(wh::errc::too_large) << ": the body is ";
    if (S_ISREG(info.st_mode) && static_cast<unsigned long long>(info.st_size) > max_body) {
      std::cerr << info.st_size;
    } else {
      std::cerr << "more than " << max_body;
    }
    std::cerr << " bytes; the limit is " << max_body << "\n";
    close_file();
    return std::nullopt;
  }
  close_file();
  return body;
}

std::optional<unsigned long long> parse_unsigned(std::string_view text) {
  unsigned long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) { return std::nullopt; }
  return value;
}

std::optional<std::size_t> max_body_flag(std::span<const std::string_view> args, std::size_t& i, std::string& refusal) {
  if (i + 1 == args.size()) {
    refusal = "--max-body needs a value";
    return std::nullopt;
  }
  const std::string_view flag = args[i];
  const std::optional<unsigned long long> bytes = parse_unsigned(trimmed(args[++i], flag));
  if (!bytes) {
    refusal = "--max-body needs a number of bytes";
    return std::nullopt;
  }
  return static_cast<std::size_t>(*bytes);
}

std::optional<std::string> input_argument(std::span<const std::string_view> args, std::size_t& i, std::size_t& max_body,
                                          std::optional<std::string_view>& path, std::string_view command) {
  const std::string_view arg = args[i];
  if (arg == "--max-body") {
    std::string refusal;
    const std::optional<std::size_t> bytes = max_body_flag(args, i, refusal);
    if (!bytes) { return refusal; }
    max_body = *bytes;
    return std::nullopt;
  }
  if (arg.size() > 1 && arg.front() == '-') { return "unknown option '" + std::string(arg) + "'"; }
  if (path) { return std::string(command) + " takes one input"; }
  path = arg;
  return std::nullopt;
}

std::string_view trimmed(std::string_view value, std::string_view name) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  const std::size_t size = value.size();
  while (!value.empty() && is_space(value.front())) { value.remove_prefix(1); }
  while (!value.empty() && is_space(value.back())) { value.remove_suffix(1); }
  if (value.size() != size) { std::cerr << "note: trimmed the whitespace around " << name << " (value not shown)\n"; }
  return value;
}

std::optional<std::string_view> configured(std::string_view value, std::string_view name, std::string& refusal) {
  auto checked = oncehub::webhooks::check_configured_value(value, name);
  if (!checked) {
    refusal = std::string(checked.error().message());
    return std::nullopt;
  }
  if (checked->trimmed) { std::cerr << "note: trimmed the whitespace around " << name << " (value not shown)\n"; }
  return checked->value;
}

std::optional<unsigned long long> parse_unix_seconds(std::string_view value, std::string_view flag,
                                                     std::string& refusal) {
  const std::optional<unsigned long long> number = parse_unsigned(trimmed(value, flag));
  if (!number) {
    refusal = std::string(flag) + " needs Unix time in seconds, e.g. 1700000000";
    return std::nullopt;
  }
  // Seconds have had 10 digits since 2001 and keep 11 until the year 5138: more is another
  // unit, and signing with it would give a t that every receiver refuses.
  if (*number >= 100'000'000'000ULL) {
    const std::size_t digits = std::to_string(*number).size();
    const std::string_view unit = digits == 13   ? "milliseconds"
                                  : digits == 16 ? "microseconds"
                                  : digits == 19 ? "nanoseconds"
                                                 : "not seconds";
    refusal = std::string(flag) + " has " + std::to_string(digits) + " digits (" + std::string(unit) +
              "?): t is Unix time in seconds, e.g. 1700000000";
    return std::nullopt;
  }
  return number;
}

std::string_view signature_header_value(std::string_view value) {
  value = trimmed(value, "--header");
  constexpr std::string_view name = "oncehub-signature:";
  if (value.size() >= name.size()) {
    bool same = true;
    for (std::size_t i = 0; i < name.size(); ++i) {
      const char c = value[i];
      same = same && (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == name[i];
    }
    if (same) {
      std::cerr << "note: --header starts with the header name; using the value after 'Oncehub-Signature:'\n";
      value.remove_prefix(name.size());
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) { value.remove_prefix(1); }
    }
  }
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
                     Every command reads at most BYTES + 1 bytes of its input: more
                     is "error: too_large: ... the limit is BYTES" (exit 1), and a
                     missing, unreadable or directory FILE is "error: cannot open|read
                     FILE: <reason>" (exit 1).

  sign [FILE|-]      print the Oncehub-Signature header value OnceHub would send for
                     the body (signed over "<t>.<body>" with HMAC-SHA256)
                     options:
                       --secret S         the signing secret (repeat to add one s= per
                                          secret); or set ONCEHUB_WEBHOOK_SECRET (comma-
                                          separated), which keeps it out of process lists
                       --timestamp UNIX   t=, in seconds (default: now); milliseconds
                                          are refused
                       --max-body BYTES   body size limit (default 1048576)

  verify [FILE|-]    check a body against an Oncehub-Signature header value; prints
                     "verified" (exit 0) or "error: <reason>: <message>" (exit 1)
                     options:
                       --header H         the header value (required; a pasted
                                          "Oncehub-Signature: " before it is removed)
                       --secret S         a secret to accept (repeatable; or
                                          ONCEHUB_WEBHOOK_SECRET, comma-separated)
                       --now UNIX         verify as of this time (default: now)
                       --tolerance SECS   how far t may be from now (default 300)
                       --max-body BYTES   body size limit (default 1048576)
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

Secrets (--secret, ONCEHUB_WEBHOOK_SECRET), ONCEHUB_API_KEY, URLs and --header are
trimmed of whitespace around them (a note on stderr says so, never the value); a
secret or API key that is empty or has whitespace or control characters inside it
is refused (exit 2). OnceHub secrets are 32 lower-case hex characters.

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
