#!/usr/bin/env bash
# The what-if benchmark: `arl whatif --sweep` on the zhongshan sample with
# generated units, one parameter over 10,000 settings and a 100 × 100 grid,
# against the same command with one setting (load, check and the baseline
# alone). Prints a markdown table (see bench/README.md, "What-if sweeps").
#
#   bench/whatif.sh
#
# Builds a Release build of arl and gen_data into build-bench and keeps the
# generated data between runs. Settings, by environment:
#
#   ARL_BENCH_BUILD   build folder          (default: build-bench)
#   ARL_BENCH_DATA    data folder           (default: /tmp/arl-bench)
#   ARL_BENCH_UNITS   units                 (default: 1000)
#   ARL_BENCH_RUNS    runs per measurement  (default: 3)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${ARL_BENCH_BUILD:-build-bench}
data=${ARL_BENCH_DATA:-/tmp/arl-bench}
units=${ARL_BENCH_UNITS:-1000}
runs=${ARL_BENCH_RUNS:-3}

say() { echo "bench: $*" >&2; }
command -v antlr4 > /dev/null || bash scripts/setup.sh

say "building into $build (Release)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$build" -j "$(nproc)" --target arl gen_data > /dev/null
arl=$build/compiler/driver/arl

dir=$data/zhongshan-$units
stamp="$(sha256sum bench/gen_data.cpp | cut -d' ' -f1) $units"
if [ "$(cat "$dir/.stamp" 2> /dev/null)" != "$stamp" ]; then
  say "generating zhongshan, $units units"
  rm -rf "$dir" "$dir.tmp"
  "$build/bench/gen_data" zhongshan "$units" "$dir.tmp"
  echo "$stamp" > "$dir.tmp/.stamp"
  mv "$dir.tmp" "$dir"
fi
rules=samples/zhongshan/zhongshan.arl

# best NAME ARGS...: the best wall time of $runs runs of `arl whatif`, in seconds.
best() {
  local name=$1; shift
  local i t best_t=''
  for ((i = 1; i <= runs; i++)); do
    local start end
    start=$(date +%s.%N)
    "$arl" whatif "$rules" --data "$dir" --format csv -o /dev/null "$@"
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
    say "$name run $i: $t s"
    if [ -z "$best_t" ] || awk -v a="$t" -v b="$best_t" 'BEGIN { exit !(a < b) }'; then best_t=$t; fi
  done
  echo "$best_t"
}

one=$(best "one setting" --sweep 不合格线=90..90:1)
line=$(best "10,000 settings" --sweep 不合格线=80..99.998:0.002)
grid=$(best "100 x 100 grid" --sweep 不合格线=80..99.8:0.2 --sweep 区直三等奖名额=0..99:1)
quota=$(best "10,000 quotas" --sweep 区直三等奖名额=0..9999:1)
per() { awk -v t="$1" -v o="$one" 'BEGIN { printf "%.0f", (t - o) / 10000 * 1e6 }'; }
echo "| sweep ($units units) | settings | wall s | wall less one setting, µs per setting |"
echo "| --- | ---: | ---: | ---: |"
echo "| one setting (load, check, baseline) | 1 | $one | - |"
echo "| 不合格线 80..99.998 step 0.002 | 10,000 | $line | $(per "$line") |"
echo "| 区直三等奖名额 0..9999 | 10,000 | $quota | $(per "$quota") |"
echo "| 不合格线 × 区直三等奖名额, 100 × 100 | 10,000 | $grid | $(per "$grid") |"
echo
echo "machine: $(nproc) cores, $(awk '/model name/ { sub(/.*: /, ""); print; exit }' /proc/cpuinfo); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
