// SPDX-License-Identifier: MIT
/// @file
/// Counts heap allocations by replacing malloc and operator new (see alloc_counter.hpp):
/// linked into the allocation tests and the benchmark binary.
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <new>

#include "alloc_counter.hpp"

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace alloc_counter {
std::atomic<long> allocation_count{0};
long allocations() { return allocation_count.load(std::memory_order_relaxed); }
}  // namespace alloc_counter

extern "C" {
void* malloc(std::size_t n) {
  alloc_counter::allocation_count.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(n);
}
void* calloc(std::size_t count, std::size_t n) {
  alloc_counter::allocation_count.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(count, n);
}
void* realloc(void* p, std::size_t n) {
  alloc_counter::allocation_count.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, n);
}
void free(void* p) { __libc_free(p); }
int posix_memalign(void** out, std::size_t alignment, std::size_t n) {
  alloc_counter::allocation_count.fetch_add(1, std::memory_order_relaxed);
  *out = __libc_memalign(alignment, n);
  return *out ? 0 : ENOMEM;
}
void* aligned_alloc(std::size_t alignment, std::size_t n) {
  alloc_counter::allocation_count.fetch_add(1, std::memory_order_relaxed);
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
