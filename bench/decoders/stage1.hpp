// SPDX-License-Identifier: MIT
/// @file
/// simdjson's stage 1 alone (`ondemand::parser::iterate`, nothing read): the floor of any
/// simdjson decoder.
#ifndef ONCEHUB_WEBHOOKS_BENCH_DECODERS_STAGE1_HPP
#define ONCEHUB_WEBHOOKS_BENCH_DECODERS_STAGE1_HPP

#include <simdjson.h>

#include "common.hpp"

namespace bench {

/// stage 1 only: what every simdjson decoder pays before reading a single value.
class stage1_decoder {
 public:
  bool decode(const payload& p) {
    od::document doc;
    return parser_.iterate(p.padded).get(doc) == simdjson::SUCCESS;
  }

 private:
  od::parser parser_;
};

}  // namespace bench

#endif  // ONCEHUB_WEBHOOKS_BENCH_DECODERS_STAGE1_HPP
