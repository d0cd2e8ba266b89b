#!/usr/bin/env bash
# Regenerates vectors.json: Oncehub-Signature values computed by an independent
# implementation (the openssl command line), over fixture bodies exactly as stored.
# usage: tests/data/signatures/make-vectors.sh > tests/data/signatures/vectors.json
set -euo pipefail
cd "$(dirname "$0")/../.."
secrets=(
  "d7686b8c83f04913929079aeae40189e"        # the shape of OnceHub's documented secret
  "whsec_rotation-2026-previous"            # any bytes are the key, as they are
  "sécret with spaces and UTF-8 ✓"
  "$(printf 'k%.0s' {1..100})"              # longer than the SHA-256 block (64 bytes)
)
timestamps=(1611144604 1700000000 1767225600)
bodies=(
  data/valid/booking.scheduled/compact-expanded-owner-page-event-type.json
  data/valid/booking.canceled/paid-with-stripe-charge.json
  data/valid/conversation.closed/$(ls data/valid/conversation.closed | head -n 1)
  data/valid/booking.scheduled/crlf-expanded-conversation-collapsed-children.json
)
echo '{"generator": "openssl dgst -sha256 -hmac <secret> over <t>.<body>", "vectors": ['
first=1
for b in "${bodies[@]}"; do
  for i in "${!secrets[@]}"; do
    t=${timestamps[$((i % ${#timestamps[@]}))]}
    s=${secrets[$i]}
    mac=$( { printf '%s.' "$t"; cat "$b"; } | openssl dgst -sha256 -hmac "$s" | sed 's/^.*= //')
    ((first)) || echo ','
    first=0
    printf '  {"body": "%s", "secret": "%s", "t": %s, "header": "t=%s,s=%s"}' "${b#data/}" "$s" "$t" "$t" "$mac"
  done
done
echo
echo ']}'
