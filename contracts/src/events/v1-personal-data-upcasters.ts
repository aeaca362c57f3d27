import { defineUpcaster, type Upcaster } from "../catalog/upcaster.js";
import { caseMergedV1 } from "./case-merged.v1.js";
import { caseMergedV2 } from "./case-merged.v2.js";
import { caseOpenedV1 } from "./case-opened.v1.js";
import { caseOpenedV2 } from "./case-opened.v2.js";
import { noticeIssuedV1 } from "./notice-issued.v1.js";
import { noticeIssuedV2 } from "./notice-issued.v2.js";
import { noticeRevisedV1 } from "./notice-revised.v1.js";
import { noticeRevisedV2 } from "./notice-revised.v2.js";
import type { TargetSubmission } from "./target-submission.js";
import type { TargetSubmissionV2 } from "./target-submission.v2.js";
import { targetSubmittedV1 } from "./target-submitted.v1.js";
import { targetSubmittedV2 } from "./target-submitted.v2.js";

/**
 * v1 → v2 of the events that carried personal data inline. The personal fields are dropped
 * (readers never hold them in memory again); there is no dossier to name, so `dossier` stays
 * absent. The v1 bytes themselves stay where they are until Kafka retention or the migration in
 * contracts/README.md removes them.
 */
export function submissionWithoutPersonalData(v1: TargetSubmission): TargetSubmissionV2 {
  const copy: Partial<TargetSubmission> = { ...v1 };
  delete copy.note;
  delete copy.legalBasisText;
  delete copy.description;
  delete copy.personal;
  return copy as TargetSubmissionV2;
}

export const v1PersonalDataUpcasters: readonly Upcaster[] = [
  defineUpcaster(targetSubmittedV1, targetSubmittedV2, (data) => {
    const { canonicalUrl, contentKey, platformHint } = data;
    return {
      ...submissionWithoutPersonalData(data),
      canonicalUrl,
      contentKey,
      ...(platformHint !== undefined && { platformHint }),
    };
  }),
  defineUpcaster(caseOpenedV1, caseOpenedV2, (data) => ({
    ...data,
    member: submissionWithoutPersonalData(data.member),
  })),
  defineUpcaster(caseMergedV1, caseMergedV2, (data) => ({
    ...data,
    member: submissionWithoutPersonalData(data.member),
  })),
  defineUpcaster(noticeIssuedV1, noticeIssuedV2, (data) => ({
    ...data,
    requests: data.requests.map(submissionWithoutPersonalData),
  })),
  defineUpcaster(noticeRevisedV1, noticeRevisedV2, (data) => ({
    ...data,
    requests: data.requests.map(submissionWithoutPersonalData),
  })),
];
