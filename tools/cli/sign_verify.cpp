// SPDX-License-Identifier: MIT
/// @file
/// `oncehub-webhook sign` and `oncehub-webhook verify`: the Oncehub-Signature header as
/// OnceHub computes it, and the check a receiver makes.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <oncehub/webhooks/signature.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli.hpp"

namespace cli {

namespace wh = oncehub::webhooks;

std::optional<std::vector<wh::secret>> secrets_from(const std::vector<std::string_view>& flags, std::string& refusal) {
  wh::result<wh::secret_list> list = wh::secret_list{};
  if (!flags.empty()) {
    list = wh::parse_secret_list(flags, "--secret", "#");
  } else if (const char* env = std::getenv("ONCEHUB_WEBHOOK_SECRET")) {
    // The environment keeps secrets out of process lists; commas separate rotated secrets.
    list = wh::parse_secret_list(env, "ONCEHUB_WEBHOOK_SECRET", "env#");
  }
  if (!list) {
    refusal = std::string(list.error().message());
    return std::nullopt;
  }
  if (const std::string note = list->trimmed_note(); !note.empty()) { std::cerr << "note: " << note << "\n"; }
  return std::move(list->secrets);
}

namespace {

std::chrono::sys_seconds now_seconds() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace

int run_sign(std::span<const std::string_view> args) {
  static constexpr std::string_view usage =
      "oncehub-webhook sign --secret S [--secret S2...] [--timestamp UNIX] [--max-body BYTES] [FILE|-]";
  std::vector<std::string_view> secret_flags;
  std::optional<std::chrono::sys_seconds> timestamp;
  std::optional<std::string_view> path;
  std::size_t max_body = default_max_body;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: " << usage << "\nPrints the Oncehub-Signature header value for the body.\n";
      return exit_ok;
    }
    if (arg == "--secret" || arg == "--timestamp") {
      if (i + 1 == args.size()) { return usage_error(std::string(arg) + " needs a value", usage); }
      const std::string_view value = args[++i];
      if (arg == "--secret") {
        secret_flags.push_back(value);
      } else {
        std::string refusal;
        auto seconds = parse_unix_seconds(value, "--timestamp", refusal);
        if (!seconds) { return usage_error(refusal, usage); }
        timestamp = std::chrono::sys_seconds{std::chrono::seconds{static_cast<long long>(*seconds)}};
      }
    } else if (auto refusal = input_argument(args, i, max_body, path, "sign")) {
      return usage_error(*refusal, usage);
    }
  }
  std::string refusal;
  const std::optional<std::vector<wh::secret>> configured_secrets = secrets_from(secret_flags, refusal);
  if (!configured_secrets) { return usage_error(refusal, usage); }
  const std::vector<wh::secret>& secrets = *configured_secrets;
  if (secrets.empty()) { return usage_error("no secret: pass --secret or set ONCEHUB_WEBHOOK_SECRET", usage); }
  auto body = read_input(path.value_or("-"), max_body);
  if (!body) { return exit_failure; }
  const auto t = timestamp.value_or(now_seconds());
  const std::optional<std::string> header = signature_for(*body, secrets, t);
  if (!header) { return exit_failure; }
  std::cout << *header << "\n";
  return exit_ok;
}

std::optional<std::string> signature_for(std::string_view body, const std::vector<wh::secret>& secrets,
                                         std::chrono::sys_seconds t) {
  std::string header;
  for (const wh::secret& secret : secrets) {
    auto signed_with = wh::sign(body, secret, t);
    if (!signed_with) {
      std::cerr << signed_with.error().to_string() << "\n";
      return std::nullopt;
    }
    // One s= per secret, as a sender rotating secrets would send: `t=<t>,s=<a>,s=<b>`.
    header +=
        header.empty() ? std::string_view(*signed_with) : std::string_view(*signed_with).substr(signed_with->find(','));
  }
  return header;
}

int run_verify(std::span<const std::string_view> args) {
  static constexpr std::string_view usage =
      "oncehub-webhook verify --secret S [--secret S2...] --header H [--now UNIX] [--tolerance SECONDS] [--max-body BYTES] [FILE|-]";
  std::vector<std::string_view> secret_flags;
  std::optional<std::string_view> header;
  std::optional<std::chrono::sys_seconds> now;
  std::optional<std::string_view> path;
  std::size_t max_body = default_max_body;
  wh::verifier_options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: " << usage << "\nPrints 'verified' (exit 0) or 'error: <reason>: <message>' (exit 1).\n";
      return exit_ok;
    }
    if (arg == "--secret" || arg == "--header" || arg == "--now" || arg == "--tolerance") {
      if (i + 1 == args.size()) { return usage_error(std::string(arg) + " needs a value", usage); }
      const std::string_view value = args[++i];
      if (arg == "--secret") {
        secret_flags.push_back(value);
      } else if (arg == "--header") {
        header = signature_header_value(value);
      } else {
        std::string refusal;
        auto number = arg == "--now" ? parse_unix_seconds(value, arg, refusal) : parse_unsigned(trimmed(value, arg));
        if (!number) {
          return usage_error(refusal.empty() ? std::string(arg) + " needs a number of seconds" : refusal, usage);
        }
        const std::chrono::seconds seconds{static_cast<long long>(*number)};
        if (arg == "--now") {
          now = std::chrono::sys_seconds{seconds};
        } else {
          options.tolerance = seconds;
        }
      }
    } else if (auto refusal = input_argument(args, i, max_body, path, "verify")) {
      return usage_error(*refusal, usage);
    }
  }
  if (!header) { return usage_error("--header is required (the Oncehub-Signature value)", usage); }
  std::string refusal;
  std::optional<std::vector<wh::secret>> secrets = secrets_from(secret_flags, refusal);
  if (!secrets) { return usage_error(refusal, usage); }
  if (secrets->empty()) { return usage_error("no secret: pass --secret or set ONCEHUB_WEBHOOK_SECRET", usage); }
  auto body = read_input(path.value_or("-"), max_body);
  if (!body) { return exit_failure; }
  const wh::verifier verifier(std::move(*secrets), options);
  auto result = verifier.verify(*body, *header, now.value_or(now_seconds()));
  if (!result) {
    const wh::error& e = result.error();
    std::cerr << "error: " << wh::to_string(e.code()) << ": " << e.message() << "\n";
    return exit_failure;
  }
  std::cout << "verified\n";
  std::cerr << "matched secret " << result->secret_label
            << ", signed at t=" << result->signed_at.time_since_epoch().count() << "\n";
  return exit_ok;
}

}  // namespace cli
