// SPDX-License-Identifier: MIT
/// @file
/// The Poco::Net adapter: a `wh::receiver` served by Poco's `HTTPServerConnection`
/// (Debian `libpoco-dev` 1.11; link `Poco::Net` and `Poco::Foundation`). Compiled only
/// where included.
///
/// ```cpp
/// wh::receiver core{wh::verifier{{wh::secret(secret)}}, router, &seen, {}, print_log_line};
/// wh::poco::server server{core, {.port = 8080}};
/// std::thread stopper([&] { wait_for_sigterm(); server.stop(); });
/// server.run();  // returns once stopped and every in-flight request is answered
/// ```
///
/// The request handler factory (`detail::handler_factory`) feeds the receive core; what
/// Poco 1.11 does at the edge, and what the adapter does about it:
///
/// - **Lenient framing**: Poco's `MessageHeader::read` keeps `Transfer-Encoding :
///   chunked` as a field named `Transfer-Encoding ` (so the body is not read as chunked),
///   unfolds obs-fold lines, takes a bare LF as a line end and drops a line without a
///   colon; its chunked reader skips whitespace before a chunk size and takes a bare LF
///   after it. The adapter gives Poco a socket that
///   records what it reads (`detail::recording_socket`, a `StreamSocketImpl` on a dup of
///   the accepted descriptor): each request head is checked strictly and fed to the core
///   line by line as sent (400 with `obs_fold`, `field_name_invalid`, `bad_line_ending`...
///   in the log), and the recorder follows each body by its framing (a strict chunk
///   scanner: 400 `bad_chunk`), so it knows where every request ends.
/// - **Smuggling after an early answer**: Poco keeps a connection after a handler that
///   left the body unread, so the next "request" would be parsed from it. The handler
///   reads the body through the core (which drains it up to `max_discard` or stops), and
///   whenever bytes of the request were left unread or the framing is distrusted, the
///   answer says `Connection: close` (`setKeepAlive(false)`: Poco's loop ends) and the
///   socket is shut down for writing and drained briefly before it is closed.
/// - **`Expect: 100-continue`**: Poco sends `100 Continue` before the handler runs unless
///   the factory has set another status; the factory decides the head first, so `100
///   Continue` is sent only when the core wants the body.
/// - **Slow senders**: Poco's timeouts are per `recv` (`HTTPServerParams::setTimeout`).
///   The recording socket polls against one deadline per request, from its first byte to
///   its last (`request_timeout`: 408 logged, connection closed), and Poco's thread pool
///   grows on demand up to `max_connections` threads, so a trickling sender holds only
///   its own thread; a connection beyond `max_connections` is answered 503 and closed.
///   As with cpp-httplib, N slow senders cost N (idle) threads.
/// - **Trailers**: Poco 1.11 takes the one line after the last chunk for the end of the
///   body and parses the rest of a trailer section as the next request; the recorder
///   reads the trailer itself (bounded by `max_header`: 400 `bad_chunk` beyond) and hands
///   Poco only the CRLF that ends it. Chunk extensions are bounded (1 KiB a line).
/// - Poco's own refusals (a head it cannot parse, or a field name over 256 bytes) are
///   answered by Poco (400) and logged through the core when the connection ends; a head
///   Poco throws on without answering (`Content-Length: 0x10`) is answered 400 with
///   `Connection: close` by the adapter; over 100 field lines (Poco's fixed limit) is
///   answered 431 before Poco parses it. Answers are HTTP/1.1 whatever the request's
///   version (Poco echoes it).
#ifndef ONCEHUB_WEBHOOKS_ADAPTERS_POCO_HPP
#define ONCEHUB_WEBHOOKS_ADAPTERS_POCO_HPP

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/ThreadPool.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "oncehub/webhooks/adapters/server_options.hpp"
#include "oncehub/webhooks/receive.hpp"

namespace oncehub::webhooks::inline v0::poco {

/// How a `server` listens and what it tolerates (`adapters/server_options.hpp`).
using server_options = adapters::server_options;

}  // namespace oncehub::webhooks::inline v0::poco

// The connection machinery the server is built of (nothing in detail/ is API).
#include "oncehub/webhooks/adapters/detail/poco_impl.hpp"

namespace oncehub::webhooks::inline v0::poco {

/// A Poco::Net HTTP/1.1 server for one `receiver` (see the file comment). Binds in its
/// constructor (throws `Poco::Exception` if it cannot); `run` serves until `stop`.
class server {
 public:
  /// `core` must outlive the server.
  server(const receiver& core, server_options options)
      : options_(std::move(options)),
        socket_(Poco::Net::SocketAddress(options_.host, options_.port)),
        pool_(static_cast<int>(std::max<std::size_t>(1, std::min(options_.threads_or(8), options_.max_connections))),
              static_cast<int>(options_.max_connections + 16), 60),
        handler_factory_(new detail::handler_factory(core)),
        handlers_(handler_factory_) {
    auto params = Poco::Net::HTTPServerParams::Ptr(new Poco::Net::HTTPServerParams);
    params->setMaxThreads(static_cast<int>(options_.max_connections + 16));
    params->setMaxQueued(static_cast<int>(options_.max_connections));
    params->setTimeout(
        Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(options_.request_timeout).count()));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(
        Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(options_.idle_timeout).count()));
    params->setMaxKeepAliveRequests(1000);
    params->setServerName("");
    params->setSoftwareVersion("");
    tcp_.emplace(Poco::Net::TCPServerConnectionFactory::Ptr(
                     new detail::connection_factory(core, options_, params, handlers_, open_, stopping_flag_)),
                 pool_, socket_, params);
    port_ = socket_.address().port();
  }
  server(const server&) = delete;
  server& operator=(const server&) = delete;
  ~server() {
    stop();
    tcp_.reset();
    pool_.joinAll();
  }

  /// The port listened on (the chosen one when `port` was 0).
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  /// The options in force.
  [[nodiscard]] const server_options& options() const noexcept { return options_; }

  /// Serves until `stop`, then returns once every request in flight is answered (or its
  /// deadline passed).
  void run() {
    std::unique_lock lock(mutex_);
    if (stopping_) { return; }
    tcp_->start();
    stopped_.wait(lock, [this] { return stopping_; });
    lock.unlock();
    stopping_flag_ = true;
    tcp_->stop();
    handler_factory_->stop_connections();
    const auto until = detail::steady::now() + options_.request_timeout * 2 + std::chrono::seconds(3);
    while (open_.load() > 0 && detail::steady::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  /// Stops accepting, closes idle connections, and lets requests in flight finish.
  /// Thread-safe; may be called before `run`.
  void stop() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    stopped_.notify_all();
  }

 private:
  server_options options_;
  Poco::Net::ServerSocket socket_;
  Poco::ThreadPool pool_;
  detail::handler_factory* handler_factory_;  // owned by handlers_
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  std::atomic<std::size_t> open_{0};
  std::atomic<bool> stopping_flag_{false};  // read by the connections
  std::optional<Poco::Net::TCPServer> tcp_;
  std::mutex mutex_;
  std::condition_variable stopped_;
  bool stopping_ = false;
  std::uint16_t port_ = 0;
};

}  // namespace oncehub::webhooks::inline v0::poco

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_POCO_HPP
