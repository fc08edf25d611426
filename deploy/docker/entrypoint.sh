#!/bin/sh
# Entry point of the one Flores Victoria image: picks what to run from the command or $SERVICE.
#   (no command)            $SERVICE, or the router when SERVICE is unset
#   router | <subgraph>     node dist/router/main.js | node dist/subgraphs/<subgraph>/main.js
#   migrate [apply|status]  the migrations job (node dist/scripts/migrate.js, "apply" by default)
#   anything else           run as given, e.g. node dist/subgraphs/catalog/main.js
set -eu

# V8 heap settings of each kind of process: the same as runtime/service-node-flags.ts (a test compares them).
ROUTER_NODE_FLAGS="--max-semi-space-size=16 --max-old-space-size=384"
SUBGRAPH_NODE_FLAGS="--max-semi-space-size=2 --max-old-space-size=256"
BUSY_SUBGRAPH_NODE_FLAGS="--max-semi-space-size=8 --max-old-space-size=256"

if [ "$#" -eq 0 ]; then set -- "${SERVICE:-router}"; fi

case "$1" in
  router)
    # shellcheck disable=SC2086 # the flags are words
    exec node $ROUTER_NODE_FLAGS dist/router/main.js ;;
  migrate)
    shift
    if [ "$#" -eq 0 ]; then set -- apply; fi
    exec node dist/scripts/migrate.js "$@" ;;
esac

# A subgraph by name: whatever has a compiled main, so a new subgraph needs no change here.
if [ -f "dist/subgraphs/$1/main.js" ]; then
  case "$1" in
    catalog | wishlist | cart) flags=$BUSY_SUBGRAPH_NODE_FLAGS ;;
    *) flags=$SUBGRAPH_NODE_FLAGS ;;
  esac
  # shellcheck disable=SC2086 # the flags are words
  exec node $flags "dist/subgraphs/$1/main.js"
fi

# Any other command (node ..., sh) runs as given; a word that names nothing says what would have worked.
if command -v "$1" >/dev/null 2>&1; then exec "$@"; fi
echo "entrypoint: unknown service \"$1\"; expected router, migrate or one of: $(cd dist/subgraphs && ls -d */ | tr -d / | tr "\n" " ")" >&2
exit 64
