#!/usr/bin/env bash
# Instructions per document, under callgrind: deterministic, so this is the number to
# track regressions with (timings on shared VMs drift 1.5x between runs).
# usage: bench/instructions.sh [BUILD_DIR] [N]   (BUILD_DIR holds bench/oncehub_webhooks_bench_driver)
# For each payload and decoder it runs N and 2N decodes and prints (Ir(2N) - Ir(N)) / N,
# which cancels start-up costs, next to the hand-written decoder's count and the ratio.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build/bench}
n=${2:-200}
driver=$build/bench/oncehub_webhooks_bench_driver
[[ -x $driver ]] || { echo "no driver at $driver: build with -DONCEHUB_WEBHOOKS_BUILD_BENCHMARKS=ON" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }

instructions() {  # decoder file count -> total Ir
  local out
  out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$driver" "$1" "$2" "$3" 2>&1 | grep -E 'Collected' | awk '{print $NF}')
  echo "${out//,/}"
}

printf '%-14s %12s %12s %12s %10s %10s\n' payload oncehub handwritten stage1 "x hand" "x stage1"
for file in "$here"/data/*.json; do
  name=$(basename "$file" .json)
  declare -A per
  for decoder in oncehub handwritten stage1; do
    a=$(instructions "$decoder" "$file" "$n")
    b=$(instructions "$decoder" "$file" $((2 * n)))
    per[$decoder]=$(( (b - a) / n ))
  done
  printf '%-14s %12d %12d %12d %10.3f %10.2f\n' "$name" "${per[oncehub]}" "${per[handwritten]}" "${per[stage1]}" \
    "$(echo "${per[oncehub]} / ${per[handwritten]}" | bc -l)" "$(echo "${per[oncehub]} / ${per[stage1]}" | bc -l)"
done
