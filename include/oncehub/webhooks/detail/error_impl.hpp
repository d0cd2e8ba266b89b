// SPDX-License-Identifier: MIT
/// @file
/// Definitions behind error.hpp: the error category, the fixed-buffer writer used to build
/// paths and messages without allocating, and the functions that fill an `error`.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_ERROR_IMPL_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_ERROR_IMPL_HPP

#include <cstring>

#include "oncehub/webhooks/detail/access.hpp"
#include "oncehub/webhooks/error.hpp"

namespace oncehub::webhooks::inline v0 {
namespace detail {

/// Appends text to a fixed `char` buffer, truncating with "..." on overflow and never
/// splitting a UTF-8 sequence. Keeps the buffer NUL-terminated.
class fixed_writer {
 public:
  constexpr fixed_writer(char* buffer, std::size_t capacity) noexcept : buffer_(buffer), capacity_(capacity) {
    if (capacity_) { buffer_[0] = '\0'; }
  }
  constexpr void append(std::string_view text) noexcept {
    for (char c : text) {
      if (!put(c)) { return; }
    }
  }
  constexpr void append_unsigned(std::uint64_t value) noexcept {
    char digits[20]{};
    std::size_t n = 0;
    do {
      digits[n++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    while (n) { put(digits[--n]); }
  }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr bool truncated() const noexcept { return truncated_; }

 private:
  constexpr bool put(char c) noexcept {
    if (truncated_) { return false; }
    if (size_ + 1 < capacity_) {
      buffer_[size_++] = c;
      buffer_[size_] = '\0';
      return true;
    }
    truncate();
    return false;
  }
  // The text does not fit: end it with "..." inside the capacity, cutting only at the
  // start of a UTF-8 sequence (a byte 10xxxxxx continues the previous character).
  constexpr void truncate() noexcept {
    truncated_ = true;
    if (capacity_ == 0) { return; }
    const std::size_t max_chars = capacity_ - 1;
    const std::size_t dots = max_chars < 3 ? max_chars : 3;
    if (size_ > max_chars - dots) { size_ = max_chars - dots; }
    while (size_ > 0 && (static_cast<unsigned char>(buffer_[size_]) & 0xC0) == 0x80) { --size_; }
    for (std::size_t i = 0; i < dots; ++i) { buffer_[size_++] = '.'; }
    buffer_[size_] = '\0';
  }
  char* buffer_;
  std::size_t capacity_;
  std::size_t size_ = 0;
  bool truncated_ = false;
};

/// One step of the JSON path of the value being decoded. Decoders chain these on the
/// stack (parent pointers), so tracking the path costs nothing until an error or a
/// finding needs it rendered.
struct path_segment {
  const path_segment* parent = nullptr;
  std::string_view key{};  ///< the object key; a null view (not "") for an array element
  std::size_t index = 0;   ///< the array index when `key` is empty
};

/// Writes `data.form_submission.custom_fields[2].value` for a segment chain. Rendering
/// is root-first; the writer truncates long paths at the leaf end with "...".
constexpr void write_path(fixed_writer& out, const path_segment* segment) noexcept {
  // Chains are at most max_depth (1024) plus a few levels long; keep the root side if a
  // longer one ever appears.
  constexpr std::size_t max_chain = 1100;
  const path_segment* chain[max_chain]{};
  std::size_t depth = 0;
  for (const path_segment* s = segment; s != nullptr; s = s->parent) {
    if (depth == max_chain) {
      // Drop the leaf-most entry to make room for the parent.
      for (std::size_t i = 0; i + 1 < max_chain; ++i) { chain[i] = chain[i + 1]; }
      --depth;
    }
    chain[depth++] = s;
  }
  bool first = true;
  while (depth) {
    const path_segment* s = chain[--depth];
    // An array element has a null key (`[2]`, at the root too: `[0].id` in a body that
    // is an array); the empty key `""` is legal JSON and has a non-null one.
    if (s->key.data() == nullptr) {
      out.append("[");
      out.append_unsigned(s->index);
      out.append("]");
    } else {
      if (!first) { out.append("."); }
      // The empty key `""` is legal JSON; show it rather than nothing.
      out.append(s->key.empty() ? std::string_view{"\"\""} : s->key);
    }
    first = false;
  }
}

struct error_builder {
  error value;
  constexpr explicit error_builder(errc code) noexcept : value(code) {}
  constexpr error_builder& path(const path_segment* segment) noexcept {
    auto& buffer = access::path(value);
    fixed_writer out(buffer.data(), buffer.size());
    write_path(out, segment);
    access::path_size(value) = static_cast<std::uint8_t>(out.size());
    return *this;
  }
  constexpr error_builder& path(std::string_view text) noexcept {
    auto& buffer = access::path(value);
    fixed_writer out(buffer.data(), buffer.size());
    out.append(text);
    access::path_size(value) = static_cast<std::uint8_t>(out.size());
    return *this;
  }
  template <class... Parts>
  constexpr error_builder& message(const Parts&... parts) noexcept {
    auto& buffer = access::message(value);
    fixed_writer out(buffer.data(), buffer.size());
    (append_part(out, parts), ...);
    access::message_size(value) = static_cast<std::uint8_t>(out.size());
    return *this;
  }
  constexpr error_builder& offset(std::size_t at) noexcept {
    access::offset(value) = at;
    return *this;
  }
  constexpr error_builder& kinds(json_kind expected, json_kind got) noexcept {
    access::expected(value) = expected;
    access::got(value) = got;
    return *this;
  }
  [[nodiscard]] constexpr error build() const noexcept { return value; }

 private:
  static constexpr void append_part(fixed_writer& out, std::string_view text) noexcept { out.append(text); }
  static constexpr void append_part(fixed_writer& out, const char* text) noexcept { out.append(text); }
  static constexpr void append_part(fixed_writer& out, std::size_t number) noexcept { out.append_unsigned(number); }
};

class webhook_error_category final : public std::error_category {
 public:
  [[nodiscard]] const char* name() const noexcept override { return "oncehub-webhooks"; }
  [[nodiscard]] std::string message(int code) const override { return std::string(describe(static_cast<errc>(code))); }
};

}  // namespace detail

inline const std::error_category& webhook_category() noexcept {
  static const detail::webhook_error_category category;
  return category;
}

inline std::string error::to_string() const {
  std::string out = "error: ";
  out += webhooks::to_string(code_);
  out += ": ";
  out += message();
  out += " at ";
  out += path().empty() ? std::string_view{"(document)"} : path();
  return out;
}

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_DETAIL_ERROR_IMPL_HPP
