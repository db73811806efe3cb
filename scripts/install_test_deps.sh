#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine with Node/npm:
# Deno 2.9.6 (from the npm registry) and python3 (used to cross-check our zip files).
set -euo pipefail
npx -y deno@2.9.6 --version >/dev/null
if ! command -v python3 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3 >/dev/null; fi
fi
