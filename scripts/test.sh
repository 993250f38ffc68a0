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

step "integration tests (PostgreSQL)"
postgres_was_running=0
bash scripts/postgres.sh running && postgres_was_running=1
test_database_url="$(bash scripts/postgres.sh)"
TEST_DATABASE_URL="$test_database_url" npx vitest run --project integration
[ "$postgres_was_running" -eq 1 ] || bash scripts/postgres.sh stop

step "production build"
npx next build

step "end-to-end tests (Chromium)"
npx playwright test
