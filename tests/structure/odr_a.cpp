// SPDX-License-Identifier: MIT
// Two translation units include every header; linking them proves nothing is defined
// twice (every function in a header is inline or a template).
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/to_json.hpp>

int decode_in_a(std::string_view body) {
  oncehub::webhooks::parser parser;
  auto result = parser.parse(body);
  return result ? static_cast<int>(oncehub::webhooks::to_json(*result).size()) : -1;
}
