// SPDX-License-Identifier: MIT
/// @file
/// `FuzzedDataProvider`, which splits one fuzz input into typed parts. Clang ships it
/// with libFuzzer (`<fuzzer/FuzzedDataProvider.h>`); the CMake build also points g++ at
/// that header when LLVM is installed. Without it, the small subset below stands in,
/// with the same semantics for the methods the fuzzers use, so a corpus replays the same
/// way under either compiler.
#ifndef ONCEHUB_WEBHOOKS_FUZZ_DATA_PROVIDER_HPP
#define ONCEHUB_WEBHOOKS_FUZZ_DATA_PROVIDER_HPP

#if __has_include(<fuzzer/FuzzedDataProvider.h>)
#include <fuzzer/FuzzedDataProvider.h>
#else

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <type_traits>

class FuzzedDataProvider {
 public:
  FuzzedDataProvider(const std::uint8_t* data, std::size_t size) : data_(data), remaining_(size) {}
  FuzzedDataProvider(const FuzzedDataProvider&) = delete;
  FuzzedDataProvider& operator=(const FuzzedDataProvider&) = delete;

  /// An integer in [min, max], built from bytes taken off the *end* of the input (as
  /// libFuzzer's does: lengths and choices then mutate apart from the content).
  template <class T>
  T ConsumeIntegralInRange(T min, T max) {
    static_assert(std::is_integral_v<T> && sizeof(T) <= sizeof(std::uint64_t));
    if (min > max) { std::abort(); }
    const std::uint64_t range = static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min);
    std::uint64_t result = 0;
    std::size_t offset = 0;
    while (offset < sizeof(T) * CHAR_BIT && (range >> offset) > 0 && remaining_ != 0) {
      --remaining_;
      result = (result << CHAR_BIT) | data_[remaining_];
      offset += CHAR_BIT;
    }
    if (range != std::numeric_limits<std::uint64_t>::max()) { result = result % (range + 1); }
    return static_cast<T>(static_cast<std::uint64_t>(min) + result);
  }
  template <class T>
  T ConsumeIntegral() {
    return ConsumeIntegralInRange(std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
  }
  bool ConsumeBool() { return (1 & ConsumeIntegral<std::uint8_t>()) != 0; }

  /// Bytes from the front up to an unescaped backslash ("\\" is one backslash).
  std::string ConsumeRandomLengthString(std::size_t max_length) {
    std::string result;
    for (std::size_t i = 0; i < max_length && remaining_ != 0; ++i) {
      char next = static_cast<char>(data_[0]);
      advance(1);
      if (next == '\\' && remaining_ != 0) {
        next = static_cast<char>(data_[0]);
        advance(1);
        if (next != '\\') { break; }
      }
      result += next;
    }
    return result;
  }
  std::string ConsumeRemainingBytesAsString() {
    std::string result(reinterpret_cast<const char*>(data_), remaining_);
    advance(remaining_);
    return result;
  }
  [[nodiscard]] std::size_t remaining_bytes() const { return remaining_; }

 private:
  void advance(std::size_t n) {
    data_ += n;
    remaining_ -= n;
  }
  const std::uint8_t* data_;
  std::size_t remaining_;
};

#endif
#endif  // ONCEHUB_WEBHOOKS_FUZZ_DATA_PROVIDER_HPP
