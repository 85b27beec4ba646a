#!/usr/bin/env bash
# Installs what arl needs to build and test, from Debian packages.
# Safe to run again: packages already present are skipped, apt is not touched.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  antlr4 libantlr4-runtime-dev uuid-dev   # parser generator 4.7.2 + runtime 4.9
  libfmt-dev catch2                        # formatting, tests
  rapidjson-dev                            # JSON input (arl run --data FILE.json)
  libsqlite3-dev libssl-dev                # the run ledger: SQLite, SHA-256
  chromium fonts-wqy-microhei              # browser tests of arl report (CJK screenshots)
  clang-format git                         # the style check in scripts/test.sh
)

# Node.js and npm run the browser tests; a machine may have them from elsewhere.
command -v node > /dev/null || packages+=(nodejs)
command -v npm > /dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages: ${missing[*]}; run as root to install them" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
