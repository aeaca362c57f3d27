import { useI18n } from "../i18n.js";
import { reasonLabel, stepLabel, timelineWords, type HistoryStep } from "../timeline-words.js";
import { stateLabel } from "../vocabulary.js";

/** A target's history as intake answers it; undefined while it could not be loaded. */
export interface TargetHistory {
  targetId: string;
  deadline?: string;
  steps: HistoryStep[];
}

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
  history,
}: {
  target: TargetStatus;
  submittedAt: string;
  history?: TargetHistory | undefined;
}) {
  const { t, lang, formatDate } = useI18n();
  const steps = stepsOf(target.caseState, target.withdrawn);
  const current = steps[steps.length - 1];
  const deadline = target.deadline ?? history?.deadline;
  const left = deadline === undefined ? undefined : timeLeft(deadline, lang);
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
        {deadline !== undefined ? (
          <>
            <dt>{t("deadline")}</dt>
            <dd data-deadline={deadline}>
              {formatDate(deadline)} （
              {left !== undefined ? `${t("timeLeft")} ${left}` : t("overdue")}）
            </dd>
          </>
        ) : null}
      </dl>
      <h4>{t("timeline")}</h4>
      {history !== undefined ? (
        <HistoryList steps={history.steps} />
      ) : (
        <StateList steps={steps} target={target} submittedAt={submittedAt} />
      )}
      <h4>{t("platformAnswer")}</h4>
      {target.latestResponse !== undefined ? (
        <dl className="facts" data-response-action={target.latestResponse.action}>
          <dt>{t("platformAnswer")}</dt>
          <dd>{stateLabel(target.latestResponse.action, lang)}</dd>
          <dt>{t("reason")}</dt>
          <dd data-reason-code={target.latestResponse.reasonCode}>
            {reasonLabel(target.latestResponse.reasonCode, lang)}
          </dd>
          {target.latestResponse.actedAt !== undefined ? (
            <>
              <dt>{timelineWords.answeredAt[lang]}</dt>
              <dd>{formatDate(target.latestResponse.actedAt)}</dd>
            </>
          ) : null}
          {target.latestResponse.text !== undefined ? (
            <>
              <dt>{timelineWords.platformText[lang]}</dt>
              <dd>{target.latestResponse.text}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>{t("noAnswerYet")}</p>
      )}
    </>
  );
}

/** The timeline from intake's history: every step with its time in JST. */
function HistoryList({ steps }: { steps: HistoryStep[] }) {
  const { lang, formatDate } = useI18n();
  const lines = steps
    .map((step) => ({ step, label: stepLabel(step, lang) }))
    .filter((line): line is { step: HistoryStep; label: string } => line.label !== undefined);
  return (
    <ol className="timeline">
      {lines.map(({ step, label }, i) => (
        <li
          key={`${step.step}-${step.at}-${i}`}
          data-step={step.step}
          data-step-state={step.state}
          className={i === lines.length - 1 ? "current" : undefined}
          aria-current={i === lines.length - 1 ? "step" : undefined}
        >
          <time dateTime={step.at}>{formatDate(step.at)}</time> {label}
          {step.reasonCode !== undefined
            ? ` — ${timelineWords.platformSaid[lang]}: ${reasonLabel(step.reasonCode, lang)}`
            : null}
          {step.deadline !== undefined && step.step !== "state_changed"
            ? ` — ${timelineWords.deadlineUntil[lang]} ${formatDate(step.deadline)}`
            : null}
        </li>
      ))}
    </ol>
  );
}

/** Without the history (intake could not give it): the way to the current state, untimed. */
function StateList({
  steps,
  target,
  submittedAt,
}: {
  steps: string[];
  target: TargetStatus;
  submittedAt: string;
}) {
  const { lang, formatDate } = useI18n();
  return (
    <>
      <p>{timelineWords.historyUnavailable[lang]}</p>
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
    </>
  );
}
