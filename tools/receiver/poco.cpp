// SPDX-License-Identifier: MIT
/// @file
/// The receiver on Poco::Net (`<oncehub/webhooks/adapters/poco.hpp>`): the one
/// translation unit of this program that includes Poco. What the adapter does about
/// Poco 1.11's parser at the edge is in that header.
#include "receiver.hpp"

#if ONCEHUB_WEBHOOKS_HAVE_POCO
#include <Poco/Exception.h>

#include <exception>
#include <oncehub/webhooks/adapters/poco.hpp>

namespace receiver {

std::unique_ptr<http_server> make_poco_server(const wh::receiver& core, const listen_options& options,
                                              std::string& error) {
  try {
    return std::make_unique<adapter_server<wh::poco::server>>(core, options);
  } catch (const Poco::Exception& e) {
    error = "cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " + e.displayText();
  } catch (const std::exception& e) {
    error = e.what();
  }
  return nullptr;
}

}  // namespace receiver

#else

namespace receiver {

std::unique_ptr<http_server> make_poco_server(const wh::receiver&, const listen_options&, std::string& error) {
  error = "the poco adapter is not built into this receiver (Poco::Net, libpoco-dev, was not found)";
  return nullptr;
}

}  // namespace receiver

#endif
