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
#include "oncehub/webhooks/adapters/server_options.hpp"
#include "oncehub/webhooks/receive.hpp"

namespace oncehub::webhooks::httplib {

/// How a `server` listens and what it tolerates (`adapters/server_options.hpp`).
using server_options = adapters::server_options;

namespace detail {

/// A task queue that starts a thread whenever every thread is busy, up to a cap:
/// cpp-httplib serves a connection on one thread from accept to close.
class growing_pool final : public ::httplib::TaskQueue {
 public:
  growing_pool(std::size_t warm, std::size_t max) : max_(std::max<std::size_t>(max, 1)) {
    const std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < std::min(warm, max_); ++i) { threads_.emplace_back([this] { work(); }); }
  }
  growing_pool(const growing_pool&) = delete;
  growing_pool& operator=(const growing_pool&) = delete;
  ~growing_pool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mutex_);
    jobs_.push_back(std::move(fn));
    if (jobs_.size() > idle_ && threads_.size() < max_) { threads_.emplace_back([this] { work(); }); }
    lock.unlock();
    ready_.notify_one();
  }

  void shutdown() override {
    std::vector<std::thread> threads;
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
      threads.swap(threads_);
    }
    ready_.notify_all();
    for (std::thread& t : threads) { t.join(); }
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        ++idle_;
        ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        --idle_;
        if (jobs_.empty()) { return; }  // stopping, nothing left to serve
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::size_t max_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

/// One connection's socket as cpp-httplib reads it: buffered, every read bounded by the
/// request's deadline, the head recorded, a chunked body scanned; writes are discarded
/// (the adapter writes its own answer with `send`).
class connection_stream final : public ::httplib::Stream {
 public:
  connection_stream(int fd, std::size_t max_header, const std::atomic<bool>& stopping)
      : fd_(fd), max_header_(max_header), stopping_(stopping) {}

  /// Waits up to `idle` for the first byte of the next request; false: hung up, idle
  /// too long, or `stopping()`.
  bool wait_for_request(std::chrono::milliseconds idle) {
    if (pos_ < end_) { return true; }
    const auto until = std::chrono::steady_clock::now() + idle;
    while (!stopping_) {
      const auto left = until - std::chrono::steady_clock::now();
      if (left <= std::chrono::milliseconds(0)) { return false; }
      // Short slices, so that `stop` is noticed while a connection idles.
      pollfd p{fd_, POLLIN, 0};
      const int rc = ::poll(&p, 1, static_cast<int>(std::min<std::chrono::milliseconds::rep>(
                                       std::chrono::duration_cast<std::chrono::milliseconds>(left).count() + 1, 100)));
      if (rc < 0 && errno != EINTR) { return false; }
      if (rc > 0) { return fill(until) && pos_ < end_; }
    }
    return false;
  }

  /// A request begins (its first byte is buffered): reads are bounded by `deadline`, and
  /// recorded until `end_head`.
  void begin_request(std::chrono::steady_clock::time_point deadline) {
    deadline_ = deadline;
    head_.clear();
    recording_ = true;
    head_too_long_ = timed_out_ = hung_up_ = failed_ = false;
    chunked_ = false;
    scanner_ = webhooks::detail::framing::chunked_scanner(max_header_);
    trailer_end_ = {};
  }
  /// The head as read so far (all of it once cpp-httplib has parsed it).
  [[nodiscard]] std::string_view head() const noexcept { return head_; }
  /// Stops recording; with `chunked`, the body that follows is scanned.
  void end_head(bool chunked) {
    recording_ = false;
    chunked_ = chunked;
  }
  [[nodiscard]] bool head_too_long() const noexcept { return head_too_long_; }
  [[nodiscard]] bool timed_out() const noexcept { return timed_out_; }
  [[nodiscard]] bool hung_up() const noexcept { return hung_up_; }
  [[nodiscard]] bool bad_chunk() const noexcept { return scanner_.bad(); }
  /// The chunked body ended as framed (its last chunk and trailer were read).
  [[nodiscard]] bool chunked_done() const noexcept { return scanner_.done(); }

  /// Writes all of `bytes` before the deadline; false if it could not.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        bytes.remove_prefix(static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) { return false; }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now());
      if (left.count() <= 0) { return false; }
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, static_cast<int>(left.count()) + 1) < 0 && errno != EINTR) { return false; }
    }
    return true;
  }
  /// For `send` after a request (e.g. 503 at once): a fresh deadline.
  void set_deadline(std::chrono::steady_clock::time_point deadline) noexcept { deadline_ = deadline; }

  // httplib::Stream
  [[nodiscard]] bool is_readable() const override { return pos_ < end_; }
  [[nodiscard]] bool is_writable() const override { return true; }
  ssize_t read(char* ptr, std::size_t size) override {
    if (failed_) { return -1; }
    if (chunked_ && size > 0 && (scanner_.in_trailer() || !trailer_end_.empty())) { return read_trailer(ptr); }
    if (pos_ == end_ && !fill(deadline_)) { return failed_ ? -1 : 0; }
    std::size_t n = std::min(size, end_ - pos_);
    const std::string_view bytes(buffer_ + pos_, n);
    if (recording_) {
      if (head_.size() + n > max_header_) {
        head_too_long_ = failed_ = true;
        return -1;
      }
      head_.append(bytes);
    } else if (chunked_) {
      // Only what belongs to the chunked body is handed over; a break in its framing
      // ends the read.
      n = scanner_.feed(bytes, true);
      if (scanner_.bad()) {
        failed_ = true;
        return -1;
      }
      if (n == 0 && scanner_.in_trailer()) { return read_trailer(ptr); }
    }
    std::memcpy(ptr, buffer_ + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char*, std::size_t size) override { return static_cast<ssize_t>(size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip.clear();
    port = 0;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip.clear();
    port = 0;
  }
  [[nodiscard]] socket_t socket() const override { return fd_; }

 private:
  // cpp-httplib 0.11 takes the line after the last chunk for the final CRLF and refuses
  // anything else, so a trailer section (RFC 9112 section 7.1.2, which a recipient may
  // discard) is read here, bounded by `max_header`, and cpp-httplib is handed the bare
  // CRLF that ends it, one byte per read.
  ssize_t read_trailer(char* ptr) {
    while (scanner_.in_trailer()) {
      if (pos_ == end_ && !fill(deadline_)) { return failed_ ? -1 : 0; }
      pos_ += scanner_.feed(std::string_view(buffer_ + pos_, end_ - pos_));
      if (scanner_.bad()) {
        failed_ = true;
        return -1;
      }
      if (scanner_.done()) { trailer_end_ = "\r\n"; }
    }
    if (trailer_end_.empty()) { return 0; }
    *ptr = trailer_end_.front();
    trailer_end_.remove_prefix(1);
    return 1;
  }

  // Reads more into the (empty) buffer before `until`.
  bool fill(std::chrono::steady_clock::time_point until) {
    pos_ = end_ = 0;
    for (;;) {
      const ssize_t n = ::recv(fd_, buffer_, sizeof buffer_, MSG_DONTWAIT);
      if (n > 0) {
        end_ = static_cast<std::size_t>(n);
        return true;
      }
      if (n == 0) {
        hung_up_ = true;
        return false;
      }
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        hung_up_ = failed_ = true;
        return false;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        timed_out_ = failed_ = true;
        return false;
      }
      if (stopping_ && recording_ && !head_.empty()) {
        // Stopping: a request whose head has not even arrived is not waited for.
        hung_up_ = failed_ = true;
        return false;
      }
      pollfd p{fd_, POLLIN, 0};
      // In slices, so that `stop` is noticed.
      if (::poll(&p, 1, static_cast<int>(std::min<std::chrono::milliseconds::rep>(left.count() + 1, 100))) < 0 &&
          errno != EINTR) {
        hung_up_ = failed_ = true;
        return false;
      }
    }
  }

  int fd_;
  std::size_t max_header_;
  const std::atomic<bool>& stopping_;
  char buffer_[16384];
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::chrono::steady_clock::time_point deadline_{};
  std::string head_;
  bool recording_ = false;
  bool chunked_ = false;
  bool head_too_long_ = false;
  bool timed_out_ = false;
  bool hung_up_ = false;
  bool failed_ = false;
  webhooks::detail::framing::chunked_scanner scanner_{};
  std::string_view trailer_end_;  // what is left of the CRLF handed over for a trailer
};

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
  engine(const receiver& core, const server_options& options) : core_(core), options_(options) {
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
  server_options options_;
  std::atomic<std::size_t> open_{0};
  std::atomic<bool> stopping_{false};
};

}  // namespace detail

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

}  // namespace oncehub::webhooks::httplib

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_HTTPLIB_HPP
