#!/usr/bin/env bash
# The test command (`npm test`): build, type check, format check, lint, Solidity tests, TypeScript tests, in that
# order. Prints each runner's own summary and, last, one plain line with the totals.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
# In-repo code imports @btt-network/sdk/<subpath> from the SDK's TypeScript sources (tools/sdk-source.ts).
export NODE_OPTIONS="--conditions=btt-source ${NODE_OPTIONS:-}"
log_dir=$(mktemp -d)
failed=0

step() { # name, command...
  local name=$1; shift
  echo "==> $name"
  local t0=$(date +%s)
  "$@" 2>&1 | tee "$log_dir/$name.log"
  local rc=${PIPESTATUS[0]}
  echo "<== $name: exit $rc in $(( $(date +%s) - t0 ))s"
  if [ "$rc" -ne 0 ]; then failed=1; fi
  return "$rc"
}

step build hardhat build --quiet || { echo "build failed; stopping"; exit 1; }
step typecheck npm run --silent typecheck
step format prettier --check --log-level warn "**/*.{ts,js}"
step lint solhint --max-warnings 0 --disc 'contracts/**/*.sol'
step solidity hardhat test solidity --no-compile
step typescript hardhat test mocha --no-compile

count() { # sums "N <word>" over the runner logs
  cat "$log_dir/solidity.log" "$log_dir/typescript.log" 2>/dev/null \
    | sed 's/\x1b\[[0-9;]*m//g' | grep -oE "^ *[0-9]+ $1" | awk '{s+=$1} END {print s+0}'
}
passed=$(count passing); failing=$(count failing); pending=$(count pending)
echo "solidity: $(sed 's/\x1b\[[0-9;]*m//g' "$log_dir/solidity.log" | grep -E '^ *[0-9]+ (passing|failing|skipped)' | tr -s ' ' | paste -sd, -)"
echo "typescript: $(sed 's/\x1b\[[0-9;]*m//g' "$log_dir/typescript.log" | grep -E '^ *[0-9]+ (passing|failing|pending)' | tr -s ' ' | paste -sd, -)"
if [ "$failed" -ne 0 ] && [ "$failing" -eq 0 ]; then failing=1; fi
# A runner that reports failing tests fails the run, whatever its exit code says.
if [ "$failing" -ne 0 ]; then failed=1; fi
echo "tests: $passed passed, $failing failed, $pending skipped"
exit "$failed"
