#!/usr/bin/env bash
# A release build of hello world (uncached: front end, -O2, emission, link,
# strip) takes at most INKO_RELEASE_BUDGET seconds (default 0.3), best of 5.
set -eu
inkoc="$1"
hello="$2"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
best=""
for _ in 1 2 3 4 5; do
  start=$EPOCHREALTIME
  "$inkoc" build --no-cache --release "$hello" -o "$scratch/hello"
  took=$(echo "$EPOCHREALTIME - $start" | sed 's/,/./g' | awk '{ print $1 - $3 }')
  best=$(awk -v a="$took" -v b="${best:-$took}" 'BEGIN { print (a < b ? a : b) }')
done
echo "release build of hello world: ${best}s (best of 5)"
awk -v t="$best" -v b="${INKO_RELEASE_BUDGET:-0.3}" 'BEGIN { exit !(t <= b) }' ||
  { echo "FAIL: over the budget of ${INKO_RELEASE_BUDGET:-0.3}s"; exit 1; }
