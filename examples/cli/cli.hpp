// SPDX-License-Identifier: MIT
/// @file
/// Shared plumbing of the `oncehub-webhook` commands: argument cursor, input reading,
/// and the exit-code convention (0 success, 1 invalid input or failed check, 2 usage).
#ifndef ONCEHUB_WEBHOOKS_CLI_HPP
#define ONCEHUB_WEBHOOKS_CLI_HPP

#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace oncehub::webhooks {
class secret;
}

namespace cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;

/// Prints `error: <message>` and the command's usage line to stderr; returns exit_usage.
int usage_error(std::string_view message, std::string_view usage);

/// Reads a whole file, or standard input for "-". `std::nullopt` (with a message on
/// stderr) when it cannot be read.
std::optional<std::string> read_input(std::string_view path);

/// Parses a non-negative decimal integer; `std::nullopt` when malformed.
std::optional<unsigned long long> parse_unsigned(std::string_view text);

int run_inspect(std::span<const std::string_view> args);
int run_sign(std::span<const std::string_view> args);
int run_verify(std::span<const std::string_view> args);
/// `webhooks create|list|get|delete`: the Webhooks API through libcurl (webhooks.cpp).
int run_webhooks(std::span<const std::string_view> args);
/// `send`: signs files as OnceHub would and POSTs them (send.cpp, cpp-httplib).
int run_send(std::span<const std::string_view> args);

/// The secrets of `--secret` flags, or else of ONCEHUB_WEBHOOK_SECRET (comma-separated);
/// defined in sign_verify.cpp.
std::vector<oncehub::webhooks::secret> secrets_from(const std::vector<std::string_view>& flags);

}  // namespace cli

#endif  // ONCEHUB_WEBHOOKS_CLI_HPP
