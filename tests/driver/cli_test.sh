#!/usr/bin/env bash
# Checks inkoc's command line: messages and exit statuses for bad input, and
# that a failed build writes no executable.
set -u
inkoc="$1"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
failures=0

expect() {  # expect NAME STATUS PATTERN -- COMMAND...
  local name="$1" status="$2" pattern="$3"
  shift 4
  local output actual
  output="$("$@" 2>&1)"
  actual=$?
  if [ "$actual" -ne "$status" ] || ! grep -qF -- "$pattern" <<<"$output"; then
    echo "FAIL $name: expected status $status and '$pattern', got status $actual:"
    echo "$output"
    failures=$((failures + 1))
  fi
}

expect missing-file 2 "inkoc: error: the file missing.inko does not exist" -- \
  "$inkoc" build missing.inko
expect directory-input 2 "is a directory" -- "$inkoc" build "$scratch"
expect unknown-flag 2 "--frobnicate" -- "$inkoc" build --frobnicate x.inko
expect unknown-target 2 "unknown target sparc-linux-gnu; supported targets: x86_64-linux-gnu" -- \
  "$inkoc" build --target sparc-linux-gnu x.inko
expect version 0 "inkoc 0." -- "$inkoc" --version
expect help 0 "inkoc build hello.inko -o hello" -- "$inkoc" --help

printf 'import std::stdio::stdout\nstdout.print(\n' > broken.inko
expect syntax-error 1 "broken.inko:3:1: error: expected an expression, but found the end of the file" -- \
  "$inkoc" build broken.inko -o broken
if [ -e broken ]; then
  echo "FAIL syntax-error: an executable was written despite the error"
  failures=$((failures + 1))
fi

printf 'import std::stdio::stdout\nstdout.print(1)\n' > typed.inko
expect json-format 1 '{"severity":"error","kind":"TypeMismatch"' -- \
  "$inkoc" check --format=json typed.inko

exit $((failures > 0))
