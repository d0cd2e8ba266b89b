// SPDX-License-Identifier: MIT
// A program outside the library's tree: verify, parse, route and de-duplicate one
// delivery through the installed headers. Prints "ok" and exits 0, or says what failed.
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/dedup.hpp>
#include <oncehub/webhooks/endpoint.hpp>
#include <oncehub/webhooks/signature.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

namespace wh = oncehub::webhooks;

int main() {
  const std::string_view body =
      R"({"id":"EVNT-PKG0000001","object":"event","creation_time":"2024-05-01T10:00:00Z",)"
      R"("type":"booking.canceled","api_version":"v2","data":{"object":"booking","id":"BKNG-1"}})";
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const std::string signature = wh::sign(body, "package-secret", now).value();

  int refunds = 0;
  wh::router router;
  router.on<wh::booking_canceled>(
      [&](const wh::typed_event<wh::booking_canceled>& e) { refunds += e.data().id == "BKNG-1" ? 1 : 0; }, "refunds");
  wh::memory_dedup_store seen;
  wh::endpoint endpoint{wh::verifier{"package-secret"}};

  const int first = wh::dispatch_once(router, seen, endpoint.receive(body, signature)).http_status();
  const int again = wh::dispatch_once(router, seen, endpoint.receive(body, signature)).http_status();
  const int forged =
      wh::dispatch_once(router, seen, endpoint.receive(body, wh::sign(body, "wrong", now).value())).http_status();
  if (first != 200 || again != 200 || forged != 401 || refunds != 1) {
    std::printf("failed: first=%d again=%d forged=%d refunds=%d\n", first, again, forged, refunds);
    return 1;
  }
  std::printf("ok oncehub-webhooks %s\n", ONCEHUB_WEBHOOKS_VERSION_STRING);
  return 0;
}
