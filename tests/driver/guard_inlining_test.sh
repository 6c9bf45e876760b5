#!/usr/bin/env bash
# A static call checks its receiver's class and sends by name when the
# check fails (docs/values.md, "Receivers of static calls"); a function
# polls at entry, calling the runtime when its stack runs short. Those calls
# are off the fast path, so they must not keep LLVM from inlining small
# methods at -O2: Table.bucket (two guarded Integer operations) and key_of
# (two more, and the entry poll) are inlined.
set -eu
inkoc="$1"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export INKOC_CACHE_DIR="$scratch/cache"
cat >"$scratch/table.inko" <<'INKO'
import std::stdio::stdout

object Table {
  @capacity: Integer

  def init(capacity: Integer) {
    @capacity = capacity
  }

  def bucket(hash: Integer) -> Integer {
    hash & (@capacity - 1)
  }

  def probe(hash: Integer) -> Integer {
    bucket(hash) + bucket(hash + 7)
  }

  def next(hash: Integer) -> Integer {
    bucket(hash + 1) + bucket(hash + 2)
  }
}

def key_of(index: Integer) -> Integer {
  index * 48271 % 2147483647
}

let table = Table.new(16)

stdout.print(table.probe(21).to_string)
stdout.print(table.next(21).to_string)
stdout.print((key_of(table.probe(1)) + key_of(table.next(2)) + key_of(table.probe(3))).to_string)
INKO
"$inkoc" build -O 2 --emit=llvm "$scratch/table.inko" -o "$scratch/table.ll"
grep -q 'inko_send_or_nil\.-\.2' "$scratch/table.ll" || {
  echo "FAIL: no guarded call left in the program (the test no longer tests inlining)"
  exit 1
}
for method in Table.bucket key_of; do
  pattern="call .*@\"?main\\.${method/./\\.}\"?\\("
  if grep -qE "$pattern" "$scratch/table.ll"; then
    echo "FAIL: $method was not inlined:"
    grep -E "$pattern" "$scratch/table.ll"
    exit 1
  fi
done
"$inkoc" build -O 2 "$scratch/table.inko" -o "$scratch/table"
[ "$("$scratch/table")" = "$(printf '17\n13\n1399859')" ] || { echo "FAIL: output"; exit 1; }
echo "ok"
