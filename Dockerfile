# syntax=docker/dockerfile:1
# The Cortex-OS runtime as a container: `cortex serve` from @cortex-os/cli, built from this
# repository in two stages (see docs/deployment.md). The image runs as the non-root `node` user,
# keeps its data in the CORTEX_HOME volume and answers Docker's health check on /live.
#
#   docker build -t cortex-os .
#   docker run -p 8080:8080 -e CORTEX_HTTP_AUTH__TOKENS=change-me-to-a-long-random-token cortex-os

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: compile every package, pack each as a release would, install the tarballs as a user would
FROM ${NODE_IMAGE} AS build
# Native modules (better-sqlite3, usearch, ast-grep) ship prebuilt binaries for glibc x64 and arm64;
# the compiler toolchain is here only for a platform they do not cover.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
RUN npm install --global pnpm@10.34.8
WORKDIR /src
COPY . .
RUN pnpm install --frozen-lockfile \
  && pnpm exec tsc -b \
  && pnpm -r --filter './packages/*' pack --pack-destination /tarballs
# npm, not pnpm: the image gets exactly what `npm install` gives a user (the consumer test's
# install), production dependencies only, without optional peers such as the word vectors.
WORKDIR /opt/cortex-os
RUN echo '{ "name": "cortex-os-image", "private": true }' > package.json \
  && npm install --omit=dev --no-audit --no-fund /tarballs/*.tgz

# ---- runtime: Node and the deployed CLI, nothing else
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
  CORTEX_HOME=/var/lib/cortex-os \
  CORTEX_HTTP_HOST=0.0.0.0 \
  CORTEX_HTTP_PORT=8080 \
  CORTEX_HTTP_DRAIN__DELAY_MS=5000
RUN mkdir -p /var/lib/cortex-os && chown node:node /var/lib/cortex-os
COPY --from=build --chown=node:node /opt/cortex-os /opt/cortex-os
USER node
WORKDIR /var/lib/cortex-os
VOLUME ["/var/lib/cortex-os"]
EXPOSE 8080
# /live proves the event loop turns and never checks dependencies, so a slow database does not
# get the container restarted; load balancers should probe /ready instead.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.CORTEX_HTTP_PORT}/live`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains: readiness fails, new requests are refused after the drain delay, requests in flight finish.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/opt/cortex-os/node_modules/@cortex-os/cli/dist/bin/cortex.js"]
CMD ["serve"]
