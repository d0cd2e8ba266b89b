#!/usr/bin/env bash
# The instruction-count regression guard that scripts/test runs (issue 16, goal 5):
# bench/instructions.sh on BUILD_DIR's driver, then bench/check_instructions.py against the
# committed bench/instructions-baseline.txt. Fails when any payload's oncehub count grew
# more than 3 %. About 30 s (24 short callgrind runs).
# usage: bench/instruction_guard.sh BUILD_DIR [--update]
#   --update rewrites the baseline from this build (say why in the commit).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: bench/instruction_guard.sh BUILD_DIR [--update]}
baseline=$here/instructions-baseline.txt

# What the counts depend on: the compiler and its flags (the build's), simdjson's version
# (its stage 1 and unescaping run inside libsimdjson.so) and valgrind's CPU model (no
# AVX-512: the haswell kernel). The checker compares the compiler line.
cache=$build/CMakeCache.txt
[[ -f $cache ]] || { echo "no CMakeCache.txt in $build" >&2; exit 2; }
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$cache"; }
cxx=$(cache_value CMAKE_CXX_COMPILER)
build_type=$(cache_value CMAKE_BUILD_TYPE)
flags="$(cache_value CMAKE_CXX_FLAGS) $(cache_value "CMAKE_CXX_FLAGS_${build_type^^}")"
if "$cxx" --version | head -1 | grep -q clang; then name=clang; else name=g++; fi
compiler="$name $("$cxx" -dumpfullversion 2>/dev/null || "$cxx" -dumpversion) ${build_type}: $(echo $flags)"

measured=$(mktemp)
trap 'rm -f "$measured"' EXIT
"$here/instructions.sh" "$build" >"$measured"

if [[ ${2:-} == --update ]]; then
  {
    echo "# Instructions per document under callgrind, from bench/instructions.sh: the baseline of"
    echo "# bench/instruction_guard.sh (scripts/test fails when an oncehub count grows > 3 %)."
    echo "# compiler: $compiler"
    echo "# simdjson: $(dpkg-query -W -f='${Version}' libsimdjson-dev 2>/dev/null || echo unknown) (libsimdjson-dev); $(valgrind --version)"
    echo "# machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1); measured $(date -u +%Y-%m-%d) at $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')"
    cat "$measured"
  } >"$baseline"
  echo "baseline written: $baseline"
  cat "$baseline"
  exit 0
fi
python3 "$here/check_instructions.py" "$baseline" "$measured" --compiler "$compiler"
