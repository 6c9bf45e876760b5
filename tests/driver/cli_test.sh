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
expect syntax-error 1 "broken.inko:2:14: error: expected an expression, but found the end of the file" -- \
  "$inkoc" build broken.inko -o broken
if [ -e broken ]; then
  echo "FAIL syntax-error: an executable was written despite the error"
  failures=$((failures + 1))
fi

printf 'def greet(name: String) -> String { name }\ngreet(1)\n' > typed.inko
expect json-format 1 '{"severity":"error","kind":"TypeMismatch"' -- \
  "$inkoc" check --format=json typed.inko

# -i adds a directory to the module search path.
mkdir -p lib/greetings
printf 'import std::stdio::stdout\ndef hello -> Integer { stdout.print(\x27hello from lib\x27) }\n' \
  > lib/greetings/english.inko
printf 'import greetings::english\nenglish.hello\n' > uses_lib.inko
expect include-missing 1 "the module greetings::english could not be found" -- \
  "$inkoc" build uses_lib.inko -o uses_lib
expect include-flag 0 "" -- "$inkoc" build -i lib uses_lib.inko -o uses_lib
expect include-run 0 "hello from lib" -- ./uses_lib

# An installed inkoc finds its standard library and runtime from any directory.
if [ -n "${INKO_BUILD_DIR:-}" ]; then
  cmake --install "$INKO_BUILD_DIR" --prefix "$scratch/prefix" >/dev/null
  mkdir -p elsewhere
  printf 'import std::stdio::stdout\nstdout.print(\x27installed\x27)\n' > elsewhere/app.inko
  (cd elsewhere && "$scratch/prefix/bin/inkoc" build app.inko -o app) ||
    { echo "FAIL install: the installed inkoc could not build"; failures=$((failures + 1)); }
  expect install-run 0 "installed" -- elsewhere/app
fi

exit $((failures > 0))
