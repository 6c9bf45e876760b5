#!/usr/bin/env bash
# --static gives an executable without shared-library dependencies; a
# release build is stripped but keeps the Inko code's debug info (line table
# and inlined calls) for stack traces, and none of the runtime's.
set -eu
inkoc="$1"
hello="$2"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export INKOC_CACHE_DIR="$scratch/cache"
"$inkoc" build --static "$hello" -o "$scratch/hello"
ldd_output="$(ldd "$scratch/hello" 2>&1 || true)"
grep -q "not a dynamic executable" <<<"$ldd_output" || { echo "FAIL: ldd says: $ldd_output"; exit 1; }
[ "$("$scratch/hello")" = "Hello, world!" ] || { echo "FAIL: the static program's output"; exit 1; }

"$inkoc" build --release "$hello" -o "$scratch/release"
sections="$(readelf -S --wide "$scratch/release")"
if grep -q " .symtab" <<<"$sections"; then
  echo "FAIL: the release executable is not stripped"; exit 1
fi
grep -q " .debug_line " <<<"$sections" || { echo "FAIL: the release executable lost .debug_line"; exit 1; }
grep -q " .debug_info " <<<"$sections" || { echo "FAIL: the release executable lost .debug_info"; exit 1; }
if readelf --debug-dump=info "$scratch/release" | grep -q 'DW_AT_name.*\.cpp'; then
  echo "FAIL: the release executable kept the runtime's debug info"; exit 1
fi
[ "$("$scratch/release")" = "Hello, world!" ] || { echo "FAIL: the release program's output"; exit 1; }
echo "ldd: $ldd_output; release: stripped, Inko debug info kept"
