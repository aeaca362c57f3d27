import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const exportsMapOnly = [
  {
    // Subpaths declared in a package's exports map are its API too.
    group: ["@takedown/*/*", "!@takedown/contracts/fixtures", "!@takedown/kafka/bare-client"],
    message: "Import a workspace package only through its exports map (src/index.ts).",
  },
  {
    group: ["../../packages/*", "../../services/*", "../../contracts/*", "**/packages/*/src/*"],
    message: "Cross-package relative imports bypass the exports map; depend on the package.",
  },
];
// The client library is replaceable only while one package holds it (issue 12 §3).
const kafkajsBehindOneDoor = {
  name: "kafkajs",
  message:
    "Only packages/kafka imports kafkajs; use its verbs (TopicReader, TopicAdmin, RecordWriter, …).",
};
// Services hold the opaque Kafka handle; the bare client is for tools, the test kit and tests.
const servicesUseTheHandle = {
  group: ["@takedown/kafka/bare-client"],
  message: "Services use @takedown/kafka's verbs on the opaque Kafka handle, not the bare client.",
};
const servicesAreNotLibraries =
  "A package must not import a service; move the code both need into a package.";

const packageImportRules = {
  paths: ["intake", "dedup", "routing", "audit"].map((service) => ({
    name: `@takedown/${service}`,
    message: servicesAreNotLibraries,
  })),
  patterns: [...exportsMapOnly, { group: ["**/services/**"], message: servicesAreNotLibraries }],
};

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      ".data/**",
      "infra/**/lib/**",
      "contracts/generated/**",
      "**/*.js",
      "**/*.mjs",
      "vitest.config.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        project: [
          "./packages/*/tsconfig.json",
          "./services/*/tsconfig.json",
          "./contracts/tsconfig.json",
          "./bench/*/tsconfig.json",
          "./tsconfig.tests.json",
          "./services/portal/web/tsconfig.json",
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        { paths: [kafkajsBehindOneDoor], patterns: exportsMapOnly },
      ],
    },
  },
  {
    files: ["services/*/src/**"],
    ignores: ["**/*.test.ts", "**/*.test-support.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [kafkajsBehindOneDoor], patterns: [...exportsMapOnly, servicesUseTheHandle] },
      ],
    },
  },
  {
    // The portal's single-page app runs in the browser.
    files: ["services/portal/web/**"],
    languageOptions: { globals: globals.browser },
  },
  {
    // Services are deployables, not libraries: what a package needs from one moves into a package.
    files: ["packages/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [...packageImportRules.paths, kafkajsBehindOneDoor],
          patterns: packageImportRules.patterns,
        },
      ],
    },
  },
  {
    // Bundled by Vite into the portal's pages: no Node built-ins, no Buffer (tsconfig has no Node types).
    files: ["packages/log-verification-web/src/**"],
    ignores: ["**/*.test.ts"],
    languageOptions: { globals: globals.browser },
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [...packageImportRules.paths, kafkajsBehindOneDoor],
          patterns: [
            ...exportsMapOnly,
            { group: ["**/services/**"], message: servicesAreNotLibraries },
            { group: ["node:*"], message: "Browser code: use WebCrypto." },
          ],
        },
      ],
    },
  },
  {
    files: ["packages/kafka/**"],
    rules: { "no-restricted-imports": ["error", packageImportRules] },
  },
);
