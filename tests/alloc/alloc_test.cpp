// SPDX-License-Identifier: MIT
// A warm parser decodes without touching the heap. This binary replaces the global
// allocation functions with counting ones, so it is built without sanitizers.
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <functional>
#include <cstdlib>
#include <new>
#include <oncehub/webhooks.hpp>
#include <string>
#include <vector>

#include "support/test_data.hpp"

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace {
std::atomic<long> allocations{0};
}

extern "C" {
void* malloc(std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(n);
}
void* calloc(std::size_t count, std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(count, n);
}
void* realloc(void* p, std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, n);
}
void free(void* p) { __libc_free(p); }
int posix_memalign(void** out, std::size_t alignment, std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  *out = __libc_memalign(alignment, n);
  return *out ? 0 : ENOMEM;
}
void* aligned_alloc(std::size_t alignment, std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_memalign(alignment, n);
}
}

void* operator new(std::size_t n) {
  if (void* p = malloc(n ? n : 1)) { return p; }
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return malloc(n ? n : 1); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return malloc(n ? n : 1); }
void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, std::size_t) noexcept { free(p); }
void operator delete[](void* p, std::size_t) noexcept { free(p); }

namespace wh = oncehub::webhooks;

namespace {

long allocations_during(const std::function<void()>& work) {
  const long before = allocations.load();
  work();
  return allocations.load() - before;
}

TEST(Allocations, CountingWorks) {
  EXPECT_GE(allocations_during([] { delete new int(1); }), 1);
}

TEST(Allocations, AWarmParserDecodesEveryFixtureWithoutAllocating) {
  std::vector<std::string> bodies;
  std::vector<std::unique_ptr<simdjson::padded_string>> padded;
  for (const char* folder : {"valid", "findings"}) {
    for (const auto& path : test_data::json_files(test_data::data_dir() / folder)) {
      bodies.push_back(test_data::read_file(path));
      padded.push_back(std::make_unique<simdjson::padded_string>(bodies.back()));
    }
  }
  ASSERT_GT(bodies.size(), 50u);
  wh::parser parser;
  // Warm up: the parser grows its buffers to the largest body once.
  for (const auto& body : bodies) { ASSERT_TRUE(parser.parse(body)); }
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    SCOPED_TRACE(bodies[i].substr(0, 60));
    bool ok = false;
    EXPECT_EQ(allocations_during([&] { ok = static_cast<bool>(parser.parse(bodies[i])); }), 0);
    EXPECT_TRUE(ok);
    EXPECT_EQ(allocations_during([&] { ok = static_cast<bool>(parser.parse(*padded[i])); }), 0);
    EXPECT_TRUE(ok);
  }
}

TEST(Allocations, RejectionsDoNotAllocateEither) {
  wh::parser parser;
  ASSERT_TRUE(parser.parse(test_data::read_file(test_data::json_files(test_data::data_dir() / "valid").front())));
  for (const auto& path : test_data::json_files(test_data::data_dir() / "invalid")) {
    const std::string body = test_data::read_file(path);
    (void)parser.parse(body);  // warm
    bool failed = false;
    EXPECT_EQ(allocations_during([&] { failed = !parser.parse(body); }), 0) << path;
    EXPECT_TRUE(failed) << path;
  }
}

TEST(Allocations, DispatchThroughTheRouterAndVisitDoesNotAllocate) {
  int seen = 0;
  wh::router router;
  router.on<wh::booking_canceled>([&](const auto&) { ++seen; })
      .on<wh::booking_family>([&](const wh::booking_event auto&) { ++seen; })
      .on<wh::conversation_family>([&](const auto&) { ++seen; })
      .on_unknown([&](const wh::unknown_event&) { ++seen; })
      .on_any([&](const wh::event&) { ++seen; });
  wh::parser parser;
  for (const auto& path : test_data::json_files(test_data::data_dir() / "valid")) {
    const std::string body = test_data::read_file(path);
    auto parsed = parser.parse(body);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(allocations_during([&] { EXPECT_TRUE(router.dispatch(*parsed)); }), 0) << path;
    EXPECT_EQ(allocations_during([&] {
                seen += wh::visit(*parsed, [](const wh::booking_event auto&) { return 1; },
                                  [](const wh::conversation_event auto&) { return 2; },
                                  [](const wh::unknown_event&) { return 3; });
              }),
              0);
  }
  EXPECT_GT(seen, 100);
}

}  // namespace
