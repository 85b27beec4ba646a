#!/usr/bin/env bash
# The main job, end to end: install what is needed, build arl, check the
# clause examples in docs/examples, run their tests, and evaluate the yinhai
# tier clause (五(一)) on a year's data for ten units.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh normal
for file in docs/examples/*.arl; do
  echo "== arl check $file"
  ./build/compiler/driver/arl check "$file"
done
echo "== arl test docs/examples/*.arl"
./build/compiler/driver/arl test docs/examples/*.arl
echo "== arl run docs/examples/yinhai.arl --data docs/examples/data/yinhai"
./build/compiler/driver/arl run docs/examples/yinhai.arl --data docs/examples/data/yinhai --format table
./build/compiler/driver/arl run docs/examples/yinhai.arl --data docs/examples/data/yinhai --format json
