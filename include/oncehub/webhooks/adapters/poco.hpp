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
#include "oncehub/webhooks/adapters/server_options.hpp"
#include "oncehub/webhooks/receive.hpp"

namespace oncehub::webhooks::poco {

/// How a `server` listens and what it tolerates (`adapters/server_options.hpp`).
using server_options = adapters::server_options;

namespace detail {

using steady = std::chrono::steady_clock;

/// A request head as read, and when its first byte came.
struct recorded_head {
  std::string bytes;
  steady::time_point first_byte{};
  bool too_long = false;
  bool too_many_fields = false;  // over Poco's 100 field lines (within `max_header`)
};

/// Poco 1.11 refuses (400) a head of more field lines than this, with no way to raise it
/// before it parses the head: such a head is answered 431 by the adapter first.
inline constexpr std::size_t poco_field_limit = 100;

/// The framing a raw head declares (for following the body in the byte stream).
struct declared_framing {
  bool chunked = false;
  std::uint64_t length = 0;
  bool ambiguous = false;
};

inline declared_framing framing_of(std::string_view head) {
  declared_framing f;
  bool has_length = false;
  bool has_coding = false;
  for (std::size_t at = head.find("\r\n"); at != std::string_view::npos && at + 2 < head.size();) {
    const std::size_t eol = head.find("\r\n", at + 2);
    const std::string_view line = head.substr(at + 2, eol - at - 2);
    at = eol;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) { continue; }
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = webhooks::detail::http::trim_ows(line.substr(colon + 1));
    if (webhooks::detail::http::iequals(name, "content-length")) {
      std::uint64_t n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (value.empty() || ec != std::errc{} || end != value.data() + value.size() || (has_length && n != f.length)) {
        f.ambiguous = true;
      }
      has_length = true;
      f.length = n;
    } else if (webhooks::detail::http::iequals(name, "transfer-encoding")) {
      if (has_coding || !webhooks::detail::http::iequals(value, "chunked")) { f.ambiguous = true; }
      has_coding = true;
      f.chunked = true;
    }
  }
  if (has_length && has_coding) { f.ambiguous = true; }
  return f;
}

/// A connection's socket as Poco reads it: every receive bounded by the request's
/// deadline, the heads recorded, each body followed by its framing.
class recording_socket final : public Poco::Net::StreamSocketImpl {
 public:
  recording_socket(poco_socket_t fd, const server_options& options, const std::atomic<bool>& stopping)
      : Poco::Net::StreamSocketImpl(fd), options_(options), stopping_(stopping) {}

  int receiveBytes(void* buffer, int length, int flags) override {
    if (!in_request_) {
      in_request_ = true;
      deadline_ = steady::now() + options_.request_timeout;
    }
    for (;;) {
      // Poco reads what `record` let through: the bytes as received, less a chunked
      // body's trailer section (see `record`).
      if (!pass_.empty()) {
        const std::size_t n = std::min(pass_.size(), static_cast<std::size_t>(std::max(length, 0)));
        std::memcpy(buffer, pass_.data(), n);
        pass_.erase(0, n);
        return static_cast<int>(n);
      }
      // A broken chunked body: Poco reads no further (the handler answers 400 bad_chunk).
      if (bad_chunk()) { return 0; }
      const ssize_t n = ::recv(sockfd(), buffer, static_cast<std::size_t>(length), flags | MSG_DONTWAIT);
      if (n > 0) {
        record(std::string_view(static_cast<const char*>(buffer), static_cast<std::size_t>(n)));
        if (current_.too_long && !answered_too_long_) {
          // Poco would answer 400 (or wait for more): the head is over the limit, so 431
          // is answered here and Poco's session ends on a network error, unanswered.
          answered_too_long_ = true;
          receive_answer answer;
          answer.status = 431;
          answer.body = "malformed\n";
          std::string out;
          webhooks::detail::framing::serialize_answer(out, answer, true);
          ::send(sockfd(), out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
          throw Poco::Net::NetException("header_too_long");
        }
        continue;
      }
      if (n == 0) {
        hung_up_ = true;
        return 0;
      }
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        hung_up_ = true;
        throw Poco::Net::ConnectionResetException();
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - steady::now());
      if (left.count() <= 0) {
        timed_out_ = true;
        throw Poco::TimeoutException("request_timeout");
      }
      if (stopping_ && phase_ == phase::head) {
        // Stopping: a request whose head has not arrived is not waited for.
        hung_up_ = true;
        closing();
        return 0;
      }
      pollfd p{sockfd(), POLLIN, 0};
      // In slices, so that `stop` is noticed.
      ::poll(&p, 1, static_cast<int>(std::min<std::chrono::milliseconds::rep>(left.count() + 1, 100)));
    }
  }

  int sendBytes(const void* buffer, int length, int flags) override {
    wrote_ = true;
    return Poco::Net::StreamSocketImpl::sendBytes(buffer, length, flags);
  }
  using Poco::Net::StreamSocketImpl::sendBytes;
  /// Poco has written something since the last request head began.
  [[nodiscard]] bool wrote() const noexcept { return wrote_; }

  /// The next complete head Poco has parsed (in order), if recorded.
  std::optional<recorded_head> next_head() {
    if (heads_.empty()) {
      if (current_.too_long) { return std::exchange(current_, {}); }
      return std::nullopt;
    }
    recorded_head h = std::move(heads_.front());
    heads_.pop_front();
    ++heads_taken_;
    return h;
  }
  /// The body of the request whose head was taken last ended as framed.
  [[nodiscard]] bool body_complete() const noexcept { return messages_done_ >= heads_taken_ && !broken_; }
  [[nodiscard]] bool bad_chunk() const noexcept { return scanner_.bad(); }
  [[nodiscard]] bool timed_out() const noexcept { return timed_out_; }
  [[nodiscard]] bool hung_up() const noexcept { return hung_up_; }
  /// A head began but was never handed to a handler (Poco refused it, or the sender
  /// stopped mid-head).
  [[nodiscard]] const recorded_head* unfinished_head() const noexcept {
    if (!heads_.empty()) { return &heads_.front(); }
    return current_.bytes.empty() ? nullptr : &current_;
  }

  /// Poco waits for the next request here (keep-alive, or the first one): in slices, so
  /// that a connection made just as the server stops is not waited for.
  bool poll(const Poco::Timespan& timeout, int mode) override {
    const auto until = steady::now() + std::chrono::microseconds(timeout.totalMicroseconds());
    for (;;) {
      if (stopping_) { return true; }  // the read that follows sees the server stopping
      const auto left = std::chrono::duration_cast<std::chrono::microseconds>(until - steady::now());
      if (left.count() <= 0) { return false; }
      if (Poco::Net::StreamSocketImpl::poll(Poco::Timespan(std::min<std::int64_t>(left.count(), 100'000)), mode)) {
        return true;
      }
    }
  }
  /// The server is stopping.
  [[nodiscard]] bool stopping() const noexcept { return stopping_; }

  /// Called once, at the first close (Poco closes when its session ends, before its
  /// connection's `run` returns): the connection logs and answers a head left unanswered.
  std::function<void()> on_close;

  /// Every close lingers, Poco's own included (after its own 400, say).
  void close() override {
    if (on_close) {
      // (Poco may close while unwinding: nothing may escape.)
      try {
        std::exchange(on_close, nullptr)();
      } catch (...) {
      }
    }
    close_lingering();
    Poco::Net::StreamSocketImpl::close();
  }

  /// The connection closes after this answer: whatever follows is not a request.
  void closing() {
    phase_ = phase::broken;
    heads_.clear();
    current_ = {};
  }
  /// The 431 for a head over the limits was sent by this socket.
  [[nodiscard]] bool answered_too_long() const noexcept { return answered_too_long_; }

  // Our FIN, then what the sender still writes is read and thrown away (never parsed) for
  // a moment, so that closing with unread bytes does not reset the connection first.
  void close_lingering() {
    if (sockfd() == POCO_INVALID_SOCKET || std::exchange(lingered_, true)) { return; }
    ::shutdown(sockfd(), SHUT_WR);
    const auto until = steady::now() + std::chrono::seconds(2);
    char sink[4096];
    for (int rounds = 0; rounds < 1024; ++rounds) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - steady::now());
      if (left.count() <= 0) { break; }
      pollfd p{sockfd(), POLLIN, 0};
      const int rc = ::poll(&p, 1, static_cast<int>(std::min<std::chrono::milliseconds::rep>(left.count(), 100)));
      if (rc < 0 || (rc == 0 && stopping_)) { break; }
      if (rc > 0 && ::recv(sockfd(), sink, sizeof sink, MSG_DONTWAIT) <= 0) { break; }
    }
  }

 private:
  // Follows `bytes` by their framing and appends to `pass_` what Poco is to read.
  void record(std::string_view bytes) {
    while (!bytes.empty()) {
      switch (phase_) {
        case phase::head: {
          if (current_.bytes.empty()) {
            wrote_ = false;
            current_.first_byte = steady::now();
            in_request_ = true;
            deadline_ = current_.first_byte + options_.request_timeout;
          }
          const std::size_t before = current_.bytes.size();
          const std::size_t room = options_.max_header + 4 - std::min(before, options_.max_header + 4);
          current_.bytes.append(bytes.substr(0, room));
          const std::size_t end = webhooks::detail::framing::head_end(current_.bytes);
          const std::string_view head = std::string_view(current_.bytes).substr(0, end);
          // Lines so far, less the request line (and the empty line, once there).
          const auto lines = static_cast<std::size_t>(std::count(head.begin(), head.end(), '\n'));
          const std::size_t fields = lines - std::min<std::size_t>(lines, end == std::string_view::npos ? 1 : 2);
          if (end == std::string_view::npos || fields > poco_field_limit) {
            if (current_.bytes.size() > options_.max_header || fields > poco_field_limit) {
              current_.too_long = true;
              current_.too_many_fields = current_.bytes.size() <= options_.max_header;
              phase_ = phase::broken;
            } else {
              pass_.append(bytes);
            }
            return;
          }
          pass_.append(bytes.substr(0, end - before));
          bytes.remove_prefix(end - before);
          current_.bytes.resize(end);
          const declared_framing f = framing_of(current_.bytes);
          heads_.push_back(std::move(current_));
          current_ = {};
          if (f.ambiguous) {
            phase_ = phase::broken;  // refused by the core; the connection will close
          } else if (f.chunked) {
            phase_ = phase::chunked;
            scanner_ = webhooks::detail::framing::chunked_scanner(options_.max_header);
          } else if (f.length > 0) {
            phase_ = phase::length;
            remaining_ = f.length;
          } else {
            message_done();
          }
          break;
        }
        case phase::length: {
          const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, bytes.size()));
          remaining_ -= take;
          pass_.append(bytes.substr(0, take));
          bytes.remove_prefix(take);
          if (remaining_ == 0) { message_done(); }
          break;
        }
        case phase::chunked: {
          // Poco 1.11 takes the one line after the last chunk for the end of the body and
          // parses what follows as the next request, so the trailer section (RFC 9112
          // section 7.1.2, which a recipient may discard) is read here, bounded by
          // `max_header`, never passed on; Poco reads the bare CRLF that ends it.
          const bool trailer = scanner_.in_trailer();
          const std::size_t used = scanner_.feed(bytes, !trailer);
          if (!trailer) { pass_.append(bytes.substr(0, used)); }
          bytes.remove_prefix(used);
          if (scanner_.bad()) {
            phase_ = phase::broken;
            broken_ = true;
            return;
          }
          if (scanner_.done()) {
            pass_.append("\r\n");
            message_done();
          }
          break;
        }
        case phase::broken:
          pass_.append(bytes);
          return;
      }
    }
  }
  void message_done() {
    phase_ = phase::head;
    ++messages_done_;
    in_request_ = false;
  }

  enum class phase : std::uint8_t { head, length, chunked, broken };
  const server_options& options_;
  const std::atomic<bool>& stopping_;
  phase phase_ = phase::head;
  recorded_head current_{};
  std::deque<recorded_head> heads_;
  std::uint64_t remaining_ = 0;
  webhooks::detail::framing::chunked_scanner scanner_{};
  std::string pass_;  // received, recorded, not yet read by Poco
  std::uint64_t messages_done_ = 0;
  std::uint64_t heads_taken_ = 0;
  steady::time_point deadline_{};
  bool in_request_ = false;
  bool broken_ = false;
  bool timed_out_ = false;
  bool hung_up_ = false;
  bool lingered_ = false;
  bool answered_too_long_ = false;
  bool wrote_ = false;
};

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
    const bool close = answer.close || (want_body_ && !complete) || !req.getKeepAlive() ||
                       (socket != nullptr && socket->stopping());
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
        r.reject(!reason.empty()                   ? reason
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
  connection_factory(const receiver& core, const server_options& options, Poco::Net::HTTPServerParams::Ptr params,
                     Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, std::atomic<std::size_t>& open,
                     const std::atomic<bool>& stopping)
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
  const server_options& options_;
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  std::atomic<std::size_t>& open_;
  const std::atomic<bool>& stopping_;
};

}  // namespace detail

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
    params->setTimeout(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(options_.request_timeout).count()));
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
    while (open_.load() > 0 && detail::steady::now() < until) { std::this_thread::sleep_for(std::chrono::milliseconds(10)); }
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

}  // namespace oncehub::webhooks::poco

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_POCO_HPP
