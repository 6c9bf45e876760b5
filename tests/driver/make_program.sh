#!/usr/bin/env bash
# Writes a program of N modules (default 10) into DIR: DIR/main.inko imports
# DIR/parts/part_K.inko for every K, each with a few dozen methods.
# Usage: make_program.sh DIR [N]
set -eu
dir="$1"
count="${2:-10}"
mkdir -p "$dir/parts"
main="$dir/main.inko"
echo "import std::stdio::stdout" > "$main"
for k in $(seq 1 "$count"); do
  part="$dir/parts/part_$k.inko"
  {
    echo "# Part $k of a generated program."
    echo "import std::stdio::stdout"
    for m in $(seq 1 30); do
      echo "def step_$m(value: Integer) -> Integer {"
      echo "  let mut total = value"
      echo "  let numbers = Array.new(1, 2, 3, $m)"
      echo "  numbers.each do (number) { total = total + (number * $k) }"
      echo "  (total > 1000000).if_true { total = 0 }"
      echo "  total"
      echo "}"
    done
    echo "def run -> Integer {"
    echo "  let mut value = $k"
    for m in $(seq 1 30); do echo "  value = step_$m(value)"; done
    echo "  value"
    echo "}"
  } > "$part"
  echo "import parts::part_$k" >> "$main"
done
echo "let mut sum = 0" >> "$main"
for k in $(seq 1 "$count"); do echo "sum = sum + part_$k.run" >> "$main"; done
echo "stdout.print(sum.to_string)" >> "$main"
