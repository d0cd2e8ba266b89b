// SPDX-License-Identifier: MIT
/// @file
/// The receiver on Poco::Net (`<oncehub/webhooks/adapters/poco.hpp>`): the one
/// translation unit of this program that includes Poco. What the adapter does about
/// Poco 1.11's parser at the edge is in that header.
#include "receiver.hpp"

#if ONCEHUB_WEBHOOKS_HAVE_POCO
#include <Poco/Exception.h>

#include <oncehub/webhooks/adapters/poco.hpp>
#endif

namespace receiver {

std::unique_ptr<http_server> make_poco_server(const wh::receiver& core, const listen_options& options,
                                              std::string& error) {
#if ONCEHUB_WEBHOOKS_HAVE_POCO
  // Poco's what() is the exception's class name only; displayText() says what failed.
  return make_adapter_server<wh::poco::server>(
      core, options, error, [](const std::exception& thrown, const listen_options& listen) -> std::string {
        if (const auto* poco = dynamic_cast<const Poco::Exception*>(&thrown)) {
          return "cannot listen on " + listen.host + ":" + std::to_string(listen.port) + ": " + poco->displayText();
        }
        return thrown.what();
      });
#else
  (void)core;
  (void)options;
  return adapter_not_built("poco", "Poco::Net, libpoco-dev,", error);
#endif
}

}  // namespace receiver
