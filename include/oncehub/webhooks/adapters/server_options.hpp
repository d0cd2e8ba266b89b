// SPDX-License-Identifier: MIT
/// @file
/// `server_options`: how an adapter's server listens and what it tolerates; one struct for
/// the Boost.Beast, cpp-httplib and Poco adapters (`wh::beast::server_options`,
/// `wh::httplib::server_options` and `wh::poco::server_options` name it).
#ifndef ONCEHUB_WEBHOOKS_ADAPTERS_SERVER_OPTIONS_HPP
#define ONCEHUB_WEBHOOKS_ADAPTERS_SERVER_OPTIONS_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace oncehub::webhooks::inline v0::adapters {

/// How a `server` listens and what it tolerates.
struct server_options {
  /// The address to listen on (loopback by default).
  std::string host = "127.0.0.1";
  /// The TCP port; 0 picks a free one (see `server::port`).
  std::uint16_t port = 8080;
  /// Threads serving connections; 0: the adapter's default. Beast: the threads running
  /// its event loop (and the handlers, which run on them), 1 by default; every connection
  /// is served by them. cpp-httplib and Poco: threads kept warm, 8 by default; each
  /// serves one connection at a time, and more are started on demand, up to
  /// `max_connections`.
  std::size_t threads = 0;
  /// The deadline for one request, from its first byte to its last; a sender slower than
  /// that is logged (408) and disconnected. Also bounds writing the answer.
  std::chrono::milliseconds request_timeout = std::chrono::seconds(10);
  /// How long a kept-alive connection may stay idle between requests.
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(5);
  /// Open connections at most; beyond, a new connection is answered 503 and closed.
  std::size_t max_connections = 1024;
  /// The largest request head (request line and field lines), and the largest trailer
  /// section, in bytes: 431 beyond (RFC 6585 section 5).
  std::size_t max_header = 8192;

  /// `threads`, or `fallback` when it is 0.
  [[nodiscard]] constexpr std::size_t threads_or(std::size_t fallback) const noexcept {
    return threads == 0 ? fallback : threads;
  }
};

}  // namespace oncehub::webhooks::inline v0::adapters

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_SERVER_OPTIONS_HPP
