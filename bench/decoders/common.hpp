// SPDX-License-Identifier: MIT
/// @file
/// What every benchmarked decoder shares (bench/README.md): the padded payload, the
/// timestamp conversion every decoder must perform, the value paths the DOM-style decoders
/// look up, and the comparison of a decoder's values with the reference reading.
#ifndef ONCEHUB_WEBHOOKS_BENCH_DECODERS_COMMON_HPP
#define ONCEHUB_WEBHOOKS_BENCH_DECODERS_COMMON_HPP

#include <simdjson.h>

#include <cstdint>
#include <oncehub/webhooks/detail/timestamp.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "../values.hpp"

namespace bench {

namespace od = simdjson::ondemand;

inline std::int64_t millis_of(std::string_view text) {
  auto t = oncehub::webhooks::detail::parse_rfc3339(text);
  return t ? t->time_since_epoch().count() : -1;
}

/// One payload, padded for simdjson.
struct payload {
  std::string name;
  std::string text;
  simdjson::padded_string padded;
  bool booking = true;
  payload(std::string n, std::string t, bool is_booking)
      : name(std::move(n)), text(std::move(t)), padded(text), booking(is_booking) {}
};

// ---- path extraction, shared by the DOM-style decoders ---------------------------------

/// A path split into object keys and array indices, once, before timing.
struct path_step {
  std::string key;  // empty for an index
  std::size_t index = 0;
};
struct compiled_slot {
  slot id;
  kind type;
  std::vector<path_step> steps;
};

inline std::vector<compiled_slot> compile(const std::vector<slot_info>& slots) {
  std::vector<compiled_slot> out;
  for (const slot_info& info : slots) {
    compiled_slot c{info.id, info.type, {}};
    std::string_view path = info.path;
    while (!path.empty()) {
      const std::size_t dot = path.find('.');
      std::string_view part = path.substr(0, dot);
      path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
      const std::size_t bracket = part.find('[');
      c.steps.push_back({std::string(part.substr(0, bracket)), 0});
      if (bracket != std::string_view::npos) {
        c.steps.push_back({"", static_cast<std::size_t>(std::stoul(std::string(part.substr(bracket + 1))))});
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

/// Compares a decoder's values with the reference; returns "" or the first difference.
inline std::string compare(const sink& reference, const sink& candidate, bool booking) {
  for (const slot_info& info : slots_for(booking)) {
    const value& a = reference.v[static_cast<std::size_t>(info.id)];
    const value& b = candidate.v[static_cast<std::size_t>(info.id)];
    if (a.what != b.what || a.s != b.s || a.i != b.i || a.millis != b.millis) {
      return std::string(info.path) + ": reference '" + std::string(a.s) + "'/" + std::to_string(a.i) + " (" +
             std::to_string(a.what) + ") vs '" + std::string(b.s) + "'/" + std::to_string(b.i) + " (" +
             std::to_string(b.what) + ")";
    }
  }
  return "";
}

}  // namespace bench

#endif  // ONCEHUB_WEBHOOKS_BENCH_DECODERS_COMMON_HPP
