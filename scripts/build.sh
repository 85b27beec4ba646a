#!/usr/bin/env bash
# Configures and builds arl into a build folder: build.sh [normal|sanitize].
# Incremental and safe to run again. In CI (CI=true) warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."

kind=${1:-normal}
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
case "$kind" in
  normal)   dir=build;          extra=() ;;
  sanitize) dir=build-sanitize; extra=(-DARL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug) ;;
  *) echo "usage: scripts/build.sh [normal|sanitize]" >&2; exit 2 ;;
esac

cmake -S . -B "$dir" -G Ninja -DARL_WERROR="$werror" "${extra[@]}" > /dev/null
cmake --build "$dir" -j "$(nproc)"
