#!/usr/bin/env bash
# Load, side by side (issue 13): oncehub-webhook-receiver on each adapter, driven by wrk
# (Debian `wrk`) from a second process over kept-alive loopback connections, in two
# modes on the same signed requests:
#   bare  `--bare-200`: the adapter reads each request (head, framing, whole body) and
#         the receive core answers 200 without verifying, parsing, dispatching or logging;
#   full  the real receiver: verify, parse, de-duplicate, dispatch, log a line per request.
# Prints deliveries/s and p50/p99 latency per adapter and mode, and full/bare.
# Not a test: figures depend on the machine and its load (indicative on a shared box).
#
# usage: bench/receiver-load.sh [BUILD_DIR] (default build/release, configured and built
#        here as Release when missing); env: DURATION (s, default 10), CONNECTIONS (16),
#        THREADS (receiver threads, 2), DELIVERIES (distinct signed events, 2000),
#        ADAPTERS ("beast httplib poco").
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
duration=${DURATION:-10}
connections=${CONNECTIONS:-16}
threads=${THREADS:-2}
deliveries=${DELIVERIES:-2000}
adapters=${ADAPTERS:-beast httplib poco}

command -v wrk >/dev/null || { echo "wrk is not installed (Debian: apt-get install wrk; scripts/install-deps)" >&2; exit 2; }
if [[ ! -x $build/tools/oncehub-webhook-receiver || ! -x $build/tools/oncehub-webhook ]]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j2 --target oncehub-webhook-receiver oncehub-webhook >/dev/null
fi
receiver=$build/tools/oncehub-webhook-receiver
cli=$build/tools/oncehub-webhook

work=$(mktemp -d)
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

secret=bench-secret-5f1d3c
body_file=tests/data/valid/booking.scheduled/compact-expanded-owner-page-event-type.json
# Distinct event ids, so that de-duplication sees new events (then repeats: a run sends
# more requests than there are events, so most are answered as duplicates, which still
# verify, parse, claim and log). Signed with the receiver's own `sign` for the first,
# and with the same HMAC in Python for the rest (the first is cross-checked).
now=$(date +%s)
python3 - "$body_file" "$secret" "$now" "$deliveries" "$work/requests.lua" "$cli" <<'PY'
import hashlib, hmac, subprocess, sys
body_file, secret, now, count, out, cli = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]
template = open(body_file, 'rb').read()
start = template.index(b'EVNT-')
end = template.index(b'"', start)
def lua(b): return '"' + ''.join('\\%03d' % c if c < 32 or c in (34, 92) or c > 126 else chr(c) for c in b) + '"'
with open(out, 'w') as f:
    f.write('bodies = {}\nsignatures = {}\n')
    for i in range(count):
        body = template[:start] + b'EVNT-LOAD%08d' % i + template[end:]
        sig = 't=%s,s=%s' % (now, hmac.new(secret.encode(), now.encode() + b'.' + body, hashlib.sha256).hexdigest())
        if i == 0:
            ref = subprocess.run([cli, 'sign', '--secret', secret, '--timestamp', now, '-'], input=body,
                                 capture_output=True, check=True).stdout.decode().strip()
            assert ref == sig, (ref, sig)
        f.write('bodies[%d] = %s\nsignatures[%d] = "%s"\n' % (i + 1, lua(body), i + 1, sig))
PY
cat > "$work/post.lua" <<EOF2
dofile("$work/requests.lua")
local requests = {}
local n = 0
init = function(args)
  for i = 1, #bodies do
    requests[i] = wrk.format("POST", "/webhooks/oncehub",
      {["Content-Type"] = "application/json", ["Oncehub-Signature"] = signatures[i]}, bodies[i])
  end
end
request = function()
  n = n % #requests + 1
  return requests[n]
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.3f %.3f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
EOF2

run() {  # adapter mode -> "rate p50 p99 non2xx socket_errors"
  local adapter=$1 mode=$2 extra=()
  [[ $mode == bare ]] && extra=(--bare-200)
  "$receiver" --adapter "$adapter" --port 0 --secret "$secret" --threads "$threads" --tolerance 86400 \
    "${extra[@]}" >"$work/log" 2>"$work/err" &
  pid=$!
  for _ in $(seq 400); do grep -q '^listening on' "$work/log" 2>/dev/null && break; sleep 0.05; done
  local port
  port=$(sed -n 's|^listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$work/log")
  [[ -n $port ]] || { echo "the $adapter receiver did not start in 20 s: $(cat "$work/err" "$work/log")" >&2; return 1; }
  wrk -t1 -c"$connections" -d2s -s "$work/post.lua" "http://127.0.0.1:$port" >/dev/null  # warm up
  wrk -t1 -c"$connections" -d"${duration}s" -s "$work/post.lua" "http://127.0.0.1:$port" | sed -n 's/^RESULT //p'
  kill -TERM "$pid"; wait "$pid" || true; pid=
  [[ $mode == full ]] && grep '^summary' "$work/log" | sed 's/^/    /' >&2 || true
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t1 -c$connections -d${duration}s (kept-alive), receiver --threads $threads, $deliveries distinct signed deliveries of $(stat -c %s "$body_file") bytes"
printf '%-8s | %-5s | %12s | %8s | %8s | %s\n' adapter mode deliveries/s "p50 ms" "p99 ms" "full/bare"
for adapter in $adapters; do
  bare=$(run "$adapter" bare)
  full=$(run "$adapter" full)
  read -r bare_rate bare_p50 bare_p99 bare_bad bare_err <<<"$bare"
  read -r full_rate full_p50 full_p99 full_bad full_err <<<"$full"
  printf '%-8s | %-5s | %12.0f | %8s | %8s |\n' "$adapter" bare "$bare_rate" "$bare_p50" "$bare_p99"
  printf '%-8s | %-5s | %12.0f | %8s | %8s | %.2f\n' "$adapter" full "$full_rate" "$full_p50" "$full_p99" \
    "$(echo "$full_rate / $bare_rate" | bc -l)"
  if ((bare_bad + full_bad + bare_err + full_err > 0)); then
    echo "  ($adapter: non-2xx bare=$bare_bad full=$full_bad, socket errors bare=$bare_err full=$full_err)"
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
