import { useState, type FormEvent } from "react";
import type { ProblemBody } from "../../../src/bff-contract.js";
import { api, ApiProblem } from "../api.js";
import { EvidenceDrop, storedEvidenceIds, type EvidenceItem } from "../evidence-drop.js";
import { useI18n } from "../i18n.js";
import { ProblemMessage } from "../problem-message.js";
import type { TargetStatus } from "./target-timeline.js";

/** The organ's answer to a platform's needs_info: text and evidence, sent once. */
export function AnswerForm({
  requestId,
  target,
  onAnswered,
}: {
  requestId: string;
  target: TargetStatus;
  onAnswered: () => void;
}) {
  const { t } = useI18n();
  const [message, setMessage] = useState("");
  const [evidence, setEvidence] = useState<EvidenceItem[]>([]);
  const [problem, setProblem] = useState<ProblemBody>();
  const [done, setDone] = useState(false);
  const [key] = useState(() => crypto.randomUUID());
  const id = `answer-${target.targetId.replace(/[^A-Za-z0-9]/g, "-")}`;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setProblem(undefined);
    try {
      await api(`/api/requests/${requestId}/answers`, {
        method: "POST",
        idempotencyKey: key,
        body: {
          targetId: target.targetId,
          message,
          evidence: storedEvidenceIds(evidence),
        },
      });
      setDone(true);
      onAnswered();
    } catch (error) {
      if (error instanceof ApiProblem) setProblem(error.problem);
      else throw error;
    }
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t("questionTitle")}</h4>
      <blockquote data-question-reason={target.question?.reason}>
        {target.question?.message ?? target.question?.reason ?? "—"}
      </blockquote>
      {done ? (
        <p className="notice" role="status">
          {t("answerDone")}
        </p>
      ) : (
        <form onSubmit={(event) => void submit(event)}>
          <label htmlFor={id}>{t("answerLabel")}</label>
          <textarea
            id={id}
            rows={4}
            required
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
          <EvidenceDrop
            id={`${id}-evidence`}
            items={evidence}
            onChange={(update) => setEvidence(update)}
          />
          <ProblemMessage problem={problem} onRetry={() => void submit()} />
          <p>
            <button type="submit">{t("answerButton")}</button>
          </p>
        </form>
      )}
    </section>
  );
}
