# syntax=docker/dockerfile:1
# One image for the router, the eight subgraphs and the migrations job (see deploy/docker/entrypoint.sh):
#   docker build -t flores-victoria:local .
#   docker run flores-victoria:local                      the router (port 3000, metrics on 9000)
#   docker run -e SERVICE=catalog flores-victoria:local   a subgraph by name (or: ... catalog)
#   docker run flores-victoria:local migrate              apply the Prisma migrations to DATABASE_URL
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# ---------------------------------------------------------------- deps: every package, Prisma clients
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts off: the only ones are Prisma's native-engine download (not needed to generate) and
# protobufjs' version notice; generation is then run explicitly, so a failure fails the build.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY scripts/prisma-generate.mjs scripts/
COPY prisma/ prisma/
RUN npm run prisma:generate

# ---------------------------------------------------------------- build: tsc to dist/
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY runtime/ runtime/
COPY router/ router/
COPY subgraphs/ subgraphs/
COPY scripts/ scripts/
RUN npm run build

# ---------------------------------------------------------------- prod-deps: production packages only
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# `prisma` and `typescript` are optional peers of @prisma/client, which npm keeps despite --omit=dev
# (about 240 MB with the CLI's own packages); dropping devDependencies makes them extraneous, and prune
# removes them without changing any locked version.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm pkg delete devDependencies \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# ---------------------------------------------------------------- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    METRICS_HOST=0.0.0.0 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# Owned by root and read-only to the service user: the process cannot rewrite its own code.
COPY package.json ./
COPY --from=prod-deps /app/node_modules/ node_modules/
COPY --from=build /app/dist/ dist/
# The router reads schema/supergraph.graphql (SUPERGRAPH_PATH); the migrations job reads
# prisma/<service>/schema.prisma and migrations/ (the generated client is already compiled into dist/).
COPY schema/ schema/
# The users service's mail templates (MAIL_TEMPLATES_DIR points elsewhere for a shop's own).
COPY subgraphs/users/mail/templates/ subgraphs/users/mail/templates/
COPY --from=build /app/prisma/ prisma/
RUN rm -rf prisma/*/client
# PostgreSQL's client tools (pg_dump, pg_restore, psql) for backups and restores (scripts/backup.ts, the chart's backup
# CronJob): Debian's, of the major version docker-compose.yml runs; pg_dump refuses a server newer than itself.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/*
COPY --chmod=0755 deploy/docker/entrypoint.sh /usr/local/bin/flores-entrypoint
# "node" (uid 1000) comes with the official image.
USER node
# The public ports, then the metrics ports (METRICS_PORT: /metrics only, for the scraper; publish them to no one else).
EXPOSE 3000 3001 3002 3003 3004 3005 3006 3007 3008
EXPOSE 9000 9001 9002 9003 9004 9005 9006 9007 9008
ENTRYPOINT ["flores-entrypoint"]
CMD ["router"]
