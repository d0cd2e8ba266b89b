// SPDX-License-Identifier: MIT
/// @file
/// The receiver on Boost.Beast (`<oncehub/webhooks/adapters/beast.hpp>`): the one
/// translation unit of this program that includes Beast.
#include "receiver.hpp"

#if ONCEHUB_WEBHOOKS_HAVE_BEAST
#include <oncehub/webhooks/adapters/beast.hpp>

namespace receiver {

namespace {

class beast_server final : public http_server {
 public:
  beast_server(const wh::receiver& core, const wh::beast::server_options& options) : server_(core, options) {}
  [[nodiscard]] int port() const override { return server_.port(); }
  bool run() override {
    server_.run();
    return true;
  }
  void stop() override { server_.stop(); }

 private:
  wh::beast::server server_;
};

}  // namespace

std::unique_ptr<http_server> make_beast_server(const wh::receiver& core, const listen_options& options,
                                               std::string& error) {
  wh::beast::server_options o;
  o.host = options.host;
  o.port = static_cast<std::uint16_t>(options.port);
  o.threads = options.threads;
  o.request_timeout = options.request_timeout;
  o.max_connections = options.max_connections;
  try {
    return std::make_unique<beast_server>(core, o);
  } catch (const std::exception& e) {
    error = e.what();
    return nullptr;
  }
}

}  // namespace receiver

#else

namespace receiver {

std::unique_ptr<http_server> make_beast_server(const wh::receiver&, const listen_options&, std::string& error) {
  error = "the beast adapter is not built into this receiver (Boost 1.81 was not found)";
  return nullptr;
}

}  // namespace receiver

#endif
