#!/usr/bin/env bash
# The main job, end to end: install what is needed, build arl, and check a
# real rule file (the zhongshan policy's clauses from docs/examples). Later
# issues extend this to running the policy on data.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh normal
for file in docs/examples/*.arl; do
  echo "== arl check $file"
  ./build/compiler/driver/arl check "$file"
done
echo "== arl fmt docs/examples/zhongshan.arl (canonical form)"
./build/compiler/driver/arl fmt docs/examples/zhongshan.arl
