import { createConfigError } from "@takedown/config";
import { z } from "zod";

const statusEnvSchema = z.object({
  STATUS_PORT: z.coerce.number().int().min(1).max(65535).default(8085),
  STATUS_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/**
 * Pure: where intake finds the status service. STATUS_URL, else the status service's own
 * STATUS_PORT on this machine (so `takedown up` with another port needs one variable).
 */
export function statusUrlOf(env: Readonly<Record<string, string | undefined>>): string {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = statusEnvSchema.safeParse(present);
  if (!parsed.success)
    throw createConfigError("CONFIG_INVALID_ENV", {
      detail: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    });
  return parsed.data.STATUS_URL ?? `http://127.0.0.1:${parsed.data.STATUS_PORT}`;
}
