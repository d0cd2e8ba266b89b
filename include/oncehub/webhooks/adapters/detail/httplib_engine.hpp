// SPDX-License-Identifier: MIT
/// @file
/// Behind adapters/httplib.hpp: cpp-httplib's server with its connection loop taken over,
/// feeding each request to the receive core.
#ifndef ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_HTTPLIB_ENGINE_HPP
#define ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_HTTPLIB_ENGINE_HPP

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "oncehub/webhooks/adapters/detail/framing.hpp"
#include "oncehub/webhooks/adapters/detail/httplib_stream.hpp"
#include "oncehub/webhooks/adapters/server_options.hpp"
#include "oncehub/webhooks/receive.hpp"

namespace oncehub::webhooks::inline v0::httplib::detail {

/// What the handlers of one request share with the connection loop (same thread).
struct exchange {
  connection_stream* stream = nullptr;
  receive_request* request = nullptr;
  std::chrono::steady_clock::time_point first_byte{};
  bool started = false;    // the head was fed to the core
  bool want_body = false;  // the core asked for the body
  bool body_read = false;  // ... and all of it was read as framed
  bool answered = false;   // the core has decided
};

inline thread_local exchange* current_exchange = nullptr;

/// cpp-httplib's server with the connection loop taken over (see the file comment).
class engine final : public ::httplib::Server {
 public:
  engine(const receiver& core, const adapters::server_options& options) : core_(core), options_(options) {
    new_task_queue = [this] { return new growing_pool(options_.threads_or(8), options_.max_connections + 16); };
    // The body length and its cap are the core's business; cpp-httplib must never answer
    // 413 on its own or skip a body.
    set_payload_max_length(static_cast<std::size_t>(-1));
    set_expect_100_continue_handler([](const ::httplib::Request&, ::httplib::Response&) {
      return 100;  // cpp-httplib's `100 Continue` is discarded; the adapter sends its own
    });
    set_pre_routing_handler([](const ::httplib::Request& req, ::httplib::Response&) {
      exchange& x = *current_exchange;
      if (x.answered) { return HandlerResponse::Handled; }
      if (x.want_body && req.method != "POST" && req.method != "PUT" && req.method != "PATCH" &&
          req.method != "DELETE") {
        // cpp-httplib reads no body for this method: leave it unread, and close.
        x.request->finish(false);
        x.answered = true;
        return HandlerResponse::Handled;
      }
      return HandlerResponse::Unhandled;
    });
    const auto read_body = [](const ::httplib::Request&, ::httplib::Response&, const ::httplib::ContentReader& read) {
      exchange& x = *current_exchange;
      if (x.answered || !x.want_body) { return; }
      const bool complete =
          read([&x](const char* data, std::size_t size) { return x.request->body(std::string_view(data, size)); });
      x.answered = true;
      if (x.stream->bad_chunk()) {
        x.request->reject("bad_chunk");
      } else if (x.stream->timed_out()) {
        x.request->timed_out();
      } else {
        x.body_read = complete;
        x.request->finish(complete);
      }
    };
    const std::string any = "[\\s\\S]*";
    Post(any, read_body);
    Put(any, read_body);
    Patch(any, read_body);
    Delete(any, read_body);
  }

  /// cpp-httplib listens with a backlog of 5: connections beyond it wait for SYN
  /// retransmits (seconds) whenever the accept loop lags. Linux lets `listen` raise it.
  void raise_backlog() { ::listen(svr_sock_, SOMAXCONN); }

  void stop_serving() {
    stopping_ = true;
    stop();
  }
  [[nodiscard]] bool stopping() const noexcept { return stopping_; }

 private:
  bool process_and_close_socket(socket_t sock) override {
    connection_stream stream(sock, options_.max_header, stopping_);
    const int one = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // small answers, kept-alive
    if (open_.fetch_add(1) >= options_.max_connections) {
      // Over the cap: a short answer, at once, without reading. OnceHub retries a 503.
      stream.set_deadline(std::chrono::steady_clock::now() + std::chrono::seconds(1));
      stream.send(webhooks::detail::framing::busy_answer);
      close_lingering(stream);
      --open_;
      return true;
    }
    serve(stream);
    close_lingering(stream);
    --open_;
    return true;
  }

  void serve(connection_stream& stream) {
    receive_request& request = core_.this_thread_request();
    std::string out;
    for (;;) {
      if (!stream.wait_for_request(options_.idle_timeout)) { return; }
      exchange x;
      x.stream = &stream;
      x.request = &request;
      x.first_byte = std::chrono::steady_clock::now();
      stream.begin_request(x.first_byte + options_.request_timeout);
      current_exchange = &x;
      bool connection_closed = false;
      process_request(stream, false, connection_closed, [&x](::httplib::Request& req) { on_head(x, req); });
      current_exchange = nullptr;
      if (!x.answered) {
        // cpp-httplib refused the request line or a field line itself, or its read failed.
        if (stream.timed_out()) {
          if (!x.started) { request.start("-", "-", x.first_byte); }
          request.timed_out();
          return;
        }
        if (stream.hung_up() && !stream.head_too_long()) {
          if (x.started) { request.finish(false); }  // logged (body_incomplete); nobody to answer
          return;
        }
        if (stream.head_too_long()) {
          request.start("-", "-", x.first_byte);
          request.reject("header_too_long", 431);
        } else if (x.started) {
          request.finish(false);
        } else {
          std::string_view reason = webhooks::detail::framing::feed_head(stream.head(), request, x.first_byte);
          request.reject(reason.empty() ? std::string_view("bad_request") : reason);
        }
      }
      // Kept only when the core allows it and every byte of the request was read as framed.
      const receive_answer& answer = request.answer();
      const bool close = answer.close || connection_closed || stopping_ || (x.want_body && !x.body_read);
      webhooks::detail::framing::serialize_answer(out, answer, close);
      stream.set_deadline(std::chrono::steady_clock::now() + options_.request_timeout);
      if (!stream.send(out) || close) { return; }
    }
  }

  // After cpp-httplib parsed the head (it is recorded): the strict checks and the core.
  static void on_head(exchange& x, ::httplib::Request& req) {
    connection_stream& stream = *x.stream;
    receive_request& request = *x.request;
    const std::string_view head = stream.head();
    x.started = true;
    x.answered = true;  // unless the body is wanted below
    if (const std::string_view reason = webhooks::detail::framing::feed_head(head, request, x.first_byte);
        !reason.empty()) {
      request.reject(reason);
      return;
    }
    // cpp-httplib's own view of the framing (its first Transfer-Encoding and
    // Content-Length values) must be the one the core checks, or the request is refused.
    const bool chunked = webhooks::detail::http::iequals(req.get_header_value("Transfer-Encoding"), "chunked");
    std::optional<std::uint64_t> content_length;
    if (!chunked && req.has_header("Content-Length")) {
      const std::string value = req.get_header_value("Content-Length");
      std::uint64_t n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc{} || end != value.data() + value.size()) {
        request.reject("content_length_invalid");
        return;
      }
      content_length = n;
    }
    if (req.has_header("Content-Encoding")) {
      const std::string coding = req.get_header_value("Content-Encoding");
      if (coding != "identity") {
        request.reject("content_encoding_unsupported", 415);
        return;
      }
    }
    if (request.end_of_head(content_length, chunked)) {
      x.want_body = true;
      x.answered = false;
      stream.end_head(chunked);
      if (request.expects_continue()) { stream.send("HTTP/1.1 100 Continue\r\n\r\n"); }
    } else {
      stream.end_head(false);
    }
  }

  // Our FIN first, then whatever the sender still writes is read and thrown away (never
  // parsed) for a moment, so that closing with unread bytes does not reset the
  // connection before the sender has read the answer.
  void close_lingering(connection_stream& stream) const {
    const int fd = stream.socket();
    ::shutdown(fd, SHUT_WR);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    char sink[4096];
    for (int rounds = 0; rounds < 1024; ++rounds) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      if (left.count() <= 0) { break; }
      pollfd p{fd, POLLIN, 0};
      const int rc = ::poll(&p, 1, static_cast<int>(std::min<std::chrono::milliseconds::rep>(left.count(), 100)));
      if (rc < 0 || (rc == 0 && stopping_)) { break; }
      if (rc > 0 && ::recv(fd, sink, sizeof sink, MSG_DONTWAIT) <= 0) { break; }
    }
  }

  const receiver& core_;
  adapters::server_options options_;
  std::atomic<std::size_t> open_{0};
  std::atomic<bool> stopping_{false};
};

}  // namespace oncehub::webhooks::inline v0::httplib::detail

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_HTTPLIB_ENGINE_HPP
