import type { Language } from "./messages.js";
import { stateLabel } from "./vocabulary.js";

// The timeline's own words, kept apart from messages.ts so the detail page's vocabulary grows
// without touching the shared catalog.

type Text = Record<Language, string>;

export const timelineWords = {
  submitted: { ja: "依頼を提出", en: "Request submitted" },
  caseOpened: { ja: "案件を開始", en: "Case opened" },
  caseMerged: {
    ja: "他の依頼で開始済みの案件に統合",
    en: "Merged into a case opened by an earlier request",
  },
  noticeIssued: { ja: "プラットフォームへ通知", en: "Notice sent to the platform" },
  noticeRevised: { ja: "通知を改訂", en: "Notice revised" },
  revision: { ja: "版", en: "revision" },
  caseWithdrawn: { ja: "案件を終了（取り下げ）", en: "Case closed (withdrawn)" },
  withdrawn: { ja: "この対象を取り下げ", en: "This URL withdrawn" },
  platformSaid: { ja: "プラットフォームの回答", en: "Platform's answer" },
  deadlineUntil: { ja: "回答期限", en: "answer due" },
  answeredAt: { ja: "回答日時", en: "Answered at" },
  platformText: { ja: "回答本文", en: "The platform's words" },
  historyUnavailable: {
    ja: "経過の詳細を取得できませんでした。現在の状態のみ表示しています。",
    en: "The detailed history could not be loaded; only the current state is shown.",
  },
} satisfies Record<string, Text>;

const revisionReasons: Record<string, Text> = {
  request_merged: { ja: "他の依頼が統合されたため", en: "another request joined" },
  deadline_reminder: { ja: "期限超過の督促", en: "reminder after the deadline" },
  information_provided: { ja: "追加情報を送付", en: "your additional information" },
  evidence_links_renewed: { ja: "証拠リンクの更新", en: "evidence links renewed" },
};

const triggers: Record<string, Text> = {
  information_provided: { ja: "追加情報の送付により", en: "after your answer" },
  deadline_passed: { ja: "回答期限の経過により", en: "the deadline passed" },
};

/** The platform's reason codes in plain words (SPEC §2 responses). */
export const reasonCodes: Record<string, Text> = {
  illegal_content: { ja: "違法な内容と判断", en: "Judged unlawful" },
  terms_violation: { ja: "利用規約違反と判断", en: "Against the platform's terms" },
  not_illegal_no_terms_violation: {
    ja: "違法でも規約違反でもないと判断",
    en: "Neither unlawful nor against the terms",
  },
  insufficient_information: { ja: "情報が不足している", en: "Not enough information" },
  content_not_found: { ja: "該当する投稿が見つからない", en: "Content not found" },
  not_hosted_by_platform: {
    ja: "このプラットフォームの投稿ではない",
    en: "Not hosted by this platform",
  },
  legal_obligation_to_preserve: {
    ja: "法的義務により保存",
    en: "Kept under a legal obligation",
  },
  under_review: { ja: "審査中", en: "Under review" },
  other: { ja: "その他", en: "Other" },
};

export function reasonLabel(code: string, lang: Language): string {
  return reasonCodes[code]?.[lang] ?? code;
}

/** One step of the intake history (GET /v1/requests/{id}/history). */
export interface HistoryStep {
  step: string;
  at: string;
  state?: string;
  trigger?: string;
  revision?: number;
  revisionReason?: string;
  action?: string;
  reasonCode?: string;
  deadline?: string;
}

/** The step's line in the timeline; undefined for a step the notice line already tells. */
export function stepLabel(step: HistoryStep, lang: Language): string | undefined {
  const w = (text: Text) => text[lang];
  switch (step.step) {
    case "submitted":
      return w(timelineWords.submitted);
    case "case_opened":
      return w(timelineWords.caseOpened);
    case "case_merged":
      return w(timelineWords.caseMerged);
    case "notice_issued":
      return `${w(timelineWords.noticeIssued)}（${w(timelineWords.revision)} ${step.revision ?? 1}）`;
    case "notice_revised": {
      const why = revisionReasons[step.revisionReason ?? ""]?.[lang];
      return `${w(timelineWords.noticeRevised)}（${w(timelineWords.revision)} ${step.revision ?? ""}${why === undefined ? "" : `: ${why}`}）`;
    }
    case "state_changed": {
      // "notified" right after a notice is the notice line itself.
      if (step.state === "notified" && step.trigger === "notice_issued") return undefined;
      if (step.state === undefined) return undefined;
      const why = triggers[step.trigger ?? ""]?.[lang];
      return `${stateLabel(step.state, lang)}${why === undefined ? "" : `（${why}）`}`;
    }
    case "case_withdrawn":
      return w(timelineWords.caseWithdrawn);
    case "withdrawn":
      return w(timelineWords.withdrawn);
    default:
      return step.step;
  }
}
