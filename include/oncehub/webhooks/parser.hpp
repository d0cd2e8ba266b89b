// SPDX-License-Identifier: MIT
/// @file
/// `parser`: the one entry point from raw request bytes to a decoded `event`.
#ifndef ONCEHUB_WEBHOOKS_PARSER_HPP
#define ONCEHUB_WEBHOOKS_PARSER_HPP

#include <simdjson.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/error.hpp"
#include "oncehub/webhooks/event.hpp"
#include "oncehub/webhooks/result.hpp"

namespace oncehub::webhooks::inline v0 {

/// Limits and policies of a `parser`.
struct parser_options {
  /// Bodies larger than this are rejected with `errc::too_large` before any parsing.
  /// OnceHub deliveries are a few KB; 1 MiB leaves room for long notes and many answers.
  std::size_t max_body_size = std::size_t{1} << 20;
  /// Deeper JSON nesting is rejected with `errc::too_deep`. Deliveries nest about 7
  /// levels (data.conversation.contact.custom_fields[i].value); at most 1024. The parser
  /// reserves about 120 bytes per level for validation; no level costs stack.
  std::size_t max_depth = 64;
  /// When set, any finding (a data field of the wrong type or format, a duplicate key)
  /// rejects the delivery instead of being recorded.
  bool strict_fields = false;
  /// When set, an event type that is not in the catalog is rejected with
  /// `errc::unknown_event_type` instead of decoding as an unknown event.
  bool strict_event_types = false;
};

/// Decodes OnceHub webhook deliveries into zero-copy views, one at a time.
///
/// A parser owns simdjson's On-Demand parser, its buffers and the decoded views, and
/// reuses them: after the first few deliveries it decodes without heap allocation. It is
/// not thread-safe; use one per thread. Moving a parser keeps the current event valid.
///
/// Each `parse` decodes the whole body in one pass and validates all of it (RFC 8259 JSON,
/// UTF-8, no trailing content, the limits). It returns the `event`, valid until the next
/// `parse` on this parser, or the `error` that says what was wrong and where.
///
/// ```cpp
/// oncehub::webhooks::parser parser;
/// auto result = parser.parse(body);  // std::string_view: copied once, padded
/// if (!result) { std::cerr << result.error().to_string() << '\n'; return 400; }
/// if (const auto* booking = result->booking()) {
///   std::cout << booking->subject.value_or("") << '\n';
/// }
/// ```
class parser {
 public:
  /// A parser with the given limits; pre-allocates for bodies up to 64 KiB.
  explicit parser(parser_options options = {});
  ~parser();
  parser(parser&&) noexcept;
  parser& operator=(parser&&) noexcept;
  parser(const parser&) = delete;
  parser& operator=(const parser&) = delete;

  /// Parses a body that already has `SIMDJSON_PADDING` readable bytes after it: no copy.
  /// String views of the event point into the parser; raw JSON views (`data_json()`,
  /// custom field values, `timestamp::text` excepted) point into `body`, which must
  /// outlive the event.
  result<event> parse(simdjson::padded_string_view body) & ONCEHUB_WEBHOOKS_LIFETIMEBOUND;
  /// Parses a `simdjson::padded_string` without copying it.
  result<event> parse(const simdjson::padded_string& body) & ONCEHUB_WEBHOOKS_LIFETIMEBOUND;
  /// Deleted: the event's views would point into a destroyed temporary.
  result<event> parse(simdjson::padded_string&& body) & = delete;

  /// Parses an unpadded body: copies it once into the parser's own padded buffer (reused
  /// across calls), so `body` need not outlive the event.
  result<event> parse(std::string_view body) & ONCEHUB_WEBHOOKS_LIFETIMEBOUND;
  /// Same as the `std::string_view` overload (one copy).
  result<event> parse(const std::string& body) & ONCEHUB_WEBHOOKS_LIFETIMEBOUND {
    return parse(std::string_view(body));
  }
  /// Same as the `std::string_view` overload (one copy).
  result<event> parse(const char* body) & ONCEHUB_WEBHOOKS_LIFETIMEBOUND { return parse(std::string_view(body)); }

  /// Deleted: a temporary parser would take the event's views with it.
  template <class Body>
  result<event> parse(Body&&) && = delete;

  /// The limits this parser applies.
  [[nodiscard]] const parser_options& options() const noexcept;

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace oncehub::webhooks::inline v0

#include "oncehub/webhooks/detail/parser_impl.hpp"

#endif  // ONCEHUB_WEBHOOKS_PARSER_HPP
