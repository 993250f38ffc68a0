#!/usr/bin/env bash
# npm test: install what is missing, then the whole suite. Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_npm_packages
ensure_debian_packages chromium:chromium bwrap:bubblewrap
export NEXT_TELEMETRY_DISABLED=1

step "type check"
npx next typegen >/dev/null
npx tsc --noEmit

step "lint"
npx eslint --max-warnings 0 .

step "unit tests"
npx vitest run --project unit

step "integration tests (PGlite)"
npx vitest run --project integration

step "production build"
npx next build

step "end-to-end tests (Chromium)"
npx playwright test
