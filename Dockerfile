# The Baton relay. Build: docker build -t baton-relay .   Run with Redis and PostgreSQL: compose.yaml.
# Three stages: the relay is built to JavaScript with the repository's toolchain, its one native
# package is installed on its own, and the image keeps only those two (no npm install of the
# desktop app, no TypeScript, no test tools).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Only esbuild runs here: no install scripts (Electron's download, better-sqlite3's compile).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./
COPY shared ./shared
COPY relay ./relay
# dist/relay: cli.js (relay, shared code and pure-JS dependencies), chunks/ (what cli.js imports,
# the PostgreSQL and Redis clients among them) and a package.json naming what stays a package:
# better-sqlite3.
RUN node relay/build.mjs

FROM node:20-bookworm-slim AS runtime-deps
WORKDIR /app/dist/relay
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# The version is the one package-lock.json installed in the build stage (relay/build.mjs writes it).
COPY --from=build /app/dist/relay/package.json ./
# Then drop the sources and objects only compiling needs; the addon is build/Release/better_sqlite3.node.
# bench/relay/image.ts counts the image's size with the same list: keep them together.
RUN npm install --omit=dev --no-audit --no-fund --no-package-lock \
 && cd node_modules/better-sqlite3 \
 && rm -rf deps src build/deps build/Release/obj build/Release/obj.target build/Release/.deps \
    build/Release/test_extension.node build/Release/sqlite3.a

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=runtime-deps /app/dist/relay/node_modules ./dist/relay/node_modules
# Not the source maps: node reads them only with --enable-source-maps, and the bundle is not minified.
COPY --from=build /app/dist/relay/cli.js /app/dist/relay/package.json ./dist/relay/
COPY --from=build /app/dist/relay/chunks/*.js ./dist/relay/chunks/
RUN mkdir -p /data && chown node:node /data
USER node
ENV BATON_DATA=/data
VOLUME /data
EXPOSE 4455
# The relay is the container's main process, run by plain node: signals reach it directly (SIGTERM: a
# clean shutdown). The V8 flags are the ones `npm run relay` uses: young generation and old-generation growth ([R29]).
# 0.0.0.0 inside the container only: the port is published (or not) by whoever runs it.
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=20", "dist/relay/cli.js", "--host", "0.0.0.0", "--port", "4455"]
