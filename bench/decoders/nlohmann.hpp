// SPDX-License-Identifier: MIT
/// @file
/// Peer: nlohmann::json `parse` (no exceptions), then `find` per value.
#ifndef ONCEHUB_WEBHOOKS_BENCH_DECODERS_NLOHMANN_HPP
#define ONCEHUB_WEBHOOKS_BENCH_DECODERS_NLOHMANN_HPP

#include <nlohmann/json.hpp>

#include "common.hpp"

namespace bench {

inline void nlohmann_extract(const nlohmann::json& root, const std::vector<compiled_slot>& slots, sink& out) {
  for (const compiled_slot& c : slots) {
    const nlohmann::json* e = &root;
    for (const path_step& step : c.steps) {
      if (step.key.empty()) {
        if (!e->is_array() || step.index >= e->size()) {
          e = nullptr;
          break;
        }
        e = &(*e)[step.index];
      } else {
        if (!e->is_object()) {
          e = nullptr;
          break;
        }
        auto it = e->find(step.key);
        if (it == e->end()) {
          e = nullptr;
          break;
        }
        e = &*it;
      }
    }
    if (e == nullptr) { continue; }
    if (e->is_string()) {
      std::string_view s = e->get_ref<const std::string&>();
      if (c.type == kind::t) {
        out.time(c.id, s, millis_of(s));
      } else {
        out.str(c.id, s);
      }
    } else if (e->is_number_integer()) {
      out.num(c.id, e->get<std::int64_t>());
    } else if (e->is_boolean()) {
      out.flag(c.id, e->get<bool>());
    } else if (e->is_null()) {
      out.null(c.id);
    }
  }
}

class nlohmann_decoder {
 public:
  explicit nlohmann_decoder(bool booking) : slots_(compile(slots_for(booking))) {}
  bool decode(const payload& p, sink& out) {
    document_ = nlohmann::json::parse(p.text, nullptr, /*allow_exceptions=*/false);
    if (document_.is_discarded()) { return false; }
    nlohmann_extract(document_, slots_, out);
    return true;
  }

 private:
  nlohmann::json document_;
  std::vector<compiled_slot> slots_;
};

}  // namespace bench

#endif  // ONCEHUB_WEBHOOKS_BENCH_DECODERS_NLOHMANN_HPP
