import type { FastifyReply } from "fastify";
import { createAuditError } from "@takedown/audit-tools";

/** A decimal query parameter (sizes and indexes can pass 2^53), or `fallback` when absent. */
export function decimal(value: string | undefined, name: string, fallback?: bigint): bigint {
  if (value === undefined && fallback !== undefined) return fallback;
  if (value === undefined || !/^(0|[1-9][0-9]{0,19})$/.test(value))
    invalid(`${name} must be a decimal integer`, name);
  return BigInt(value);
}

/** A 400 naming the query parameter at fault (problem+json `field`). */
export function invalid(detail: string, field?: string): never {
  throw createAuditError("AUDIT_INVALID_QUERY", {
    detail,
    ...(field === undefined ? {} : { details: { field } }),
  });
}

/** RFC 9457 problem+json. */
export async function problem(
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  return reply
    .code(status)
    .type("application/problem+json")
    .send({ type: "about:blank", title, status, detail, ...extra });
}
