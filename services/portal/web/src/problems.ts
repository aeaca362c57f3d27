import type { ProblemBody } from "../../src/bff-contract.js";
import type { Language } from "./messages.js";

type Text = Record<Language, string>;

// Codes of the portal (src/errors.ts) and of intake (relayed as intake wrote them): what a
// staff member reads instead of the code.
const texts: Record<string, Text> = {
  PORTAL_NOT_SIGNED_IN: { ja: "ログインしてください。", en: "Please sign in." },
  PORTAL_SESSION_EXPIRED: {
    ja: "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。",
    en: "You were signed out after a time without activity. Please sign in again.",
  },
  PORTAL_SIGN_IN_REFUSED: {
    ja: "アカウントIDまたはパスワードが正しくありません。",
    en: "The account id or password is wrong.",
  },
  PORTAL_CODE_NEEDED: {
    ja: "認証アプリに表示される確認コードを入力してください。",
    en: "Enter the code your authenticator app shows.",
  },
  PORTAL_TOTP_ENROLMENT_NEEDED: {
    ja: "所属機関では二要素認証が必須です。管理者に新しいアカウントの発行を依頼してください。",
    en: "Your organ requires a second factor. Ask your administrator for a new account.",
  },
  PORTAL_ACCOUNT_LOCKED: {
    ja: "ログインの失敗が続いたため、アカウントを一時的にロックしました。しばらくしてからお試しください。",
    en: "The account is locked for a while after repeated failed sign-ins. Try again later.",
  },
  PORTAL_THROTTLED: {
    ja: "試行回数が多すぎます。1分ほど待ってからお試しください。",
    en: "Too many attempts. Wait a minute and try again.",
  },
  PORTAL_SETUP_REFUSED: {
    ja: "セットアップ用シークレットが正しくないか、使用済みまたは期限切れです。",
    en: "The set-up secret is wrong, already used or expired.",
  },
  PORTAL_WEAK_PASSWORD: {
    ja: "パスワードは12文字以上にしてください。",
    en: "Use a password of 12 characters or more.",
  },
  PORTAL_CSRF_REFUSED: {
    ja: "安全のため、この操作を受け付けませんでした。ページを再読み込みしてください。",
    en: "For your safety this action was refused. Please reload the page.",
  },
  PORTAL_NOT_FOUND: { ja: "見つかりません。", en: "Not found." },
  PORTAL_INVALID_BODY: { ja: "入力内容に誤りがあります。", en: "Some input is invalid." },
  PORTAL_INTAKE_UNAVAILABLE: {
    ja: "受付システムに一時的に接続できません。入力内容は保持されています。少し待って再試行してください。",
    en: "The intake system cannot be reached right now. Your input is kept. Wait a moment and retry.",
  },
  PORTAL_INTAKE_ANSWER_INVALID: {
    ja: "受付システムから予期しない応答がありました。再試行してください。",
    en: "The intake system gave an unexpected answer. Please retry.",
  },
  PORTAL_AUDIT_UNAVAILABLE: {
    ja: "監査ログに一時的に接続できません。しばらくしてから再試行してください。",
    en: "The audit log cannot be reached just now. Try again in a moment.",
  },
  PORTAL_NO_AUDIT_KEY: {
    ja: "ポータルに監査APIの鍵が設定されていません。運用者に連絡してください。",
    en: "The portal has no key for the audit API. Contact the operators.",
  },
  PORTAL_NO_INTAKE_KEY: {
    ja: "ポータルに所属機関の接続設定がありません。管理者に連絡してください。",
    en: "The portal has no intake credentials for your organ. Contact your administrator.",
  },
  INTAKE_NOT_FOUND: { ja: "見つかりません。", en: "Not found." },
  INTAKE_INVALID_BODY: { ja: "入力内容に誤りがあります。", en: "Some input is invalid." },
  INTAKE_URL_REFUSED: {
    ja: "受け付けられないURLがあります。",
    en: "A URL cannot be accepted.",
  },
  INTAKE_EVIDENCE_UNKNOWN: {
    ja: "証拠ファイルが保存されていません。もう一度アップロードしてください。",
    en: "An evidence file is not stored. Please upload it again.",
  },
  INTAKE_BODY_TOO_LARGE: { ja: "ファイルが大きすぎます。", en: "The file is too large." },
  INTAKE_MEDIA_TYPE_MISMATCH: {
    ja: "ファイルの種類と内容が一致しません。",
    en: "The file's type does not match its contents.",
  },
  INTAKE_ALREADY_WITHDRAWN: {
    ja: "この依頼はすでに取り下げられています。",
    en: "This request is already withdrawn.",
  },
  INTAKE_RATE_LIMITED: {
    ja: "短時間の送信が多すぎます。少し待って再試行してください。",
    en: "Too many submissions in a short time. Wait a moment and retry.",
  },
  INTAKE_IDEMPOTENCY_KEY_REUSED: {
    ja: "同じ送信が別の内容で行われました。ページを再読み込みしてください。",
    en: "The same submission was made with other content. Please reload the page.",
  },
};

const unavailable = new Set([
  "INTAKE_KAFKA_UNAVAILABLE",
  "INTAKE_S3_UNAVAILABLE",
  "INTAKE_STATUS_UNAVAILABLE",
  "INTAKE_NOT_READY",
  "INTAKE_OVERLOADED",
  "INTAKE_DEADLINE_EXCEEDED",
  "INTAKE_INTERNAL",
]);

/** A problem in words: the code's text, plus the field it names (intake's message for it). */
export function problemText(problem: ProblemBody, lang: Language): string {
  const known =
    texts[problem.code] ??
    (unavailable.has(problem.code) ? texts.PORTAL_INTAKE_UNAVAILABLE : undefined);
  const base =
    known?.[lang] ??
    (lang === "ja"
      ? "処理できませんでした。再試行してください。"
      : "This could not be done. Please retry.");
  const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`);
  return fields.length > 0 ? `${base}（${fields.join("、")}）` : base;
}

export function isRetryable(problem: ProblemBody): boolean {
  return problem.status >= 500 || problem.status === 429;
}
