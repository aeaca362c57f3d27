import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { API_CONTENT_SECURITY_POLICY, installSecurityHeaders } from "./security-headers.js";

function app(trustProxy: boolean) {
  const fastify = Fastify({ logger: false, trustProxy });
  installSecurityHeaders(fastify, {
    contentSecurityPolicy: API_CONTENT_SECURITY_POLICY,
    noStore: (path) => path.startsWith("/v1/"),
  });
  void fastify.register((v1, _options, done) => {
    v1.get("/v1/thing", () => ({ ok: true }));
    v1.get("/v1/broken", () => {
      throw new Error("boom");
    });
    done();
  });
  fastify.get("/healthz", () => ({ status: "ok" }));
  return fastify;
}

const COMMON = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

describe("installSecurityHeaders", () => {
  it("sets the headers on answers of encapsulated routes, errors and 404s alike", async () => {
    const server = app(false);
    for (const url of ["/v1/thing", "/v1/broken", "/v1/nothing-here", "/healthz", "/nothing"]) {
      const response = await server.inject({ url });
      expect(response.headers, url).toMatchObject(COMMON);
      expect(response.headers["strict-transport-security"], url).toBeUndefined();
    }
    expect((await server.inject({ url: "/v1/broken" })).statusCode).toBe(500);
    expect((await server.inject({ url: "/nothing" })).statusCode).toBe(404);
  });

  it("asks for no-store only on the paths it is told", async () => {
    const server = app(false);
    expect((await server.inject({ url: "/v1/thing?x=1" })).headers["cache-control"]).toBe(
      "no-store",
    );
    expect((await server.inject({ url: "/v1/nothing-here" })).headers["cache-control"]).toBe(
      "no-store",
    );
    expect((await server.inject({ url: "/healthz" })).headers["cache-control"]).toBeUndefined();
  });

  it("sends HSTS when a trusted proxy says the request came over TLS, never on its say-so alone", async () => {
    const viaTls = { "x-forwarded-proto": "https" };
    expect(
      (await app(true).inject({ url: "/healthz", headers: viaTls })).headers[
        "strict-transport-security"
      ],
    ).toBe("max-age=31536000");
    expect(
      (await app(false).inject({ url: "/healthz", headers: viaTls })).headers[
        "strict-transport-security"
      ],
    ).toBeUndefined();
  });
});
