/**
 * The checkpoint this browser verified last, per pinned key: the next visit proves the new
 * checkpoint extends it. Only a checkpoint that passed every check is ever stored, so a forked
 * log cannot make the browser forget what it saw.
 */
const PREFIX = "portal.audit.checkpoint:";

export function lastSeenCheckpoint(verifierKey: string): string | undefined {
  return localStorage.getItem(PREFIX + verifierKey) ?? undefined;
}

export function rememberCheckpoint(verifierKey: string, note: string): void {
  localStorage.setItem(PREFIX + verifierKey, note);
}
