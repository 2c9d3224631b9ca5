#!/usr/bin/env bash
# The one command that installs everything and runs every test: lint, types, unit and
# differential tests, the production build, and the browser tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh
npm ci --no-audit --no-fund

npm run lint
npm run typecheck
npm run test:unit
npm run build
npm run test:e2e
