// Types of the backend-for-frontend API, shared with the SPA (web/) by type-only imports, so the
// browser bundle carries no server code.

export type PortalRole = "staff" | "auditor";

export interface SessionInfo {
  account: {
    /** Pseudonymous staff id (`stf_…`), the one events record. */
    id: string;
    role: PortalRole;
    organId: string;
    organName: { ja: string; en: string };
  };
  csrfToken: string;
  idleSeconds: number;
}

export interface SignInBody {
  accountId: string;
  password: string;
  code?: string;
}

export interface SetupBody {
  accountId: string;
  setupSecret: string;
  password: string;
}

export interface EvidenceKnownAnswer {
  known: string[];
}

/** RFC 9457 problem as the SPA receives it, from the portal or relayed from intake. */
export interface ProblemBody {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  field?: string;
  errors?: { field: string; message: string }[];
}

/** GET /api/audit/log and /api/public/log: the key the portal pins, and where the note is. */
export interface AuditLogInfo {
  /** C2SP signed-note verifier key `<name>+<key id>+<base64 key>`; its name is the log's origin. */
  verifierKey: string;
  checkpointUrl: string;
}

// The audit API's answers the portal relays as they are: one definition, the audit service's.
export type { ReportRow, TransparencyReport } from "@takedown/audit-tools";
export type { PublicPlatformMonth, PublicTransparencyReport } from "@takedown/audit";
