// The load-and-chaos harness (issue 11 §7–8): the pipeline on a cluster of its own, load with
// alias duplicates, faults, and the end-to-end checks; used by bench/chaos, bench/pipeline and
// the chaos integration test.
export { buildAliasCorpus } from "./alias-corpus.js";
export type { AliasCorpusOptions, CorpusTarget } from "./alias-corpus.js";
export { runAuditVerify, archivedTreeSize } from "./audit-verification.js";
export { planChaos } from "./chaos-plan.js";
export type { ChaosAction, ChaosPlanOptions } from "./chaos-plan.js";
export { formatChaosReport } from "./chaos-report.js";
export { runChaos } from "./chaos-run.js";
export type { ChaosReport, ChaosRunOptions } from "./chaos-run.js";
export { createHarnessError } from "./errors.js";
export { HARNESS_ORGANS } from "./harness-config.js";
export { LoadDriver, planRequests } from "./load-driver.js";
export type { AcceptedTarget, LoadDriverOptions, PlannedRequest } from "./load-driver.js";
export { checkPipeline, checkAuditCoverage } from "./pipeline-checks.js";
export type { CheckResult } from "./pipeline-checks.js";
export { SERVICE_NAMES, PipelineServices } from "./pipeline-services.js";
export type { ServiceName } from "./pipeline-services.js";
export { readPipelineSnapshot, AUDITED_TOPICS } from "./pipeline-snapshot.js";
export type { PipelineSnapshot } from "./pipeline-snapshot.js";
export { PipelineUnderTest } from "./pipeline-under-test.js";
export type { PipelineUnderTestOptions } from "./pipeline-under-test.js";
export { processCpuSeconds, parseCpuSeconds } from "./process-cpu.js";
export { SupervisedService } from "./supervised-service.js";
export { BareRelay } from "./bare-relay.js";
export { TransactionalRelay } from "./transactional-relay.js";
export type { TransactionalRelayOptions } from "./transactional-relay.js";
export { NoticeWatcher } from "./notice-watcher.js";
export { latencyStats } from "./latency-stats.js";
export { runPaced } from "./paced-runner.js";
export { targetRecords } from "./relay-records.js";
export { awaitQuiescence } from "./pipeline-quiescence.js";
export { auditBacklog } from "./audit-backlog.js";
export { runFuzz } from "./fuzz-run.js";
export type { FuzzReport, FuzzRunOptions } from "./fuzz-run.js";
export { formatFuzzReport } from "./fuzz-checks.js";
export { SeededRandom } from "./seeded-random.js";
