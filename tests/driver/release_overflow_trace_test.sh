#!/usr/bin/env bash
# A stack overflow in a release build (-O2, stripped): -O2 frames are small,
# so the 64 MiB stack holds over a million of them. The trace must still end
# at `main` (the walk once stopped after 2^20 frames) and come in seconds
# (without a symbol table, libunwind read the executable's file for every
# frame: minutes). Also for aarch64 under qemu when its runtime is built.
set -eu
inkoc="$1"
program="$2"
shift 2
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export INKOC_CACHE_DIR="$scratch/cache"

check() {
  local name="$1"
  shift
  local status=0
  timeout 60 "$@" 2>"$scratch/err" >/dev/null || status=$?
  [ "$status" = 1 ] || { echo "FAIL: $name exited with $status"; exit 1; }
  sed -n 2p "$scratch/err" | grep -q '^  0: ".*stack_overflow.inko" line 9, in "main"$' ||
    { echo "FAIL: $name's oldest frame is not main:"; sed -n 2p "$scratch/err"; exit 1; }
  tail -n 1 "$scratch/err" | grep -q 'panicked: Stack overflow$' ||
    { echo "FAIL: $name's last line:"; tail -n 1 "$scratch/err"; exit 1; }
  frames="$(grep -o '\.\.\. [0-9]* frames left out' "$scratch/err" | grep -o '[0-9]*')"
  echo "$name: $((frames + 200)) frames, oldest main"
}

"$inkoc" build --release "$program" -o "$scratch/host"
check "x86-64 --release" "$scratch/host"
for target in "$@"; do
  "$inkoc" build --release --target "$target" "$program" -o "$scratch/$target"
  check "$target --release" qemu-"${target%%-*}" -L "/usr/$target" "$scratch/$target"
done
