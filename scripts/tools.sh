#!/usr/bin/env bash
# The deployment checks' tools, built once from the Go module proxy (and the repository) into a cache, then reused:
#   helm          Helm 4 (helm lint, helm template of helm/flores-victoria)
#   compose       Docker Compose 5, the compose-spec implementation (`docker-compose config` validates
#                 docker-compose.yml; it needs no Docker engine)
#   k8s-validate  deploy/k8s-validate: rendered manifests checked against the Kubernetes API types, offline
#
#   scripts/tools.sh [NAME]...            prints the path of each (all three by default), building what is missing
#   scripts/tools.sh --cached [NAME]...   prints the paths without building; exits 1 if one is not built yet
#
# Environment: HELM_BIN, COMPOSE_BIN, K8S_VALIDATE_BIN (use that binary instead), FLORES_TOOLS_CACHE (default
# ~/.cache/flores-victoria/bin). Builds need Go (1.26.8 or newer on PATH or in /usr/local/go); each is logged to
# <cache>/<binary>.log. Concurrent calls wait for one another (flock), so a tool is built once.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${FLORES_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flores-victoria/bin}"
HELM_VERSION=v4.3.2
COMPOSE_VERSION=v5.6.0 # later versions need a newer Go than 1.26.8

say() { printf 'tools: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}

go_bin() {
  if command -v go >/dev/null 2>&1; then
    command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then
    echo /usr/local/go/bin/go
  else
    die "no Go toolchain to build the deployment tools (Go >= 1.26.8 on PATH or in /usr/local/go)"
  fi
}

# The cached file of each tool. k8s-validate's name carries a digest of its sources, so an edit rebuilds it.
cached_path() {
  case "$1" in
    helm) echo "$CACHE/helm-$HELM_VERSION" ;;
    compose) echo "$CACHE/docker-compose-$COMPOSE_VERSION" ;;
    k8s-validate)
      local digest
      digest="$(cd "$ROOT/deploy/k8s-validate" && cat go.mod go.sum ./*.go | sha256sum | cut -c1-12)"
      echo "$CACHE/k8s-validate-$digest"
      ;;
    *) die "unknown tool '$1' (helm, compose, k8s-validate)" ;;
  esac
}

override() {
  case "$1" in
    helm) echo "${HELM_BIN:-}" ;;
    compose) echo "${COMPOSE_BIN:-}" ;;
    k8s-validate) echo "${K8S_VALIDATE_BIN:-}" ;;
  esac
}

# build NAME OUT LOG: writes the binary to OUT.
build() {
  local go
  go="$(go_bin)"
  case "$1" in
    helm)
      local gobin status=0
      gobin="$(mktemp -d "$CACHE/.gobin.XXXXXX")"
      GOBIN="$gobin" GOFLAGS=-buildvcs=false "$go" install \
        -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" >>"$3" 2>&1 &&
        mv -f "$gobin/helm" "$2" || status=$?
      rm -rf "$gobin"
      return "$status"
      ;;
    compose)
      # `go install …@version` refuses this module (its go.mod has exclude directives): build inside the
      # downloaded module instead, where they apply. The module cache is read-only; go build writes only -o.
      local dir
      dir="$("$go" mod download -json "github.com/docker/compose/v5@$COMPOSE_VERSION" 2>>"$3" |
        sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
      [[ -n $dir && -d $dir ]] || return 1
      (cd "$dir" && GOFLAGS=-buildvcs=false "$go" build \
        -ldflags "-s -w -X github.com/docker/compose/v5/internal.Version=$COMPOSE_VERSION" -o "$2" ./cmd) >>"$3" 2>&1
      ;;
    k8s-validate)
      (cd "$ROOT/deploy/k8s-validate" && GOFLAGS=-buildvcs=false "$go" build -ldflags "-s -w" -o "$2" .) >>"$3" 2>&1
      ;;
  esac
}

# Prints the path of tool NAME, building it first when BUILD=1 and it is missing.
tool_path() { # NAME BUILD
  local name="$1" chosen path
  chosen="$(override "$name")"
  if [[ -n $chosen ]]; then
    [[ -x $chosen ]] || die "$name: $chosen is not executable"
    echo "$chosen"
    return
  fi
  path="$(cached_path "$name")"
  if [[ -x $path ]]; then
    echo "$path"
    return
  fi
  [[ $2 == 1 ]] || die "$name is not built yet: run scripts/tools.sh $name"
  mkdir -p "$CACHE"
  (
    flock -w 1800 9 || die "$name: another build held $CACHE/.lock for 30 minutes"
    if [[ ! -x $path ]]; then
      local log="$path.log" started=$SECONDS
      say "building $name once (cache: $CACHE; log: $log)"
      : >"$log"
      if ! build "$name" "$path.tmp.$$" "$log"; then
        rm -f "$path.tmp.$$"
        tail -n 20 "$log" >&2
        die "$name: build failed (log: $log)"
      fi
      mv -f "$path.tmp.$$" "$path"
      say "built $name in $((SECONDS - started))s"
    fi
  ) 9>"$CACHE/.lock"
  echo "$path"
}

main() {
  local build=1 names=()
  for arg in "$@"; do
    case "$arg" in
      --cached) build=0 ;;
      -h | --help)
        sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        return
        ;;
      *) names+=("$arg") ;;
    esac
  done
  ((${#names[@]})) || names=(helm compose k8s-validate)
  for name in "${names[@]}"; do tool_path "$name" "$build"; done
}

main "$@"
