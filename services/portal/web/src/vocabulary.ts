import type { Language } from "./messages.js";

// SPEC §2's vocabulary with a plain-words explanation next to each choice.
interface Term {
  label: Record<Language, string>;
  explain: Record<Language, string>;
}

export const categories: Record<string, Term> = {
  defamation: {
    label: { ja: "名誉毀損", en: "Defamation" },
    explain: {
      ja: "事実を示して人の社会的な評価を下げる投稿です。",
      en: "A post that lowers how others see a person by stating facts about them.",
    },
  },
  privacy: {
    label: { ja: "プライバシー侵害", en: "Privacy" },
    explain: {
      ja: "住所や病歴など、知られたくない私生活の情報を公開する投稿です。",
      en: "A post that discloses private life, such as a home address or medical history.",
    },
  },
  insult: {
    label: { ja: "侮辱", en: "Insult" },
    explain: {
      ja: "事実を示さずに人をあざけり、おとしめる投稿です。",
      en: "A post that mocks or demeans a person without stating facts.",
    },
  },
  discrimination: {
    label: { ja: "差別的言動", en: "Discrimination" },
    explain: {
      ja: "出身や属性を理由に人を排除し、おとしめる言動です。",
      en: "Speech that excludes or demeans people because of origin or other attributes.",
    },
  },
  impersonation: {
    label: { ja: "なりすまし", en: "Impersonation" },
    explain: {
      ja: "本人のふりをしてアカウントを作り、投稿するものです。",
      en: "An account or post that pretends to be the person.",
    },
  },
  other: {
    label: { ja: "その他", en: "Other" },
    explain: { ja: "上のどれにも当たらないものです。", en: "None of the above." },
  },
};

export const classifications: Record<string, Term> = {
  rights_infringement: {
    label: { ja: "権利侵害情報", en: "Rights infringement" },
    explain: {
      ja: "違法な情報：人の権利を侵害している情報です。",
      en: "Unlawful: the information infringes someone's rights.",
    },
  },
  harmful: {
    label: { ja: "有害情報", en: "Harmful" },
    explain: {
      ja: "違法ではないが有害な情報：プラットフォームの規約に基づく対応を求めます。",
      en: "Not unlawful but harmful: the platform is asked to act under its own terms.",
    },
  },
};

export const legalBases: Record<string, Term> = {
  pla_art3_2_1: {
    label: {
      ja: "情報流通プラットフォーム対処法 第3条第2項第1号",
      en: "Provider liability act, art. 3(2)(i)",
    },
    explain: {
      ja: "権利が不当に侵害されていると信じるに足りる相当の理由がある場合です。",
      en: "There are reasonable grounds to believe rights are unduly infringed.",
    },
  },
  platform_policy: {
    label: { ja: "プラットフォームの利用規約", en: "The platform's own terms" },
    explain: {
      ja: "プラットフォーム自身の規約違反として対応を求めます。",
      en: "The platform is asked to act because its own terms are broken.",
    },
  },
  other: {
    label: { ja: "その他", en: "Other" },
    explain: { ja: "下の欄に根拠を書いてください。", en: "Explain the basis in the field below." },
  },
};

export const actions: Record<string, Term> = {
  remove: {
    label: { ja: "削除", en: "Remove" },
    explain: { ja: "投稿を削除してもらいます。", en: "The post is taken down." },
  },
  restrict_visibility: {
    label: { ja: "表示制限", en: "Restrict visibility" },
    explain: {
      ja: "投稿を削除せず、見える範囲を制限してもらいます。",
      en: "The post stays but fewer people can see it.",
    },
  },
  suspend_account: {
    label: { ja: "アカウント停止", en: "Suspend account" },
    explain: {
      ja: "投稿したアカウントを停止してもらいます。",
      en: "The posting account is suspended.",
    },
  },
  preserve_logs: {
    label: { ja: "ログの保存", en: "Preserve logs" },
    explain: {
      ja: "発信者情報開示請求に備え、発信者のログを保存してもらいます。",
      en: "The sender's logs are kept for a disclosure request.",
    },
  },
};

export const caseStates: Record<string, Record<Language, string>> = {
  submitted: { ja: "提出済み", en: "Submitted" },
  open: { ja: "案件化", en: "Case opened" },
  notified: { ja: "通知済み", en: "Notified" },
  acknowledged: { ja: "受領確認済み", en: "Acknowledged" },
  removed: { ja: "削除済み", en: "Removed" },
  restricted: { ja: "表示制限済み", en: "Restricted" },
  declined: { ja: "対応拒否", en: "Declined" },
  preserved: { ja: "ログ保存済み", en: "Logs preserved" },
  needs_info: { ja: "追加情報の依頼あり", en: "More information asked" },
  escalated: { ja: "期限超過（エスカレーション）", en: "Escalated (deadline passed)" },
  unroutable: { ja: "送付先なし（トリアージ）", en: "No platform (triage)" },
  withdrawn: { ja: "取り下げ済み", en: "Withdrawn" },
  erased: { ja: "個人情報消去済み", en: "Personal data erased" },
};

export function termLabel(table: Record<string, Term>, key: string, lang: Language): string {
  return table[key]?.label[lang] ?? key;
}

export function stateLabel(state: string, lang: Language): string {
  return caseStates[state]?.[lang] ?? state;
}
