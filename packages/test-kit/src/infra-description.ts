import type { InfraDescription } from "@takedown/local-infra";

export type { InfraDescription };

// The global setup hands the run's servers to every test worker through vitest's provide/inject.
declare module "vitest" {
  export interface ProvidedContext {
    takedownInfra: InfraDescription;
  }
}
