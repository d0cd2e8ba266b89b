// SPDX-License-Identifier: MIT
/// @file
/// The cpp-httplib adapter: a `wh::receiver` served by cpp-httplib (Debian
/// `libcpp-httplib-dev` 0.11, a shared library: link what `pkg-config cpp-httplib` gives,
/// whose Cflags select its ABI). Compiled only where included.
///
/// ```cpp
/// wh::receiver core{wh::verifier{{wh::secret(secret)}}, router, &seen, {}, print_log_line};
/// wh::httplib::server server{core, {.port = 8080}};
/// std::thread stopper([&] { wait_for_sigterm(); server.stop(); });
/// server.run();  // returns once stopped and every in-flight request is answered
/// ```
///
/// cpp-httplib 0.11 is unsafe at a public edge as it comes (issue 13), so this adapter
/// keeps cpp-httplib's request-line and field parser, its chunked decoder and its accept
/// loop, and takes over each connection from them (it overrides
/// `Server::process_and_close_socket` and reads through its own `httplib::Stream`):
///
/// - **Smuggling after an early answer** (cpp-httplib keeps reading a connection after a
///   handler's `Connection: close`, parsing the unread body as the next request): the
///   adapter runs the keep-alive loop itself and writes every answer itself (cpp-httplib's
///   own writes are discarded). A connection is kept only when the receive core's answer
///   allows it and the whole request was read as framed; otherwise the answer says
///   `Connection: close`, and the connection is closed after it (a lingering close: our
///   FIN, then what the sender still writes is read and thrown away, never parsed).
/// - **Slow senders** (cpp-httplib times out per `recv`, and runs a fixed pool of
///   threads): every read polls against one deadline per request, from its first byte to
///   its last (`request_timeout`; 408 logged, connection closed), and idle kept-alive
///   connections are dropped after `idle_timeout`. cpp-httplib is blocking, one thread per
///   connection in service, so the pool grows on demand up to `max_connections` threads
///   (a trickling sender holds only its own thread, for at most `request_timeout`); a
///   connection beyond `max_connections` is answered 503 and closed at once. This is the
///   one item where cpp-httplib stays weaker than Beast: N slow senders cost N threads
///   (idle, 8 MiB of address space each) where Beast's cost none.
/// - **Lenient framing** (cpp-httplib accepts `Transfer-Encoding : chunked` as a field
///   named `Transfer-Encoding ` and reads the body as empty, silently skips lines without
///   a colon or ending in a bare LF, neither unfolds nor refuses obs-fold, and reads chunk
///   sizes with `std::stoul`, so `0x5`, ` 5` and `-1` pass): the
///   raw head is recorded as cpp-httplib reads it, checked strictly
///   (`detail/framing.hpp`: 400 with `bad_line_ending`, `obs_fold`, `field_name_invalid`,
///   ... in the log), and fed to the receive core line by line as sent (cpp-httplib's
///   parsed headers are not used). Chunked bodies are followed by a strict chunk scanner
///   as cpp-httplib decodes them (400 `bad_chunk`), chunk extensions bounded (1 KiB a
///   line; cpp-httplib buffers a chunk line whole) and a trailer section read by the
///   adapter (bounded by `max_header`), cpp-httplib seeing only the CRLF that ends it
///   (it refuses anything else after the last chunk). A `Content-Encoding` other than
///   `identity` is refused (415): cpp-httplib would inflate the body before the
///   signature is checked over it.
/// - `Expect: 100-continue`: `100 Continue` is sent only when the core wants the body.
///
/// Serve only the webhook path on this server (every request goes through the receive
/// core, which answers 404 elsewhere); keep your other routes on another server.
#ifndef ONCEHUB_WEBHOOKS_ADAPTERS_HTTPLIB_HPP
#define ONCEHUB_WEBHOOKS_ADAPTERS_HTTPLIB_HPP

#include <cerrno>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>

#include "oncehub/webhooks/adapters/server_options.hpp"
#include "oncehub/webhooks/receive.hpp"

namespace oncehub::webhooks::inline v0::httplib {

/// How a `server` listens and what it tolerates (`adapters/server_options.hpp`).
using server_options = adapters::server_options;

}  // namespace oncehub::webhooks::inline v0::httplib

// The connection machinery the server is built of (nothing in detail/ is API).
#include "oncehub/webhooks/adapters/detail/httplib_engine.hpp"

namespace oncehub::webhooks::inline v0::httplib {

/// A cpp-httplib HTTP/1.1 server for one `receiver` (see the file comment). Binds in its
/// constructor (throws `std::system_error` if it cannot); `run` serves until `stop`.
class server {
 public:
  /// `core` must outlive the server.
  server(const receiver& core, server_options options) : options_(std::move(options)), engine_(core, options_) {
    const int port = options_.port == 0 ? engine_.bind_to_any_port(options_.host)
                                        : (engine_.bind_to_port(options_.host, options_.port) ? options_.port : -1);
    if (port <= 0) {
      throw std::system_error(errno != 0 ? errno : EADDRINUSE, std::generic_category(),
                              "cannot listen on " + options_.host + ":" + std::to_string(options_.port));
    }
    port_ = static_cast<std::uint16_t>(port);
    engine_.raise_backlog();
  }
  server(const server&) = delete;
  server& operator=(const server&) = delete;
  ~server() { stop(); }

  /// The port listened on (the chosen one when `port` was 0).
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  /// The options in force.
  [[nodiscard]] const server_options& options() const noexcept { return options_; }

  /// Serves until `stop`, then returns once every request in flight is answered (or its
  /// deadline passed).
  void run() {
    if (engine_.stopping()) { return; }
    engine_.listen_after_bind();
  }
  /// Stops accepting, closes idle connections, and lets requests in flight finish
  /// (answered with `Connection: close`). Thread-safe. cpp-httplib ignores a stop that
  /// comes before its accept loop has started: call it again until `run` has returned.
  void stop() { engine_.stop_serving(); }

 private:
  server_options options_;
  detail::engine engine_;
  std::uint16_t port_ = 0;
};

}  // namespace oncehub::webhooks::inline v0::httplib

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_HTTPLIB_HPP
