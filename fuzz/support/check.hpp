// SPDX-License-Identifier: MIT
/// @file
/// `FUZZ_CHECK`: the fuzzers' assertion. A broken invariant prints what was expected and
/// aborts, which libFuzzer reports as a crash (and saves the input), and which fails the
/// replay tests. `assert` is not used because release builds compile it away.
#ifndef ONCEHUB_WEBHOOKS_FUZZ_CHECK_HPP
#define ONCEHUB_WEBHOOKS_FUZZ_CHECK_HPP

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace fuzz_support {

/// Prints the broken invariant and aborts.
[[noreturn]] inline void fail(const char* file, int line, const char* condition, std::string_view detail) {
  std::fprintf(stderr, "\n%s:%d: invariant broken: %s\n", file, line, condition);
  if (!detail.empty()) { std::fprintf(stderr, "  %.*s\n", static_cast<int>(detail.size()), detail.data()); }
  std::fflush(stderr);
  std::abort();
}

/// A printable excerpt of arbitrary bytes for failure messages: escapes non-printables
/// and stops after `limit` bytes, so a 10 MB input does not flood the log.
inline std::string excerpt(std::string_view bytes, std::size_t limit = 200) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  if (bytes.size() > limit) { out += "... (" + std::to_string(bytes.size()) + " bytes)"; }
  return out;
}

}  // namespace fuzz_support

/// Aborts with `detail` (a std::string or string_view expression, evaluated only on
/// failure) when `condition` is false.
#define FUZZ_CHECK(condition, detail)                                                     \
  do {                                                                                    \
    if (!(condition)) { ::fuzz_support::fail(__FILE__, __LINE__, #condition, (detail)); } \
  } while (false)

#endif  // ONCEHUB_WEBHOOKS_FUZZ_CHECK_HPP
