import { z } from "zod";

const units = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Durations in config are written as people say them ("7d", "72h", "30m") and held as ms. */
export const durationSchema = z
  .string()
  .regex(/^\d+(m|h|d)$/, 'a duration like "7d", "72h" or "30m"')
  .transform((text) => {
    const unit = text.slice(-1) as keyof typeof units;
    return Number(text.slice(0, -1)) * units[unit];
  });
