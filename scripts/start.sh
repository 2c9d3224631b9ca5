#!/usr/bin/env bash
# Installs the npm dependencies and serves the built app (with the bundled demo kernel) on
# $PORT, default 5173.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm start
