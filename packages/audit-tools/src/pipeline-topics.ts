/** Every pipeline topic of SPEC §3 but the audit log itself, platform topics included. */
export const PIPELINE_TOPICS =
  /^takedown\.(targets|cases|triage|dlq|notices\..+|responses\..+)\.v1$/;
