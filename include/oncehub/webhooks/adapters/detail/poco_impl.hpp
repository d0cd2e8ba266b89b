// SPDX-License-Identifier: MIT
/// @file
/// Behind adapters/poco.hpp: the request handler that feeds the receive core, and the
/// connection and factories that put the recording socket under Poco's HTTP server.
#ifndef ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_POCO_IMPL_HPP
#define ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_POCO_IMPL_HPP

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/StreamSocketImpl.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/ThreadPool.h>
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
#include <thread>
#include <utility>

#include "oncehub/webhooks/adapters/detail/framing.hpp"
#include "oncehub/webhooks/adapters/detail/poco_socket.hpp"
#include "oncehub/webhooks/adapters/server_options.hpp"
#include "oncehub/webhooks/receive.hpp"

namespace oncehub::webhooks::inline v0::poco::detail {

inline recording_socket* recorder_of(Poco::Net::HTTPServerRequest& request) {
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
  return impl == nullptr ? nullptr : dynamic_cast<recording_socket*>(impl->socket().impl());
}

/// Sends the core's answer; closes (lingering) when it says so or bytes were left unread.
inline void respond(Poco::Net::HTTPServerResponse& response, const receive_answer& answer, bool close,
                    recording_socket* socket) {
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status),
                              std::string(webhooks::detail::framing::reason_phrase(answer.status)));
  response.setContentType("text/plain");
  response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
  if (!answer.allow.empty()) { response.set("Allow", std::string(answer.allow)); }
  // Poco echoes the request's version (`HTTP/2.0 400`); we speak HTTP/1.1 (to an HTTP/1.0
  // request too: RFC 9110 section 6.2), keeping Poco's keep-alive default for HTTP/1.0.
  const bool keep_alive = response.getKeepAlive();
  response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
  // Poco has set keep-alive from the request and its own per-connection request count.
  response.setKeepAlive(!close && keep_alive);
  std::ostream& out = response.send();
  out.write(answer.body.data(), static_cast<std::streamsize>(answer.body.size()));
  out.flush();
  if (close && socket != nullptr) {
    socket->closing();
    socket->close_lingering();
  }
}

/// Reads the body into the core (the core wanted it), then answers.
class delivery_handler final : public Poco::Net::HTTPRequestHandler {
 public:
  delivery_handler(receive_request& request, bool want_body, std::optional<std::uint64_t> length)
      : request_(request), want_body_(want_body), length_(length) {}

  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& response) override {
    recording_socket* socket = recorder_of(req);
    bool complete = false;
    if (want_body_) {
      std::istream& in = req.stream();
      char chunk[16384];
      std::uint64_t read = 0;
      bool wanted = true;
      while (wanted && in) {
        in.read(chunk, sizeof chunk);
        const auto n = static_cast<std::size_t>(in.gcount());
        read += n;
        if (n > 0) { wanted = request_.body(std::string_view(chunk, n)); }
      }
      complete = wanted && socket != nullptr && socket->body_complete() && (!length_ || read == *length_);
      if (socket != nullptr && socket->bad_chunk()) {
        request_.reject("bad_chunk");
      } else if (socket != nullptr && socket->timed_out()) {
        request_.timed_out();
      } else {
        request_.finish(complete);
      }
    }
    const receive_answer& answer = request_.answer();
    const bool close =
        answer.close || (want_body_ && !complete) || !req.getKeepAlive() || (socket != nullptr && socket->stopping());
    respond(response, answer, close, socket);
  }

 private:
  receive_request& request_;
  bool want_body_;
  std::optional<std::uint64_t> length_;
};

/// Checks each head and decides it with the core before Poco reads any of the body.
class handler_factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit handler_factory(const receiver& core) : core_(core) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& req) override {
    // (Poco passes the request const; its response, reached through it, is not.)
    auto& request = const_cast<Poco::Net::HTTPServerRequest&>(req);
    receive_request& r = core_.this_thread_request();
    recording_socket* socket = recorder_of(request);
    std::optional<recorded_head> head = socket != nullptr ? socket->next_head() : std::nullopt;
    bool want_body = false;
    std::optional<std::uint64_t> length;
    if (!head) {
      r.start(req.getMethod(), req.getURI());
      r.reject("bad_request");
    } else if (head->too_long) {
      r.start("-", "-", head->first_byte);
      r.reject("header_too_long", 431);
    } else if (const std::string_view reason = webhooks::detail::framing::feed_head(head->bytes, r, head->first_byte);
               !reason.empty()) {
      r.reject(reason);
    } else {
      // Poco's view of the framing is what it will read by: the core checks it against
      // the field lines as sent.
      const bool chunked = request.getChunkedTransferEncoding();
      bool length_ok = true;
      if (!chunked && request.hasContentLength()) {
        // Poco takes `-1` (and `+5`) for a length: its value is read here as RFC 9110
        // section 8.6 has it, digits only.
        const std::string& value = request.get(Poco::Net::HTTPMessage::CONTENT_LENGTH);
        std::uint64_t n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        length_ok = !value.empty() && ec == std::errc{} && end == value.data() + value.size();
        length = n;
      }
      if (!length_ok) {
        r.reject("content_length_invalid");
      } else {
        want_body = r.end_of_head(length, chunked);
      }
      if (want_body && r.expects_continue() && !request.getExpectContinue()) { request.response().sendContinue(); }
    }
    if (!want_body) {
      // Not 200: Poco sends no `100 Continue` for a body the core does not want.
      request.response().setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.answer().status));
    }
    return new delivery_handler(r, want_body, length);
  }

  void stop_connections() { serverStopped(this, false); }

 private:
  const receiver& core_;
};

/// Poco's connection on a recording socket, counted against `max_connections`.
class connection final : public Poco::Net::HTTPServerConnection {
 public:
  connection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
             Poco::Net::HTTPRequestHandlerFactory::Ptr factory, const receiver& core, recording_socket* recorder,
             std::atomic<std::size_t>& open, std::size_t max_connections)
      : Poco::Net::HTTPServerConnection(socket, params, factory),
        core_(core),
        recorder_(recorder),
        open_(open),
        over_(open.fetch_add(1) >= max_connections) {}
  ~connection() override { --open_; }

  void run() override {
    if (over_) {
      // Over the cap: a short answer, at once, without reading. OnceHub retries a 503.
      const std::string_view busy = webhooks::detail::framing::busy_answer;
      ::send(recorder_->sockfd(), busy.data(), busy.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      recorder_->close_lingering();
      return;
    }
    recorder_->on_close = [this] { finish_unanswered(); };
    try {
      Poco::Net::HTTPServerConnection::run();
    } catch (...) {
      // a timeout, a reset, or a head Poco could not take (e.g. `Content-Length: 0x10`,
      // which its request constructor throws on, unanswered): logged and answered below
    }
    if (recorder_->on_close) { std::exchange(recorder_->on_close, nullptr)(); }
    recorder_->close_lingering();
  }

 private:
  void finish_unanswered() {
    // A request that never reached a handler: log it through the core, and answer it
    // (with `Connection: close`) unless Poco or the recorder already has.
    if (const recorded_head* head = recorder_->unfinished_head()) {
      receive_request& r = core_.this_thread_request();
      bool answer = !recorder_->wrote() && !recorder_->answered_too_long() && !recorder_->hung_up();
      if (recorder_->timed_out()) {
        r.start("-", "-", head->first_byte);
        r.timed_out();
      } else if (head->too_long) {
        r.start("-", "-", head->first_byte);
        r.reject(head->too_many_fields ? "too_many_fields" : "header_too_long", 431);
      } else if (!recorder_->hung_up() || webhooks::detail::framing::head_end(head->bytes) != std::string::npos) {
        const std::string_view reason = webhooks::detail::framing::feed_head(head->bytes, r, head->first_byte);
        r.reject(!reason.empty()                     ? reason
                 : framing_of(head->bytes).ambiguous ? std::string_view("content_length_invalid")
                                                     : std::string_view("bad_request"));
      } else {
        answer = false;
      }
      if (answer) {
        std::string out;
        webhooks::detail::framing::serialize_answer(out, r.answer(), true);
        ::send(recorder_->sockfd(), out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      }
    } else if (recorder_->timed_out()) {
      // Timed out in a body: the handler logged it.
    }
  }

  const receiver& core_;
  recording_socket* recorder_;
  std::atomic<std::size_t>& open_;
  bool over_;
};

class connection_factory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  connection_factory(const receiver& core, const adapters::server_options& options,
                     Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                     std::atomic<std::size_t>& open, const std::atomic<bool>& stopping)
      : core_(core),
        options_(options),
        params_(std::move(params)),
        handlers_(std::move(handlers)),
        open_(open),
        stopping_(stopping) {}

  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& accepted) override {
    // Our own descriptor for the same connection (Poco closes the accepted one).
    const int fd = ::dup(accepted.impl()->sockfd());
    auto* recorder = new recording_socket(fd, options_, stopping_);
    Poco::Net::StreamSocket socket(recorder);
    socket.setNoDelay(true);  // small answers on kept-alive connections
    return new connection(socket, params_, handlers_, core_, recorder, open_, options_.max_connections);
  }

 private:
  const receiver& core_;
  const adapters::server_options& options_;
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  std::atomic<std::size_t>& open_;
  const std::atomic<bool>& stopping_;
};

}  // namespace oncehub::webhooks::inline v0::poco::detail

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_POCO_IMPL_HPP
