import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { randomBytes } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import { createStaffError } from "./errors.js";
import { hashSecret, verifySecret } from "./password-hash.js";
import { base32Decode, base32Encode, matchTotp, newTotpSecret } from "./totp.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS staff (
  id TEXT PRIMARY KEY, organ_id TEXT NOT NULL, role TEXT NOT NULL,
  password_hash TEXT, setup_hash TEXT, setup_expires_at INTEGER,
  totp_secret TEXT, totp_last_step INTEGER,
  failed_count INTEGER NOT NULL DEFAULT 0, locked_until INTEGER,
  created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS organ_policy (
  organ_id TEXT PRIMARY KEY, totp_required INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * Roles of the portal: organ staff, and auditors (issue 15), who read the audit log and the
 * report and belong to no organ.
 */
export type StaffRole = "staff" | "auditor";

/** The organ id an auditor account carries: it acts for no organ. */
export const NO_ORGAN = "";

export interface StaffAccount {
  /** Pseudonymous id (`stf_…`): what events record as the acting account; never a name. */
  id: string;
  organId: string;
  role: StaffRole;
  totp: boolean;
}

export type SignInResult =
  | { kind: "signed_in"; account: StaffAccount }
  | { kind: "refused" }
  | { kind: "locked"; until: Date }
  | { kind: "code_needed" }
  | { kind: "totp_enrolment_needed" };

export interface StaffStoreOptions {
  /** Consecutive failures before the account is locked (default 5). */
  maxFailures?: number;
  lockMs?: number;
  setupValidityMs?: number;
  minPasswordLength?: number;
  now?: () => Date;
}

interface Row {
  id: string;
  organ_id: string;
  role: string;
  password_hash: string | null;
  setup_hash: string | null;
  setup_expires_at: number | null;
  totp_secret: string | null;
  totp_last_step: number | null;
  failed_count: number;
  locked_until: number | null;
  revoked_at: number | null;
  sessions_valid_from: number | null;
}

// Columns added after the first release: a store made before them gains them when opened.
const ADDED_COLUMNS = { revoked_at: "INTEGER", sessions_valid_from: "INTEGER" } as const;

// Compared against when the account does not exist, so its absence takes as long as a mismatch.
const decoyHash = hashSecret("decoy");

/**
 * Staff accounts of the portal in one SQLite file: only scrypt hashes of passwords and set-up
 * secrets; TOTP seeds are kept as the second factor needs them (the file is 0600 in the data
 * folder). Lock-out state lives here too, so a restart does not reset a guesser's count.
 */
export class StaffStore {
  readonly #db: DatabaseSync;
  readonly #options: Required<Omit<StaffStoreOptions, "now">> & { now: () => Date };

  private constructor(db: DatabaseSync, options: StaffStoreOptions) {
    this.#db = db;
    this.#options = {
      maxFailures: options.maxFailures ?? 5,
      lockMs: options.lockMs ?? 15 * 60_000,
      setupValidityMs: options.setupValidityMs ?? 7 * 24 * 3_600_000,
      minPasswordLength: options.minPasswordLength ?? 12,
      now: options.now ?? (() => new Date()),
    };
  }

  static open(path: string, options: StaffStoreOptions = {}): StaffStore {
    try {
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // getBuiltinModule: Node 22 warns once when node:sqlite loads; only users of it pay.
      const { DatabaseSync: Database } = process.getBuiltinModule("node:sqlite");
      const db = new Database(path);
      db.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;");
      db.exec(SCHEMA);
      const columns = new Set(
        (db.prepare("PRAGMA table_info(staff)").all() as { name: string }[]).map((c) => c.name),
      );
      for (const [name, type] of Object.entries(ADDED_COLUMNS))
        if (!columns.has(name)) db.exec(`ALTER TABLE staff ADD COLUMN ${name} ${type}`);
      return new StaffStore(db, options);
    } catch (error) {
      throw createStaffError("STAFF_STORE_UNAVAILABLE", { detail: path, cause: error });
    }
  }

  close(): void {
    this.#db.close();
  }

  /** Makes an account that signs in once its holder sets a password with the set-up secret. */
  async createAccount(input: { organId: string; totp?: boolean; role?: StaffRole }): Promise<{
    account: StaffAccount;
    setupSecret: string;
    totpSecret?: string;
  }> {
    const role = input.role ?? "staff";
    if (role === "auditor" && input.organId !== NO_ORGAN)
      throw createStaffError("STAFF_INVALID_ACCOUNT", { detail: "an auditor belongs to no organ" });
    const id = `stf_${base32Encode(randomBytes(10)).toLowerCase()}`;
    const setupSecret = base32Encode(randomBytes(15));
    const totp = input.totp === true || this.totpRequired(input.organId);
    const totpSecret = totp ? newTotpSecret() : undefined;
    const now = this.#options.now();
    this.#db
      .prepare(
        `INSERT INTO staff (id, organ_id, role, setup_hash, setup_expires_at, totp_secret, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.organId,
        role,
        await hashSecret(setupSecret),
        now.getTime() + this.#options.setupValidityMs,
        totpSecret ?? null,
        now.toISOString(),
      );
    return {
      account: { id, organId: input.organId, role, totp },
      setupSecret,
      ...(totpSecret === undefined ? {} : { totpSecret }),
    };
  }

  /** The holder's first visit: the set-up secret, once and before it expires, sets a password. */
  async completeSetup(input: {
    accountId: string;
    setupSecret: string;
    password: string;
  }): Promise<boolean> {
    if (input.password.length < this.#options.minPasswordLength)
      throw createStaffError("STAFF_WEAK_PASSWORD", {
        detail: `at least ${this.#options.minPasswordLength} characters`,
      });
    const row = this.#row(input.accountId);
    const valid =
      row?.setup_hash != null &&
      row.revoked_at === null &&
      (row.setup_expires_at ?? 0) > this.#options.now().getTime() &&
      (await verifySecret(input.setupSecret.trim().toUpperCase(), row.setup_hash));
    if (!valid) {
      await decoyHash;
      return false;
    }
    this.#db
      .prepare(
        "UPDATE staff SET password_hash = ?, setup_hash = NULL, setup_expires_at = NULL, failed_count = 0, locked_until = NULL, sessions_valid_from = ? WHERE id = ?",
      )
      .run(await hashSecret(input.password), this.#options.now().getTime(), input.accountId);
    return true;
  }

  async signIn(input: {
    accountId: string;
    password: string;
    code?: string;
  }): Promise<SignInResult> {
    const now = this.#options.now();
    const row = this.#row(input.accountId);
    if (row === undefined || row.password_hash === null || row.revoked_at !== null) {
      await verifySecret(input.password, await decoyHash);
      return { kind: "refused" };
    }
    if (row.locked_until !== null && row.locked_until > now.getTime())
      return { kind: "locked", until: new Date(row.locked_until) };
    if (!(await verifySecret(input.password, row.password_hash))) return this.#fail(row, now);
    if (row.totp_secret === null) {
      if (this.totpRequired(row.organ_id)) return { kind: "totp_enrolment_needed" };
    } else {
      if (input.code === undefined || input.code === "") return { kind: "code_needed" };
      const step = matchTotp(base32Decode(row.totp_secret), input.code.trim(), now);
      if (step === undefined || step <= BigInt(row.totp_last_step ?? -1))
        return this.#fail(row, now);
      this.#db.prepare("UPDATE staff SET totp_last_step = ? WHERE id = ?").run(step, row.id);
    }
    this.#db
      .prepare("UPDATE staff SET failed_count = 0, locked_until = NULL WHERE id = ?")
      .run(row.id);
    return { kind: "signed_in", account: this.#accountOf(row) };
  }

  /**
   * Whether a session made at `createdAt` (ms) may go on: not when the account was revoked, nor
   * when its password was set anew since. The portal asks on every request, so the CLI's
   * revocation, in another process, ends the account's sessions at their next request.
   */
  sessionInForce(accountId: string, createdAt: number): boolean {
    const row = this.#db
      .prepare("SELECT revoked_at, sessions_valid_from FROM staff WHERE id = ?")
      .get(accountId) as Pick<Row, "revoked_at" | "sessions_valid_from"> | undefined;
    return (
      row !== undefined &&
      row.revoked_at === null &&
      (row.sessions_valid_from === null || createdAt >= row.sessions_valid_from)
    );
  }

  /**
   * `takedown credentials revoke staff <account-id>`: the account can neither sign in nor finish
   * a set-up, and its sessions end. Idempotent; false for an unknown account.
   */
  revokeAccount(accountId: string): boolean {
    const now = this.#options.now().getTime();
    const result = this.#db
      .prepare(
        "UPDATE staff SET revoked_at = COALESCE(revoked_at, ?), password_hash = NULL, setup_hash = NULL, setup_expires_at = NULL, sessions_valid_from = ? WHERE id = ?",
      )
      .run(now, now, accountId);
    return Number(result.changes) > 0;
  }

  /**
   * `takedown credentials rotate staff <account-id>`: a new one-time set-up secret, valid for
   * `validityMs`. The current password keeps working until the holder sets a new one with it
   * (the overlap); then sessions made before end. Undefined for an unknown or revoked account.
   */
  async resetAccount(accountId: string, validityMs: number): Promise<string | undefined> {
    const row = this.#row(accountId);
    if (row === undefined || row.revoked_at !== null) return undefined;
    const setupSecret = base32Encode(randomBytes(15));
    this.#db
      .prepare("UPDATE staff SET setup_hash = ?, setup_expires_at = ? WHERE id = ?")
      .run(await hashSecret(setupSecret), this.#options.now().getTime() + validityMs, accountId);
    return setupSecret;
  }

  account(accountId: string): StaffAccount | undefined {
    const row = this.#row(accountId);
    return row === undefined ? undefined : this.#accountOf(row);
  }

  /** An organ's rule: every account of it must have a second factor to sign in. */
  setTotpRequired(organId: string, required: boolean): void {
    this.#db
      .prepare(
        "INSERT INTO organ_policy (organ_id, totp_required) VALUES (?, ?) ON CONFLICT(organ_id) DO UPDATE SET totp_required = excluded.totp_required",
      )
      .run(organId, required ? 1 : 0);
  }

  totpRequired(organId: string): boolean {
    const row = this.#db
      .prepare("SELECT totp_required FROM organ_policy WHERE organ_id = ?")
      .get(organId) as { totp_required: number } | undefined;
    return row?.totp_required === 1;
  }

  #fail(row: Row, now: Date): SignInResult {
    const failures = row.failed_count + 1;
    const locked = failures >= this.#options.maxFailures;
    const until = now.getTime() + this.#options.lockMs;
    this.#db
      .prepare("UPDATE staff SET failed_count = ?, locked_until = ? WHERE id = ?")
      .run(locked ? 0 : failures, locked ? until : null, row.id);
    return locked ? { kind: "locked", until: new Date(until) } : { kind: "refused" };
  }

  #row(accountId: string): Row | undefined {
    return this.#db.prepare("SELECT * FROM staff WHERE id = ?").get(accountId) as Row | undefined;
  }

  #accountOf(row: Row): StaffAccount {
    // A row of an unknown role (a newer version's) signs in with the least rights: read-only.
    const role: StaffRole = row.role === "staff" ? "staff" : "auditor";
    return { id: row.id, organId: row.organ_id, role, totp: row.totp_secret !== null };
  }
}
