// SPDX-License-Identifier: MIT
/// @file
/// Behind adapters/poco.hpp: a connection's socket as Poco reads it, every receive bounded
/// by the request's deadline, the heads recorded and each body's framing followed.
#ifndef ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_POCO_SOCKET_HPP
#define ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_POCO_SOCKET_HPP

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

namespace oncehub::webhooks::inline v0::poco::detail {

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
  recording_socket(poco_socket_t fd, const adapters::server_options& options, const std::atomic<bool>& stopping)
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
      } catch (...) {}
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
        case phase::broken: pass_.append(bytes); return;
      }
    }
  }
  void message_done() {
    phase_ = phase::head;
    ++messages_done_;
    in_request_ = false;
  }

  enum class phase : std::uint8_t { head, length, chunked, broken };
  const adapters::server_options& options_;
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

}  // namespace oncehub::webhooks::inline v0::poco::detail

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_POCO_SOCKET_HPP
