const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `--overlap` of `takedown credentials rotate`: `0`, or a whole number with s, m, h or d
 * (`90s`, `30m`, `24h`, `7d`). Undefined for anything else, so the caller can name the flag.
 */
export function parseOverlap(text: string): number | undefined {
  if (text === "0") return 0;
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return Number(match[1]) * (UNITS[match[2]] ?? 0);
}
