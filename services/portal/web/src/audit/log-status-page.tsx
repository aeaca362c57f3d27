import { useCallback, useEffect, useState } from "react";
import type { VerifiedClaim } from "@takedown/log-verification-web";
import type { ProblemBody } from "../../../src/bff-contract.js";
import { ApiProblem } from "../api.js";
import { ProblemMessage } from "../problem-message.js";
import { useAuditText } from "./audit-text.js";
import { ClaimList } from "./claim-list.js";
import {
  checkCheckpoint,
  checkConsistency,
  lookUpAndProve,
  type CheckpointCheck,
  type Consistency,
} from "./log-verification.js";

interface Status {
  check: CheckpointCheck;
  consistency?: Consistency;
  latest?: { recordedAt: string; claims: readonly VerifiedClaim[] };
  checkedAt: Date;
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

function duration(ms: number, lang: "ja" | "en"): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return lang === "ja"
    ? `${days > 0 ? `${days}日` : ""}${hours}時間${rest}分`
    : `${days > 0 ? `${days} d ` : ""}${hours} h ${rest} min`;
}

/** Log status: the latest checkpoint verified here, and consistency with the one seen last. */
export function LogStatusPage() {
  const { a, lang, formatDate } = useAuditText();
  const [status, setStatus] = useState<Status>();
  const [problem, setProblem] = useState<ProblemBody>();

  const verify = useCallback(async () => {
    setProblem(undefined);
    setStatus(undefined);
    try {
      const check = await checkCheckpoint("audit");
      if (!check.ok) {
        setStatus({ check, checkedAt: new Date() });
        return;
      }
      const { checkpoint } = check;
      const consistency = await checkConsistency(check.key, check.verifierKey, checkpoint);
      let latest: Status["latest"];
      if (checkpoint.size > 0n) {
        const last = checkpoint.size - 1n;
        const proven = await lookUpAndProve(check.key, `index=${last}&size=${checkpoint.size}`);
        const entry = proven.entries[0];
        const recordedAt = entry?.entry.entry.recordedAt;
        if (entry?.ok === true && recordedAt !== undefined)
          latest = { recordedAt, claims: entry.claims };
      }
      setStatus({
        check,
        consistency,
        ...(latest === undefined ? {} : { latest }),
        checkedAt: new Date(),
      });
    } catch (error) {
      setProblem(
        error instanceof ApiProblem ? error.problem : { status: 500, code: "PORTAL_INTERNAL" },
      );
    }
  }, []);

  useEffect(() => {
    void verify();
  }, [verify]);

  return (
    <>
      <h1 tabIndex={-1}>{a("logStatusTitle")}</h1>
      <p>{a("logStatusIntro")}</p>
      <ProblemMessage problem={problem} onRetry={() => void verify()} />
      {status === undefined && problem === undefined ? (
        <p role="status">{a("checkingLog")}</p>
      ) : null}
      {status?.check.ok === false ? (
        <div className="error loud" role="alert" data-checkpoint="failed">
          <p>
            <strong>{a("checkpointRejected")}</strong>
          </p>
          <p>
            {a("failureCode")}:{" "}
            <code data-failure-code={status.check.code}>{status.check.code}</code> —{" "}
            {status.check.message}
          </p>
        </div>
      ) : null}
      {status?.check.ok === true ? (
        <section aria-labelledby="checkpoint-heading">
          <h2 id="checkpoint-heading" className="verified" data-checkpoint="verified">
            <span aria-hidden="true">✔ </span>
            {a("checkpointVerified")}
          </h2>
          <dl className="facts">
            <dt>{a("treeSize")}</dt>
            <dd data-tree-size={status.check.checkpoint.size.toString()}>
              {status.check.checkpoint.size.toLocaleString(lang === "ja" ? "ja-JP" : "en-GB")}
            </dd>
            <dt>{a("rootHash")}</dt>
            <dd>
              <code>{base64(status.check.checkpoint.rootHash)}</code>
            </dd>
            <dt>{a("origin")}</dt>
            <dd>
              <code>{status.check.checkpoint.origin}</code>
            </dd>
            <dt>{a("publicKey")}</dt>
            <dd>
              <code className="wrap">{status.check.verifierKey}</code>
            </dd>
            {status.latest === undefined ? null : (
              <>
                <dt>{a("latestEntry")}</dt>
                <dd data-latest-entry={status.latest.recordedAt}>
                  {formatDate(status.latest.recordedAt)}
                </dd>
                <dt>{a("timeSince")}</dt>
                <dd>
                  {duration(
                    status.checkedAt.getTime() - Date.parse(status.latest.recordedAt),
                    lang,
                  )}
                </dd>
              </>
            )}
            <dt>{a("checkedAt")}</dt>
            <dd>{formatDate(status.checkedAt.toISOString())}</dd>
          </dl>
          <h3>{a("whatVerified")}</h3>
          <ClaimList
            claims={[
              ...status.check.checkpoint.verified,
              ...(status.latest?.claims.filter(
                (c) => c.claim !== "checkpoint-signature" && c.claim !== "checkpoint-origin",
              ) ?? []),
              ...(status.consistency?.kind === "ok" ? status.consistency.claims : []),
            ]}
          />
          <ConsistencyNote consistency={status.consistency} />
          <p>
            <button type="button" onClick={() => void verify()}>
              {a("recheck")}
            </button>
          </p>
        </section>
      ) : null}
    </>
  );
}

function ConsistencyNote({ consistency }: { consistency: Consistency | undefined }) {
  const { a } = useAuditText();
  if (consistency === undefined) return null;
  const previous =
    consistency.kind === "ok" || consistency.kind === "failed" ? (
      <p>
        {a("previousSize")}:{" "}
        <span data-previous-size={consistency.previousSize}>{consistency.previousSize}</span>
      </p>
    ) : null;
  return (
    <section aria-labelledby="consistency-heading" data-consistency={consistency.kind}>
      <h3 id="consistency-heading">{a("consistencyTitle")}</h3>
      {consistency.kind === "failed" ? (
        <div className="error loud" role="alert">
          <p>
            <strong>{a("consistencyFailed")}</strong>
          </p>
          <p>
            {a("failureCode")}: <code>{consistency.code}</code> — {consistency.message}
          </p>
          {previous}
        </div>
      ) : (
        <div className="notice" role="status">
          <p>
            {consistency.kind === "first-visit"
              ? a("consistencyFirst")
              : consistency.kind === "same"
                ? a("consistencySame")
                : a("consistencyOk")}
          </p>
          {previous}
        </div>
      )}
    </section>
  );
}
