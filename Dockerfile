# The images of the distributed topology (docker-compose.yml): `bangfu` (the default, last stage)
# runs every bangfu process, the command picking which (`npm run start:registry`, …); `hive`
# runs the scale-out gateway (docs/scale-out.md). Run them behind an init process
# (`init: true` in compose, `docker run --init`): it reaps children and passes SIGTERM on.
#
# Node 20: the version every test and benchmark of this repository runs on (package.json
# engines); a newer LTS base image waits until the suite has run on it.
FROM node:20-bookworm-slim AS base
WORKDIR /app
# A 64 MiB young generation: the national picture allocates ~1 GB of short-lived objects per
# request, and a small nursery promotes them to the old generation (docs/performance.md).
# HOST=0.0.0.0: a container is reached through its own network interface (processes started by
# hand listen on 127.0.0.1 unless HOST says otherwise).
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1 NPM_CONFIG_UPDATE_NOTIFIER=false NODE_OPTIONS=--max-semi-space-size=64 HOST=0.0.0.0
COPY package.json package-lock.json ./
# patch-package (postinstall) applies patches/ to @apollo/gateway: see docs/performance.md. The
# postinstall's page build has no sources yet at this point and skips; the `web` stage builds.
COPY patches ./patches
COPY scripts/build-web.mjs ./scripts/

FROM base AS deps
RUN npm ci --omit=dev --no-audit --no-fund

# Every package, the development ones too (NODE_ENV=production would leave them out): the
# build tools.
FROM base AS deps-all
RUN npm ci --include=dev --no-audit --no-fund

# The pages (web/ → web/dist), built with the development packages; the runtime stages copy
# the output, not the packages. README.md gives GraphiQL its example operations.
FROM deps-all AS web
COPY README.md ./
COPY web ./web
RUN npm run build:web

FROM base AS sources
COPY tsconfig.json ./
COPY lib ./lib
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY schema ./schema
COPY seed ./seed
COPY reference ./reference

FROM base AS hive
COPY --from=deps /app/node_modules ./node_modules
COPY --from=sources /app ./
COPY --from=web /app/web/dist ./web/dist
USER node
EXPOSE 4000
CMD ["npm", "run", "start:hive"]

FROM base AS bangfu
COPY --from=deps /app/node_modules ./node_modules
COPY --from=sources /app ./
COPY --from=web /app/web/dist ./web/dist
USER node
EXPOSE 4000 4001
CMD ["npm", "run", "start:gateway"]
