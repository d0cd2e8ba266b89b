// SPDX-License-Identifier: MIT
/// @file
/// Heap allocations so far in this process. Linking `alloc_counter.cpp` into a binary
/// replaces the global `malloc` family and `operator new`/`delete` with counting versions
/// (the allocation tests and the benchmarks both use this one copy). Never link it into a
/// sanitizer build: the sanitizers replace the same functions.
#ifndef ONCEHUB_WEBHOOKS_TESTS_ALLOC_COUNTER_HPP
#define ONCEHUB_WEBHOOKS_TESTS_ALLOC_COUNTER_HPP

namespace alloc_counter {

/// Calls to `malloc`, `calloc`, `realloc`, `posix_memalign`, `aligned_alloc` and every
/// `operator new` since the process started (frees are not subtracted).
long allocations();

}  // namespace alloc_counter

#endif  // ONCEHUB_WEBHOOKS_TESTS_ALLOC_COUNTER_HPP
