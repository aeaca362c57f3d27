import { defineErrors } from "@takedown/errors";

/** Every error the audit service and its auditor tools raise. */
export const createAuditError = defineErrors({
  AUDIT_LOG_DIVERGED: {
    message: "the audit log topic does not continue the tree this instance holds",
    retryable: false,
  },
  AUDIT_ARCHIVE_AHEAD: {
    message: "the archived checkpoint is not a prefix of the audit log topic",
    retryable: false,
  },
  AUDIT_ENTRY_MALFORMED: { message: "audit log record is not an audit entry", retryable: false },
  AUDIT_ARCHIVE_UNAVAILABLE: { message: "the audit archive cannot be read", retryable: true },
  AUDIT_NO_CHECKPOINT: { message: "the audit archive holds no checkpoint", retryable: false },
  AUDIT_LOG_READ_TIMEOUT: {
    message: "the audit log could not be read to its end",
    retryable: true,
  },
  AUDIT_INVALID_QUERY: { message: "invalid audit query", retryable: false },
  AUDIT_ARCHIVE_CHANGED: {
    message: "the audit archive changed while it was being checked",
    retryable: true,
  },
});

export type AuditErrorCode = Parameters<typeof createAuditError>[0];
