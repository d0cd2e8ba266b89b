// SPDX-License-Identifier: MIT
/// @file
/// `oncehub_webhooks_dedup_bench`: what de-duplication costs per delivery, `claim` +
/// `complete` of a new id (the path of every first delivery) and `claim` of a handled id
/// (a retry), on `memory_dedup_store` and on `redis_dedup_store` against a loopback
/// redis-server that this program starts (private unix socket and a free loopback TCP
/// port, persistence off) and stops. Threads: 1 and 4 callers sharing one store.
#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>
#include <oncehub/webhooks/dedup.hpp>
#include <oncehub/webhooks/redis_dedup.hpp>
#include <string>

#include "redis/redis_server.hpp"

namespace wh = oncehub::webhooks;

namespace {

std::unique_ptr<redis_test::server> redis;
std::atomic<std::uint64_t> next_id{0};

std::unique_ptr<wh::dedup_store> make_store(int kind) {
  if (kind == 0) { return std::make_unique<wh::memory_dedup_store>(); }
  std::string error;
  wh::redis_dedup_options o;
  o.endpoint = *wh::parse_redis_url(kind == 1 ? redis->unix_url() : redis->tcp_url(), error);
  o.key_prefix = "bench:";
  return std::make_unique<wh::redis_dedup_store>(o);
}

const char* const kinds[] = {"memory", "redis_unix", "redis_tcp"};
std::unique_ptr<wh::dedup_store> stores[3];

/// claim + complete of a new id per iteration: what every first delivery adds.
void claim_complete(benchmark::State& state) {
  wh::dedup_store& store = *stores[state.range(0)];
  const auto now = wh::dedup_store::clock::now();
  std::string id;
  for (auto _ : state) {
    id = "EVNT-bench-" + std::to_string(next_id.fetch_add(1, std::memory_order_relaxed));
    const wh::claim_result c = store.claim(id, now);
    if (c != wh::claim_status::first || store.complete(id, c.token, now) != wh::settle_status::done) {
      state.SkipWithError("claim/complete failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(kinds[state.range(0)]);
}

/// claim of an id already handled: what a retried delivery costs.
void claim_duplicate(benchmark::State& state) {
  wh::dedup_store& store = *stores[state.range(0)];
  const auto now = wh::dedup_store::clock::now();
  const std::string id = "EVNT-dup-" + std::to_string(state.thread_index());
  if (const wh::claim_result c = store.claim(id, now); c == wh::claim_status::first) {
    (void)store.complete(id, c.token, now);
  }
  for (auto _ : state) {
    if (store.claim(id, now) != wh::claim_status::duplicate) {
      state.SkipWithError("not a duplicate");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(kinds[state.range(0)]);
}

BENCHMARK(claim_complete)->DenseRange(0, 2)->Threads(1)->Threads(4)->UseRealTime();
BENCHMARK(claim_duplicate)->DenseRange(0, 2)->Threads(1)->Threads(4)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  redis = std::make_unique<redis_test::server>(true);
  for (int k = 0; k < 3; ++k) { stores[k] = make_store(k); }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) { return 1; }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (auto& s : stores) { s.reset(); }
  redis.reset();  // stops redis-server
  return 0;
}
