// The audit log as archived: entries, the S3 layout, settings and the reader.
export { buildAuditEntry, parseAuditEntry, REJECTION_ATTRIBUTE } from "./audit-entry.js";
export type { AuditEntry } from "./audit-entry.js";
export { S3Archive, checkpointHistoryPath, CHECKPOINT_PATH } from "./s3-archive.js";
export type { NamedCheckpoint } from "./s3-archive.js";
export { ArchivedLogReader } from "./archived-log-reader.js";
export { loadAuditSettings } from "./audit-settings.js";
export type { AuditSettings } from "./audit-settings.js";
export { createAuditError } from "./errors.js";

// Offline tools: `takedown audit verify|replay|report`.
export { verifyArchivedLog } from "./verify-archived-log.js";
export type { ArchivedLogVerification, VerifyArchivedLogOptions } from "./verify-archived-log.js";
export { replayEntries } from "./replay-entries.js";
export type { ReplayFilter } from "./replay-entries.js";
export { TransparencyFacts, buildTransparencyReport } from "./transparency-report.js";
export type { TransparencyReport, ReportRow, Outcome } from "./transparency-report.js";
export { reportToCsv, reportToHtml } from "./report-formats.js";
export { readOrganKinds } from "./organ-kinds.js";
export { runAuditCli } from "./audit-cli.js";
export type { AuditCliIo } from "./audit-cli.js";

// The log's completeness: watermark entries the service appends, and the check behind
// `takedown audit verify --completeness`.
export { PIPELINE_TOPICS } from "./pipeline-topics.js";
export { SourceCoverage } from "./source-coverage.js";
export { buildWatermarkEntries } from "./watermark-entry.js";
export { checkCompleteness } from "./completeness-check.js";
export type { CompletenessCheckOptions } from "./completeness-check.js";
export { judgeCompleteness } from "./completeness-report.js";
export type { CompletenessLimits, CompletenessReport } from "./completeness-report.js";
export { verifiedLogEntries } from "./verified-log-entries.js";
export { findLatestWatermark } from "./latest-watermark.js";
