import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { parse, stringify } from "yaml";
import { z } from "zod";
import { apiKeyHashPattern, apiKeyIdPattern } from "./api-key.js";
import { createApiKeyError } from "./errors.js";

/** The fields every stored key has; each kind of key file adds who holds the key. */
export const storedKeyFields = {
  id: z.string().regex(apiKeyIdPattern, "8–32 lowercase letters or digits"),
  hash: z.string().regex(apiKeyHashPattern, "an scrypt hash, never a key"),
  createdAt: z.string().optional(),
  /** A rotated key's overlap ends here (ISO time); refused from then on. */
  notAfter: z.iso.datetime({ offset: true }).optional(),
};

export interface StoredKey {
  id: string;
  hash: string;
  notAfter?: string | undefined;
}

export interface LocalKeyFileOptions<Entry extends StoredKey> {
  path: string;
  /** The whole file: `{ keys: [...] }`. */
  schema: z.ZodType<{ keys: Entry[] }>;
  /** First line(s) of the written file, e.g. who wrote it and that it must never be committed. */
  header: string;
}

/**
 * A git-ignored YAML file of key hashes made on this machine (`.data/organ-keys.yaml`,
 * `.data/auditor-keys.yaml`): plain keys are printed once by whoever made them and never stored.
 */
export class LocalKeyFile<Entry extends StoredKey> {
  readonly #options: LocalKeyFileOptions<Entry>;
  #seen: string | undefined;

  constructor(options: LocalKeyFileOptions<Entry>) {
    this.#options = options;
  }

  get path(): string {
    return this.#options.path;
  }

  /** The stored keys; none when the file does not exist yet. */
  async read(): Promise<Entry[]> {
    this.#seen = await this.#version();
    return this.#parse(await this.#text());
  }

  /** The stored keys when the file changed since the last read, else undefined. */
  async readIfChanged(): Promise<Entry[] | undefined> {
    if ((await this.#version()) === this.#seen) return undefined;
    return this.read();
  }

  /** Appends one key. The file is replaced by a rename, so a reader never sees half of it. */
  async add(entry: Entry): Promise<void> {
    await this.update((keys) => {
      if (keys.some((key) => key.id === entry.id)) {
        throw createApiKeyError("API_KEYS_INVALID_FILE", {
          detail: `${this.#options.path}: key id ${entry.id} is already used`,
        });
      }
      return [...keys, entry];
    });
  }

  /**
   * Rewrites the keys (a rotation or revocation), replacing the file by a rename: a reader sees
   * the old or the new file, and a new inode, so its change check notices within the same second.
   */
  async update(change: (keys: Entry[]) => Entry[]): Promise<void> {
    const path = this.#options.path;
    const keys = change(this.#parse(await this.#text()));
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, this.#options.header + stringify({ keys }), { mode: 0o600 });
    await rename(temporary, path);
  }

  async #version(): Promise<string> {
    try {
      const info = await stat(this.#options.path);
      return `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return "absent";
      throw createApiKeyError("API_KEYS_UNREADABLE_FILE", {
        detail: this.#options.path,
        cause: error,
      });
    }
  }

  async #text(): Promise<string | undefined> {
    try {
      return await readFile(this.#options.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw createApiKeyError("API_KEYS_UNREADABLE_FILE", {
        detail: this.#options.path,
        cause: error,
      });
    }
  }

  #parse(text: string | undefined): Entry[] {
    if (text === undefined) return [];
    let document: unknown;
    try {
      document = parse(text) ?? { keys: [] };
    } catch (error) {
      throw createApiKeyError("API_KEYS_INVALID_FILE", {
        detail: `${this.#options.path}: not YAML`,
        cause: error,
      });
    }
    const parsed = this.#options.schema.safeParse(document);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw createApiKeyError("API_KEYS_INVALID_FILE", {
        detail: `${this.#options.path}: ${first?.path.join(".") || "(root)"}: ${first?.message ?? "invalid"}`,
      });
    }
    return parsed.data.keys;
  }
}
