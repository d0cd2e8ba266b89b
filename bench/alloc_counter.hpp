// SPDX-License-Identifier: MIT
/// @file
/// Heap allocations so far in this process (see alloc_counter.cpp).
#ifndef ONCEHUB_WEBHOOKS_BENCH_ALLOC_COUNTER_HPP
#define ONCEHUB_WEBHOOKS_BENCH_ALLOC_COUNTER_HPP
namespace bench {
long allocations();
}
#endif
