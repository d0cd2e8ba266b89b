#!/usr/bin/env bash
# The side-by-side benchmark built by g++ 12 and by clang 14 (same flags otherwise), run in
# alternating rounds so both see the same machine, and its raw output committed beside the
# chart: bench/results/<compiler>.json (each sample; the context says machine, compiler,
# flags and simdjson kernels). bench/report.py makes the tables and bench/ratios.svg from them.
# usage: bench/run_compilers.sh GCC_BUILD CLANG_BUILD [ROUNDS] [REPETITIONS] [MIN_TIME]
#   each BUILD_DIR configured with -DCMAKE_BUILD_TYPE=Release -DONCEHUB_WEBHOOKS_BUILD_BENCHMARKS=ON
#   (the clang one with -DCMAKE_CXX_COMPILER=clang++-14), target oncehub_webhooks_bench built.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gcc_build=${1:?usage: bench/run_compilers.sh GCC_BUILD CLANG_BUILD [ROUNDS] [REPETITIONS] [MIN_TIME]}
clang_build=${2:?usage: bench/run_compilers.sh GCC_BUILD CLANG_BUILD [ROUNDS] [REPETITIONS] [MIN_TIME]}
rounds=${3:-2}
repetitions=${4:-3}
min_time=${5:-0.1}
filter=${BENCH_FILTER:-.}
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
kernel=$(uname -r)
cpu=${cpu//,/}  # benchmark_context separates pairs with commas
mkdir -p "$here/results"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for round in $(seq 1 "$rounds"); do
  for compiler in gcc-12 clang-14; do
    build=$gcc_build
    [[ $compiler == clang-14 ]] && build=$clang_build
    echo "round $round/$rounds: $compiler" >&2
    # Pinned to one vCPU; random interleaving spreads the machine's drift over all rows.
    taskset -c 0 "$build/bench/oncehub_webhooks_bench" --benchmark_filter="$filter" \
      --benchmark_repetitions="$repetitions" --benchmark_min_time="$min_time" \
      --benchmark_enable_random_interleaving=true --benchmark_format=json \
      --benchmark_context="cpu_model=$cpu,kernel=$kernel,method=$rounds rounds x $repetitions repetitions of min_time $min_time s pinned by taskset -c 0" \
      >"$tmp/$compiler-$round.json"
  done
done
# One file per compiler: every round's samples (aggregates dropped; report.py computes its
# own medians), the fields report.py and a reader need.
python3 - "$tmp" "$here/results" "$rounds" <<'PY'
import json, sys
tmp, out, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
keep = ["name", "run_name", "repetition_index", "iterations", "real_time", "cpu_time", "time_unit",
        "allocs/iter", "bytes_per_second", "error_occurred", "error_message"]
for compiler in ["gcc-12", "clang-14"]:
    context, samples = None, []
    for r in range(1, rounds + 1):
        doc = json.load(open(f"{tmp}/{compiler}-{r}.json"))
        context = context or doc["context"]
        for b in doc["benchmarks"]:
            if b.get("run_type") == "aggregate":
                continue
            s = {k: b[k] for k in keep if k in b}
            s["round"] = r
            samples.append(s)
    with open(f"{out}/{compiler}.json", "w") as f:
        json.dump({"context": context, "benchmarks": samples}, f, indent=0)
        f.write("\n")
    print(f"{out}/{compiler}.json: {len(samples)} samples")
PY
