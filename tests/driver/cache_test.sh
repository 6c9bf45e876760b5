#!/usr/bin/env bash
# The build cache: rebuilding an unchanged 10-module program is at least 5x
# faster than the first build (INKO_MIN_SPEEDUP), gives the same bytes,
# survives a touch, and an edited module is compiled again.
set -eu
inkoc="$1"
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export INKOC_CACHE_DIR="$scratch/cache"
"$here/make_program.sh" "$scratch/program" 10

seconds() {  # seconds COMMAND...: wall time of the command
  local start=$EPOCHREALTIME
  "$@" >/dev/null
  echo "$EPOCHREALTIME - $start" | sed 's/,/./g' | awk '{ print $1 - $3 }'
}

first=$(seconds "$inkoc" build "$scratch/program/main.inko" -o "$scratch/first")
best=""
for _ in 1 2 3; do
  again=$(seconds "$inkoc" build "$scratch/program/main.inko" -o "$scratch/again")
  best=$(awk -v a="$again" -v b="${best:-$again}" 'BEGIN { print (a < b ? a : b) }')
done
cmp "$scratch/first" "$scratch/again" || { echo "FAIL: the cached build differs"; exit 1; }
speedup=$(awk -v f="$first" -v a="$best" 'BEGIN { printf "%.1f", f / (a > 0 ? a : 0.0001) }')
echo "first build ${first}s, unchanged rebuild ${best}s: ${speedup}x"
awk -v s="$speedup" -v m="${INKO_MIN_SPEEDUP:-5}" 'BEGIN { exit !(s >= m) }' ||
  { echo "FAIL: the rebuild is less than ${INKO_MIN_SPEEDUP:-5}x faster"; exit 1; }

touch "$scratch/program/parts/part_3.inko"
"$inkoc" build --timings "$scratch/program/main.inko" -o "$scratch/touched" 2>"$scratch/timings"
grep -q "(cached)" "$scratch/timings" || { echo "FAIL: a touched file was compiled again"; exit 1; }

sed -i 's/let mut value = 3$/let mut value = 4/' "$scratch/program/parts/part_3.inko"
"$inkoc" build --timings "$scratch/program/main.inko" -o "$scratch/edited" 2>"$scratch/timings"
grep -q "object emission" "$scratch/timings" || { echo "FAIL: an edited module was not compiled"; exit 1; }
[ "$("$scratch/edited")" != "$("$scratch/first")" ] || { echo "FAIL: the edit had no effect"; exit 1; }
