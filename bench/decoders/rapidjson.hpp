// SPDX-License-Identifier: MIT
/// @file
/// Peer: RapidJSON, two ways: `Parse` with default flags (no UTF-8 validation) into a fresh
/// `Document`, and its fastest setup, `ParseInsitu` with pool allocators over preallocated
/// buffers (the copy of the body it writes into is made and timed). `FindMember` lookups.
#ifndef ONCEHUB_WEBHOOKS_BENCH_DECODERS_RAPIDJSON_HPP
#define ONCEHUB_WEBHOOKS_BENCH_DECODERS_RAPIDJSON_HPP

#include <rapidjson/document.h>

#include <cstring>

#include "common.hpp"

namespace bench {

template <class Document>
void rapidjson_extract(const Document& root, const std::vector<compiled_slot>& slots, sink& out) {
  using Value = typename Document::ValueType;
  for (const compiled_slot& c : slots) {
    const Value* e = &root;
    for (const path_step& step : c.steps) {
      if (step.key.empty()) {
        if (!e->IsArray() || step.index >= e->Size()) {
          e = nullptr;
          break;
        }
        e = &(*e)[static_cast<rapidjson::SizeType>(step.index)];
      } else {
        if (!e->IsObject()) {
          e = nullptr;
          break;
        }
        auto it =
            e->FindMember(rapidjson::StringRef(step.key.data(), static_cast<rapidjson::SizeType>(step.key.size())));
        if (it == e->MemberEnd()) {
          e = nullptr;
          break;
        }
        e = &it->value;
      }
    }
    if (e == nullptr) { continue; }
    if (e->IsString()) {
      std::string_view s(e->GetString(), e->GetStringLength());
      if (c.type == kind::t) {
        out.time(c.id, s, millis_of(s));
      } else {
        out.str(c.id, s);
      }
    } else if (e->IsInt64()) {
      out.num(c.id, e->GetInt64());
    } else if (e->IsBool()) {
      out.flag(c.id, e->GetBool());
    } else if (e->IsNull()) {
      out.null(c.id);
    }
  }
}

class rapidjson_decoder {
 public:
  explicit rapidjson_decoder(bool booking) : slots_(compile(slots_for(booking))) {}
  bool decode(const payload& p, sink& out) {
    document_ = rapidjson::Document();  // a fresh document each time, as an application would
    document_.Parse(p.text.data(), p.text.size());
    if (document_.HasParseError()) { return false; }
    rapidjson_extract(document_, slots_, out);
    return true;
  }

 private:
  rapidjson::Document document_;
  std::vector<compiled_slot> slots_;
};

/// The fastest RapidJSON setup: in situ parsing (strings unescaped in place, so a copy of
/// the body is made and counted) and memory pools over preallocated buffers.
class rapidjson_insitu_decoder {
 public:
  explicit rapidjson_insitu_decoder(bool booking)
      : slots_(compile(slots_for(booking))), value_buffer_(1 << 20), parse_buffer_(1 << 16), copy_(1 << 20) {}
  bool decode(const payload& p, sink& out) {
    using allocator = rapidjson::MemoryPoolAllocator<>;
    allocator values(value_buffer_.data(), value_buffer_.size());
    allocator parse(parse_buffer_.data(), parse_buffer_.size());
    using document = rapidjson::GenericDocument<rapidjson::UTF8<>, allocator, allocator>;
    document d(&values, parse_buffer_.size(), &parse);
    std::memcpy(copy_.data(), p.text.data(), p.text.size());
    copy_[p.text.size()] = '\0';
    d.ParseInsitu(copy_.data());
    if (d.HasParseError()) { return false; }
    rapidjson_extract(d, slots_, out);
    return true;
  }

 private:
  std::vector<compiled_slot> slots_;
  std::vector<char> value_buffer_;
  std::vector<char> parse_buffer_;
  std::vector<char> copy_;
};

}  // namespace bench

#endif  // ONCEHUB_WEBHOOKS_BENCH_DECODERS_RAPIDJSON_HPP
