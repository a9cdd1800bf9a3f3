# stockflow image: one image, two roles — the worker (default CMD) and the prediction API
# (`node dist/apps/api/main.js`); see docker-compose.yml. Node 24 (Active LTS); its major is pinned in
# scripts/cluster/pins.json, which the compose test checks.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: all dependencies, native add-ons compiled, TypeScript and workflow bundle built
FROM ${NODE_IMAGE} AS build
# better-sqlite3 (and tfjs-node, when its prebuilt binary is missing) compile with node-gyp.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so source edits do not invalidate this layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# tsc -p tsconfig.build.json → dist/, then the prebuilt workflow bundle; then drop dev deps.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime: same Debian release as the build stage, so the compiled add-ons load
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    STOCKFLOW_DATA_DIR=/data
WORKDIR /app
# Application files stay root-owned (read-only for the service user); only /data is writable.
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
CMD ["node", "dist/worker/main.js"]
