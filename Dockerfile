# The Baton relay. Build: docker build -t baton-relay .   Run with Redis and PostgreSQL: compose.yaml.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The lockfile includes the desktop toolchain; the relay never needs Electron's binary.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
# tsx (a dev dependency) runs the TypeScript sources, as `npm run relay` does everywhere else.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY shared ./shared
COPY relay ./relay
RUN mkdir -p /data && chown node:node /data
USER node
ENV BATON_DATA=/data
VOLUME /data
EXPOSE 4455
# 0.0.0.0 inside the container only: the port is published (or not) by whoever runs it.
CMD ["npm", "run", "relay", "--", "--host", "0.0.0.0", "--port", "4455"]
