// SPDX-License-Identifier: MIT
/// @file
/// `result<T>`: a value or an `error`, with `std::expected`'s observer names.
#ifndef ONCEHUB_WEBHOOKS_RESULT_HPP
#define ONCEHUB_WEBHOOKS_RESULT_HPP

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

#include "oncehub/webhooks/config.hpp"
#include "oncehub/webhooks/error.hpp"

namespace oncehub::webhooks::inline v0 {

/// Thrown by `result<T>::value()` when the result holds an error (exceptions enabled).
class bad_result_access : public std::exception {
 public:
  explicit bad_result_access(const webhooks::error& e) noexcept : error_(e) {}
  /// The error the result held.
  [[nodiscard]] const webhooks::error& error() const noexcept { return error_; }
  /// The error's message.
  [[nodiscard]] const char* what() const noexcept override { return error_.message().data(); }

 private:
  webhooks::error error_;
};

namespace detail {
[[noreturn]] inline void throw_bad_result_access(const error& e) {
#if ONCEHUB_WEBHOOKS_EXCEPTIONS
  throw bad_result_access(e);
#else
  // Without exceptions, accessing a missing value must not be undefined behaviour.
  std::fprintf(stderr, "oncehub-webhooks: result::value() called on an error: %s\n", e.message().data());
  std::abort();
#endif
}
}  // namespace detail

/// Either a `T` or an `error`. Test it with `if (r)` or `r.has_value()`, then read
/// `*r` / `r->`; `r.value()` checks and throws `bad_result_access` (or aborts when built
/// without exceptions); `r.error()` is the failure.
///
/// ```cpp
/// auto r = parser.parse(body);
/// if (!r) { log(r.error().to_string()); return 400; }
/// handle(*r);
/// ```
template <class T>
class [[nodiscard]] result {
 public:
  using value_type = T;
  using error_type = webhooks::error;

  /// A successful result.
  constexpr result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit by design
      : storage_(std::in_place_index<0>, std::move(value)) {}
  /// A failed result.
  constexpr result(webhooks::error e) noexcept  // NOLINT: implicit by design
      : storage_(std::in_place_index<1>, e) {}

  [[nodiscard]] constexpr bool has_value() const noexcept { return storage_.index() == 0; }
  constexpr explicit operator bool() const noexcept { return has_value(); }

  /// The value; throws `bad_result_access` (or aborts) on error.
  [[nodiscard]] constexpr T& value() & {
    if (!has_value()) { detail::throw_bad_result_access(error()); }
    return *std::get_if<0>(&storage_);
  }
  [[nodiscard]] constexpr const T& value() const& {
    if (!has_value()) { detail::throw_bad_result_access(error()); }
    return *std::get_if<0>(&storage_);
  }
  [[nodiscard]] constexpr T&& value() && {
    if (!has_value()) { detail::throw_bad_result_access(error()); }
    return std::move(*std::get_if<0>(&storage_));
  }
  /// The error. Precondition: `!has_value()`.
  [[nodiscard]] constexpr const webhooks::error& error() const noexcept { return *std::get_if<1>(&storage_); }

  /// The value. Precondition: `has_value()`.
  [[nodiscard]] constexpr T& operator*() & noexcept { return *std::get_if<0>(&storage_); }
  [[nodiscard]] constexpr const T& operator*() const& noexcept { return *std::get_if<0>(&storage_); }
  [[nodiscard]] constexpr T&& operator*() && noexcept { return std::move(*std::get_if<0>(&storage_)); }
  [[nodiscard]] constexpr T* operator->() noexcept { return std::get_if<0>(&storage_); }
  [[nodiscard]] constexpr const T* operator->() const noexcept { return std::get_if<0>(&storage_); }

  /// The value, or `fallback` on error.
  template <class U>
  [[nodiscard]] constexpr T value_or(U&& fallback) const& {
    return has_value() ? **this : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, webhooks::error> storage_;
};

/// A result that carries no value on success (e.g. signature verification).
template <>
class [[nodiscard]] result<void> {
 public:
  using value_type = void;
  using error_type = webhooks::error;

  constexpr result() noexcept = default;
  constexpr result(webhooks::error e) noexcept : error_(e), failed_(true) {}  // NOLINT: implicit by design

  [[nodiscard]] constexpr bool has_value() const noexcept { return !failed_; }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  /// Throws `bad_result_access` (or aborts) on error.
  constexpr void value() const {
    if (failed_) { detail::throw_bad_result_access(error_); }
  }
  [[nodiscard]] constexpr const webhooks::error& error() const noexcept { return error_; }

 private:
  webhooks::error error_{};
  bool failed_ = false;
};

}  // namespace oncehub::webhooks::inline v0

#endif  // ONCEHUB_WEBHOOKS_RESULT_HPP
