// SPDX-License-Identifier: MIT
/// @file
/// Behind adapters/beast.hpp: the `server`'s accept loop, threads and graceful stop.
#ifndef ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_BEAST_IMPL_HPP
#define ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_BEAST_IMPL_HPP

#include "oncehub/webhooks/adapters/beast.hpp"
#include "oncehub/webhooks/adapters/detail/beast_session.hpp"

namespace oncehub::webhooks::inline v0::beast {

inline server::server(const receiver& core, server_options options)
    : core_(&core),
      options_(std::move(options)),
      io_(static_cast<int>(options_.threads_or(1))),
      acceptor_(detail::asio::make_strand(io_)),
      stop_timer_(detail::asio::make_strand(io_)) {
  const detail::tcp::endpoint endpoint(detail::asio::ip::make_address(options_.host), options_.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(detail::asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(detail::asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
  accept();
}

inline server::~server() {
  stop();
  io_.stop();
  const std::lock_guard lock(sessions_mutex_);
  destroying_ = true;
}

inline void server::accept() {
  acceptor_.async_accept(
      detail::asio::make_strand(io_),
      [this](boost::system::error_code ec, detail::tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

inline void server::on_accept(boost::system::error_code ec, detail::tcp::socket socket) {
  if (ec == detail::asio::error::operation_aborted || !acceptor_.is_open()) { return; }
  if (!ec) {
    socket.set_option(detail::tcp::no_delay(true), ec);  // small answers on kept-alive connections
    std::unique_lock lock(sessions_mutex_);
    if (open_ >= options_.max_connections) {
      lock.unlock();
      // Over the cap: a short answer, written without waiting (the socket's send buffer
      // is empty), and the connection closed. OnceHub retries a 503.
      static constexpr std::string_view busy =
          "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: "
          "close\r\n\r\nbusy\n";
      boost::system::error_code ignored;
      socket.non_blocking(true, ignored);
      socket.send(detail::asio::buffer(busy.data(), busy.size()), 0, ignored);
      socket.shutdown(detail::tcp::socket::shutdown_both, ignored);
      socket.close(ignored);
    } else {
      ++open_;
      auto s = std::make_shared<session>(*this, std::move(socket));
      const auto self = sessions_.insert(sessions_.end(), s);
      lock.unlock();
      s->start(self);
    }
  }
  accept();
}

inline void server::run() {
  std::vector<std::thread> extra;
  // A handler that throws (none should) loses its connection, never the process: the
  // exception unwinds the handler, whose session then closes its socket, and the loop
  // goes on serving the others.
  const auto serve = [this] {
    for (;;) {
      try {
        io_.run();
        return;
      } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): see above
      }
    }
  };
  for (std::size_t i = 1; i < options_.threads_or(1); ++i) { extra.emplace_back(serve); }
  serve();
  for (std::thread& t : extra) { t.join(); }
}

inline void server::stop() {
  if (stopping_.exchange(true)) { return; }
  detail::asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  std::vector<std::shared_ptr<session>> live;
  {
    const std::lock_guard lock(sessions_mutex_);
    for (auto& weak : sessions_) {
      if (auto s = weak.lock()) { live.push_back(std::move(s)); }
    }
  }
  // Outside the lock: dropping the last reference runs ~session, which takes it.
  for (auto& s : live) { s->stop(); }
  live.clear();
  // Requests in flight finish within their deadline; should one not, the loop stops
  // anyway a little after it. (Not armed once the last connection has gone.)
  detail::asio::post(stop_timer_.get_executor(), [this] {
    {
      const std::lock_guard lock(sessions_mutex_);
      if (open_ == 0) { return; }
    }
    stop_timer_.expires_after(options_.request_timeout * 2 + std::chrono::seconds(3));
    stop_timer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) { io_.stop(); }
    });
  });
}

}  // namespace oncehub::webhooks::inline v0::beast

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_BEAST_IMPL_HPP
