# One image for every service of the distributed topology: the command picks the process.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1 NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json ./
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
