#!/usr/bin/env bash
# CI smoke run: every benchmark once, briefly. It checks answers (each benchmark compares
# its decoder's values with a reference before timing) and allocation counts; it times
# nothing worth reading. usage: bench/smoke.sh BUILD_DIR
set -euo pipefail
bench=${1:?usage: bench/smoke.sh BUILD_DIR}/bench/oncehub_webhooks_bench
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bench" --benchmark_min_time=0.0005 --benchmark_format=json >"$out"
python3 - "$out" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
runs = doc["benchmarks"]
errors = [b for b in runs if b.get("error_occurred")]
for b in errors:
    print(f"FAILED {b['name']}: {b.get('error_message')}")
# Zero heap allocations per parse and per dispatch on a warm parser, and per verification
# on a warm verifier (hmac_evp_mac, OpenSSL's EVP_MAC baseline, does allocate).
ours = [b for b in runs if b["name"].endswith(("/oncehub", "/decode", "/hmac", "/verify", "/verify_decode_dispatch"))]
leaks = [b for b in ours if b.get("allocs/iter", 0) != 0]
for b in leaks:
    print(f"ALLOCATES {b['name']}: {b['allocs/iter']} allocations per iteration")
print(f"benchmark smoke run: {len(runs)} benchmarks, {len(errors)} wrong answers, {len(leaks)} allocating")
sys.exit(1 if errors or leaks or len(runs) < 100 else 0)
PY
