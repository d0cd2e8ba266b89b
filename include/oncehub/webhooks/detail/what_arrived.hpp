// SPDX-License-Identifier: MIT
/// @file
/// What a body that is not JSON is instead (empty, UTF-16/32, compressed, HTML or XML, a
/// form, binary): the error path both the delivery parser and the Webhooks API parser take
/// after simdjson refused a body, so the same bytes get the same `errc` from either.
#ifndef ONCEHUB_WEBHOOKS_DETAIL_WHAT_ARRIVED_HPP
#define ONCEHUB_WEBHOOKS_DETAIL_WHAT_ARRIVED_HPP

#include <cstddef>
#include <initializer_list>
#include <string_view>

#include "oncehub/webhooks/detail/error_impl.hpp"
#include "oncehub/webhooks/detail/json_errors.hpp"
#include "oncehub/webhooks/detail/json_input.hpp"
#include "oncehub/webhooks/error.hpp"

namespace oncehub::webhooks::inline v0::detail {

constexpr bool starts_with_bytes(std::string_view text, std::initializer_list<unsigned char> bytes) noexcept {
  if (text.size() < bytes.size()) { return false; }
  std::size_t i = 0;
  for (unsigned char b : bytes) {
    if (static_cast<unsigned char>(text[i++]) != b) { return false; }
  }
  return true;
}

constexpr char sniff_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool starts_with_nocase(std::string_view text, std::string_view prefix) noexcept {
  if (text.size() < prefix.size()) { return false; }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (sniff_lower(text[i]) != prefix[i]) { return false; }
  }
  return true;
}

/// The text of `<title>` in the first 4 KB of a page, printable ASCII only, or empty.
constexpr std::string_view html_title(std::string_view page) noexcept {
  page = page.substr(0, 4096);
  for (std::size_t i = 0; i + 7 <= page.size(); ++i) {
    if (!starts_with_nocase(page.substr(i), "<title>")) { continue; }
    const std::size_t begin = i + 7;
    std::size_t end = begin;
    while (end < page.size() && page[end] != '<' && end - begin < 80) {
      const auto c = static_cast<unsigned char>(page[end]);
      if (c < 0x20 || c > 0x7E) { return {}; }
      ++end;
    }
    return page.substr(begin, end - begin);
  }
  return {};
}

/// `key=value(&key=value)*`, as `application/x-www-form-urlencoded` serialisers write it
/// (`curl -d` leaves spaces and JSON punctuation in values unencoded, so values are
/// lenient; keys are not). `t=1,s=ab` (a signature header) is not a form: `=` in a value.
constexpr bool is_form_encoded(std::string_view text) noexcept {
  const auto key_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '%' || c == '+' ||
           c == '*' || c == '-' || c == '.' || c == '_' || c == '[' || c == ']';
  };
  std::size_t i = 0;
  while (true) {
    const std::size_t key_begin = i;
    while (i < text.size() && key_char(text[i])) { ++i; }
    if (i == key_begin || i == text.size() || text[i] != '=') { return false; }
    ++i;
    while (i < text.size() && text[i] != '&') {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c == '=' || (c < 0x20 && c != '\t') || c == 0x7F) { return false; }
      ++i;
    }
    if (i == text.size()) { return true; }
    ++i;  // '&'
  }
}

/// Names a body that failed to parse as JSON by its first bytes, when they say what it
/// is instead: empty, UTF-16/32 text, compressed data, HTML, a form. Runs only on the
/// error path, after simdjson has refused the body; a JSON body never reaches it.
/// `failure` is the JSON error, kept when nothing better can be said.
[[gnu::cold, gnu::noinline]] inline error name_what_arrived(const error& failure, std::string_view body,
                                                            std::size_t skip) noexcept {
  const auto named = [](errc code, auto... parts) {
    error_builder builder(code);
    builder.offset(0).message(parts...);
    return builder.build();
  };
  if (failure.code() == errc::empty_body) {
    if (body.empty()) { return named(errc::empty_body, "the body is empty (0 bytes)"); }
    if (skip == body.size()) { return named(errc::empty_body, "the body holds only a UTF-8 byte order mark"); }
    return named(errc::empty_body, "the body holds only whitespace (", body.size(), " bytes)");
  }
  // UTF-32 before UTF-16: FF FE 00 00 starts with the UTF-16LE mark. Without a mark, the
  // NUL bytes around the first ASCII character say it (RFC 4627 section 3).
  const auto b = [&](std::size_t i) { return i < body.size() ? static_cast<unsigned char>(body[i]) : 0x100u; };
  const auto ascii = [](unsigned v) { return v != 0 && v < 0x80; };
  std::string_view encoding;
  if (starts_with_bytes(body, {0xFF, 0xFE, 0x00, 0x00})) {
    encoding = "UTF-32LE text (byte order mark FF FE 00 00)";
  } else if (starts_with_bytes(body, {0x00, 0x00, 0xFE, 0xFF})) {
    encoding = "UTF-32BE text (byte order mark 00 00 FE FF)";
  } else if (starts_with_bytes(body, {0xFF, 0xFE})) {
    encoding = "UTF-16LE text (byte order mark FF FE)";
  } else if (starts_with_bytes(body, {0xFE, 0xFF})) {
    encoding = "UTF-16BE text (byte order mark FE FF)";
  } else if (b(0) == 0 && b(1) == 0 && b(2) == 0 && ascii(b(3))) {
    encoding = "UTF-32BE text (no byte order mark)";
  } else if (ascii(b(0)) && b(1) == 0 && b(2) == 0 && b(3) == 0) {
    encoding = "UTF-32LE text (no byte order mark)";
  } else if (b(0) == 0 && ascii(b(1)) && (body.size() < 4 || (b(2) == 0 && ascii(b(3))))) {
    encoding = "UTF-16BE text (no byte order mark)";
  } else if (ascii(b(0)) && b(1) == 0 && (body.size() < 4 || (ascii(b(2)) && b(3) == 0))) {
    encoding = "UTF-16LE text (no byte order mark)";
  }
  if (!encoding.empty()) {
    return named(errc::unsupported_encoding, "the body is ", encoding,
                 ", not UTF-8: OnceHub sends UTF-8 JSON (was it re-encoded on the way?)");
  }
  // Magic numbers (RFC 1952, RFC 1950, RFC 8878, xz, bzip2). Brotli (RFC 7932) has none:
  // a brotli body reads as invalid_utf8 or malformed_json, with the hint below.
  std::string_view format;
  if (starts_with_bytes(body, {0x1F, 0x8B})) {
    format = "gzip (1F 8B)";
  } else if (starts_with_bytes(body, {0x28, 0xB5, 0x2F, 0xFD})) {
    format = "zstd (28 B5 2F FD)";
  } else if (starts_with_bytes(body, {0xFD, '7', 'z', 'X', 'Z', 0x00})) {
    format = "xz (FD 37 7A 58 5A 00)";
  } else if (body.size() >= 10 && body.substr(0, 3) == "BZh" && body[3] >= '1' && body[3] <= '9' &&
             body.substr(4, 6) == "1AY&SY") {
    format = "bzip2 (BZh)";
  } else if (body.size() >= 2 && (b(0) & 0x0F) == 8 && (b(0) >> 4) <= 7 && (b(0) * 256 + b(1)) % 31 == 0 &&
             (b(1) & 0x20) == 0) {
    // A zlib header (deflate, no preset dictionary) passes a 1-in-31 check: demand
    // binary bytes after it too, so text that happens to start `x^` is not called zlib.
    bool binary = false;
    for (std::size_t i = 2; i < body.size() && i < 16; ++i) { binary = binary || b(i) >= 0x80 || b(i) < 0x09; }
    if (binary) { format = "zlib (deflate)"; }
  }
  if (!format.empty()) {
    return named(errc::compressed_body, "the body is ", format,
                 "-compressed data: decompress it, or send it with its Content-Encoding header");
  }
  std::string_view text = body.substr(skip);
  while (!text.empty() && is_json_space(text.front())) { text.remove_prefix(1); }
  if (text.substr(0, utf8_bom.size()) == utf8_bom) {
    // The first thing after the skipped mark and any whitespace: the first fault.
    const std::size_t at = body.size() - text.size();
    error_builder builder(at == skip && skip != 0 ? failure.code() : errc::malformed_json);
    builder.offset(at);
    if (at == skip && skip != 0) {
      builder.message("the body starts with two UTF-8 byte order marks; one is skipped, not more");
    } else if (at == 0) {
      builder.message("the body starts with a UTF-8 byte order mark (EF BB BF), which the Webhooks API does not send");
    } else {
      builder.message("a UTF-8 byte order mark (EF BB BF) after whitespace: only one at the very start is skipped");
    }
    return builder.build();
  }
  if (!text.empty() && text.front() == '<') {
    const std::string_view kind = starts_with_nocase(text, "<!doctype html") || starts_with_nocase(text, "<html")
                                      ? "an HTML page"
                                  : starts_with_nocase(text, "<?xml") ? "an XML document"
                                                                      : "HTML or XML markup";
    const std::string_view title = html_title(text);
    if (!title.empty()) {
      return named(errc::html_body, "the body is ", kind, " titled \"", title,
                   "\", not JSON (an error page from a proxy or server?)");
    }
    return named(errc::html_body, "the body is ", kind, ", not JSON (an error page from a proxy or server?)");
  }
  if (is_form_encoded(trim_right(text))) {
    const bool payload = starts_with_nocase(text, "payload=");
    return named(errc::form_encoded_body,
                 "the body is form-encoded (application/x-www-form-urlencoded, key=value&...), not JSON",
                 payload ? ": the JSON is in the `payload` field; send it as the body itself" : "");
  }
  if (failure.code() == errc::invalid_utf8 && !text.empty()) {
    const auto first = static_cast<unsigned char>(text.front());
    if (first < 0x20 || first >= 0x80) {
      error_builder builder(errc::invalid_utf8);
      if (failure.offset()) { builder.offset(*failure.offset()); }
      builder.message(
          "the body is binary data, not UTF-8 text (compressed without Content-Encoding? brotli "
          "has no signature to detect)");
      return builder.build();
    }
  }
  return failure;
}

}  // namespace oncehub::webhooks::inline v0::detail

#endif  // ONCEHUB_WEBHOOKS_DETAIL_WHAT_ARRIVED_HPP
