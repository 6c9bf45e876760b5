#!/usr/bin/env bash
# Cross-compiling: growable stacks on aarch64 (docs/stacks.md). The e2e
# programs for deep recursion across segments (stack arguments, collections
# scanning older segments) and for a trace across segments, built with
# --target aarch64-linux-gnu, must print what their CHECK lines say under
# qemu-aarch64.
set -eu
inkoc="$1"
e2e="$2"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export INKOC_CACHE_DIR="$scratch/cache"
expected() { sed -n "s/^# CHECK:$2: //p" "$1"; }

program="$e2e/processes/growable_stacks.inko"
"$inkoc" build --target aarch64-linux-gnu "$program" -o "$scratch/stacks"
output="$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$scratch/stacks")"
[ "$output" = "$(expected "$program" STDOUT)" ] || { echo "FAIL: growable_stacks printed '$output'"; exit 1; }

program="$e2e/panics/deep_panic_trace.inko"
"$inkoc" build --target aarch64-linux-gnu "$program" -o "$scratch/trace"
status=0
output="$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$scratch/trace" 2>"$scratch/err")" || status=$?
[ "$status" = 1 ] || { echo "FAIL: deep_panic_trace exited with $status"; exit 1; }
[ "$output" = "$(expected "$program" STDOUT)" ] || { echo "FAIL: deep_panic_trace printed '$output'"; exit 1; }
frames="$(grep -c 'line 17, in "explode"' "$scratch/err")"
[ "$frames" = 197 ] || { echo "FAIL: the trace shows $frames recursive frames, not 197"; exit 1; }
grep -q '^  20002: .*in "/"$' "$scratch/err" || { echo "FAIL: the trace does not end at frame 20002"; cat "$scratch/err" | tail -3; exit 1; }
echo "aarch64: deep recursion across segments and a trace across segments"
