// SPDX-License-Identifier: MIT
/// @file
/// The CLI's HTTP client for the Webhooks API: one request, one answer, through libcurl.
/// The library itself has no HTTP; this is the smallest client the CLI needs.
#ifndef ONCEHUB_WEBHOOKS_CLI_HTTP_CLIENT_HPP
#define ONCEHUB_WEBHOOKS_CLI_HTTP_CLIENT_HPP

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

/// One HTTP request. `headers` are complete lines (`"Accept: application/json"`); they may
/// hold the API key, so nothing here ever prints them.
struct http_request {
  std::string_view method;
  std::string url;
  std::string_view body;
  std::vector<std::string> headers;
};

/// The status and body of an answer, and its `Request-Id` header (OnceHub's support asks
/// for it).
struct http_response {
  int status = 0;
  std::string body;
  std::string request_id;
};

/// Sends `request` and waits for the answer (10 s to connect, 60 s in all). Redirects are
/// not followed (they would carry the API key elsewhere) and only http and https are
/// spoken. On a transport failure returns `std::nullopt` and puts the reason, which never
/// contains a header, in `failure`.
std::optional<http_response> send_http(const http_request& request, std::string& failure);

}  // namespace cli

#endif  // ONCEHUB_WEBHOOKS_CLI_HTTP_CLIENT_HPP
