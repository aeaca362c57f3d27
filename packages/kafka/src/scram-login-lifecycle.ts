import { randomBytes } from "node:crypto";

/**
 * One stored SCRAM login of a platform or a service, across rotations. Kafka keeps one credential
 * per mechanism per user, so two passwords of one user cannot overlap: a rotation makes the next
 * generation's user (`<user>.<n>`, the same ACLs) and keeps the previous one until `notAfter`.
 */
export interface StoredScramLogin {
  /** The current generation's user name and password. */
  username: string;
  password: string;
  /** 1 for the declared user name itself (every login made before rotation existed). */
  generation?: number;
  /** Earlier generations that still log in until their `notAfter` (ISO time). */
  retiring?: { username: string; notAfter: string }[];
  /** Set by a revocation: no generation logs in; the next rotation issues a fresh login. */
  revokedAt?: string;
}

/** The user name of a generation: the declared name first, then `<name>.<n>`. */
export function generationUsername(baseUser: string, generation: number): string {
  return generation <= 1 ? baseUser : `${baseUser}.${generation}`;
}

/** Whether a stored login belongs to this declared user name (a renamed user starts afresh). */
export function isLoginOf(login: StoredScramLogin, baseUser: string): boolean {
  return login.username === generationUsername(baseUser, login.generation ?? 1);
}

/** A first login for a declared user. */
export function newScramLogin(baseUser: string): StoredScramLogin {
  return { username: baseUser, password: newPassword(), generation: 1 };
}

/** Every user name that may log in now: the current generation and those still retiring. */
export function liveUsernames(login: StoredScramLogin): string[] {
  if (login.revokedAt !== undefined) return [];
  return [login.username, ...(login.retiring ?? []).map((r) => r.username)];
}

/** Every user name the login ever had that the broker may still know (for a revocation). */
export function knownUsernames(login: StoredScramLogin): string[] {
  return [login.username, ...(login.retiring ?? []).map((r) => r.username)];
}

/**
 * The next generation: a new user and password; the current one keeps working until
 * `now + overlapMs` (0 retires it at once). Rotating a revoked login issues a fresh one and
 * brings nothing back.
 */
export function rotateScramLogin(options: {
  login: StoredScramLogin;
  baseUser: string;
  now: Date;
  overlapMs: number;
}): { login: StoredScramLogin; retireNow: string[] } {
  const { login, now } = options;
  const generation = (login.generation ?? 1) + 1;
  const fresh = {
    username: generationUsername(options.baseUser, generation),
    password: newPassword(),
    generation,
  };
  if (login.revokedAt !== undefined) return { login: fresh, retireNow: [] };
  const notAfter = new Date(now.getTime() + options.overlapMs).toISOString();
  const retiring = [...(login.retiring ?? []), { username: login.username, notAfter }];
  const expired = expireScramLogin({ login: { ...fresh, retiring }, now });
  return expired;
}

/** Drops the generations whose overlap ended; the caller deletes their users and ACLs. */
export function expireScramLogin(options: { login: StoredScramLogin; now: Date }): {
  login: StoredScramLogin;
  retireNow: string[];
} {
  const { login, now } = options;
  const retiring = login.retiring ?? [];
  const keep = retiring.filter((r) => Date.parse(r.notAfter) > now.getTime());
  const retireNow = retiring.filter((r) => !keep.includes(r)).map((r) => r.username);
  const rest = withoutRetiring(login);
  return { login: keep.length > 0 ? { ...rest, retiring: keep } : rest, retireNow };
}

/** Every generation stops logging in; the caller deletes `retireNow` on the broker. */
export function revokeScramLogin(options: { login: StoredScramLogin; now: Date }): {
  login: StoredScramLogin;
  retireNow: string[];
} {
  return {
    login: { ...withoutRetiring(options.login), revokedAt: options.now.toISOString() },
    retireNow: knownUsernames(options.login),
  };
}

function withoutRetiring(login: StoredScramLogin): StoredScramLogin {
  const copy = { ...login };
  delete copy.retiring;
  return copy;
}

function newPassword(): string {
  return randomBytes(24).toString("base64url");
}
