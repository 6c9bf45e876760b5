#!/usr/bin/env bash
# Checks inkoc's command line: messages and exit statuses for bad input, and
# that a failed build writes no executable.
set -u
inkoc="$1"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
export INKOC_CACHE_DIR="$scratch/cache"
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
expect run-unknown-target 2 "unknown target sparc-linux-gnu; supported targets: x86_64-linux-gnu" -- \
  "$inkoc" run --target sparc-linux-gnu x.inko
expect unknown-flag-one-line 2 "inkoc: error: unknown flag or argument --frobnicate; run 'inkoc build --help' for usage" -- \
  "$inkoc" build --frobnicate x.inko
expect unknown-command 2 "inkoc: error: unknown command frobnicate; the commands are" -- \
  "$inkoc" frobnicate x.inko
expect no-command 2 "inkoc: error: give a command; run 'inkoc --help' for usage" -- "$inkoc"
expect missing-argument 2 "inkoc: error: file is required; run 'inkoc run --help' for usage" -- \
  "$inkoc" run
expect bad-level 2 "run 'inkoc build --help' for usage" -- "$inkoc" build -O7 x.inko
expect version 0 "inkoc 0." -- "$inkoc" --version
expect version-targets 0 "targets: x86_64-linux-gnu, aarch64-linux-gnu" -- "$inkoc" --version
expect help 0 "inkoc build hello.inko -o hello" -- "$inkoc" --help
for command in build run test check parse; do
  expect "help-$command" 0 "Example" -- "$inkoc" "$command" --help
done

# Every usage error is one line.
lines="$("$inkoc" build --frobnicate x.inko 2>&1 | wc -l)"
if [ "$lines" -ne 1 ]; then
  echo "FAIL one-line: an unknown flag printed $lines lines"
  failures=$((failures + 1))
fi

printf 'import std::stdio::stdout\nstdout.print(\x27hi\x27)\n' > hi.inko
expect missing-include 2 "inkoc: error: the include directory nowhere does not exist; check the path" -- \
  "$inkoc" build -i nowhere hi.inko
expect include-is-file 2 "the include directory hi.inko is not a directory" -- \
  "$inkoc" check -i hi.inko hi.inko
# The program's directory given again with -i is listed once.
printf 'import nowhere::thing\n' > lost.inko
lost_output="$("$inkoc" check -i . -i ./ lost.inko 2>&1)"
if ! grep -qE 'looked in: .*, \.$' <<<"$(head -1 <<<"$lost_output")" || grep -qF ', ., ' <<<"$lost_output"; then
  echo "FAIL search-path-once: $lost_output"
  failures=$((failures + 1))
fi
if [ "$(uname -m)" = x86_64 ]; then
  expect run-no-emulator 2 "inkoc: error: running a program built for aarch64-linux-gnu needs qemu-aarch64, which is not installed" -- \
    env PATH=/nonexistent "$inkoc" run --target aarch64-linux-gnu hi.inko
fi
expect missing-output-directory 2 "the output directory nowhere does not exist" -- \
  "$inkoc" build hi.inko -o nowhere/hi
expect missing-test-directory 2 "the test directory nowhere does not exist" -- \
  "$inkoc" test -d nowhere
expect no-tests 2 "no test modules (test/**/test_*.inko) in ." -- "$inkoc" test -d .
mkdir -p bin
expect output-into-directory 0 "" -- "$inkoc" build hi.inko -o bin
if [ ! -x bin/hi ]; then
  echo "FAIL output-into-directory: -o bin did not write bin/hi"
  failures=$((failures + 1))
fi
expect executable-to-stdout 2 "inkoc: error: an executable can not be written to stdout (-o -); give a file name with -o" -- \
  "$inkoc" build hi.inko -o -
# A device or pipe as -o is written through, never replaced (renaming over
# /dev/null as root replaced the device); a private device node stands in.
if mknod -m 666 null-device c 1 3 2>/dev/null; then
  for flags in "" "--no-cache" "--no-cache --release"; do
    # shellcheck disable=SC2086
    expect "special-output $flags" 0 "" -- "$inkoc" build $flags hi.inko -o null-device
    if [ ! -c null-device ]; then
      echo "FAIL special-output $flags: the device was replaced"
      failures=$((failures + 1))
      rm -f null-device && mknod -m 666 null-device c 1 3
    fi
  done
fi

expect unwritable-output 1 "inkoc: error: could not write /proc/hi: " -- "$inkoc" build hi.inko -o /proc/hi
expect missing-linker 1 "inkoc: error: could not run the linker cc, which is not installed or not on PATH; install a C toolchain" -- \
  env PATH=/nonexistent "$inkoc" build --no-cache hi.inko -o hi-unlinked
: > empty.inko
expect empty-file 0 "" -- "$inkoc" run empty.inko

# Offsets are 32-bit: a bigger file is refused before it is read (sparse).
if truncate -s 5G huge.inko 2>/dev/null; then
  expect huge-file 1 "error: The file huge.inko can not be read: it is larger than 4 GiB, the most a source file may hold" -- \
    "$inkoc" check huge.inko
  rm -f huge.inko
fi

# Source files are UTF-8 (L1): another encoding is one located error, and
# control characters never reach the terminal raw.
printf 'import std::stdio::stdout\nstdout.print(\x27caf\xe9\x27)\n' > latin1.inko
expect not-utf8 1 "latin1.inko:2:18: error: This file is not valid UTF-8: the byte 0xE9 can not appear here; save the file as UTF-8" -- \
  "$inkoc" run latin1.inko
expect not-utf8-check 1 "latin1.inko:2:18: error: This file is not valid UTF-8" -- "$inkoc" check latin1.inko
printf 'let x = 1 \x1b[31m\n' > escape.inko
expect control-character 1 "escape.inko:1:11: error: The character U+001B is not valid here" -- \
  "$inkoc" check escape.inko
if "$inkoc" check escape.inko 2>&1 | grep -q $'\x1b'; then
  echo "FAIL control-character: the escape character was printed raw"
  failures=$((failures + 1))
fi
# The caret counts characters, not bytes.
printf 'let s = \x27h\xc3\xa9llo\x27 + 1\n' > accented.inko
caret="$("$inkoc" check accented.inko 2>&1 | sed -n 3p)"
if [ "$caret" != "                    ^" ]; then
  echo "FAIL caret-columns: '$caret'"
  failures=$((failures + 1))
fi

if [ "$(id -u)" -ne 0 ]; then
  mkdir locked && chmod 000 locked
  expect unreadable-include 2 "cannot read the include directory locked" -- \
    "$inkoc" build -i locked hi.inko
  chmod 755 locked
fi

# A successful build prints nothing when piped (no progress line), and
# --timings names every phase.
expect quiet-build 0 "" -- "$inkoc" build hi.inko -o hi
if [ -n "$("$inkoc" build --no-cache hi.inko -o hi 2>&1)" ]; then
  echo "FAIL quiet: a piped build printed something"
  failures=$((failures + 1))
fi
for phase in lex/parse check MIR "LLVM lowering" optimisation "object emission" link total; do
  expect "timings-$phase" 0 "$phase" -- "$inkoc" build --no-cache --timings -O1 hi.inko -o hi
done

# run passes the arguments through, and the program's exit status back.
printf 'import std::stdio::stdout\nimport std::env\nimport std::vm\n' > args.inko
printf 'stdout.print(env.arguments.join(\x27,\x27))\nvm.exit(3)\n' >> args.inko
expect run-arguments 3 "one,--two,-i,three" -- "$inkoc" run args.inko one --two -i three

# A program killed by a signal: inkoc says so and passes 128 + N on.
printf 'import std::process\nprocess.suspend(60_000)\n' > sleeper.inko
"$inkoc" build sleeper.inko -o sleeper-built >/dev/null 2>&1
"$inkoc" run sleeper.inko 2>killed.txt &
runner=$!
for _ in $(seq 1 100); do
  child="$(pgrep -P "$runner" || true)"
  [ -n "$child" ] && break
  sleep 0.1
done
kill -9 "$child" 2>/dev/null
wait "$runner"
killed_status=$?
if [ "$killed_status" -ne 137 ] ||
  ! grep -qF "inkoc: the program was killed by SIGKILL (signal 9; often the kernel's out-of-memory killer)" killed.txt; then
  echo "FAIL killed-by-signal: status $killed_status, stderr: $(cat killed.txt)"
  failures=$((failures + 1))
fi

# test: every test/**/test_*.inko under -d, non-zero status on a failure.
mkdir -p project/test/numbers
printf 'import std::test\nimport std::test::assert\n' > project/test/numbers/test_add.inko
printf 'test.group(\x27add\x27) do (g) {\n  g.test(\x27one and two\x27) { assert.equal(1 + 2, 3) }\n}\n' \
  >> project/test/numbers/test_add.inko
expect test-pass 0 "1 tests, 0 failures" -- "$inkoc" test -d project
printf 'import std::test\nimport std::test::assert\n' > project/test/test_wrong.inko
printf 'test.group(\x27wrong\x27) do (g) {\n  g.test(\x27one is two\x27) { assert.equal(1, 2) }\n}\n' \
  >> project/test/test_wrong.inko
expect test-fail 1 "2 tests, 1 failures" -- "$inkoc" test -d project

printf 'import std::stdio::stdout\nstdout.print(\n' > broken.inko
expect syntax-error 1 "broken.inko:2:14: error: Expected an expression, but found the end of the file" -- \
  "$inkoc" build broken.inko -o broken
if [ -e broken ]; then
  echo "FAIL syntax-error: an executable was written despite the error"
  failures=$((failures + 1))
fi

printf 'def greet(name: String) -> String { name }\ngreet(1)\n' > typed.inko
expect json-format 1 '{"severity":"error","kind":"TypeMismatch"' -- \
  "$inkoc" check --format=json typed.inko

# build reports warnings with their location and still succeeds; run leaves
# stderr to the program.
printf 'def one -> Integer { 1 }\nlet x = try one else 2\n' > warns.inko
expect build-warning 0 "warns.inko:2:13: warning: This expression will never throw a value" -- \
  "$inkoc" build warns.inko -o warns
run_stderr="$("$inkoc" run warns.inko 2>&1 >/dev/null)"
if [ -n "$run_stderr" ]; then
  echo "FAIL run-quiet: inkoc run printed to stderr: $run_stderr"
  failures=$((failures + 1))
fi

# -i adds a directory to the module search path.
mkdir -p lib/greetings
printf 'import std::stdio::stdout\ndef hello -> Integer { stdout.print(\x27hello from lib\x27) }\n' \
  > lib/greetings/english.inko
printf 'import greetings::english\nenglish.hello\n' > uses_lib.inko
expect include-missing 1 "The module greetings::english could not be found" -- \
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
  if command -v qemu-aarch64 >/dev/null; then
    (cd elsewhere && "$scratch/prefix/bin/inkoc" build --target aarch64-linux-gnu app.inko -o app-arm) ||
      { echo "FAIL install: the installed inkoc could not cross-compile"; failures=$((failures + 1)); }
    expect install-run-aarch64 0 "installed" -- qemu-aarch64 -L /usr/aarch64-linux-gnu elsewhere/app-arm
  fi
fi

exit $((failures > 0))
