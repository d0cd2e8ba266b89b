// SPDX-License-Identifier: MIT
// Unit tests for include/oncehub/webhooks/result.hpp: result<T>, result<void>, bad_result_access.
#include "oncehub/webhooks/result.hpp"

#include <gtest/gtest.h>

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace {

namespace wh = oncehub::webhooks;
using wh::errc;
using wh::result;

wh::error sample_error() {
  return wh::detail::error_builder(errc::missing_field).path("data.id").message("no id here").offset(17).build();
}

static_assert(std::is_same_v<result<int>::value_type, int>);
static_assert(std::is_same_v<result<int>::error_type, wh::error>);
static_assert(std::is_same_v<result<void>::value_type, void>);
static_assert(!std::is_convertible_v<result<int>, bool>, "operator bool is explicit");
static_assert(std::is_constructible_v<bool, result<int>>);
static_assert(std::is_convertible_v<int, result<int>>, "a value converts implicitly");
static_assert(std::is_convertible_v<wh::error, result<int>>, "an error converts implicitly");
static_assert(std::is_convertible_v<wh::error, result<void>>);

// The observers are constexpr (evaluated on named objects: GCC 12 does not constant-fold
// std::get_if on a temporary's member).
constexpr bool value_result_is_constexpr() {
  result<int> r = 5;
  *r += 1;
  return r.has_value() && static_cast<bool>(r) && *r == 6 && r.value() == 6 && r.value_or(9) == 6;
}
constexpr bool error_result_is_constexpr() {
  const result<int> r = wh::error(errc::too_large);
  return !r.has_value() && r.error().code() == errc::too_large && r.value_or(9) == 9;
}
constexpr bool void_result_is_constexpr() {
  const result<void> ok;
  const result<void> failed = wh::error(errc::empty_body);
  ok.value();
  return ok.has_value() && !failed.has_value() && failed.error().code() == errc::empty_body;
}
static_assert(value_result_is_constexpr());
static_assert(error_result_is_constexpr());
static_assert(void_result_is_constexpr());

TEST(Result, HoldsAValue) {
  result<int> r = 42;
  EXPECT_TRUE(r.has_value());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(*r, 42);
  EXPECT_EQ(r.value(), 42);
  *r = 7;
  EXPECT_EQ(r.value(), 7);
  EXPECT_EQ(r.value_or(0), 7);
  const result<int>& cr = r;
  EXPECT_EQ(cr.value(), 7);
  EXPECT_EQ(*cr, 7);
}

TEST(Result, ArrowReachesTheValue) {
  result<std::string> r = std::string("hello");
  EXPECT_EQ(r->size(), 5U);
  r->append("!");
  EXPECT_EQ(*r, "hello!");
  const result<std::string>& cr = r;
  EXPECT_EQ(cr->front(), 'h');
}

TEST(Result, HoldsAnError) {
  const result<int> r = sample_error();
  EXPECT_FALSE(r.has_value());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error().code(), errc::missing_field);
  EXPECT_EQ(r.error().path(), "data.id");
  EXPECT_EQ(r.error().message(), "no id here");
  EXPECT_EQ(r.error().offset(), std::optional<std::size_t>{17});
  EXPECT_EQ(r.value_or(-1), -1);
}

TEST(Result, ValueThrowsBadResultAccessCarryingTheError) {
  result<int> r = sample_error();
  try {
    (void)r.value();
    FAIL() << "value() did not throw";
  } catch (const wh::bad_result_access& e) {
    EXPECT_EQ(e.error().code(), errc::missing_field);
    EXPECT_EQ(e.error().path(), "data.id");
    EXPECT_STREQ(e.what(), "no id here");
  }
  const result<int>& cr = r;
  EXPECT_THROW((void)cr.value(), wh::bad_result_access);
  EXPECT_THROW((void)std::move(r).value(), wh::bad_result_access);
}

TEST(Result, WhatFallsBackToTheDescription) {
  const result<int> r = wh::error(errc::too_large);
  try {
    (void)r.value();
    FAIL() << "value() did not throw";
  } catch (const std::exception& e) {  // bad_result_access is a std::exception
    EXPECT_STREQ(e.what(), "the request body is larger than the configured limit");
  }
}

TEST(Result, ValueOrConvertsTheFallback) {
  const result<std::string> ok = std::string("value");
  const result<std::string> failed = wh::error(errc::invalid_value);
  EXPECT_EQ(ok.value_or("fallback"), "value");
  EXPECT_EQ(failed.value_or("fallback"), "fallback");
  const result<std::string_view> view = wh::error(errc::invalid_value);
  EXPECT_EQ(view.value_or("x"), "x");
}

TEST(Result, MoveOnlyValue) {
  result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  ASSERT_TRUE(r);
  EXPECT_EQ(**r, 5);
  std::unique_ptr<int> taken = std::move(r).value();
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(*taken, 5);

  result<std::unique_ptr<int>> moved_from_deref = std::make_unique<int>(6);
  std::unique_ptr<int> taken2 = *std::move(moved_from_deref);
  EXPECT_EQ(*taken2, 6);

  result<std::unique_ptr<int>> failed = wh::error(errc::out_of_memory);
  EXPECT_FALSE(failed);
  EXPECT_EQ(failed.error().code(), errc::out_of_memory);
  EXPECT_THROW((void)std::move(failed).value(), wh::bad_result_access);

  // The result itself moves.
  result<std::unique_ptr<int>> source = std::make_unique<int>(8);
  result<std::unique_ptr<int>> destination = std::move(source);
  ASSERT_TRUE(destination);
  EXPECT_EQ(**destination, 8);
  static_assert(!std::is_copy_constructible_v<result<std::unique_ptr<int>>>);
  static_assert(std::is_move_constructible_v<result<std::unique_ptr<int>>>);
}

TEST(ResultVoid, SuccessAndFailure) {
  const result<void> ok;
  EXPECT_TRUE(ok.has_value());
  EXPECT_TRUE(static_cast<bool>(ok));
  EXPECT_NO_THROW(ok.value());

  const result<void> failed = sample_error();
  EXPECT_FALSE(failed.has_value());
  EXPECT_FALSE(static_cast<bool>(failed));
  EXPECT_EQ(failed.error().code(), errc::missing_field);
  EXPECT_EQ(failed.error().message(), "no id here");
  try {
    failed.value();
    FAIL() << "value() did not throw";
  } catch (const wh::bad_result_access& e) {
    EXPECT_EQ(e.error().code(), errc::missing_field);
    EXPECT_EQ(e.error().path(), "data.id");
  }
}

}  // namespace
