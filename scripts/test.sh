#!/usr/bin/env bash
# Installs what is needed, builds arl twice (normal, and with address and
# undefined-behaviour sanitizers) and runs the whole test suite in both, the
# browser tests of `arl report`, then checks that C++ and rule files are in
# canonical form.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

bash scripts/build.sh normal
ctest --test-dir build --output-on-failure -j "$(nproc)"

bash scripts/build.sh sanitize
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-sanitize --output-on-failure -j "$(nproc)"

echo "== arl test (the test blocks inside rule files)"
./build/compiler/driver/arl test docs/examples/*.arl docs/tutorial/*.arl stdlib-rules/*.arl tests/golden/eval/*.arl samples/*/*.arl

echo "== browser tests (arl report in headless Chromium; screenshots in build/browser-artifacts)"
bash tests/browser/run.sh

echo "== formatting"
git ls-files -z '*.cpp' '*.h' | xargs -0 clang-format --dry-run --Werror
git ls-files -z '*.arl' ':!tests/golden/fmt/*' ':!tests/golden/syntax/*' | \
  xargs -0 -n1 ./build/compiler/driver/arl fmt --check
echo "all tests passed"
