#!/usr/bin/env bash
# Runs the test suite again on each supported Node line (22 and 24 by default),
# after `npm test` built everything on the machine's Node. Node comes from the
# npm registry's `node` package; its bin folder is put first on PATH so tests that
# spawn `node` get the same version as the runner.
set -euo pipefail
cd "$(dirname "$0")/.."
versions=("$@"); [ ${#versions[@]} -eq 0 ] && versions=(22 24)
for v in "${versions[@]}"; do
  bin=$(npx -y "node@$v" -p 'require("node:path").dirname(process.execPath)')
  printf '\n\033[1m== Tests on Node %s (%s)\033[0m\n' "$("$bin/node" --version)" "$bin"
  PATH="$bin:$PATH" pnpm exec vitest run
done
