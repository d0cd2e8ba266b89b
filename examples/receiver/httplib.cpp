// SPDX-License-Identifier: MIT
/// @file
/// The receiver on cpp-httplib: the request handler feeds the receive core what
/// cpp-httplib parsed (every POST path, so near misses reach the core and its log).
///
/// cpp-httplib 0.11 frames requests leniently and times out per `recv`, not per request,
/// and does not close a connection on `Connection: close` from a handler: the edge suite
/// (`tests/edge`) shows which guarantees hold on it. Prefer `--adapter beast`.
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>

#include "receiver.hpp"

namespace receiver {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void serve(const wh::receiver& core, const httplib::Request& request, httplib::Response& response,
           const httplib::ContentReader& read_body) {
  wh::receive_request& r = core.this_thread_request();
  r.start(request.method, request.target);
  std::optional<std::uint64_t> content_length;
  bool chunked = false;
  for (const auto& [name, value] : request.headers) {
    r.header(name, value);
    if (iequals(name, "Content-Length")) {
      std::uint64_t n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec == std::errc{} && end == value.data() + value.size()) { content_length = n; }
    } else if (iequals(name, "Transfer-Encoding")) {
      chunked = true;
    }
  }
  if (r.end_of_head(content_length, chunked)) {
    const bool complete = read_body([&](const char* data, std::size_t size) { return r.body(std::string_view(data, size)); });
    r.finish(complete);
  }
  const wh::receive_answer& answer = r.answer();
  response.status = answer.status;
  response.set_content(std::string(answer.body), "text/plain");
  if (!answer.allow.empty()) { response.set_header("Allow", std::string(answer.allow)); }
  if (answer.close) { response.set_header("Connection", "close"); }
}

class httplib_server final : public http_server {
 public:
  httplib_server(const wh::receiver& core, const listen_options& options) {
    const std::size_t threads = options.threads;
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // Small responses on kept-alive connections: without TCP_NODELAY, Nagle's algorithm
    // and delayed ACKs add up to 40 ms to each one.
    server_.set_tcp_nodelay(true);
    // A worker waits this long on an idle kept-alive connection, and shutdown waits for
    // the workers: deliveries are sporadic, so a short wait costs nothing and stops fast.
    server_.set_keep_alive_timeout(1);
    server_.set_keep_alive_max_count(1000);  // cpp-httplib's default, 5, reconnects a busy sender often
    server_.set_read_timeout(options.request_timeout);
    // With the payload limit at max_body, a body declared larger is skipped by
    // cpp-httplib in small reads (never stored) when the core drains it.
    server_.set_payload_max_length(core.options().max_body);
    server_.Post(".*", [&core](const httplib::Request& request, httplib::Response& response,
                               const httplib::ContentReader& read_body) { serve(core, request, response, read_body); });
  }

  bool bind(const listen_options& options) {
    port_ = options.port == 0 ? server_.bind_to_any_port(options.host)
                              : (server_.bind_to_port(options.host, options.port) ? options.port : -1);
    return port_ > 0;
  }

  [[nodiscard]] int port() const override { return port_; }
  bool run() override { return server_.listen_after_bind(); }
  // A no-op until listen_after_bind() has started: the caller repeats it until `run`
  // has returned.
  void stop() override { server_.stop(); }

 private:
  httplib::Server server_;
  int port_ = -1;
};

}  // namespace

std::unique_ptr<http_server> make_httplib_server(const wh::receiver& core, const listen_options& options,
                                                 std::string& error) {
  auto server = std::make_unique<httplib_server>(core, options);
  if (!server->bind(options)) {
    error = "cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " + std::strerror(errno);
    return nullptr;
  }
  return server;
}

}  // namespace receiver
