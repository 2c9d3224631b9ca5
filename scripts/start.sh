#!/usr/bin/env bash
# Installs the npm dependencies, builds the app (with the bundled demo kernels) and runs the
# pagescope server on $PORT, default 5173: the app, cross-origin isolated, and the share API.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm start
