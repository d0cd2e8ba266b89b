// SPDX-License-Identifier: MIT
// The receive core compiled with -fno-exceptions (linked into the ODR/no-exceptions
// program): one signed delivery handled, one refused, one near miss.
#include <chrono>
#include <oncehub/webhooks/receive.hpp>
#include <string>

namespace wh = oncehub::webhooks;

bool receive_works_without_exceptions() {
  constexpr std::string_view body =
      R"({"id":"EVNT-NOEXCEPT","object":"event","creation_time":"2024-01-01T00:00:00Z","type":"booking.no_show","api_version":"v2","data":{"subject":"S"}})";
  wh::router router;
  int handled = 0;
  router.on<wh::booking_family>([&](const wh::booking_event auto&) { ++handled; });
  wh::memory_dedup_store store;
  int logged = 0;
  wh::receiver core(wh::verifier{"noexcept-secret"}, router, &store, {}, [&](const wh::receive_record&) { ++logged; });
  wh::receive_request request(core);
  const auto t = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto send = [&](std::string_view target, const std::string& signature) {
    request.start("POST", target);
    request.header("Oncehub-Signature", signature);
    if (request.end_of_head(body.size(), false) && request.body(body)) { return request.finish(true).status; }
    return request.answer().status;
  };
  return send("/webhooks/oncehub", wh::sign(body, "noexcept-secret", t).value()) == 200 &&
         send("/webhooks/oncehub", wh::sign(body, "other", t).value()) == 401 &&
         send("/webhooks/oncehub/", "") == 404 && handled == 1 && logged == 3;
}
