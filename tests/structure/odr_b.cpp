// SPDX-License-Identifier: MIT
// See odr_a.cpp. Also the no-exceptions check: this program is compiled with
// -fno-exceptions, decodes a delivery, and fails loudly if anything is off.
#include <cstdio>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/to_json.hpp>

int decode_in_a(std::string_view body);
#ifdef ONCEHUB_WEBHOOKS_TEST_RECEIVE
bool receive_works_without_exceptions();
#endif

int main() {
  constexpr std::string_view body =
      R"({"id":"EVNT-ODR","object":"event","creation_time":"2024-01-01T00:00:00Z","type":"booking.no_show","api_version":"v2","data":{"subject":"S","duration_minutes":"x"}})";
  oncehub::webhooks::parser parser;
  auto result = parser.parse(body);
  if (!result || result->booking() == nullptr || result->booking()->subject != "S" || result->findings().size() != 1) {
    std::puts("decode failed");
    return 1;
  }
  auto rejected = parser.parse("[]");
  if (rejected || rejected.error().code() != oncehub::webhooks::errc::wrong_type) {
    std::puts("rejection failed");
    return 1;
  }
  if (decode_in_a(body) <= 0) {
    std::puts("second translation unit failed");
    return 1;
  }
#ifdef ONCEHUB_WEBHOOKS_TEST_RECEIVE
  if (!receive_works_without_exceptions()) {
    std::puts("receive core failed");
    return 1;
  }
#endif
  std::puts("ok");
  return 0;
}
