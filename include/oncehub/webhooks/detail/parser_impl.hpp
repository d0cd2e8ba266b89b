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
#include "oncehub/webhooks/detail/json_input.hpp"
#include "oncehub/webhooks/detail/what_arrived.hpp"
#include "oncehub/webhooks/parser.hpp"

namespace oncehub::webhooks::inline v0 {

namespace detail {
/// The deepest nesting a parser accepts at all. Validation walks nested values with an
/// explicit stack of `max_depth + 1` frames (about 120 bytes each) held by the parser, so
/// depth costs heap, not the caller's stack. Deliveries nest about 7 levels.
inline constexpr std::size_t max_supported_depth = 1024;
/// What a new parser pre-allocates for: larger bodies grow the buffers once.
inline constexpr std::size_t initial_capacity = std::size_t{64} * 1024;

}  // namespace detail

struct parser::state {
  parser_options options;
  detail::decode_limits limits;
  simdjson::ondemand::parser json;
  detail::event_storage storage;
  std::vector<detail::validation_frame> frames;  // validate_value's explicit stack
  detail::padded_copy copy;                      // of unpadded input

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
  if (auto refused = detail::check_body_size(body.size(), s.options.max_body_size)) { return *refused; }
  s.storage.clear();
#if ONCEHUB_WEBHOOKS_VIEW_CHECKS
  ++s.storage.generation;  // the previous event's handles are stale from here on
#endif
  // A leading byte order mark is skipped and recorded below; offsets still count from
  // the first byte.
  const detail::json_input in = detail::frame_json(body, true);
  detail::decoder decoder(s.storage, s.frames, s.limits, in);
  simdjson::ondemand::document doc;
  if (auto e = s.json.iterate(in.json()).get(doc)) {
    decoder.fail_iterate(e);
    return detail::name_what_arrived(decoder.failure(), in.body(), in.skip);
  }
  if (!decoder.decode_document(doc)) {
    const error& failure = decoder.failure();
    if (detail::is_json_errc(failure.code())) { return detail::name_what_arrived(failure, in.body(), in.skip); }
    return failure;
  }
  if (in.skip != 0) [[unlikely]] {
    // First in document order; never turned into an error by strict_fields (the JSON is
    // the same with or without the mark).
    finding mark;
    detail::access::expected(mark) = "JSON text without a byte order mark (RFC 8259 section 8.1)";
    detail::access::issue(mark) = field_issue::byte_order_mark;
    s.storage.findings.insert(s.storage.findings.begin(), mark);
  }
  return event(&s.storage);
}

inline result<event> parser::parse(const simdjson::padded_string& body) & {
  return parse(simdjson::padded_string_view(body));
}

inline result<event> parser::parse(std::string_view body) & {
  state& s = *state_;
  // Checked before copying: an oversized body costs nothing.
  if (auto refused = detail::check_body_size(body.size(), s.options.max_body_size)) { return *refused; }
#if ONCEHUB_WEBHOOKS_VIEW_CHECKS
  ++s.storage.generation;  // the copy below overwrites what the previous event's raw views show
#endif
  const auto padded = s.copy.assign(body);
  if (!padded) { return error(errc::out_of_memory); }
  return parse(*padded);
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_PARSER_IMPL_HPP
