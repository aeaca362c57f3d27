# One image for every service of the pipeline: `docker compose` picks the entry point per service.
FROM node:22-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@10.34.8
COPY . .
RUN pnpm install --frozen-lockfile && pnpm run build
USER node
