# syntax=docker/dockerfile:1
#
# catalog-api production image: node 24 on Debian 12 slim (glibc), multi-stage, base pinned by digest.
#
#   toolchain  node + python3/make/g++ (compilers exist ONLY in this stage and the two built on it), tini
#   build      full `npm ci` (dev dependencies included) + `npm run build` -> dist/
#   prod-deps  `npm ci --omit=dev`, then argon2 compiled from source -> production node_modules/
#   runtime    the same base + tini + dist/ + production node_modules/ + package*.json; no compilers, no dev
#              dependencies, no sources, no .env; runs as `node` (uid 1000), works with a read-only root
#              filesystem (the service writes nothing outside /tmp; the embedded development database is a
#              dev dependency, absent here, and production refuses to start without DATABASE_URL).
#
# Build (the build arguments fill the image's OCI labels):
#   docker build -t catalog-api \
#     --build-arg VERSION="$(node -p "require('./package.json').version")" \
#     --build-arg REVISION="$(git rev-parse HEAD)" \
#     --build-arg SOURCE_URL="$(git remote get-url origin)" .
# Run:     docker run --read-only --tmpfs /tmp -p 3000:3000 \
#            -e DATABASE_URL=... -e REDIS_URL=... \
#            -e JWT_ACCESS_SECRET_FILE=/run/secrets/jwt_access_secret \
#            -e JWT_REFRESH_SECRET_FILE=/run/secrets/jwt_refresh_secret ... catalog-api
#          (NODE_ENV=production requires DATABASE_URL, REDIS_URL and two distinct JWT secrets of >= 32 bytes.)
#
# Migrations, with the same image: `node dist/src/cli.js migrate` applies dist/migrations/*.js with the service's
# own runner (advisory lock, one transaction per migration, MIGRATION_LOCK_TIMEOUT_MS as lock_timeout with
# MIGRATION_LOCK_RETRIES retries), reading only the database variables (DATABASE_URL or DATABASE_URL_FILE, ...).
# Run it as a one-shot job, as the schema owner, before starting new app versions (the Helm chart's
# pre-upgrade hook does exactly this):
#   docker run --rm --read-only -e NODE_ENV=production -e DATABASE_URL=postgres://owner@... catalog-api \
#     node dist/src/cli.js migrate
# `migration:show` / `migration:revert` go through the TypeORM CLI (typeorm is a production dependency):
#   node node_modules/typeorm/cli.js migration:show -d dist/src/database/data-source.js
# Operator commands: node dist/src/cli.js --help.

# node 24.20.0 on Debian 12 (bookworm) slim, pinned by digest: every build gets the same base until the digest
# is refreshed on purpose (README, "Containers"). Build and runtime stages share it, so argon2 is compiled
# against the glibc it runs on.
ARG NODE_IMAGE=node:24.20.0-bookworm-slim@sha256:ba849c60be29959425b8734d57b8b4b7d56f98edd9504c9af091d5281095a71e

# ---------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS toolchain
# argon2 is compiled from source with node-gyp, which needs python3, make and a C++ compiler. tini is only
# copied from here into the runtime image, which installs no package itself.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ tini \
 && rm -rf /var/lib/apt/lists/*
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
WORKDIR /app

# ---------------------------------------------------------------------------------------------------------
FROM toolchain AS build
COPY package.json package-lock.json ./
# Full install (dev dependencies: Nest CLI, TypeScript, ...). Install scripts are skipped: compiling TypeScript
# needs none of them, and these node_modules never reach the runtime image.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
# -> dist/src/main.js, dist/src/cli.js, dist/src/database/data-source.js, dist/migrations/*.js
RUN npm run build

# ---------------------------------------------------------------------------------------------------------
FROM toolchain AS prod-deps
COPY package.json package-lock.json ./
# package.json's `allowScripts` approves only the argon2 and msgpackr-extract install scripts. Only recent npm
# 11 releases read that field; older npm in the base image would run every dependency's install script (and
# none is needed apart from those two). So the behaviour does not depend on the npm version: install with no
# scripts at all, then run exactly the approved ones with `npm rebuild`.
#  - argon2: npm_config_build_from_source=true makes node-gyp-build compile the addon here (glibc, same
#    base as the runtime stage) instead of using a bundled prebuilt binary.
#  - msgpackr-extract (optional, used by bullmq): its script checks the prebuilt platform package and
#    compiles only if that does not load.
# The final `require` fails the build now rather than at runtime if the addon did not build.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --ignore-scripts \
 && npm_config_build_from_source=true npm rebuild argon2 \
 && npm rebuild msgpackr-extract \
 && rm -rf node_modules/argon2/build/Release/obj.target node_modules/argon2/build/Release/.deps \
 && node -e "require('argon2')"

# ---------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# Memory (measured with `npm run bench`, which starts the service with this same setting): V8 sizes its heap
# from the old-space limit; with the default (a quarter of the host's memory) it grows to ~160 MB under load
# for ~55 MB of live objects. 256 MB keeps the resident set near 165 MB and leaves room for the in-process
# catalog cache. (argon2id's 19 MiB per concurrent hash, at most one per libuv thread, comes on top; glibc
# keeps those buffers for the next hashes. Forcing them back with MALLOC_MMAP_THRESHOLD_ cost a third of the
# login throughput in the bench, so it is not set.)
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NODE_OPTIONS=--max-old-space-size=256
WORKDIR /app
# The static build: it needs no library from the image.
COPY --from=toolchain /usr/bin/tini-static /usr/bin/tini
# Files stay owned by root: the `node` user can read the application but not modify it.
COPY package.json package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Last, so that a new version or commit reuses every layer above.
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE_URL=unknown
LABEL org.opencontainers.image.title="catalog-api" \
      org.opencontainers.image.description="Production-grade e-commerce catalog API (NestJS 11 on Fastify, PostgreSQL primary + replicas, Redis)" \
      org.opencontainers.image.licenses="UNLICENSED" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
# The image's `node` user, by number: Kubernetes can verify `runAsNonRoot` only for a numeric user.
USER 1000:1000
EXPOSE 3000
# Liveness only (no dependency checks). The slim image has no curl: use node's fetch. Plain HTTP: adjust if
# TLS_CERT_FILE/TLS_KEY_FILE enable native TLS.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# tini is PID 1 and passes signals on to node. Node as PID 1 would ignore SIGTERM and SIGINT until it installs
# handlers of its own: a pod stopped during boot, a migration Job or a CLI run would only end at SIGKILL after
# the grace period. tini also reaps orphaned processes. The chart and docker-compose.yml replace only the
# command (CMD), never the entrypoint; the service handles SIGTERM itself once up (graceful drain,
# src/bootstrap.ts).
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main.js"]
