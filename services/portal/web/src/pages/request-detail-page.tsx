import { useRef, useState } from "react";
import type { ProblemBody } from "../../../src/bff-contract.js";
import { api, ApiProblem } from "../api.js";
import { Link } from "../app.js";
import { useI18n } from "../i18n.js";
import { ProblemMessage } from "../problem-message.js";
import { useLoad } from "../use-load.js";
import { actions, categories, classifications, legalBases, termLabel } from "../vocabulary.js";
import { AnswerForm } from "./answer-form.js";
import { TargetTimeline, type TargetHistory, type TargetStatus } from "./target-timeline.js";

interface RequestStatus {
  requestId: string;
  submittedAt: string;
  category: string;
  classification: string;
  legalBasis: string;
  requestedAction: string;
  evidence: string[];
  withdrawn: boolean;
  targets: TargetStatus[];
}

export function RequestDetailPage({ requestId }: { requestId: string }) {
  const { t, lang, formatDate } = useI18n();
  const {
    data,
    problem,
    loading,
    reload: reloadStatus,
  } = useLoad(() => api<RequestStatus>(`/api/requests/${requestId}`), [requestId]);
  // The timeline is a second look-up: when it fails the page still shows the current state.
  const { data: timeline, reload: reloadHistory } = useLoad(
    () => api<{ targets: TargetHistory[] }>(`/api/requests/${requestId}/history`),
    [requestId],
  );
  const reload = () => {
    reloadStatus();
    reloadHistory();
  };
  const dialog = useRef<HTMLDialogElement>(null);
  const [withdrawProblem, setWithdrawProblem] = useState<ProblemBody>();
  const [notice, setNotice] = useState<string | undefined>(() => {
    if (!new URLSearchParams(location.search).has("submitted")) return undefined;
    // Said once: a reload of the page does not announce the submission again.
    history.replaceState(null, "", location.pathname);
    return t("submittedNotice");
  });
  const [withdrawKey] = useState(() => crypto.randomUUID());

  const withdraw = async () => {
    setWithdrawProblem(undefined);
    try {
      await api(`/api/requests/${requestId}/withdraw`, {
        method: "POST",
        body: {},
        idempotencyKey: withdrawKey,
      });
      dialog.current?.close();
      setNotice(t("withdrawDone"));
      reload();
    } catch (error) {
      if (error instanceof ApiProblem) setWithdrawProblem(error.problem);
      else throw error;
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>{t("detailTitle")}</h1>
      <p>
        <Link to="/requests">{t("backToList")}</Link>
      </p>
      {notice !== undefined ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <ProblemMessage problem={problem} onRetry={reload} />
      {loading && data === undefined ? <p>{t("loading")}</p> : null}
      {data !== undefined ? (
        <>
          <dl className="facts">
            <dt>{t("requestIdLabel")}</dt>
            <dd>{data.requestId}</dd>
            <dt>{t("submittedAt")}</dt>
            <dd>{formatDate(data.submittedAt)}</dd>
            <dt>{t("categoryLabel")}</dt>
            <dd>{termLabel(categories, data.category, lang)}</dd>
            <dt>{t("classificationLabel")}</dt>
            <dd>{termLabel(classifications, data.classification, lang)}</dd>
            <dt>{t("legalBasisLabel")}</dt>
            <dd>{termLabel(legalBases, data.legalBasis, lang)}</dd>
            <dt>{t("actionLabel")}</dt>
            <dd>{termLabel(actions, data.requestedAction, lang)}</dd>
            <dt>{t("evidenceLabel")}</dt>
            <dd data-evidence-count={data.evidence.length}>{data.evidence.length}</dd>
          </dl>
          <h2>{t("targetsTitle")}</h2>
          {data.targets.map((target) => (
            <section
              key={target.targetId}
              aria-labelledby={`h-${target.targetId}`}
              data-target-id={target.targetId}
            >
              <h3 id={`h-${target.targetId}`}>{target.url}</h3>
              <TargetTimeline
                target={target}
                submittedAt={data.submittedAt}
                history={timeline?.targets.find((h) => h.targetId === target.targetId)}
              />
              {target.caseState === "needs_info" && !target.withdrawn ? (
                <AnswerForm requestId={data.requestId} target={target} onAnswered={reload} />
              ) : null}
            </section>
          ))}
          {data.withdrawn ? (
            <p className="notice">{t("withdrawn")}</p>
          ) : (
            <p>
              <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
                {t("withdrawButton")}
              </button>
            </p>
          )}
          <dialog ref={dialog} aria-labelledby="withdraw-title" aria-describedby="withdraw-text">
            <h2 id="withdraw-title">{t("withdrawConfirmTitle")}</h2>
            <p id="withdraw-text">{t("withdrawConfirmText")}</p>
            <ProblemMessage problem={withdrawProblem} onRetry={() => void withdraw()} />
            <p>
              <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
                {t("cancel")}
              </button>{" "}
              <button type="button" className="danger" onClick={() => void withdraw()}>
                {t("withdrawConfirm")}
              </button>
            </p>
          </dialog>
        </>
      ) : null}
    </>
  );
}
