# Shared by scripts/demo.sh and scripts/test.sh: install what the project needs, from npm and Debian only.

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# npm packages: install when node_modules is missing or older than package.json / package-lock.json.
ensure_npm_packages() {
  local stamp=node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] || { [ -f package-lock.json ] && [ package-lock.json -nt "$stamp" ]; }; then
    step "npm install"
    # npm install, not npm ci: the lockfile written here lacks other platforms' optional packages.
    npm install --no-audit --no-fund
  fi
}

# Debian packages given as "command:package" pairs; installed with apt when missing and running as root.
ensure_debian_packages() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  python3 -c 'import numpy' >/dev/null 2>&1 || missing+=(python3-numpy)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  step "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" || { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; }
}

# A stable random secret for next-auth on this machine (never committed: .data/ is ignored).
ensure_auth_secret() {
  if [ -z "${NEXTAUTH_SECRET:-}" ]; then
    mkdir -p .data
    [ -s .data/auth-secret ] || node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("base64url"))' > .data/auth-secret
    NEXTAUTH_SECRET="$(cat .data/auth-secret)"
    export NEXTAUTH_SECRET
  fi
}
