// SPDX-License-Identifier: MIT
/// @file
/// Runs one decoder N times over one file, for instruction counting under callgrind:
/// `oncehub_webhooks_bench_driver <oncehub|handwritten|stage1|verify> FILE N`.
/// bench/instructions.sh runs it with N and 2N and reports (Ir(2N) - Ir(N)) / N.
/// `verify` checks the file's `Oncehub-Signature` (HMAC-SHA256 over `t.body`) with a warm
/// `verifier`, and parses nothing.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "decoders/handwritten.hpp"
#include "decoders/oncehub.hpp"
#include "decoders/stage1.hpp"

namespace bench {
long verify_n(const std::string& body, long n);  // driver_verify.cpp
}  // namespace bench

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s <oncehub|handwritten|stage1|verify> FILE N\n", argv[0]);
    return 2;
  }
  const std::string decoder = argv[1];
  std::ifstream in(argv[2], std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string body = std::move(text).str();
  const bool booking =
      body.find("\"type\":\"booking.") != std::string::npos || body.find("\"type\": \"booking.") != std::string::npos;
  bench::payload p("file", body, booking);
  const long n = std::atol(argv[3]);
  long ok = 0;
  if (decoder == "oncehub") {
    bench::oncehub_decoder d;
    for (long i = 0; i < n; ++i) { ok += d.decode(p); }
  } else if (decoder == "handwritten") {
    bench::handwritten_decoder d;
    bench::sink out;
    for (long i = 0; i < n; ++i) { ok += d.decode(p, out); }
  } else if (decoder == "stage1") {
    bench::stage1_decoder d;
    for (long i = 0; i < n; ++i) { ok += d.decode(p); }
  } else if (decoder == "verify") {
    ok = bench::verify_n(body, n);
  } else {
    std::fprintf(stderr, "unknown decoder %s\n", decoder.c_str());
    return 2;
  }
  return ok == n ? 0 : 1;
}
