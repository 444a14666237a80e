# One image for every service of the distributed topology: the command picks the process.
FROM node:20-bookworm-slim
WORKDIR /app
# A 64 MiB young generation: the national picture allocates ~1 GB of short-lived objects per
# request, and a small nursery promotes them to the old generation (docs/performance.md).
# HOST=0.0.0.0: a container is reached through its own network interface (processes started by
# hand listen on 127.0.0.1 unless HOST says otherwise).
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1 NPM_CONFIG_UPDATE_NOTIFIER=false NODE_OPTIONS=--max-semi-space-size=64 HOST=0.0.0.0
COPY package.json package-lock.json ./
# patch-package (postinstall) applies patches/ to @apollo/gateway: see docs/performance.md.
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund
COPY lib ./lib
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY schema ./schema
COPY seed ./seed
COPY reference ./reference
COPY tsconfig.json ./
USER node
CMD ["npx", "tsx", "gateway/main.ts"]
