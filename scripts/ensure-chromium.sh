#!/usr/bin/env bash
# Makes sure a Chromium for the e2e suite exists (Debian's package; Playwright's own download cannot work offline).
# Prints its path. CHROMIUM_PATH overrides.
set -euo pipefail
path=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$path" ]; then
  if [ -n "${CHROMIUM_PATH:-}" ]; then echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2; exit 1; fi
  echo "installing Debian chromium for the e2e suite ..." >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
fi
echo "$path"
