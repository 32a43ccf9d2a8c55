# Doorman: build once, run the compiled server as an unprivileged user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY web/package.json ./web/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY web ./web
# prebuild builds the web client into web/dist; its packages are all devDependencies, pruned here.
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 PGLITE_DIR=/data/pglite
WORKDIR /app
# Without DATABASE_URL the server keeps embedded PostgreSQL in /data, a volume the node user owns.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
USER node
EXPOSE 3000
# Liveness: a database outage makes /health/ready 503 (for the load balancer), not the container unhealthy.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
