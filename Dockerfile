# syntax=docker/dockerfile:1
# The Hookwarden image: the production server (scripts/serve.ts through tsx, as `npm start` runs it)
# on Next.js's standalone output, as a non-root user. It needs DATABASE_URL: it has no embedded PostgreSQL.
#   docker build -t hookwarden .
# Its command migrates the database (under PostgreSQL's advisory lock: several instances may start at once),
# then serves on $PORT. /api/ready is its health check; SIGTERM stops it gracefully within
# HOOKWARDEN_SHUTDOWN_GRACE_SECONDS (25 s): give it a stop timeout of 30 s (`docker stop -t 30`, compose's stop_grace_period).

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# 1. Dependencies, with the npm that honours package.json's allowScripts (npm 11; node 20 images ship npm 10).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
RUN npm install -g npm@11.19.1
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund

# 2. The build: the Prisma client, `next build` (output: standalone), then the folder the image runs.
FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm run build && node --import tsx scripts/assemble-standalone.ts /standalone

# 3. The image: only the assembled folder, owned by root and read-only to the user that runs it.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    CHECKPOINT_DISABLE=1 \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME_BIND=0.0.0.0
WORKDIR /app
RUN groupadd --system --gid 10001 hookwarden \
 && useradd --system --uid 10001 --gid hookwarden --home-dir /nonexistent --shell /usr/sbin/nologin hookwarden
COPY --from=build /standalone ./
# Next.js's cache is the one folder the server writes under /app (tsx compiles into /tmp).
RUN mkdir -p .next/cache && chown hookwarden:hookwarden .next/cache
USER hookwarden
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/ready`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "scripts/serve.ts"]
