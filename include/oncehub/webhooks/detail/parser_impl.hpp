// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind parser.hpp.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_PARSER_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_PARSER_IMPL_HPP

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>

#include "oncehub/webhooks/detail/decoder.hpp"
#include "oncehub/webhooks/detail/event_storage.hpp"
#include "oncehub/webhooks/parser.hpp"

namespace oncehub::webhooks {

namespace detail {
/// The deepest nesting a parser accepts at all. Validation walks nested values with an
/// explicit stack of `max_depth + 1` frames (about 120 bytes each) held by the parser, so
/// depth costs heap, not the caller's stack. Deliveries nest about 7 levels.
inline constexpr std::size_t max_supported_depth = 1024;
/// What a new parser pre-allocates for: larger bodies grow the buffers once.
inline constexpr std::size_t initial_capacity = 64 * 1024;
}  // namespace detail

struct parser::state {
  parser_options options;
  detail::decode_limits limits;
  simdjson::ondemand::parser json;
  detail::event_storage storage;
  std::vector<detail::validation_frame> frames;  // validate_value's explicit stack
  std::unique_ptr<char[]> copy;  // padded copy of unpadded input
  std::size_t copy_capacity = 0;

  explicit state(const parser_options& opts)
      : options(opts),
        limits{std::min(opts.max_depth, detail::max_supported_depth), opts.strict_fields, opts.strict_event_types},
        json(std::max<std::size_t>(opts.max_body_size, 1)) {
    options.max_depth = limits.max_depth;
    frames.reserve(limits.max_depth + 1);
    // Allocating now keeps the first deliveries off the heap too; failure is reported
    // (as out_of_memory) by the first parse, which retries the allocation.
    // simdjson tracks depth too (and asserts on it in debug builds): give it room above
    // our own limit, which always fires first.
    if (json.allocate(std::min(options.max_body_size, detail::initial_capacity), limits.max_depth + 8) !=
        simdjson::SUCCESS) {
      // Nothing to do: iterate() allocates again on demand and reports MEMALLOC.
    }
  }
};

inline parser::parser(parser_options options) : state_(std::make_unique<state>(options)) {}
inline parser::~parser() = default;
inline parser::parser(parser&&) noexcept = default;
inline parser& parser::operator=(parser&&) noexcept = default;

inline const parser_options& parser::options() const noexcept { return state_->options; }

inline result<event> parser::parse(simdjson::padded_string_view body) & {
  state& s = *state_;
  const std::size_t size = body.size();
  if (size > s.options.max_body_size) {
    detail::error_builder builder(errc::too_large);
    builder.message("the body is ", size, " bytes; the limit is ", s.options.max_body_size);
    return builder.build();
  }
  s.storage.clear();
  // Trailing JSON whitespace never changes a document, and simdjson 3.0.1 misreads a
  // root scalar followed by some: `null` and one byte, `true`/`false` and two, a number
  // and a thousand (it sizes the literal by the bytes left, not by the token; found by
  // fuzz_parse_event). So the document is read without it.
  std::size_t length = size;
  while (length > 0 && detail::is_json_space(body.data()[length - 1])) { --length; }
  detail::decoder decoder(s.storage, s.frames, s.limits, body.data(), length);
  simdjson::ondemand::document doc;
  if (auto e = s.json.iterate(simdjson::padded_string_view(body.data(), length, body.capacity())).get(doc)) {
    decoder.fail_iterate(e);
    return decoder.failure();
  }
  if (!decoder.decode_document(doc)) { return decoder.failure(); }
  return event(&s.storage);
}

inline result<event> parser::parse(const simdjson::padded_string& body) & {
  return parse(simdjson::padded_string_view(body));
}

inline result<event> parser::parse(std::string_view body) & {
  state& s = *state_;
  if (body.size() > s.options.max_body_size) {
    // Checked before copying: an oversized body costs nothing.
    return parse(simdjson::padded_string_view(body.data(), body.size(), body.size()));
  }
  const std::size_t needed = body.size() + simdjson::SIMDJSON_PADDING;
  if (needed > s.copy_capacity) {
    const std::size_t capacity = std::max(needed, std::size_t{4096});
    s.copy.reset(new (std::nothrow) char[capacity]);
    s.copy_capacity = s.copy ? capacity : 0;
    if (!s.copy) { return error(errc::out_of_memory); }
  }
  if (!body.empty()) { std::memcpy(s.copy.get(), body.data(), body.size()); }
  // The padding's content does not matter to simdjson; zero it so tools see no garbage.
  std::memset(s.copy.get() + body.size(), 0, simdjson::SIMDJSON_PADDING);
  return parse(simdjson::padded_string_view(s.copy.get(), body.size(), s.copy_capacity));
}

}  // namespace oncehub::webhooks

#endif  // ONCEHUB_WEBHOOKS_DETAIL_PARSER_IMPL_HPP
