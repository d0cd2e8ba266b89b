// SPDX-License-Identifier: MIT
/// @file
/// The receiver on cpp-httplib (`<oncehub/webhooks/adapters/httplib.hpp>`): the one
/// translation unit of this program that includes the adapter. What the adapter does
/// about cpp-httplib 0.11's faults at the edge is in that header.
#include <oncehub/webhooks/adapters/httplib.hpp>

#include <exception>

#include "receiver.hpp"

namespace receiver {

namespace {

class httplib_server final : public http_server {
 public:
  httplib_server(const wh::receiver& core, const wh::httplib::server_options& options) : server_(core, options) {}
  [[nodiscard]] int port() const override { return server_.port(); }
  bool run() override {
    server_.run();
    return true;
  }
  void stop() override { server_.stop(); }

 private:
  wh::httplib::server server_;
};

}  // namespace

std::unique_ptr<http_server> make_httplib_server(const wh::receiver& core, const listen_options& options,
                                                 std::string& error) {
  wh::httplib::server_options o;
  o.host = options.host;
  o.port = static_cast<std::uint16_t>(options.port);
  o.threads = options.threads;
  o.request_timeout = options.request_timeout;
  o.max_connections = options.max_connections;
  try {
    return std::make_unique<httplib_server>(core, o);
  } catch (const std::exception& e) {
    error = e.what();
    return nullptr;
  }
}

}  // namespace receiver
