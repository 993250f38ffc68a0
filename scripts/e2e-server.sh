#!/usr/bin/env bash
# Starts the production build on a fresh embedded database for the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${E2E_PORT:-3100}"
export PGLITE_DIR="$PWD/.data/e2e-pglite"
export NEXT_TELEMETRY_DISABLED=1
export NEXTAUTH_SECRET="e2e-only-secret-not-for-production-000000"
export NEXTAUTH_URL="http://127.0.0.1:${port}"
# the tests' clock: an offset in ms added to the server's time (lib/clock.ts), so no test waits for a deadline
export FORJA_TEST_CLOCK_FILE="$PWD/.data/e2e-clock-offset"
mkdir -p .data && echo 0 > "$FORJA_TEST_CLOCK_FILE"
rm -rf "$PGLITE_DIR"
npx tsx db/cli.ts seed
# a platform administrator for the tests, created as an operator would (tests/e2e/helpers.ts: e2eAdmin)
printf '%s\n' 'admin e2e senha 2027' | npx tsx db/admin-cli.ts user add --email admin.e2e@forja.dev --name "Admin E2E" --admin --password-stdin >/dev/null
exec npx next start -H 127.0.0.1 -p "$port"
