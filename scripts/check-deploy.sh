#!/usr/bin/env bash
# Offline checks of the deployment files, with the tools of scripts/tools.sh (built first if missing; no cluster, no
# Docker engine, no network beyond the Go module proxy for that build):
#   - helm/flores-victoria: `helm lint`, then `helm template` validated by deploy/k8s-validate (strictly decoded into
#     the Kubernetes API types, then the API server's rules that need no cluster);
#   - docker-compose.yml: `docker-compose config -q` with every profile.
#
#   scripts/check-deploy.sh                  the chart with its defaults and with values-production.example.yaml,
#                                            and docker-compose.yml
#   scripts/check-deploy.sh my-values.yaml…  the chart with each values file (over the defaults), as an operator
#                                            checks theirs before `helm upgrade --install`
# test/e2e/helm-chart.test.ts and compose-config.test.ts assert what the rendered files must contain.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHART="$ROOT/helm/flores-victoria"
HELM="$(bash "$ROOT/scripts/tools.sh" helm)"
COMPOSE="$(bash "$ROOT/scripts/tools.sh" compose)"
VALIDATE="$(bash "$ROOT/scripts/tools.sh" k8s-validate)"

# Placeholders for what a default install must be given (the chart's `required` values): rendering only.
DEFAULTS=(--set "secrets.internalSecret=check-deploy-placeholder-0123456789abcdef"
  --set 'secrets.authSigningKeys=[{"kid":"placeholder"}]' --set "mail.tokenKey=placeholder")

# check_chart NAME ARGS...: lint, render and validate with these values.
check_chart() {
  local name="$1" rendered
  shift
  echo "== helm/flores-victoria: $name"
  "$HELM" lint --quiet "$CHART" "$@"
  rendered="$("$HELM" template release "$CHART" --namespace flores "$@")"
  # The Prometheus Operator's ServiceMonitor and PrometheusRule are custom resources: accepted, not checked here
  # (test/e2e/helm-chart.test.ts asserts what they hold).
  "$VALIDATE" -allow-kind monitoring.coreos.com/v1/ServiceMonitor -allow-kind monitoring.coreos.com/v1/PrometheusRule \
    <<<"$rendered" | tail -n 1
}

if (($#)); then
  for values in "$@"; do check_chart "$values" -f "$values"; done
  exit 0
fi

check_chart "default values" "${DEFAULTS[@]}"
check_chart "values-production.example.yaml" -f "$CHART/values-production.example.yaml"

echo "== docker-compose.yml"
for profiles in "" "--profile app" "--profile app --profile tracing --profile logs"; do
  # shellcheck disable=SC2086 # the profile flags split on purpose
  INTERNAL_SECRET=placeholder AUTH_SIGNING_KEYS=placeholder MAIL_TOKEN_KEY=placeholder COMPOSE_PROFILES='' \
    "$COMPOSE" -f "$ROOT/docker-compose.yml" $profiles config -q
  echo "valid with profiles: ${profiles:-(none)}"
done
