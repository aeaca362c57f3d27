import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources through this export condition, so tests
// never run against a stale dist.
const conditions = ["@takedown/source", "node", "import", "default"];

const shared = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@takedown/source"] } },
};

export default defineConfig({
  test: {
    // The JSON report lets CI print one plain "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: ".data/vitest-report.json" }]],
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          // Property tests and the AsyncAPI parser take 2–4 s alone and past 5 s on a loaded
          // two-core machine; a slow machine is not a failed feature.
          testTimeout: 20_000,
          // Unit tests run first; integration tests then get the machine's two cores.
          sequence: { groupOrder: 0 },
          include: [
            "{packages,services,contracts,bench}/*/src/**/*.test.ts",
            "contracts/src/**/*.test.ts",
          ],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**", "**/dist/**"],
        },
      },
      {
        ...shared,
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["{packages,services,contracts}/**/src/**/*.integration.test.ts"],
          exclude: ["**/node_modules/**", "**/dist/**"],
          globalSetup: ["packages/test-kit/src/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: one worker per core shares the single local broker without starving it.
          maxWorkers: 2,
        },
      },
    ],
  },
});
