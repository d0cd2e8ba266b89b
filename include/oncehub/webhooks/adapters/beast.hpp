// SPDX-License-Identifier: MIT
/// @file
/// The Boost.Beast adapter: a `wh::receiver` served over HTTP/1.1 by Boost.Beast and
/// Asio (header-only; Debian `libboost1.81-dev`, link `Threads::Threads` only). Compiled
/// only where included.
///
/// ```cpp
/// wh::receiver core{wh::verifier{{wh::secret(secret)}}, router, &seen, {}, print_log_line};
/// wh::beast::server server{core, {.port = 8080, .threads = 4}};
/// std::thread stopper([&] { wait_for_sigterm(); server.stop(); });
/// server.run();  // returns once stopped and every in-flight request is answered
/// ```
///
/// Per connection, asynchronously (slow senders hold no thread): the head is buffered
/// through its empty line (431 beyond `max_header`, however it is split across reads)
/// and parsed in one go with Beast's strict parser (a field name with whitespace before the colon, a bad line
/// ending, a bad chunk: 400, with Beast's reason in the log), obs-fold lines are refused
/// (Beast would unfold them), the receive core checks the head and the declared length
/// before any body byte is read, `100 Continue` is sent only when the body is wanted, the
/// body (Content-Length or chunked) is streamed into the core (chunk extensions over
/// 1 KiB: 400; a trailer section over `max_header`: 431), and the answer is written
/// with `Connection: close` whenever bytes were left unread or the framing is distrusted.
/// One deadline covers each request from its first byte to its last
/// (`request_timeout`, `tcp_stream::expires_after`); connections beyond
/// `max_connections` are answered 503 and closed at once.
#ifndef ONCEHUB_WEBHOOKS_ADAPTERS_BEAST_HPP
#define ONCEHUB_WEBHOOKS_ADAPTERS_BEAST_HPP

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "oncehub/webhooks/adapters/detail/framing.hpp"
#include "oncehub/webhooks/adapters/server_options.hpp"
#include "oncehub/webhooks/receive.hpp"

namespace oncehub::webhooks::inline v0::beast {

/// How a `server` listens and what it tolerates (`adapters/server_options.hpp`).
using server_options = adapters::server_options;

namespace detail {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

}  // namespace detail

/// A Boost.Beast HTTP/1.1 server for one `receiver` (see the file comment). Binds in
/// its constructor (throws `boost::system::system_error` if it cannot); `run` serves
/// until `stop`.
class server {
 public:
  /// `core` must outlive the server.
  server(const receiver& core, server_options options);
  server(const server&) = delete;
  server& operator=(const server&) = delete;
  ~server();

  /// The port listened on (the chosen one when `port` was 0).
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  /// The options in force.
  [[nodiscard]] const server_options& options() const noexcept { return options_; }

  /// Serves on `threads` threads (the caller's included) until `stop`, then returns once
  /// every request in flight is answered (or its deadline passed).
  void run();
  /// Stops accepting, closes idle connections, and lets requests in flight finish
  /// (answered with `Connection: close`). Thread-safe; may be called before `run`.
  void stop();

 private:
  class session;
  void accept();
  void on_accept(boost::system::error_code ec, detail::tcp::socket socket);

  const receiver* core_;
  server_options options_;
  // Declared before the event loop, so that they outlive it: sessions still queued in it
  // when the server is destroyed unregister themselves as it goes.
  std::mutex sessions_mutex_;
  std::list<std::weak_ptr<session>> sessions_;
  std::size_t open_ = 0;  // under sessions_mutex_
  std::atomic<bool> stopping_{false};
  bool destroying_ = false;
  detail::asio::io_context io_;
  detail::tcp::acceptor acceptor_;
  detail::asio::steady_timer stop_timer_;
  std::uint16_t port_ = 0;
};

}  // namespace oncehub::webhooks::inline v0::beast

#include "oncehub/webhooks/adapters/detail/beast_impl.hpp"
#include "oncehub/webhooks/adapters/detail/beast_session.hpp"

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_BEAST_HPP
