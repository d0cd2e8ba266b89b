// SPDX-License-Identifier: MIT
/// @file
/// Shared plumbing of the `oncehub-webhook` commands: argument cursor, input reading,
/// and the exit-code convention (0 success, 1 invalid input or failed check, 2 usage).
#ifndef ONCEHUB_WEBHOOKS_CLI_HPP
#define ONCEHUB_WEBHOOKS_CLI_HPP

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace oncehub::webhooks::inline v0 {
class secret;
}

namespace cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;

/// Prints `error: <message>` and the command's usage line to stderr; returns exit_usage.
int usage_error(std::string_view message, std::string_view usage);

/// The body limit of sign, verify and send unless `--max-body` says otherwise: the
/// library's default `parser_options::max_body_size` (1 MiB).
inline constexpr std::size_t default_max_body = std::size_t{1} << 20;

/// Reads a file, or standard input for "-", reading at most `max_body + 1` bytes.
/// `std::nullopt`, with a message on stderr, when it cannot be opened or read
/// (`error: cannot open|read <path>: <reason>`, a directory included) or holds more than
/// `max_body` bytes (`error: too_large: ...; the limit is <max_body>`, as the library says).
std::optional<std::string> read_input(std::string_view path, std::size_t max_body);

/// Parses a non-negative decimal integer; `std::nullopt` when malformed.
std::optional<unsigned long long> parse_unsigned(std::string_view text);

/// The value of `--max-body` (the `args[i]` just read), taken from `args[i + 1]`, which
/// `i` then points at: a number of bytes, trimmed like every value a person configures
/// (`trimmed`). `std::nullopt` with the reason in `refusal` ("--max-body needs a value",
/// "--max-body needs a number of bytes"). One parser for every command that reads a body.
std::optional<std::size_t> max_body_flag(std::span<const std::string_view> args, std::size_t& i, std::string& refusal);

/// The arguments every command that reads one body shares, at `args[i]`: `--max-body
/// BYTES` (`max_body_flag`; `i` then points at its value), an unknown option, and the one
/// input (FILE, or "-" for standard input), which goes to `path`. Nothing when `args[i]`
/// was taken; else why it is refused ("unknown option '-x'", "<command> takes one
/// input"), for `usage_error`.
std::optional<std::string> input_argument(std::span<const std::string_view> args, std::size_t& i, std::size_t& max_body,
                                          std::optional<std::string_view>& path, std::string_view command);

int run_inspect(std::span<const std::string_view> args);
int run_sign(std::span<const std::string_view> args);
int run_verify(std::span<const std::string_view> args);
/// `webhooks create|list|get|delete`: the Webhooks API through libcurl (webhooks.cpp).
int run_webhooks(std::span<const std::string_view> args);
/// `send`: signs files as OnceHub would and POSTs them (send.cpp, cpp-httplib).
int run_send(std::span<const std::string_view> args);

// ---- values a person configures (flags, environment variables) -----------------------
// Each follows the library's rule (`check_configured_value`, `parse_secret_list`): ASCII
// whitespace around it is trimmed, and stderr says so once, never showing the value.

/// `value` without the ASCII whitespace around it; prints `note: trimmed ...` when some was.
std::string_view trimmed(std::string_view value, std::string_view name);

/// `value` by the full rule: trimmed, and refused when empty or with whitespace or a
/// control character inside it; `std::nullopt` with the reason (never the value) in
/// `refusal`.
std::optional<std::string_view> configured(std::string_view value, std::string_view name, std::string& refusal);

/// A Unix time in seconds given to `flag` (trimmed). A value in milliseconds, microseconds
/// or nanoseconds (13, 16, 19 digits) is refused, saying `t` is in seconds.
std::optional<unsigned long long> parse_unix_seconds(std::string_view value, std::string_view flag,
                                                     std::string& refusal);

/// An `Oncehub-Signature` value given to `--header`: trimmed, and a pasted header name
/// (`Oncehub-Signature: t=...,s=...`, any case) removed, with a note.
std::string_view signature_header_value(std::string_view value);

/// The secrets of `--secret` flags (each may itself be comma-separated), labelled `#1`,
/// `#2`..., or else of ONCEHUB_WEBHOOK_SECRET (comma-separated), labelled `env#1`...; one
/// note on stderr names the items that were trimmed. `std::nullopt` with the reason in
/// `refusal` when a value is refused; an empty vector when neither is given. Defined in
/// sign_verify.cpp.
std::optional<std::vector<oncehub::webhooks::secret>> secrets_from(const std::vector<std::string_view>& flags,
                                                                   std::string& refusal);

/// The `Oncehub-Signature` value for `body` at `t`, with one `s=` per secret (as a sender
/// rotating secrets sends). `std::nullopt`, with `error: <code>: <message>` on stderr,
/// when signing fails (`wh::sign`'s error). Defined in sign_verify.cpp.
std::optional<std::string> signature_for(std::string_view body, const std::vector<oncehub::webhooks::secret>& secrets,
                                         std::chrono::sys_seconds t);

}  // namespace cli

#endif  // ONCEHUB_WEBHOOKS_CLI_HPP
