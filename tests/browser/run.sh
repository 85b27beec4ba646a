#!/usr/bin/env bash
# The browser tests of `arl report` (report_test.mjs): installs the npm
# packages of package-lock.json when they are missing or stale, then runs
# them against build/compiler/driver/arl in Debian's headless Chromium.
# Screenshots and the reports opened are kept in build/browser-artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
for tool in node npm /usr/bin/chromium; do
  command -v "$tool" > /dev/null || { echo "browser tests: $tool is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
# npm ci again only when the lock file changed since the last install.
if ! cmp -s package-lock.json node_modules/.arl-installed-lock 2> /dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.arl-installed-lock
fi
ARL_BINARY="${ARL_BINARY:-$PWD/../../build/compiler/driver/arl}" node --test report_test.mjs
