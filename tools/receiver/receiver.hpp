// SPDX-License-Identifier: MIT
/// @file
/// `oncehub-webhook-receiver`'s servers: the same `wh::receiver` (the receive core:
/// size cap, raw body, signature, parse, de-duplication, routing, status, log record)
/// served by one of several HTTP adapters, chosen with `--adapter`.
///
/// ```cpp
/// wh::receiver core{wh::verifier{secrets}, router, &dedup, {}, print_log_line};
/// std::string error;
/// auto server = receiver::make_server("beast", core, {"127.0.0.1", 8080}, error);
/// server->run();  // until server->stop() from another thread
/// ```
#ifndef ONCEHUB_WEBHOOKS_EXAMPLES_RECEIVER_HPP
#define ONCEHUB_WEBHOOKS_EXAMPLES_RECEIVER_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <oncehub/webhooks/adapters/server_options.hpp>
#include <oncehub/webhooks/receive.hpp>
#include <oncehub/webhooks/signature.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace receiver {

namespace wh = oncehub::webhooks;

/// Where and how a server listens: what every adapter takes.
using listen_options = wh::adapters::server_options;

/// What the receive core accepts (from the command line).
struct settings {
  /// The URL path OnceHub POSTs to (matched exactly; near misses are logged).
  std::string path = "/webhooks/oncehub";
  /// Bodies larger than this are answered 413 without being buffered.
  std::size_t max_body = std::size_t{1} << 20;
  /// The endpoint secrets; several while rotating.
  std::vector<wh::secret> secrets;
  /// How far the signature's `t` may be from now, either way.
  std::chrono::seconds tolerance{300};
};

/// An HTTP server running a `wh::receiver`.
class http_server {
 public:
  virtual ~http_server() = default;
  /// The port listened on.
  [[nodiscard]] virtual int port() const = 0;
  /// Serves until `stop`; false if the server failed.
  virtual bool run() = 0;
  /// Stops accepting and lets requests in flight finish; callable from another thread,
  /// also before `run` has started.
  virtual void stop() = 0;
};

/// An adapter's `server` (constructed from the core and `server_options`, binding or
/// throwing; `port`, `run`, `stop`) as an `http_server`.
template <class Server>
class adapter_server final : public http_server {
 public:
  adapter_server(const wh::receiver& core, const listen_options& options) : server_(core, options) {}
  [[nodiscard]] int port() const override { return server_.port(); }
  bool run() override {
    server_.run();
    return true;
  }
  void stop() override { server_.stop(); }

 private:
  Server server_;
};

/// How `make_adapter_server` words what a server's constructor threw (binding failed).
using failure_text = std::string (*)(const std::exception& thrown, const listen_options& options);

/// A bound `adapter_server<Server>`, or null with `error` set to what its constructor
/// threw: `what()`, or `describe(thrown, options)` when given (for a library whose
/// exceptions say more elsewhere, such as Poco's `displayText()`). Each adapter's
/// translation unit calls it once, so the adapters' headers stay in their own units.
template <class Server>
std::unique_ptr<http_server> make_adapter_server(const wh::receiver& core, const listen_options& options,
                                                 std::string& error, failure_text describe = nullptr) {
  try {
    return std::make_unique<adapter_server<Server>>(core, options);
  } catch (const std::exception& e) { error = describe != nullptr ? describe(e, options) : std::string(e.what()); }
  return nullptr;
}

/// For an adapter this program was built without: null, with `error` saying so and what
/// was missing (`missing`, e.g. "Boost 1.81").
inline std::unique_ptr<http_server> adapter_not_built(std::string_view adapter, std::string_view missing,
                                                      std::string& error) {
  error = "the " + std::string(adapter) + " adapter is not built into this receiver (" + std::string(missing) +
          " was not found)";
  return nullptr;
}

/// The adapters `make_server` knows, in `--adapter` order.
inline constexpr std::string_view adapter_names[] = {"beast", "httplib", "poco"};

/// A bound server on `adapter` ("beast", "httplib", "poco"), or null with `error` set
/// (cannot listen; or the adapter is not built into this program: `error` then says
/// "not built").
std::unique_ptr<http_server> make_server(std::string_view adapter, const wh::receiver& core,
                                         const listen_options& options, std::string& error);

/// The Boost.Beast server (beast.cpp).
std::unique_ptr<http_server> make_beast_server(const wh::receiver& core, const listen_options& options,
                                               std::string& error);
/// The cpp-httplib server (httplib.cpp).
std::unique_ptr<http_server> make_httplib_server(const wh::receiver& core, const listen_options& options,
                                                 std::string& error);
/// The Poco::Net server (poco.cpp).
std::unique_ptr<http_server> make_poco_server(const wh::receiver& core, const listen_options& options,
                                              std::string& error);

}  // namespace receiver

#endif  // ONCEHUB_WEBHOOKS_EXAMPLES_RECEIVER_HPP
