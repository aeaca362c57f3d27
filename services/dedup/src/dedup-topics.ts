import { serviceTopics, topics } from "@takedown/contracts";

/** The topics dedup reads and writes; tests and benches pass their own per-run names. */
export interface DedupTopics {
  targets: string;
  cases: string;
  dlq: string;
  /** Compacted changelog of the case state, key = content key. */
  state: string;
}

export const defaultDedupTopics: DedupTopics = {
  targets: topics.targets,
  cases: topics.cases,
  dlq: topics.dlq,
  state: serviceTopics.dedupState,
};
