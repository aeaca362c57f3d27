import { defineErrors } from "@takedown/errors";

/**
 * Every failure of the portal with its HTTP answer: one table, so the BFF's problem+json and
 * the SPA's message catalog (web/src/messages.ts, keyed by these codes) cannot drift apart.
 */
export const portalErrors = {
  PORTAL_INVALID_SETTINGS: {
    message: "the portal's environment is invalid",
    retryable: false,
    status: 500,
  },
  PORTAL_NOT_SIGNED_IN: { message: "sign in first", retryable: false, status: 401 },
  PORTAL_SESSION_EXPIRED: {
    message: "the session ended after a time without activity",
    retryable: false,
    status: 401,
  },
  PORTAL_SIGN_IN_REFUSED: {
    message: "the account id or password is wrong",
    retryable: false,
    status: 401,
  },
  PORTAL_CODE_NEEDED: {
    message: "this account needs the code of its authenticator app",
    retryable: false,
    status: 401,
  },
  PORTAL_TOTP_ENROLMENT_NEEDED: {
    message: "the organ requires a second factor this account does not have",
    retryable: false,
    status: 403,
  },
  PORTAL_ACCOUNT_LOCKED: {
    message: "the account is locked after repeated failed sign-ins",
    retryable: true,
    status: 423,
  },
  PORTAL_THROTTLED: { message: "too many sign-in attempts", retryable: true, status: 429 },
  PORTAL_SETUP_REFUSED: {
    message: "the set-up secret is wrong, used or expired",
    retryable: false,
    status: 400,
  },
  PORTAL_WEAK_PASSWORD: { message: "the password is too short", retryable: false, status: 400 },
  PORTAL_CSRF_REFUSED: {
    message: "the call lacks this session's CSRF token or comes from another site",
    retryable: false,
    status: 403,
  },
  PORTAL_FORBIDDEN: { message: "this account may not do that", retryable: false, status: 403 },
  PORTAL_INVALID_BODY: { message: "the request body is invalid", retryable: false, status: 400 },
  PORTAL_NOT_FOUND: { message: "not found", retryable: false, status: 404 },
  PORTAL_NO_INTAKE_KEY: {
    message: "the portal holds no intake key for this organ",
    retryable: false,
    status: 503,
  },
  PORTAL_INTAKE_UNAVAILABLE: {
    message: "intake cannot be reached now",
    retryable: true,
    status: 503,
  },
  PORTAL_INTAKE_ANSWER_INVALID: {
    message: "intake answered something the portal does not understand",
    retryable: true,
    status: 502,
  },
  PORTAL_NO_AUDIT_KEY: {
    message: "the portal holds no auditor key for the audit API",
    retryable: false,
    status: 503,
  },
  PORTAL_AUDIT_UNAVAILABLE: {
    message: "the audit API cannot be reached now",
    retryable: true,
    status: 503,
  },
  PORTAL_INTERNAL: { message: "internal error", retryable: true, status: 500 },
} as const;

export const createPortalError = defineErrors(portalErrors);

export type PortalError = ReturnType<typeof createPortalError>;
export type PortalErrorCode = PortalError["code"];
