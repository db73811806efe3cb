#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine with Node/npm:
# Deno 2.9.6 (from the npm registry), python3 (used to cross-check our zip files) and Debian's Chromium (the web
# UI tests drive it with playwright-core, which Deno fetches from the npm registry).
set -euo pipefail
npx -y deno@2.9.6 --version >/dev/null
if ! command -v python3 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3 >/dev/null; fi
fi
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "Chromium is missing and this is not root: install it (apt-get install chromium) or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi
