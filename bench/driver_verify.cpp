// SPDX-License-Identifier: MIT
/// @file
/// The `verify` mode of the instruction-count driver (bench/driver.cpp), in its own
/// translation unit: compiled beside the decoders, signature.hpp's code changed g++'s
/// inlining of the decoders in that unit and moved their counts by up to 0.5% with no
/// change to the decoders themselves.
#include <chrono>
#include <string>
#include <string_view>

#include <oncehub/webhooks/signature.hpp>

namespace bench {

/// Checks `body`'s signature `n` times with a warm `verifier` (HMAC-SHA256 over `t.body`);
/// the number of checks that held, or -1 if it could not be signed.
long verify_n(const std::string& body, long n) {
  namespace wh = oncehub::webhooks;
  const auto t = std::chrono::sys_seconds{std::chrono::seconds{1726149807}};
  const std::string_view key = "whsec_benchmark_secret_0123456789";
  const wh::verifier verifier{key};
  const auto header = wh::sign(body, key, t);
  if (!header) { return -1; }
  long ok = 0;
  for (long i = 0; i < n; ++i) { ok += static_cast<bool>(verifier.verify(body, *header, t)); }
  return ok;
}

}  // namespace bench
