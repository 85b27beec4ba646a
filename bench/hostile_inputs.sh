#!/usr/bin/env bash
# Times `arl check` on the hostile inputs of the foundation issue: each must
# get its answer "in well under a second". Prints, per input, the median wall
# time of 5 runs, the user and system time of that run, and peak memory.
#
#   bench/hostile_inputs.sh [path/to/arl]
set -euo pipefail
cd "$(dirname "$0")/.."
arl=${1:-build/compiler/driver/arl}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

header='政策 示例 "示例"'
gen() { python3 -c "$1" > "$work/$2.arl"; }
printf '%s\n参数 甲: 分 依据 "一" = 1分 \xff\n' "$header" > "$work/invalid_utf8.arl"
printf '\xef\xbb\xbf%s\r\n参数 甲: 分 依据 "一" = 1分\r\n' "$header" > "$work/bom_crlf.arl"
: > "$work/empty.arl"
gen "print('$header'); print('参数 甲: 数 依据 \"一\" = ' + '('*100000 + '1' + ')'*100000)" nested_parens
gen "print('$header'); print('参数 甲: 数 依据 \"一\" = ' + '('*5000)" unclosed_brackets
gen "print('$header'); print('定义 甲: 数 依据 \"一\" = 1' + ' + 1'*199999)" sum_200k
# The same length in Chinese: keywords and names, not ASCII digits and `+`.
gen "print('$header'); print('参数 乙: 数 依据 \"一\" = 1'); print('定义 甲: 数 依据 \"一\" = 乙' + ' + 乙'*199999)" names_200k
gen "print('$header'); print('定义 甲: 是否 依据 \"一\" = 是' + ' 且 是'*199999)" and_200k
# 200,000 errors on one 800 KB line: only 500 are kept, each shown cut.
gen "print('$header'); print('定义 甲: 是否 依据 \"一\" = 真' + ' 且 真'*199999)" unknown_200k

printf '%-18s %9s %9s %9s %10s\n' input wall_s user_s sys_s peak_MiB
for input in invalid_utf8 bom_crlf empty nested_parens unclosed_brackets sum_200k names_200k \
  and_200k unknown_200k; do
  : > "$work/times"
  for run in 1 2 3 4 5; do
    # time's last line is the figures (a failing exit adds a line before it).
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$arl" check "$work/$input.arl" \
      > /dev/null 2>&1 || true
    tail -n 1 "$work/t" >> "$work/times"
  done
  read -r wall user sys kib < <(sort -n "$work/times" | sed -n 3p)
  printf '%-18s %9s %9s %9s %10d\n' "$input" "$wall" "$user" "$sys" $((kib / 1024))
done
