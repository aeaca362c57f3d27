import { useI18n } from "../i18n.js";
import { stateLabel } from "../vocabulary.js";

export interface TargetStatus {
  targetId: string;
  url: string;
  canonicalUrl: string;
  withdrawn: boolean;
  caseId?: string;
  caseState?: string;
  platformId?: string;
  latestResponse?: { action: string; reasonCode: string; text?: string; actedAt?: string };
  question?: { reason: string; message?: string };
  /** When intake reports the platform's answer deadline. */
  deadline?: string;
}

// The states a case passes through on its way to a final one (SPEC §2), in order.
const PATH = ["submitted", "open", "notified", "acknowledged"] as const;
const FINAL = new Set([
  "removed",
  "restricted",
  "declined",
  "preserved",
  "escalated",
  "unroutable",
  "withdrawn",
]);

function stepsOf(state: string | undefined, withdrawn: boolean): string[] {
  if (withdrawn) return ["submitted", "withdrawn"];
  if (state === undefined) return ["submitted"];
  if (state === "unroutable") return ["submitted", "unroutable"];
  if (state === "needs_info") return ["submitted", "open", "notified", "needs_info"];
  const index = PATH.indexOf(state as (typeof PATH)[number]);
  if (index >= 0) return PATH.slice(0, index + 1);
  return FINAL.has(state) ? [...PATH, state] : [...PATH, state];
}

function timeLeft(deadline: string, lang: "ja" | "en"): string | undefined {
  const ms = new Date(deadline).getTime() - Date.now();
  if (Number.isNaN(ms) || ms <= 0) return undefined;
  const hours = Math.floor(ms / 3_600_000);
  const days = Math.floor(hours / 24);
  if (lang === "ja")
    return days > 0
      ? `${days}日${hours % 24}時間`
      : `${hours}時間${Math.floor(ms / 60_000) % 60}分`;
  return days > 0 ? `${days} d ${hours % 24} h` : `${hours} h ${Math.floor(ms / 60_000) % 60} min`;
}

/** One target: where its case stands, the way there, the platform's answer and the deadline. */
export function TargetTimeline({
  target,
  submittedAt,
}: {
  target: TargetStatus;
  submittedAt: string;
}) {
  const { t, lang, formatDate } = useI18n();
  const steps = stepsOf(target.caseState, target.withdrawn);
  const current = steps[steps.length - 1];
  const left = target.deadline === undefined ? undefined : timeLeft(target.deadline, lang);
  return (
    <>
      <dl className="facts">
        <dt>{t("colCanonical")}</dt>
        <dd>{target.canonicalUrl}</dd>
        <dt>{t("caseId")}</dt>
        <dd>{target.caseId ?? "—"}</dd>
        <dt>{t("platform")}</dt>
        <dd>{target.platformId ?? (target.caseState === "unroutable" ? t("noPlatform") : "—")}</dd>
        <dt>{t("currentState")}</dt>
        <dd data-state={target.withdrawn ? "withdrawn" : (target.caseState ?? "submitted")}>
          {stateLabel(current ?? "submitted", lang)}
        </dd>
        {target.deadline !== undefined ? (
          <>
            <dt>{t("deadline")}</dt>
            <dd>
              {formatDate(target.deadline)} （
              {left !== undefined ? `${t("timeLeft")} ${left}` : t("overdue")}）
            </dd>
          </>
        ) : null}
      </dl>
      <h4>{t("timeline")}</h4>
      <ol className="timeline">
        {steps.map((step, i) => (
          <li
            key={step}
            className={i === steps.length - 1 ? "current" : undefined}
            aria-current={i === steps.length - 1 ? "step" : undefined}
          >
            {stateLabel(step, lang)}
            {step === "submitted" ? ` — ${formatDate(submittedAt)}` : null}
            {i === steps.length - 1 &&
            target.latestResponse?.actedAt !== undefined &&
            step !== "submitted"
              ? ` — ${formatDate(target.latestResponse.actedAt)}`
              : null}
          </li>
        ))}
      </ol>
      <h4>{t("platformAnswer")}</h4>
      {target.latestResponse !== undefined ? (
        <dl className="facts" data-response-action={target.latestResponse.action}>
          <dt>{t("platformAnswer")}</dt>
          <dd>{stateLabel(target.latestResponse.action, lang)}</dd>
          <dt>{t("reason")}</dt>
          <dd>
            {target.latestResponse.reasonCode}
            {target.latestResponse.text !== undefined ? ` — ${target.latestResponse.text}` : null}
          </dd>
        </dl>
      ) : (
        <p>{t("noAnswerYet")}</p>
      )}
    </>
  );
}
