import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createConfigError, parseConfigFile } from "@takedown/config";
import { NO_ORGAN, otpauthUri, StaffStore } from "@takedown/staff-accounts";

export interface StaffVerbOptions {
  /** The portal's staff store (PORTAL_DB_PATH, default `<TAKEDOWN_DATA_DIR>/portal/portal.db`). */
  dbPath: string;
  configDir: string;
  organId: string;
  /** The account's secrets, printed once, to stdout. */
  print: (line: string) => void;
  /** Everything else, to stderr. */
  note: (line: string) => void;
}

async function assertOrgan(configDir: string, organId: string): Promise<void> {
  const path = join(configDir, "organs.yaml");
  const registry = parseConfigFile("organs.yaml", await readFile(path, "utf8"), path);
  if (!registry.organs.some((o) => o.id === organId))
    throw createConfigError("CONFIG_INVALID_FILE", {
      detail: `no organ ${organId} in ${path} (known: ${registry.organs.map((o) => o.id).join(", ")})`,
    });
}

/**
 * `takedown staff add --organ <id> [--totp]`: a portal account whose holder sets a password with
 * the one-time set-up secret; the TOTP seed too when asked for or required by the organ.
 */
export async function runStaffAdd(options: StaffVerbOptions & { totp: boolean }): Promise<void> {
  await assertOrgan(options.configDir, options.organId);
  const store = StaffStore.open(options.dbPath);
  try {
    const created = await store.createAccount({ organId: options.organId, totp: options.totp });
    options.note(
      `portal account for ${options.organId}; only hashes are kept in ${options.dbPath}`,
    );
    options.note(
      "give these to the staff member; they are shown once and stored nowhere in clear:",
    );
    printOneTimeSecrets(created, options);
  } finally {
    store.close();
  }
}

/** The new account's one-time secrets, printed once for whoever hands them over. */
function printOneTimeSecrets(
  created: Awaited<ReturnType<StaffStore["createAccount"]>>,
  options: Pick<StaffVerbOptions, "print" | "note">,
): void {
  options.print(`account id:   ${created.account.id}`);
  options.print(`set-up secret: ${created.setupSecret}`);
  if (created.totpSecret !== undefined) {
    options.print(`TOTP secret:  ${created.totpSecret}`);
    options.print(`TOTP URI:     ${otpauthUri(created.totpSecret, created.account.id)}`);
  }
  options.note("they open the portal's set-up page (/setup), choose a password, then sign in");
}

/**
 * `takedown staff add --auditor [--totp]`: a read-only portal account for an auditor, who belongs
 * to no organ; the portal calls the audit API for it with its own auditor key.
 */
export async function runAuditorAccountAdd(
  options: Pick<StaffVerbOptions, "dbPath" | "print" | "note"> & { totp: boolean },
): Promise<void> {
  const store = StaffStore.open(options.dbPath);
  try {
    const created = await store.createAccount({
      organId: NO_ORGAN,
      role: "auditor",
      totp: options.totp,
    });
    options.note(`auditor portal account; only hashes are kept in ${options.dbPath}`);
    options.note("give these to the auditor; they are shown once and stored nowhere in clear:");
    printOneTimeSecrets(created, options);
  } finally {
    store.close();
  }
}

/** `takedown staff require-totp --organ <id> [--off]`: the organ's accounts need a second factor. */
export async function runStaffRequireTotp(
  options: Omit<StaffVerbOptions, "print"> & { required: boolean },
): Promise<void> {
  await assertOrgan(options.configDir, options.organId);
  const store = StaffStore.open(options.dbPath);
  try {
    store.setTotpRequired(options.organId, options.required);
    options.note(
      `${options.organId}: a second factor is ${options.required ? "required" : "optional"} from the next sign-in`,
    );
  } finally {
    store.close();
  }
}
