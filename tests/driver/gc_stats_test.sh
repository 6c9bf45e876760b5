#!/usr/bin/env bash
# INKO_GC_STATS=1 makes a program print its collection pauses to stderr at
# exit (docs/memory.md, "GC pauses"); without it nothing is printed.
set -eu
inkoc="$1"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export INKOC_CACHE_DIR="$scratch/cache"
cat >"$scratch/alloc.inko" <<'INKO'
import std::stdio::stdout

let mut round = 0
let mut kept = Array.new
{ round < 200_000 }.while_true {
  kept = Array.new(round, round + 1, round + 2)
  round += 1
}
stdout.print(kept[2].to_string)
INKO
"$inkoc" build "$scratch/alloc.inko" -o "$scratch/alloc"

"$scratch/alloc" >"$scratch/out" 2>"$scratch/err"
[ "$(cat "$scratch/out")" = "200001" ] || { echo "FAIL: stdout without stats"; exit 1; }
[ ! -s "$scratch/err" ] || { echo "FAIL: stderr without INKO_GC_STATS:"; cat "$scratch/err"; exit 1; }

INKO_GC_STATS=1 "$scratch/alloc" >"$scratch/out" 2>"$scratch/err"
[ "$(cat "$scratch/out")" = "200001" ] || { echo "FAIL: stdout with stats"; exit 1; }
number='[0-9]+\.[0-9]{3}'
summary="^gc: 1 heaps, ([0-9]+) collections; pause median $number ms, p99 $number ms, longest $number ms\$"
process="^gc: process 1: ([0-9]+) collections, pause p99 $number ms, longest $number ms, total $number ms; live [0-9]+ KB\$"
[ "$(wc -l <"$scratch/err")" -eq 2 ] || { echo "FAIL: expected two lines:"; cat "$scratch/err"; exit 1; }
first="$(sed -n 1p "$scratch/err")"
second="$(sed -n 2p "$scratch/err")"
[[ "$first" =~ $summary ]] || { echo "FAIL: summary line: $first"; exit 1; }
collections="${BASH_REMATCH[1]}"
[ "$collections" -gt 0 ] || { echo "FAIL: no collection recorded: $first"; exit 1; }
[[ "$second" =~ $process ]] || { echo "FAIL: process line: $second"; exit 1; }
[ "${BASH_REMATCH[1]}" = "$collections" ] || { echo "FAIL: collection counts differ"; exit 1; }

INKO_GC_STATS=0 "$scratch/alloc" >"$scratch/out" 2>"$scratch/err"
[ ! -s "$scratch/err" ] || { echo "FAIL: INKO_GC_STATS=0 printed:"; cat "$scratch/err"; exit 1; }
echo "$first"
