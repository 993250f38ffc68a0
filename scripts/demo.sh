#!/usr/bin/env bash
# npm run demo: install, migrate, seed the demo course, build and start the production server
# on the embedded database (PGlite in .data/pglite).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_npm_packages
ensure_debian_packages bwrap:bubblewrap || echo "(code questions will refuse to run until bubblewrap is installed)" >&2

export NEXT_TELEMETRY_DISABLED=1
port="${PORT:-3000}"
export NEXTAUTH_URL="${NEXTAUTH_URL:-http://127.0.0.1:${port}}"
ensure_auth_secret

step "database: migrate and seed"
npx tsx db/cli.ts seed

step "build"
npx next build

step "start on http://127.0.0.1:${port}"
exec npx next start -H 127.0.0.1 -p "$port"
