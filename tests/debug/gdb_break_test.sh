#!/usr/bin/env bash
# gdb can break on an Inko source line and shows Inko frames (issue: DWARF
# debug info). Skipped with a message when gdb is not installed.
set -u
inkoc="$1"
if ! command -v gdb >/dev/null 2>&1; then
  echo "gdb is not installed; skipping"
  exit 0
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
cat > program.inko <<'INKO'
import std::stdio::stdout

def add(a: Integer, b: Integer) -> Integer {
  let sum = a + b
  sum
}

stdout.print(add(1, 2).to_string)
INKO
"$inkoc" build program.inko -o program || exit 1
output="$(gdb -q -batch -ex 'break program.inko:4' -ex run -ex bt program 2>&1)"
if ! grep -q "Breakpoint 1, .*add.* at program.inko:4" <<<"$output" ||
   ! grep -q "in main.<module> () at program.inko:8" <<<"$output"; then
  echo "FAIL: gdb did not stop at program.inko:4 with Inko frames:"
  echo "$output"
  exit 1
fi
