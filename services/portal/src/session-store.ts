import { randomBytes, timingSafeEqual } from "node:crypto";
import type { StaffAccount } from "@takedown/staff-accounts";

export interface Session {
  id: string;
  account: StaffAccount;
  /** Sent back in the X-CSRF-Token header of every state-changing call. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

export type SessionLookup =
  { kind: "active"; session: Session } | { kind: "expired" } | { kind: "none" };

export interface SessionStoreOptions {
  idleMs: number;
  maxMs: number;
  now?: () => number;
  /**
   * Whether the account still allows this session (not revoked, password not reset since);
   * asked on every touch, as the CLI changes accounts from another process.
   */
  inForce?: (session: Session) => boolean;
}

/**
 * Sessions in memory: a restart signs everyone out, which costs staff one sign-in and keeps
 * session tokens out of any file. The cookie holds only the random id.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #options: SessionStoreOptions;
  readonly #now: () => number;
  #sweeper: NodeJS.Timeout | undefined;

  constructor(options: SessionStoreOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get idleMs(): number {
    return this.#options.idleMs;
  }

  start(): void {
    this.#sweeper = setInterval(() => this.#sweep(), 60_000);
    this.#sweeper.unref();
  }

  stop(): void {
    clearInterval(this.#sweeper);
    this.#sessions.clear();
  }

  create(account: StaffAccount): Session {
    const now = this.#now();
    const session: Session = {
      id: randomBytes(32).toString("base64url"),
      account,
      csrfToken: randomBytes(32).toString("base64url"),
      createdAt: now,
      lastSeenAt: now,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The session of a cookie value; touching it restarts its idle time. */
  touch(id: string | undefined): SessionLookup {
    if (id === undefined) return { kind: "none" };
    const session = this.#sessions.get(id);
    if (session === undefined) return { kind: "none" };
    const now = this.#now();
    if (this.#isExpired(session, now) || this.#options.inForce?.(session) === false) {
      this.#sessions.delete(id);
      return { kind: "expired" };
    }
    session.lastSeenAt = now;
    return { kind: "active", session };
  }

  end(id: string): void {
    this.#sessions.delete(id);
  }

  /** Every session of an account ends, e.g. when it is locked or its password is reset. */
  endAllOf(accountId: string): void {
    for (const [id, session] of this.#sessions)
      if (session.account.id === accountId) this.#sessions.delete(id);
  }

  static csrfMatches(session: Session, header: string | string[] | undefined): boolean {
    if (typeof header !== "string") return false;
    const given = Buffer.from(header);
    const expected = Buffer.from(session.csrfToken);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #isExpired(session: Session, now: number): boolean {
    return (
      now - session.lastSeenAt > this.#options.idleMs ||
      now - session.createdAt > this.#options.maxMs
    );
  }

  #sweep(): void {
    const now = this.#now();
    for (const [id, session] of this.#sessions)
      if (this.#isExpired(session, now)) this.#sessions.delete(id);
  }
}
