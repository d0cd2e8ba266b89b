#!/usr/bin/env bash
# Deliveries per second through oncehub-webhook-receiver with each de-duplication store:
# none (--dedup-window 0), memory_dedup_store, and redis_dedup_store on a loopback
# redis-server (unix socket and TCP) that this script starts and stops by pid.
#
#   bench/receiver_throughput.sh BUILD_DIR [DELIVERIES_PER_SENDER] [SENDERS]
#
# SENDERS `oncehub-webhook send` processes (default 4), each with DELIVERIES_PER_SENDER
# (default 5000) signed deliveries of distinct event ids over one kept-alive connection,
# against a receiver with 8 worker threads. Each store is run twice: "new" (every id
# handled: claim + complete) and "repeat" (the same ids again: every answer a duplicate).
# Prints one line per run; the receiver's summary is checked (every new id handled once).
set -euo pipefail
build=${1:?usage: bench/receiver_throughput.sh BUILD_DIR [DELIVERIES_PER_SENDER] [SENDERS]}
per=${2:-5000}
senders=${3:-4}
build=$(cd "$build" && pwd)
cd "$(dirname "$0")/.."
receiver=$build/tools/oncehub-webhook-receiver
cli=$build/tools/oncehub-webhook
fixture=tests/data/valid/booking.scheduled/compact-expanded-owner-page-event-type.json
secret=throughput-secret-$$
export ONCEHUB_WEBHOOK_SECRET=$secret

work=$(mktemp -d)
redis_pid=
receiver_pid=
cleanup() {
  [[ -n $receiver_pid ]] && kill "$receiver_pid" 2>/dev/null || true
  [[ -n $redis_pid ]] && kill "$redis_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --unixsocket "$work/redis.sock" --unixsocketperm 700 \
  --save '' --appendonly no --dir "$work" --daemonize no --loglevel warning >"$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 200); do redis-cli -s "$work/redis.sock" ping >/dev/null 2>&1 && break; sleep 0.05; done

# The deliveries: the same booking with a distinct id each, one folder per sender.
python3 - "$fixture" "$work" "$senders" "$per" <<'EOF'
import os, re, sys
fixture, work, senders, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
body = open(fixture, encoding="utf-8").read()
old = re.search(r'EVNT-[A-Za-z0-9]+', body).group(0)
for s in range(senders):
    os.makedirs(f"{work}/s{s}")
    for i in range(per):
        with open(f"{work}/s{s}/{i}.json", "w", encoding="utf-8") as f:
            f.write(body.replace(old, f"EVNT-TP{s:02d}X{i:07d}", 1))
EOF

run() {  # run NAME FLAGS...
  local name=$1
  shift
  redis-cli -s "$work/redis.sock" flushall >/dev/null
  "$receiver" --port 0 --threads 8 "$@" >"$work/$name.out" 2>"$work/$name.err" &
  receiver_pid=$!
  local url=
  for _ in $(seq 200); do
    url=$(sed -n 's/^listening on //p' "$work/$name.out")
    [[ -n $url ]] && break
    sleep 0.05
  done
  for pass in new repeat; do
    local start end
    local pids=()
    start=$(date +%s.%N)
    for s in $(seq 0 $((senders - 1))); do
      # A delivery that got no answer (the receiver closes a kept-alive connection idle for
      # 1 s, which a starved sender can hit) is sent again, as OnceHub would.
      (cd "$work/s$s" && { "$cli" send --url "$url" *.json >"$work/send$s.out" 2>&1 ||
        { sed -n 's/^error \([^:]*\):.*/\1/p' "$work/send$s.out" >"$work/retry$s"
          [[ -s $work/retry$s ]] && xargs "$cli" send --url "$url" <"$work/retry$s" >/dev/null 2>&1; }; }) &
      pids+=($!)
    done
    local failed=0
    for p in "${pids[@]}"; do wait "$p" || failed=1; done
    end=$(date +%s.%N)
    if ((failed)); then
      echo "error: $name $pass: a sender could not deliver everything:" >&2
      grep -h '^error' "$work"/send*.out | head -5 >&2
      exit 1
    fi
    python3 -c "import sys; n=$senders*$per; t=$end-$start; print(f'{sys.argv[1]:<12} {sys.argv[2]:<7} {n} deliveries in {t:.2f} s: {n/t:,.0f} per second')" "$name" "$pass"
  done
  kill "$receiver_pid"
  wait "$receiver_pid" 2>/dev/null || true
  receiver_pid=
  local summary
  summary=$(grep '^summary' "$work/$name.out")
  local handled=${summary#* handled=}
  handled=${handled%% *}
  local expected=$((senders * per))
  [[ $name == none ]] && expected=$((2 * senders * per))  # no de-duplication: repeats are handled too
  if [[ $handled != "$expected" ]]; then
    echo "error: $name handled $handled deliveries, expected $expected: $summary" >&2
    exit 1
  fi
  echo "             receiver: $summary"
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) vCPU; $senders senders x $per deliveries; receiver --threads 8"
run none --dedup-window 0
run memory
run redis-unix --dedup-redis "unix://$work/redis.sock"
run redis-tcp --dedup-redis "redis://127.0.0.1:$port/0"
