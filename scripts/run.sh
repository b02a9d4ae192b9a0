#!/bin/sh
# The one entry point behind `npm start`, `npm test`, `npm run bench` and `npm run dev`.
# A fresh Debian machine has only Node 20 and npm: bring Node 22 and pnpm 10 into ./.tools
# (from the npm registry, without touching the system), install dependencies, then run the task.
set -e
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOOLS="$ROOT/.tools"

node_ok() {
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}
if ! node_ok || ! command -v pnpm >/dev/null 2>&1; then
  if [ ! -x "$TOOLS/node_modules/.bin/node" ] || [ ! -x "$TOOLS/node_modules/.bin/pnpm" ]; then
    echo "jixiao: installing Node 22 and pnpm 10 into .tools (first run only)…"
    npm install --prefix "$TOOLS" --no-save --no-package-lock node@22 pnpm@10.34.9 >/dev/null
  fi
  PATH="$TOOLS/node_modules/.bin:$PATH"
  export PATH
fi
node_ok || { echo "jixiao: Node >= 22.12 is required (found $(node --version))" >&2; exit 1; }

if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  echo "jixiao: installing dependencies…"
  CI=true pnpm install --frozen-lockfile
fi

build_web_if_needed() {
  out=apps/web/build/server/index.js
  if [ ! -f "$out" ] || [ -n "$(find apps/web/app apps/web/vite.config.ts packages/table/src -newer "$out" -print -quit)" ]; then
    echo "jixiao: building the web app…"
    pnpm --filter @jixiao/web build
  fi
}

task="${1:-start}"
# glibc gives each thread its own malloc arena; two are plenty for one event loop and its few
# helper threads and keep ~15 MiB off the server's resident memory (@jixiao/bench measures it)
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX-2}"
export MALLOC_ARENA_MAX
case "$task" in
  start)
    build_web_if_needed
    export NODE_ENV=production
    export JIXIAO_DEMO="${JIXIAO_DEMO-1}"
    # young generation of at most 4 MiB (V8's default is 16): after a storm of connections its
    # garbage does not sit in RSS until V8's memory reducer runs (34 → 14 KiB per idle socket in
    # @jixiao/bench), while edits still die young (1 MiB cost 12 % more CPU per edit there)
    exec node --max-semi-space-size=4 apps/server/src/main.ts
    ;;
  dev)
    build_web_if_needed
    export JIXIAO_DEMO="${JIXIAO_DEMO-1}"
    exec node --watch apps/server/src/main.ts
    ;;
  test)
    # typecheck, lint, unit + integration tests (SQLite, and PostgreSQL when JIXIAO_TEST_PG_URL
    # is set), then the browser tests against a production build.
    pnpm exec turbo run typecheck lint test --concurrency=1
    build_web_if_needed
    pnpm --filter @jixiao/web e2e
    ;;
  bench)
    build_web_if_needed
    exec pnpm exec turbo run bench --concurrency=1
    ;;
  admin)
    shift
    exec node apps/server/src/admin-cli.ts "$@"
    ;;
  *)
    echo "usage: scripts/run.sh start|test|bench|dev|admin" >&2
    exit 2
    ;;
esac
