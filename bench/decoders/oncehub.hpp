// SPDX-License-Identifier: MIT
/// @file
/// This library: `parser::parse` into typed views, every field, the whole document
/// validated. The answer check reads the views back through `to_json` and simdjson's DOM.
#ifndef ONCEHUB_WEBHOOKS_BENCH_DECODERS_ONCEHUB_HPP
#define ONCEHUB_WEBHOOKS_BENCH_DECODERS_ONCEHUB_HPP

#include <simdjson.h>

#include <memory>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/to_json.hpp>
#include <string>

#include "common.hpp"
#include "simdjson_dom.hpp"

namespace bench {

class oncehub_decoder {
 public:
  /// The timed step: every field decoded into the parser's views.
  bool decode(const payload& p) { return static_cast<bool>(parser_.parse(p.padded)); }

  /// For the answer check only (not timed): the decoded views, read back through
  /// `to_json` and a DOM into the common value slots.
  bool decode(const payload& p, sink& out) {
    auto result = parser_.parse(p.padded);
    if (!result) { return false; }
    rendered_ = simdjson::padded_string(oncehub::webhooks::to_json(*result));
    reader_ = std::make_unique<dom_decoder>(p.booking);
    // to_json's envelope and data are laid out like a delivery's, so the same paths work,
    // once "envelope.id" is read as "id": rebuild a delivery from the rendered parts.
    simdjson::dom::parser dom;
    simdjson::dom::element doc;
    if (dom.parse(rendered_).get(doc)) { return false; }
    std::string delivery = "{\"id\":" + simdjson::minify(doc["envelope"]["id"]) +
                           ",\"object\":" + simdjson::minify(doc["envelope"]["object"]) +
                           ",\"creation_time\":" + simdjson::minify(doc["envelope"]["creation_time"]) +
                           ",\"type\":" + simdjson::minify(doc["type"]) +
                           ",\"api_version\":" + simdjson::minify(doc["envelope"]["api_version"]) +
                           ",\"data\":" + simdjson::minify(doc["data"]) + "}";
    rebuilt_ = std::make_unique<payload>(p.name, delivery, p.booking);
    return reader_->decode(*rebuilt_, out);
  }
  oncehub::webhooks::parser& parser() { return parser_; }

 private:
  oncehub::webhooks::parser parser_;
  simdjson::padded_string rendered_;
  std::unique_ptr<payload> rebuilt_;
  std::unique_ptr<dom_decoder> reader_;  // the answer's views point into it
};

}  // namespace bench

#endif  // ONCEHUB_WEBHOOKS_BENCH_DECODERS_ONCEHUB_HPP
