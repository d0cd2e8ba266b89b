// SPDX-License-Identifier: MIT
/// @file
/// The receiver on Boost.Beast (`<oncehub/webhooks/adapters/beast.hpp>`): the one
/// translation unit of this program that includes Beast.
#include "receiver.hpp"

#if ONCEHUB_WEBHOOKS_HAVE_BEAST
#include <oncehub/webhooks/adapters/beast.hpp>
#endif

namespace receiver {

std::unique_ptr<http_server> make_beast_server(const wh::receiver& core, const listen_options& options,
                                               std::string& error) {
#if ONCEHUB_WEBHOOKS_HAVE_BEAST
  return make_adapter_server<wh::beast::server>(core, options, error);
#else
  (void)core;
  (void)options;
  return adapter_not_built("beast", "Boost 1.81", error);
#endif
}

}  // namespace receiver
