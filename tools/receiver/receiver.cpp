// SPDX-License-Identifier: MIT
/// @file
/// `make_server`: the adapter chosen by name. See receiver.hpp.
#include "receiver.hpp"

namespace receiver {

std::unique_ptr<http_server> make_server(std::string_view adapter, const wh::receiver& core,
                                         const listen_options& options, std::string& error) {
  if (adapter == "beast") { return make_beast_server(core, options, error); }
  if (adapter == "httplib") { return make_httplib_server(core, options, error); }
  if (adapter == "poco") { return make_poco_server(core, options, error); }
  error = "the " + std::string(adapter) + " adapter is not built into this receiver";
  return nullptr;
}

}  // namespace receiver
