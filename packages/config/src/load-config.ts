import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { describeIssues, issuesFromZod } from "./config-issue.js";
import { createConfigError } from "./errors.js";
import { loadEnvConfig, type EnvConfig } from "./env-config.js";
import { platformRegistrySchema, type PlatformRegistry } from "./platform-registry.js";
import { topicCatalogSchema, type TopicCatalog } from "./topic-catalog.js";
import { organRegistrySchema, type OrganRegistry } from "./organ-registry.js";
import { principalCatalogSchema, type PrincipalCatalog } from "./principal-catalog.js";

/** Each YAML file in TAKEDOWN_CONFIG_DIR and the schema that validates it. */
export const configFiles = {
  "topics.yaml": topicCatalogSchema,
  "platforms.yaml": platformRegistrySchema,
  "organs.yaml": organRegistrySchema,
  "principals.yaml": principalCatalogSchema,
} as const;

export type ConfigFileName = keyof typeof configFiles;

export interface Config {
  env: EnvConfig;
  topics: TopicCatalog;
  platforms: PlatformRegistry;
  organs: OrganRegistry;
  /** Kafka principals of the services; only the verbs that apply ACLs need it. */
  principals?: PrincipalCatalog;
}

/** File name → text, as read from TAKEDOWN_CONFIG_DIR. Kept apart so loading stays pure. */
export type ConfigFileTexts = Partial<Record<ConfigFileName, string>>;

export function parseConfigFile<Name extends ConfigFileName>(
  name: Name,
  text: string,
  source: string = name,
): z.output<(typeof configFiles)[Name]> {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    throw createConfigError("CONFIG_INVALID_FILE", {
      detail: `${source}: (yaml): ${first?.message ?? "cannot be parsed"}`,
      details: { file: source, field: "(yaml)", reason: first?.message },
    });
  }
  const parsed = configFiles[name].safeParse(document.toJS());
  if (!parsed.success) {
    const issues = issuesFromZod(source, parsed.error);
    throw createConfigError("CONFIG_INVALID_FILE", {
      detail: describeIssues(issues),
      details: { file: source, issues },
    });
  }
  return parsed.data as z.output<(typeof configFiles)[Name]>;
}

/** Pure: environment and file texts in, validated config out, or an error naming the problem. */
export function loadConfig(options: {
  env: Readonly<Record<string, string | undefined>>;
  files: ConfigFileTexts;
  configDir?: string;
}): Config {
  const env = loadEnvConfig(options.env);
  const dir = options.configDir ?? env.TAKEDOWN_CONFIG_DIR;
  const text = (name: ConfigFileName): string => {
    const value = options.files[name];
    if (value === undefined) {
      throw createConfigError("CONFIG_MISSING_FILE", {
        detail: `${join(dir, name)} not found`,
        details: { file: join(dir, name) },
      });
    }
    return value;
  };
  return {
    env,
    topics: parseConfigFile("topics.yaml", text("topics.yaml"), join(dir, "topics.yaml")),
    platforms: parseConfigFile(
      "platforms.yaml",
      text("platforms.yaml"),
      join(dir, "platforms.yaml"),
    ),
    organs: parseConfigFile("organs.yaml", text("organs.yaml"), join(dir, "organs.yaml")),
    ...(options.files["principals.yaml"] === undefined
      ? {}
      : {
          principals: parseConfigFile(
            "principals.yaml",
            options.files["principals.yaml"],
            join(dir, "principals.yaml"),
          ),
        }),
  };
}

/** Reads every known config file that exists in dir; missing ones are reported by loadConfig. */
export async function readConfigFiles(dir: string): Promise<ConfigFileTexts> {
  const files: ConfigFileTexts = {};
  for (const name of Object.keys(configFiles) as ConfigFileName[]) {
    try {
      files[name] = await readFile(join(dir, name), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw createConfigError("CONFIG_UNREADABLE_FILE", { detail: join(dir, name), cause: error });
    }
  }
  return files;
}
