# stockflow image: one image, two roles — the worker (default CMD) and the prediction API
# (`node dist/apps/api/main.js`); see docker-compose.yml. Node 24 (Active LTS); its major is pinned in
# scripts/cluster/pins.json, which the compose test checks.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: all dependencies, native add-ons compiled, TypeScript and workflow bundle built
FROM ${NODE_IMAGE} AS build
# better-sqlite3 (and tfjs-node, when its prebuilt binary is missing) compile with node-gyp;
# python3-pip lets scripts/setup-native.sh fetch the tensorflow-cpu wheel when it has to.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so source edits do not invalidate this layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# The native TensorFlow backend (what `npm run setup:native` does in a checkout): a no-op when
# npm ci's tfjs-node already loads (its installer reached Google's storage), else built against
# the libraries of the tensorflow-cpu wheel (Linux x86_64). Should that fail too (another
# platform, no PyPI), the image still works on the wasm backend: the failure is printed, not fatal.
# The staging cache (.tools) stays in this stage; the addon and its libraries are in node_modules.
COPY scripts/setup-native.sh scripts/setup-native.sh
COPY scripts/native scripts/native
RUN (bash scripts/setup-native.sh || echo "native TensorFlow unavailable: the image uses the wasm backend") \
 && rm -rf .tools
COPY . .
# tsc -p tsconfig.build.json → dist/, then the prebuilt workflow bundle; then drop dev deps.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime: same Debian release as the build stage, so the compiled add-ons load
FROM ${NODE_IMAGE} AS runtime
# MALLOC_ARENA_MAX=2: every retrain runs in a fresh worker thread, and glibc's per-thread malloc
# arenas otherwise keep the native memory each one freed (bench:soak: RSS +2.5 MB per retrain
# without, flat with; issue 12).
ENV NODE_ENV=production \
    STOCKFLOW_DATA_DIR=/data \
    MALLOC_ARENA_MAX=2
WORKDIR /app
# Application files stay root-owned (read-only for the service user); only /data is writable.
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
CMD ["node", "dist/worker/main.js"]
