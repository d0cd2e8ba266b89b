// SPDX-License-Identifier: MIT
/// @file
/// The input side of every JSON decoder (deliveries and Webhooks API answers): the size
/// limit, the padded copy simdjson needs, the leading byte order mark and the trailing
/// whitespace. Written once so both decoders frame a body the same way.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_JSON_INPUT_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_JSON_INPUT_HPP

#include <simdjson.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string_view>

#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/error.hpp"

namespace oncehub::webhooks::inline v0::detail {

/// RFC 8259 section 2: the four whitespace bytes.
constexpr bool is_json_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

constexpr std::string_view trim_right(std::string_view text) noexcept {
  while (!text.empty() && is_json_space(text.back())) { text.remove_suffix(1); }
  return text;
}

/// The UTF-8 byte order mark. RFC 8259 section 8.1: senders must not add one; receivers
/// may ignore it. The delivery parser skips one (simdjson 3.6 and later do the same).
inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

/// The `too_large` refusal. Out of line: bodies within the limit never build it.
[[gnu::cold, gnu::noinline]] inline error body_too_large(std::size_t size, std::size_t limit) noexcept {
  error_builder builder(errc::too_large);
  builder.message("the body is ", size, " bytes; the limit is ", limit);
  return builder.build();
}

/// The size limit, checked first by every entry point (before the body is copied,
/// hashed or parsed). Empty when `size` is within `limit`.
[[nodiscard]] inline std::optional<error> check_body_size(std::size_t size, std::size_t limit) noexcept {
  if (size <= limit) [[likely]] { return std::nullopt; }
  return body_too_large(size, limit);
}

/// A decoder's own padded buffer for unpadded input, reused across calls (it grows, never
/// shrinks), so a warm parser copies without allocating.
struct padded_copy {
  std::unique_ptr<char[]> data;
  std::size_t capacity = 0;

  /// Copies `body` and zeroes the `SIMDJSON_PADDING` bytes after it (their content does
  /// not matter to simdjson; zeroed, tools see no garbage). Empty when no memory was left.
  [[nodiscard]] std::optional<simdjson::padded_string_view> assign(std::string_view body) noexcept {
    const std::size_t needed = body.size() + simdjson::SIMDJSON_PADDING;
    if (needed > capacity) {
      const std::size_t grown = std::max(needed, std::size_t{4096});
      data.reset(new (std::nothrow) char[grown]);
      capacity = data ? grown : 0;
      if (!data) { return std::nullopt; }
    }
    if (!body.empty()) { std::memcpy(data.get(), body.data(), body.size()); }
    std::memset(data.get() + body.size(), 0, simdjson::SIMDJSON_PADDING);
    return simdjson::padded_string_view(data.get(), body.size(), capacity);
  }
};

/// A body framed for simdjson: where the JSON text starts (after a byte order mark) and
/// ends (before trailing whitespace). Offsets in errors count from `data`, the first byte
/// as received.
struct json_input {
  const char* data = nullptr;
  std::size_t size = 0;      // the body as received
  std::size_t skip = 0;      // 3 after a skipped byte order mark, else 0
  std::size_t length = 0;    // up to the last byte that is not whitespace
  std::size_t capacity = 0;  // readable bytes from `data` (padding included)

  /// The text simdjson reads.
  [[nodiscard]] simdjson::padded_string_view json() const noexcept {
    return simdjson::padded_string_view(data + skip, length - skip, capacity - skip);
  }
  [[nodiscard]] std::string_view body() const noexcept { return {data, size}; }
};

/// Frames `body`: one leading UTF-8 byte order mark is skipped when `skip_bom` is set
/// (the signature was checked over the raw body, mark included), and trailing JSON
/// whitespace is cut. Whitespace never changes a document, and simdjson 3.0.1 misreads a
/// root scalar followed by some: `null` and one byte, `true`/`false` and two, a number and
/// a thousand (it sizes the literal by the bytes left, not by the token; found by
/// fuzz_parse_event).
[[nodiscard]] inline json_input frame_json(simdjson::padded_string_view body, bool skip_bom) noexcept {
  json_input in{body.data(), body.size(), 0, body.size(), body.capacity()};
  if (skip_bom && in.size >= 3 && std::memcmp(in.data, utf8_bom.data(), utf8_bom.size()) == 0) { in.skip = 3; }
  while (in.length > in.skip && is_json_space(in.data[in.length - 1])) { --in.length; }
  return in;
}

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_JSON_INPUT_HPP
