#!/usr/bin/env bash
# npm run bench -- <name> [options]: install what the benches need (npm packages, bubblewrap for the code
# graders, nginx for --web N), then run bench/run.ts. PostgreSQL is installed by scripts/postgres.sh when a bench
# starts it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_npm_packages >&2
packages=(bwrap:bubblewrap)
for arg in "$@"; do [ "$arg" = "--web" ] && packages+=(nginx:nginx); done
ensure_debian_packages "${packages[@]}" >&2

exec npx tsx bench/run.ts "$@"
