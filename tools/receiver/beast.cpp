// SPDX-License-Identifier: MIT
/// @file
/// The receiver on Boost.Beast (`<oncehub/webhooks/adapters/beast.hpp>`): the one
/// translation unit of this program that includes Beast.
#include "receiver.hpp"

#if ONCEHUB_WEBHOOKS_HAVE_BEAST
#include <oncehub/webhooks/adapters/beast.hpp>

namespace receiver {

std::unique_ptr<http_server> make_beast_server(const wh::receiver& core, const listen_options& options,
                                               std::string& error) {
  try {
    return std::make_unique<adapter_server<wh::beast::server>>(core, options);
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
