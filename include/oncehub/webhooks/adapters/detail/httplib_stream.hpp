// SPDX-License-Identifier: MIT
/// @file
/// Behind adapters/httplib.hpp: the thread pool and one connection's socket as cpp-httplib
/// reads it (buffered, deadline-bounded reads, the head recorded, chunked bodies scanned).
#ifndef ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_HTTPLIB_STREAM_HPP
#define ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_HTTPLIB_STREAM_HPP

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

namespace oncehub::webhooks::inline v0::httplib::detail {

/// A task queue that starts a thread whenever every thread is busy, up to a cap:
/// cpp-httplib serves a connection on one thread from accept to close.
class growing_pool final : public ::httplib::TaskQueue {
 public:
  growing_pool(std::size_t warm, std::size_t max) : max_(std::max<std::size_t>(max, 1)) {
    const std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < std::min(warm, max_); ++i) {
      threads_.emplace_back([this] { work(); });
    }
  }
  growing_pool(const growing_pool&) = delete;
  growing_pool& operator=(const growing_pool&) = delete;
  ~growing_pool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mutex_);
    jobs_.push_back(std::move(fn));
    if (jobs_.size() > idle_ && threads_.size() < max_) {
      threads_.emplace_back([this] { work(); });
    }
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
      const int rc = ::poll(&p, 1,
                            static_cast<int>(std::min<std::chrono::milliseconds::rep>(
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
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now());
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

}  // namespace oncehub::webhooks::inline v0::httplib::detail

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_HTTPLIB_STREAM_HPP
