// SPDX-License-Identifier: MIT
/// @file
/// Peer: simdjson's DOM (`dom::parser::parse`, reused parser), then one lookup per value.
#ifndef ONCEHUB_WEBHOOKS_BENCH_DECODERS_SIMDJSON_DOM_HPP
#define ONCEHUB_WEBHOOKS_BENCH_DECODERS_SIMDJSON_DOM_HPP

#include <simdjson.h>

#include "common.hpp"

namespace bench {

class dom_decoder {
 public:
  explicit dom_decoder(bool booking) : slots_(compile(slots_for(booking))) {}
  bool decode(const payload& p, sink& out) {
    simdjson::dom::element root;
    if (parser_.parse(p.padded).get(root)) { return false; }
    for (const compiled_slot& c : slots_) {
      simdjson::dom::element e = root;
      bool found = true;
      for (const path_step& step : c.steps) {
        auto next = step.key.empty() ? e.at(step.index) : e[step.key];
        if (next.get(e) != simdjson::SUCCESS) {
          found = false;
          break;
        }
      }
      if (!found) { continue; }
      switch (e.type()) {
        case simdjson::dom::element_type::STRING: {
          std::string_view s = e.get_string().value_unsafe();
          if (c.type == kind::t) {
            out.time(c.id, s, millis_of(s));
          } else {
            out.str(c.id, s);
          }
          break;
        }
        case simdjson::dom::element_type::INT64: out.num(c.id, e.get_int64().value_unsafe()); break;
        case simdjson::dom::element_type::BOOL: out.flag(c.id, e.get_bool().value_unsafe()); break;
        case simdjson::dom::element_type::NULL_VALUE: out.null(c.id); break;
        default: break;
      }
    }
    return true;
  }

 private:
  simdjson::dom::parser parser_;
  std::vector<compiled_slot> slots_;
};

}  // namespace bench

#endif  // ONCEHUB_WEBHOOKS_BENCH_DECODERS_SIMDJSON_DOM_HPP
