import { auditedTopicPattern } from "@takedown/contracts";

/** Every pipeline topic of SPEC §3 but the audit log itself, platform topics included. */
export const PIPELINE_TOPICS: RegExp = auditedTopicPattern;
