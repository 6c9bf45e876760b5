#!/usr/bin/env bash
# The same inputs give the same bytes: two uncached builds of one program
# (debug and release, native and aarch64) are identical, whatever the
# output's name.
set -eu
inkoc="$1"
program="$2"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
variants=("" "--release" "--static")
if [ -e "$(dirname "$inkoc")/../lib/inko/runtime/aarch64-linux-gnu/libinkort.a" ]; then
  variants+=("--target aarch64-linux-gnu --static --release")
fi
for flags in "${variants[@]}"; do
  # shellcheck disable=SC2086
  "$inkoc" build --no-cache $flags "$program" -o "$scratch/first"
  # shellcheck disable=SC2086
  "$inkoc" build --no-cache $flags "$program" -o "$scratch/second-name"
  cmp "$scratch/first" "$scratch/second-name" || { echo "FAIL: '$flags' builds differ"; exit 1; }
  echo "identical ($flags): $(sha256sum < "$scratch/first" | cut -c1-16)"
done
