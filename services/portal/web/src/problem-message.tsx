import type { ProblemBody } from "../../src/bff-contract.js";
import { useI18n } from "./i18n.js";
import { isRetryable, problemText } from "./problems.js";

/** A refusal in plain words, announced to screen readers, with a retry where one can help. */
export function ProblemMessage({
  problem,
  onRetry,
}: {
  problem: ProblemBody | undefined;
  onRetry?: () => void;
}) {
  const { t, lang } = useI18n();
  if (problem === undefined) return null;
  return (
    <div className="error" role="alert">
      <p>{problemText(problem, lang)}</p>
      {onRetry !== undefined && isRetryable(problem) ? (
        <button type="button" onClick={onRetry}>
          {t("retry")}
        </button>
      ) : null}
    </div>
  );
}
