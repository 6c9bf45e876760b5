#!/usr/bin/env bash
# Cross-compiling: hello world built with --target aarch64-linux-gnu (and
# once more --static --release) runs under qemu-aarch64.
set -eu
inkoc="$1"
hello="$2"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export INKOC_CACHE_DIR="$scratch/cache"
"$inkoc" build --target aarch64-linux-gnu "$hello" -o "$scratch/hello"
readelf -h "$scratch/hello" | grep -q "AArch64" || { echo "FAIL: not an aarch64 executable"; exit 1; }
output="$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$scratch/hello")"
[ "$output" = "Hello, world!" ] || { echo "FAIL: printed '$output'"; exit 1; }
"$inkoc" build --target aarch64-linux-gnu --static --release "$hello" -o "$scratch/hello-static"
output="$(qemu-aarch64 "$scratch/hello-static")"
[ "$output" = "Hello, world!" ] || { echo "FAIL: the static build printed '$output'"; exit 1; }
# `inkoc run --target` runs the build under qemu-aarch64 itself.
output="$("$inkoc" run --target aarch64-linux-gnu "$hello")"
[ "$output" = "Hello, world!" ] || { echo "FAIL: inkoc run --target printed '$output'"; exit 1; }
output="$("$inkoc" run --target aarch64-linux-gnu --static --release "$hello")"
[ "$output" = "Hello, world!" ] || { echo "FAIL: inkoc run --static printed '$output'"; exit 1; }
echo "aarch64 hello world runs under qemu-aarch64 (dynamic and static, built or run)"
