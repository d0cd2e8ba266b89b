// SPDX-License-Identifier: MIT
/// @file
/// Peer: Boost.JSON 1.81 (Debian's `libboost-json1.81-dev`, linked as `Boost::json`) in the
/// setup its documentation recommends for speed: one `boost::json::parser` reused across
/// documents (its temporary buffers stay allocated) and a `monotonic_resource` over a
/// preallocated buffer for the values, so a warm decode does not touch the heap. Then
/// `if_contains` per path step, like the other DOM-style peers.
#ifndef ONCEHUB_WEBHOOKS_BENCH_DECODERS_BOOST_JSON_HPP
#define ONCEHUB_WEBHOOKS_BENCH_DECODERS_BOOST_JSON_HPP

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "common.hpp"

namespace bench {

class boost_json_decoder {
 public:
  explicit boost_json_decoder(bool booking) : slots_(compile(slots_for(booking))), buffer_(1 << 20) {}
  bool decode(const payload& p, sink& out) {
    // The previous document's values go, and the resource starts over at the beginning of
    // its buffer (`release`), so no document needs the heap once the parser is warm.
    document_.reset();
    resource_.release();
    parser_.reset(boost::json::storage_ptr(&resource_));
    boost::system::error_code error;
    parser_.write(p.text.data(), p.text.size(), error);
    if (error) {
      parser_.reset();
      return false;
    }
    // Move-constructed, so the value keeps the resource (a move assignment into a value
    // on another resource would deep-copy it onto the heap).
    document_.emplace(parser_.release());
    extract(out);
    return true;
  }

 private:
  void extract(sink& out) const {
    for (const compiled_slot& c : slots_) {
      const boost::json::value* e = &*document_;
      for (const path_step& step : c.steps) {
        if (step.key.empty()) {
          const boost::json::array* array = e->if_array();
          e = array != nullptr && step.index < array->size() ? &(*array)[step.index] : nullptr;
        } else {
          const boost::json::object* object = e->if_object();
          e = object != nullptr ? object->if_contains(step.key) : nullptr;
        }
        if (e == nullptr) { break; }
      }
      if (e == nullptr) { continue; }
      if (const boost::json::string* s = e->if_string()) {
        const std::string_view text(s->data(), s->size());
        if (c.type == kind::t) {
          out.time(c.id, text, millis_of(text));
        } else {
          out.str(c.id, text);
        }
      } else if (const std::int64_t* n = e->if_int64()) {
        out.num(c.id, *n);
      } else if (const bool* b = e->if_bool()) {
        out.flag(c.id, *b);
      } else if (e->is_null()) {
        out.null(c.id);
      }
    }
  }

  std::vector<compiled_slot> slots_;
  std::vector<unsigned char> buffer_;
  boost::json::monotonic_resource resource_{buffer_.data(), buffer_.size()};
  boost::json::parser parser_;
  std::optional<boost::json::value> document_;
};

}  // namespace bench

#endif  // ONCEHUB_WEBHOOKS_BENCH_DECODERS_BOOST_JSON_HPP
