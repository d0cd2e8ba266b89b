// SPDX-License-Identifier: MIT
/// @file
/// `oncehub_webhooks_bench`: every decoder on every payload, side by side in one run.
///
/// Names are `decode/<payload>/<decoder>` and `e2e/<payload>/<stage>` so scripts can
/// compute ratios from `--benchmark_format=json` (bench/report.py). Each benchmark first
/// checks its decoder's values against a reference reading and fails if they differ, then
/// times it, reporting bytes/s, events/s and heap allocations per iteration.
#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <oncehub/webhooks.hpp>
#include <oncehub/webhooks/signature.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "decoders/handwritten.hpp"
#include "decoders/oncehub.hpp"
#include "decoders/simdjson_dom.hpp"
#include "decoders/stage1.hpp"
#include "support/alloc_counter.hpp"
#include "support/rewrite.hpp"
#if ONCEHUB_WEBHOOKS_BENCH_PEERS
#include "decoders/boost_json.hpp"
#include "decoders/nlohmann.hpp"
#include "decoders/rapidjson.hpp"
#endif

namespace {

using bench::payload;

std::string read(const std::string& name) {
  std::ifstream in(std::string(ONCEHUB_WEBHOOKS_BENCH_DATA_DIR) + "/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

struct corpus {
  std::vector<std::unique_ptr<payload>> payloads;
  payload* find(const std::string& name) {
    for (auto& p : payloads) {
      if (p->name == name) { return p.get(); }
    }
    return nullptr;
  }
};

corpus& payloads() {
  static corpus c = [] {
    corpus out;
    const std::pair<const char*, bool> bases[] = {{"small", true},
                                                  {"typical", true},
                                                  {"large", true},
                                                  {"conversation", false}};
    for (const auto& [name, booking] : bases) {
      const std::string text = read(std::string(name) + ".json");
      out.payloads.push_back(std::make_unique<payload>(name, text, booking));
      out.payloads.push_back(std::make_unique<payload>(
          std::string(name) + "_shuffled", rewrite::document(text, /*shuffled=*/true, /*indent=*/0), booking));
      out.payloads.push_back(std::make_unique<payload>(
          std::string(name) + "_pretty", rewrite::document(text, /*shuffled=*/false, /*indent=*/2), booking));
    }
    return out;
  }();
  return c;
}

/// The values a payload holds, read by a decoder independent of ours.
const bench::sink& reference(const payload& p) {
#if ONCEHUB_WEBHOOKS_BENCH_PEERS
  using reader_type = bench::nlohmann_decoder;
#else
  using reader_type = bench::dom_decoder;
#endif
  struct entry {
    std::unique_ptr<reader_type> reader;  // the sink's views point into it: keep it
    bench::sink values;
  };
  static std::map<std::string, entry> cache;
  auto [it, inserted] = cache.try_emplace(p.name);
  if (inserted) {
    it->second.reader = std::make_unique<reader_type>(p.booking);
    if (!it->second.reader->decode(p, it->second.values)) {
      std::fprintf(stderr, "reference decoder failed on %s\n", p.name.c_str());
    }
  }
  return it->second.values;
}

/// Checks the decoder's answer, then times `step`, reporting rates and allocations.
template <class Step>
void timed(benchmark::State& state, const payload& p, const bench::sink* answer, Step&& step) {
  if (answer != nullptr) {
    const std::string difference = bench::compare(reference(p), *answer, p.booking);
    if (!difference.empty()) {
      state.SkipWithError(("wrong answer: " + difference).c_str());
      return;
    }
  }
  if (!step()) {
    state.SkipWithError("decoder failed");
    return;
  }
  for (int i = 0; i < 8; ++i) { step(); }  // warm: buffers grown, caches hot
  const long before = alloc_counter::allocations();
  for (auto _ : state) { benchmark::DoNotOptimize(step()); }
  const long allocations = alloc_counter::allocations() - before;
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * p.text.size()));
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["allocs/iter"] = static_cast<double>(allocations) /
                                  static_cast<double>(std::max<benchmark::IterationCount>(state.iterations(), 1));
}

void register_decoders(payload& p) {
  const std::string prefix = "decode/" + p.name + "/";
  benchmark::RegisterBenchmark((prefix + "oncehub").c_str(), [&p](benchmark::State& state) {
    bench::oncehub_decoder decoder;
    bench::sink answer;
    if (!decoder.decode(p, answer)) { state.SkipWithError("rejected"); }
    timed(state, p, &answer, [&] { return decoder.decode(p); });
  });
  benchmark::RegisterBenchmark((prefix + "handwritten").c_str(), [&p](benchmark::State& state) {
    bench::handwritten_decoder decoder;
    bench::sink answer;
    decoder.decode(p, answer);
    bench::sink out;
    timed(state, p, &answer, [&] { return decoder.decode(p, out); });
  });
  benchmark::RegisterBenchmark((prefix + "stage1").c_str(), [&p](benchmark::State& state) {
    bench::stage1_decoder decoder;
    timed(state, p, nullptr, [&] { return decoder.decode(p); });
  });
  benchmark::RegisterBenchmark((prefix + "simdjson_dom").c_str(), [&p](benchmark::State& state) {
    bench::dom_decoder decoder(p.booking);
    bench::sink answer;
    decoder.decode(p, answer);
    bench::sink out;
    timed(state, p, &answer, [&] { return decoder.decode(p, out); });
  });
#if ONCEHUB_WEBHOOKS_BENCH_PEERS
  benchmark::RegisterBenchmark((prefix + "rapidjson").c_str(), [&p](benchmark::State& state) {
    bench::rapidjson_decoder decoder(p.booking);
    bench::sink answer;
    decoder.decode(p, answer);
    bench::sink out;
    timed(state, p, &answer, [&] { return decoder.decode(p, out); });
  });
  benchmark::RegisterBenchmark((prefix + "rapidjson_insitu").c_str(), [&p](benchmark::State& state) {
    bench::rapidjson_insitu_decoder decoder(p.booking);
    bench::sink answer;
    decoder.decode(p, answer);
    bench::sink out;
    timed(state, p, &answer, [&] { return decoder.decode(p, out); });
  });
  benchmark::RegisterBenchmark((prefix + "boost_json").c_str(), [&p](benchmark::State& state) {
    bench::boost_json_decoder decoder(p.booking);
    bench::sink answer;
    decoder.decode(p, answer);
    bench::sink out;
    timed(state, p, &answer, [&] { return decoder.decode(p, out); });
  });
  benchmark::RegisterBenchmark((prefix + "nlohmann").c_str(), [&p](benchmark::State& state) {
    bench::nlohmann_decoder decoder(p.booking);
    bench::sink answer;
    decoder.decode(p, answer);
    bench::sink out;
    timed(state, p, &answer, [&] { return decoder.decode(p, out); });
  });
#endif
  benchmark::RegisterBenchmark((prefix + "memcpy").c_str(), [&p](benchmark::State& state) {
    std::vector<char> target(p.text.size());
    timed(state, p, nullptr, [&] {
      std::memcpy(target.data(), p.text.data(), p.text.size());
      benchmark::ClobberMemory();
      return true;
    });
  });
  benchmark::RegisterBenchmark((prefix + "validate_utf8").c_str(), [&p](benchmark::State& state) {
    timed(state, p, nullptr, [&] { return simdjson::validate_utf8(p.text.data(), p.text.size()); });
  });
}

/// Cold cache: the same document in thousands of distinct buffers (about 8 MB), decoded
/// round-robin, so the input is not in L1/L2 as it would not be in a server.
void register_cold(payload& base) {
  struct cold {
    std::vector<std::unique_ptr<payload>> copies;
    std::size_t next = 0;
    payload& take() {
      payload& p = *copies[next];
      next = (next + 1) % copies.size();
      return p;
    }
  };
  static cold buffers;
  const std::size_t count = (8u << 20) / base.text.size();
  for (std::size_t i = 0; i < count; ++i) {
    buffers.copies.push_back(std::make_unique<payload>(base.name, base.text, base.booking));
  }
  const std::string prefix = "decode/" + base.name + "_cold/";
  benchmark::RegisterBenchmark((prefix + "oncehub").c_str(), [&base](benchmark::State& state) {
    bench::oncehub_decoder decoder;
    timed(state, base, nullptr, [&] { return decoder.decode(buffers.take()); });
  });
  benchmark::RegisterBenchmark((prefix + "handwritten").c_str(), [&base](benchmark::State& state) {
    bench::handwritten_decoder decoder;
    bench::sink out;
    timed(state, base, nullptr, [&] { return decoder.decode(buffers.take(), out); });
  });
  benchmark::RegisterBenchmark((prefix + "stage1").c_str(), [&base](benchmark::State& state) {
    bench::stage1_decoder decoder;
    timed(state, base, nullptr, [&] { return decoder.decode(buffers.take()); });
  });
  benchmark::RegisterBenchmark((prefix + "memcpy").c_str(), [&base](benchmark::State& state) {
    std::vector<char> target(base.text.size());
    timed(state, base, nullptr, [&] {
      const payload& p = buffers.take();
      std::memcpy(target.data(), p.text.data(), p.text.size());
      benchmark::ClobberMemory();
      return true;
    });
  });
}

/// The baseline HMAC: OpenSSL's EVP_MAC "HMAC" with SHA-256, one context per MAC (what
/// the library used before its secrets kept their key states; 12 allocations per MAC).
bool evp_mac_hmac_sha256(std::string_view key, std::initializer_list<std::string_view> parts,
                         oncehub::webhooks::detail::digest& out) {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_new(mac), &EVP_MAC_CTX_free);
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                               OSSL_PARAM_construct_end()};
  if (!ctx || EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1) {
    return false;
  }
  for (std::string_view part : parts) {
    if (EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(part.data()), part.size()) != 1) {
      return false;
    }
  }
  std::size_t written = 0;
  return EVP_MAC_final(ctx.get(), out.data(), &written, out.size()) == 1 && written == out.size();
}

/// End to end: HMAC alone, verify alone, decode alone, and verify + decode + dispatch
/// through the router, so each stage's share of a delivery is visible.
void register_end_to_end(payload& p) {
  namespace wh = oncehub::webhooks;
  const std::string prefix = "e2e/" + p.name + "/";
  static const auto t = std::chrono::sys_seconds{std::chrono::seconds{1726149807}};
  // The library's one-shot HMAC (the key's blocks hashed on every call), next to the
  // EVP_MAC baseline it replaced.
  benchmark::RegisterBenchmark((prefix + "hmac").c_str(), [&p](benchmark::State& state) {
    const std::string ts = "1726149807";
    timed(state, p, nullptr, [&] {
      wh::detail::digest out{};
      return wh::detail::hmac_sha256("whsec_benchmark_secret_0123456789", {ts, ".", p.text}, out);
    });
  });
  benchmark::RegisterBenchmark((prefix + "hmac_evp_mac").c_str(), [&p](benchmark::State& state) {
    const std::string ts = "1726149807";
    timed(state, p, nullptr, [&] {
      wh::detail::digest out{};
      return evp_mac_hmac_sha256("whsec_benchmark_secret_0123456789", {ts, ".", p.text}, out);
    });
  });
  // What a receiver pays per delivery: a warm verifier (its secret's HMAC pads computed
  // once) checks the header over `t.body`; the body is not parsed.
  benchmark::RegisterBenchmark((prefix + "verify").c_str(), [&p](benchmark::State& state) {
    const wh::verifier verifier{"whsec_benchmark_secret_0123456789"};
    const auto header = wh::sign(p.text, "whsec_benchmark_secret_0123456789", t);
    if (!header) {
      state.SkipWithError("sign() failed");
      return;
    }
    timed(state, p, nullptr, [&] { return static_cast<bool>(verifier.verify(p.text, *header, t)); });
  });
  benchmark::RegisterBenchmark((prefix + "decode").c_str(), [&p](benchmark::State& state) {
    wh::parser parser;
    timed(state, p, nullptr, [&] { return static_cast<bool>(parser.parse(p.padded)); });
  });
  benchmark::RegisterBenchmark((prefix + "verify_decode_dispatch").c_str(), [&p](benchmark::State& state) {
    const std::string header = wh::sign(p.text, "whsec_benchmark_secret_0123456789", t).value_or("");
    wh::endpoint endpoint{wh::verifier{"whsec_benchmark_secret_0123456789"}};
    long handled = 0;
    wh::router router;
    router.on<wh::booking_family>([&](const wh::booking_event auto& e) { handled += e.data().id.has_value(); })
        .on<wh::conversation_family>([&](const auto& e) { handled += e.data().id.has_value(); })
        .on_any([&](const wh::event&) { ++handled; });
    timed(state, p, nullptr,
          [&] { return router.dispatch(endpoint.receive(p.padded, header, t)).outcome == wh::outcome::handled; });
    benchmark::DoNotOptimize(handled);
  });
}

}  // namespace

int main(int argc, char** argv) {
  // What produced these numbers: printed into the JSON context and the console header.
  benchmark::AddCustomContext("simdjson_active_implementation", simdjson::get_active_implementation()->name());
#define ONCEHUB_STRINGIFY2(x) #x
#define ONCEHUB_STRINGIFY(x) ONCEHUB_STRINGIFY2(x)
  benchmark::AddCustomContext("simdjson_builtin_implementation", ONCEHUB_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION));
  benchmark::AddCustomContext("compiler", __VERSION__);
  benchmark::AddCustomContext("cxx_flags", ONCEHUB_WEBHOOKS_BENCH_FLAGS);
  for (auto& p : payloads().payloads) { register_decoders(*p); }
  register_cold(*payloads().find("typical"));
  for (const char* name : {"small", "typical", "large", "conversation"}) {
    register_end_to_end(*payloads().find(name));
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) { return 1; }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
