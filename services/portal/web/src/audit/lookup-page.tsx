import { openLogKey } from "@takedown/log-verification-web";
import { useState, type FormEvent } from "react";
import type { AuditLogInfo, ProblemBody } from "../../../src/bff-contract.js";
import { ApiProblem } from "../api.js";
import { ProblemMessage } from "../problem-message.js";
import { auditJson } from "./audit-fetch.js";
import { useAuditText } from "./audit-text.js";
import { ClaimList } from "./claim-list.js";
import { lookUpAndProve, type CheckpointCheck, type ProvenEntry } from "./log-verification.js";

type LookupKind = "eventId" | "caseId" | "index";

interface Result {
  treeSize: string;
  checkpoint: CheckpointCheck;
  entries: ProvenEntry[];
  truncated: boolean;
}

/** Look-up by event id, case id or index; each entry's inclusion proof verified here. */
export function LookupPage() {
  const { a, formatDate } = useAuditText();
  const [kind, setKind] = useState<LookupKind>("caseId");
  const [value, setValue] = useState("");
  const [result, setResult] = useState<Result>();
  const [problem, setProblem] = useState<ProblemBody>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setResult(undefined);
    try {
      const info = await auditJson<AuditLogInfo>("/api/audit/log");
      const key = await openLogKey(info.verifierKey);
      const query = new URLSearchParams({ [kind]: value.trim() }).toString();
      const proven = await lookUpAndProve(key, query);
      setResult({
        treeSize: proven.answer.treeSize,
        checkpoint: proven.checkpoint,
        entries: proven.entries,
        truncated: proven.answer.truncated,
      });
    } catch (error) {
      setProblem(
        error instanceof ApiProblem ? error.problem : { status: 500, code: "PORTAL_INTERNAL" },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>{a("lookupTitle")}</h1>
      <form onSubmit={(event) => void submit(event)} className="lookup-form">
        <label htmlFor="lookup-kind">{a("lookupBy")}</label>
        <select
          id="lookup-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as LookupKind)}
        >
          <option value="caseId">{a("byCaseId")}</option>
          <option value="eventId">{a("byEventId")}</option>
          <option value="index">{a("byIndex")}</option>
        </select>
        <label htmlFor="lookup-value">{a("lookupValue")}</label>
        <input
          id="lookup-value"
          type="text"
          required
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <p>
          <button type="submit" disabled={busy}>
            {a("lookupButton")}
          </button>
        </p>
      </form>
      {problem?.status === 404 ? (
        <p role="status">{a("lookupNothing")}</p>
      ) : (
        <ProblemMessage problem={problem} />
      )}
      {result === undefined ? null : (
        <section aria-label={a("lookupTitle")} data-lookup-size={result.treeSize}>
          {result.checkpoint.ok ? null : (
            <div className="error loud" role="alert" data-checkpoint="failed">
              <p>
                <strong>{a("checkpointRejected")}</strong>
              </p>
              <p>
                {a("failureCode")}: <code>{result.checkpoint.code}</code>
              </p>
            </div>
          )}
          <p>
            {a("provenAgainst")}: {result.treeSize}
          </p>
          {result.truncated ? <p>{a("truncatedNote")}</p> : null}
          {result.entries.map(({ entry, ok, code, claims }) => (
            <article
              key={entry.index}
              className="entry"
              data-entry-index={entry.index}
              data-inclusion={ok ? "verified" : "failed"}
              aria-labelledby={`entry-${entry.index}`}
            >
              <h2 id={`entry-${entry.index}`}>
                {a("entryIndex")} {entry.index}
                {entry.entry.attributes?.type === undefined
                  ? ""
                  : ` — ${entry.entry.attributes.type}`}
              </h2>
              {ok ? (
                <p className="verified">
                  <span aria-hidden="true">✔ </span>
                  {a("inclusionOk")}
                </p>
              ) : (
                <div className="error loud" role="alert">
                  <p>
                    <strong>{a("inclusionFailed")}</strong> <code>{code}</code>
                  </p>
                </div>
              )}
              {entry.entry.recordedAt === undefined ? null : (
                <p>
                  {a("entryRecordedAt")}: {formatDate(entry.entry.recordedAt)}
                </p>
              )}
              <ClaimList claims={claims} />
              <details>
                <summary>{a("leafAsLogged")}</summary>
                <pre className="leaf" tabIndex={0}>
                  {entry.leaf}
                </pre>
              </details>
            </article>
          ))}
        </section>
      )}
    </>
  );
}
