import { readdir, readFile } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import type { FastifyInstance } from "fastify";
import { createPortalError } from "./errors.js";

const MEDIA_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

/**
 * Script only from the portal itself: an injected string can neither run nor phone home. Sent
 * on every answer by portal-app.ts (installSecurityHeaders), the SPA's own calls included.
 */
export const SPA_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

interface WebFile {
  body: Buffer;
  type: string;
}

async function filesUnder(dir: string): Promise<Map<string, WebFile>> {
  const files = new Map<string, WebFile>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    // Vite's .vite/manifest.json is for the build script, not for browsers.
    if (!entry.isFile() || relative(dir, path).startsWith(".")) continue;
    const url = `/${relative(dir, path).split("\\").join("/")}`;
    files.set(url, {
      body: await readFile(path),
      type: MEDIA_TYPES[extname(path)] ?? "application/octet-stream",
    });
  }
  return files;
}

/**
 * The built SPA, read into memory at start (a few hundred KB): hashed assets cached for ever,
 * every other GET outside /api answered with index.html so the SPA's own routes reload.
 */
export async function staticWeb(app: FastifyInstance, webDir: string): Promise<void> {
  let files: Map<string, WebFile>;
  try {
    files = await filesUnder(webDir);
  } catch (error) {
    throw createPortalError("PORTAL_INVALID_SETTINGS", {
      detail: `${webDir}: the SPA is not built (pnpm run build)`,
      cause: error,
    });
  }
  const index = files.get("/index.html");
  if (index === undefined)
    throw createPortalError("PORTAL_INVALID_SETTINGS", { detail: `${webDir}/index.html missing` });

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (path.startsWith("/api/") || (request.method !== "GET" && request.method !== "HEAD"))
      throw createPortalError("PORTAL_NOT_FOUND", { detail: `${request.method} ${path}` });
    const file = files.get(path);
    if (file !== undefined) {
      reply.header(
        "cache-control",
        path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      );
      return reply.type(file.type).send(file.body);
    }
    if (path.startsWith("/assets/")) throw createPortalError("PORTAL_NOT_FOUND", { detail: path });
    return reply.header("cache-control", "no-cache").type(index.type).send(index.body);
  });
}
