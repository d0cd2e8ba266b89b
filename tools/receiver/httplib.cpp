// SPDX-License-Identifier: MIT
/// @file
/// The receiver on cpp-httplib (`<oncehub/webhooks/adapters/httplib.hpp>`): the one
/// translation unit of this program that includes the adapter. What the adapter does
/// about cpp-httplib 0.11's faults at the edge is in that header.
#include <oncehub/webhooks/adapters/httplib.hpp>

#include "receiver.hpp"

namespace receiver {

std::unique_ptr<http_server> make_httplib_server(const wh::receiver& core, const listen_options& options,
                                                 std::string& error) {
  return make_adapter_server<wh::httplib::server>(core, options, error);
}

}  // namespace receiver
