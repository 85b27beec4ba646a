#!/usr/bin/env bash
# The main job, end to end: install what is needed, build arl, check and
# test the township sample policy (镇机关干部岗位目标责任制考核实施意见),
# and evaluate it on a year's data for 40 staff in 6 offices: scores, the
# bottom three and what happens to them, bonuses and awards; then the same
# as the contract's JSON; how one person's bonus was reached (arl explain);
# the HTML report for auditors; and what if the bottom three became the
# bottom five (arl whatif), and how close each person is to the bottom.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh normal
arl=./build/compiler/driver/arl
echo "== arl check samples/township/township.arl"
$arl check samples/township/township.arl
echo "== arl test samples/township/township.arl"
$arl test samples/township/township.arl
echo "== arl run samples/township/township.arl --data samples/township/data --format table"
$arl run samples/township/township.arl --data samples/township/data --format table
echo "== arl run samples/township/township.arl --data samples/township/data --format json"
$arl run samples/township/township.arl --data samples/township/data --format json
echo "== arl explain samples/township/township.arl --data samples/township/data --unit 王建国 --output 考核奖"
$arl explain samples/township/township.arl --data samples/township/data --unit 王建国 --output 考核奖
echo "== arl report samples/township/township.arl --data samples/township/data -o build/township-report.html"
$arl report samples/township/township.arl --data samples/township/data -o build/township-report.html
echo "the side-by-side report for auditors is in build/township-report.html"
echo "== arl whatif samples/township/township.arl --data samples/township/data --set 末位人数=5"
$arl whatif samples/township/township.arl --data samples/township/data --set 末位人数=5
echo "== arl whatif samples/township/township.arl --data samples/township/data --margins"
$arl whatif samples/township/township.arl --data samples/township/data --margins
