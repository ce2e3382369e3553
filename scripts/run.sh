#!/usr/bin/env bash
# The two commands of the README: `npm test` and `npm run demo`.
# Each bootstraps what a fresh machine with only Node and npm lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version 2>/dev/null | grep -q '^10\.'; then
  step "Installing pnpm 10 (npm install -g pnpm@10)"
  npm install -g pnpm@10 >/dev/null
fi
bash scripts/ensure-system-packages.sh
if [ ! -d node_modules/.pnpm ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ] || [ "${CI:-}" = "true" ]; then
  step "Installing dependencies (pnpm install --frozen-lockfile)"
  pnpm install --frozen-lockfile --reporter=append-only
fi

case "${1:-test}" in
  test)
    step "Lint (biome)"
    pnpm exec biome check .
    step "Build and typecheck (turbo)"
    pnpm exec turbo run build typecheck --output-logs=errors-only
    step "Package checks (publint, arethetypeswrong)"
    node scripts/check-packages.mjs
    step "Tests (vitest, Node $(node --version))"
    pnpm exec vitest run
    # CI proves the engines range on the supported lines too; locally:
    # `PLUGBOARD_NODE_LINES="22 24" npm test`, or `bash scripts/test-node-versions.sh 24`.
    lines="${PLUGBOARD_NODE_LINES:-}"
    [ -z "$lines" ] && [ "${CI:-}" = "true" ] && lines="22 24"
    if [ -n "$lines" ]; then
      # shellcheck disable=SC2086
      bash scripts/test-node-versions.sh $lines
    fi
    ;;
  demo)
    step "Build (turbo)"
    pnpm exec turbo run build --output-logs=errors-only
    node scripts/demo.mjs
    ;;
  *)
    echo "usage: scripts/run.sh test|demo" >&2
    exit 2
    ;;
esac
