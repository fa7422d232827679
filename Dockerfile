# Creative Triage container image: `docker build -t creative-triage .`
# Runs `node --import tsx lib/cli/serve.ts` (what `npm run serve` runs): validates the environment,
# migrates the database, creates the first admin from the environment, serves the production build
# and stops gracefully on SIGTERM. Nothing is downloaded at run time: the ONNX Runtime WASM files and
# the OCR models are copied into public/ by the build (lib/cli/copy-ort-assets.ts).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The server never runs ONNX Runtime's native binding; skip its binary download.
RUN ONNXRUNTIME_NODE_INSTALL=skip npm ci

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# prebuild copies the ORT and OCR assets into public/ort and public/ocr.
RUN npm run build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    CREATIVE_TRIAGE_DATA_DIR=/data
# postgresql-client: pg_dump/pg_restore for `npm run backup` / `npm run restore` on PostgreSQL.
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data && chown node:node /data
# tsx runs the start-up script and the maintenance CLIs, so node_modules keeps its dev tools.
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/.next ./.next
COPY --from=build --chown=node:node /app/public ./public
COPY --from=build --chown=node:node /app/lib ./lib
COPY --from=build --chown=node:node /app/package.json /app/next.config.mjs /app/tsconfig.json /app/instrumentation.ts ./
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Exec form, no npm wrapper: SIGTERM reaches the server itself.
CMD ["node", "--import", "tsx", "lib/cli/serve.ts"]
