#!/usr/bin/env bash
# The runtime benchmark: `arl run` on large generated data against a
# hand-written C++ program of the same policy (bench/baseline/), on this
# machine. Prints a markdown table (see bench/README.md, "Runtime").
#
#   bench/run.sh
#
# Builds a Release build of arl, gen_data and the baselines into build-bench,
# generates ROWS rows per policy into the data folder (kept between runs and
# regenerated only when the generator changes), and times each program under
# /usr/bin/time, best of RUNS. Safe to run again. Settings, by environment:
#
#   ARL_BENCH_BUILD     build folder            (default: build-bench)
#   ARL_BENCH_DATA      data folder             (default: /tmp/arl-bench)
#   ARL_BENCH_ROWS      row counts              (default: "100000 1000000")
#   ARL_BENCH_POLICIES  policies                (default: "yinhai township")
#   ARL_BENCH_RULES     folder of rule files: <dir>/<p>/<p>.arl or <dir>/<p>.arl
#                                               (default: samples)
#   ARL_BENCH_RUNS      runs per measurement    (default: 3)
#   ARL_BENCH_TIMEOUT   seconds before a run is given up (default: 600)
#   ARL_BENCH_LABEL     what to call the arl measured (default: the git commit)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${ARL_BENCH_BUILD:-build-bench}
data=${ARL_BENCH_DATA:-/tmp/arl-bench}
rows_list=${ARL_BENCH_ROWS:-"100000 1000000"}
policies=${ARL_BENCH_POLICIES:-"yinhai township"}
rules=${ARL_BENCH_RULES:-samples}
runs=${ARL_BENCH_RUNS:-3}
limit=${ARL_BENCH_TIMEOUT:-600}

say() { echo "bench: $*" >&2; }

# --- tools --------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" -eq 0 ]; then
    say "installing the Debian package time"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time > /dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time > /dev/null; }
  else
    say "/usr/bin/time is missing; install the Debian package time"; exit 1
  fi
fi
command -v antlr4 > /dev/null || bash scripts/setup.sh

# --- build --------------------------------------------------------------------
say "building into $build (Release)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$build" -j "$(nproc)" --target arl gen_data baseline_yinhai baseline_township \
  > /dev/null
arl=$build/compiler/driver/arl
gen=$build/bench/gen_data

# --- data ---------------------------------------------------------------------
# A folder is reused when its stamp (the generator's source and the row
# count) matches; it is written under a temporary name and renamed when done,
# so an interrupted run never leaves a half-written folder that looks whole.
mkdir -p "$data"
stamp_of() { printf '%s %s\n' "$(sha256sum bench/gen_data.cpp | cut -d' ' -f1)" "$1"; }
dataset() {  # dataset POLICY ROWS → prints the folder
  local dir=$data/$1-$2
  if [ "$(cat "$dir/.stamp" 2> /dev/null)" != "$(stamp_of "$2")" ]; then
    say "generating $1, $2 rows"
    rm -rf "$dir" "$dir.tmp"
    "$gen" "$1" "$2" "$dir.tmp"
    stamp_of "$2" > "$dir.tmp/.stamp"
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

rule_file() {
  if [ -f "$rules/$1/$1.arl" ]; then echo "$rules/$1/$1.arl"
  elif [ -f "$rules/$1.arl" ]; then echo "$rules/$1.arl"
  fi
}

# --- measuring ----------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure NAME CMD... : runs CMD $runs times; sets best_wall, best_cpu,
# best_eval (s), best_kib and status ("ok", or why it failed).
measure() {
  local name=$1; shift
  best_wall='' best_cpu='' best_eval='' best_kib='' status=ok
  local i wall user sys kib ev cpu rc
  for ((i = 1; i <= runs; i++)); do
    rc=0
    # time's last line is the figures (a failing exit adds a line before it).
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" timeout "$limit" "$@" \
      > /dev/null 2> "$work/err" || rc=$?
    read -r wall user sys kib < <(tail -n 1 "$work/time")
    if [ "$rc" -ne 0 ]; then
      if [ "$rc" -eq 124 ]; then status="timeout after ${limit} s, $((kib / 1024)) MiB"
      else
        status="exit $rc after $wall s, $((kib / 1024)) MiB: $(awk '!/^timings:/ { print; exit }' "$work/err" |
          cut -c1-200 | sed 's/|/\\|/g')"
      fi
      say "$name: $status"
      return
    fi
    # Evaluate-only: check + evaluate for arl, evaluate for the baselines.
    ev=$(grep -m 1 '^timings: ' "$work/err" | sed 's/^timings: //' | tr ',' '\n' |
      awk '/check|evaluate/ { ms += $2 } END { printf "%.3f", ms / 1000 }')
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    say "$name run $i: wall $wall s, cpu $cpu s, evaluate $ev s, $((kib / 1024)) MiB"
    best_wall=$(min "$best_wall" "$wall")
    best_cpu=$(min "$best_cpu" "$cpu")
    best_eval=$(min "$best_eval" "$ev")
    best_kib=$(min "$best_kib" "$kib")
  done
}
min() { if [ -z "$1" ]; then echo "$2"; else awk -v a="$1" -v b="$2" 'BEGIN { print (b < a ? b : a) }'; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# --- the runs -----------------------------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A wall evals mib
# arl asks glibc's malloc for transparent huge pages where the kernel gives
# them on request (compiler/driver/huge_pages.h); the baseline, a plain
# program, does not. It is measured with them too ("baseline, huge pages"),
# so that the last column compares like with like.
thp=$(grep -q '\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled 2> /dev/null && echo yes || true)
table="| policy | rows | program | wall s | cpu s | evaluate s | peak MiB | rows/s | wall ÷ baseline | peak ÷ baseline | wall ÷ baseline, huge pages |
| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
row() {  # row POLICY ROWS PROGRAM RATIO-COLUMNS: a line of the table from the best_ figures
  table+=$'\n'"| $1 | $2 | $3 | $best_wall | $best_cpu | $best_eval | $((best_kib / 1024)) | $(awk -v n="$2" -v w="$best_wall" 'BEGIN { printf "%.0f", (w > 0 ? n / w : 0) }') | $4 |"
}
for p in $policies; do
  rule=$(rule_file "$p")
  [ -n "$rule" ] || say "no rule file for $p under $rules; measuring the baseline only"
  for n in $rows_list; do
    dir=$(dataset "$p" "$n")
    measure "baseline $p $n" "$build/bench/baseline_$p" "$dir" -o /dev/null --timings
    if [ "$status" != ok ]; then
      table+=$'\n'"| $p | $n | baseline | $status | | | | | | | |"
      continue
    fi
    b_wall=$best_wall b_kib=$best_kib bh_wall=''
    wall[$p,$n,baseline]=$best_wall evals[$p,$n,baseline]=$best_eval mib[$p,$n,baseline]=$((best_kib / 1024))
    row "$p" "$n" baseline "1 | 1 |"
    if [ -n "$thp" ]; then
      measure "baseline, huge pages $p $n" env GLIBC_TUNABLES=glibc.malloc.hugetlb=1 \
        "$build/bench/baseline_$p" "$dir" -o /dev/null --timings
      if [ "$status" = ok ]; then
        bh_wall=$best_wall
        row "$p" "$n" "baseline, huge pages" "$(ratio "$best_wall" "$b_wall") | $(ratio "$best_kib" "$b_kib") | 1"
      fi
    fi
    [ -n "$rule" ] || continue
    measure "arl $p $n" "$arl" run "$rule" --data "$dir" --format json -o /dev/null --timings
    if [ "$status" != ok ]; then
      table+=$'\n'"| $p | $n | arl | $status | | | | | | | |"
      continue
    fi
    wall[$p,$n,arl]=$best_wall evals[$p,$n,arl]=$best_eval mib[$p,$n,arl]=$((best_kib / 1024))
    row "$p" "$n" arl "$(ratio "$best_wall" "$b_wall") | $(ratio "$best_kib" "$b_kib") | $( [ -n "$bh_wall" ] && ratio "$best_wall" "$bh_wall" || echo -)"
  done
done

# --- report -------------------------------------------------------------------
# What was measured: the commit, and whether the working tree differs from it.
version=${ARL_BENCH_LABEL:-}
if [ -z "$version" ]; then
  version=$(git rev-parse --short HEAD 2> /dev/null || echo "an unknown version")
  git diff-index --quiet HEAD -- 2> /dev/null || version+=" with local changes"
fi
echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)," \
  "$(free -g | awk '/^Mem:/ { print $2 }') GiB, $(g++ --version | head -n 1)," \
  "Release build of arl $version; $(date -u +%Y-%m-%d);" \
  "load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after."
echo "Each figure is the best of $runs runs."
echo
echo "$table"
set -- $rows_list
if [ $# -ge 2 ]; then
  small=$1; large=${!#}
  echo
  echo "Growth from $small to $large rows (linear: $(ratio "$large" "$small")):"
  echo
  echo "| policy | program | wall | evaluate | peak |"
  echo "| --- | --- | ---: | ---: | ---: |"
  for p in $policies; do
    for prog in baseline arl; do
      [ -n "${wall[$p,$large,$prog]:-}" ] && [ -n "${wall[$p,$small,$prog]:-}" ] || continue
      echo "| $p | $prog | $(ratio "${wall[$p,$large,$prog]}" "${wall[$p,$small,$prog]}") |" \
        "$(ratio "${evals[$p,$large,$prog]}" "${evals[$p,$small,$prog]}") |" \
        "$(ratio "${mib[$p,$large,$prog]}" "${mib[$p,$small,$prog]}") |"
    done
  done
fi
