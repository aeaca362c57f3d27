import { useEffect, useState, type FormEvent } from "react";
import type {
  AuditLogInfo,
  ProblemBody,
  PublicPlatformMonth,
  PublicTransparencyReport,
} from "../../../src/bff-contract.js";
import { ApiProblem } from "../api.js";
import { ProblemMessage } from "../problem-message.js";
import { auditJson } from "./audit-fetch.js";
import { useAuditText } from "./audit-text.js";
import { checkCheckpoint, type CheckpointCheck } from "./log-verification.js";

function monthOffset(offset: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1))
    .toISOString()
    .slice(0, 7);
}

/** `/transparency`, no sign-in: aggregates per platform and month, and how to verify the log. */
export function TransparencyPage() {
  const { a } = useAuditText();
  const [from, setFrom] = useState(monthOffset(-11));
  const [to, setTo] = useState(monthOffset(0));
  const [report, setReport] = useState<PublicTransparencyReport>();
  const [problem, setProblem] = useState<ProblemBody>();
  const [info, setInfo] = useState<AuditLogInfo>();
  const [check, setCheck] = useState<CheckpointCheck>();

  const load = async () => {
    setProblem(undefined);
    try {
      const query = new URLSearchParams({ from, to }).toString();
      setReport(await auditJson<PublicTransparencyReport>(`/api/public/transparency?${query}`));
    } catch (error) {
      setReport(undefined);
      setProblem(
        error instanceof ApiProblem ? error.problem : { status: 500, code: "PORTAL_INTERNAL" },
      );
    }
  };

  useEffect(() => {
    void load();
    auditJson<AuditLogInfo>("/api/public/log").then(setInfo, () => undefined);
    checkCheckpoint("public").then(setCheck, () => undefined);
    // Loads once on arrival; the form loads another period.
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void load();
  };

  return (
    <>
      <h1 tabIndex={-1}>{a("publicTitle")}</h1>
      <p>{a("publicIntro")}</p>
      <form className="period" onSubmit={submit}>
        <label htmlFor="public-from">{a("fromMonth")}</label>
        <input
          id="public-from"
          type="month"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <label htmlFor="public-to">{a("toMonth")}</label>
        <input id="public-to" type="month" value={to} onChange={(e) => setTo(e.target.value)} />
        <p>
          <button type="submit">{a("showReport")}</button>
        </p>
      </form>
      <ProblemMessage problem={problem} onRetry={() => void load()} />
      {report === undefined ? null : <PublicReport report={report} />}
      <section aria-labelledby="verify-heading" className="verify">
        <h2 id="verify-heading">{a("verifyYourself")}</h2>
        <p>{a("verifyIntro")}</p>
        {check?.ok === true ? (
          <p className="verified" data-checkpoint="verified">
            <span aria-hidden="true">✔ </span>
            {a("checkpointVerified")} ({a("treeSize")}: {check.checkpoint.size.toString()})
          </p>
        ) : check?.ok === false ? (
          <p className="error loud" role="alert" data-checkpoint="failed">
            {a("checkpointRejected")} <code>{check.code}</code>
          </p>
        ) : null}
        {info === undefined ? null : (
          <dl className="facts">
            <dt>{a("publicKey")}</dt>
            <dd>
              <code className="wrap" data-verifier-key>
                {info.verifierKey}
              </code>
            </dd>
            <dt>{a("checkpointUrl")}</dt>
            <dd>
              <a href={info.checkpointUrl}>
                <code>{location.origin + info.checkpointUrl}</code>
              </a>
            </dd>
            <dt>{a("verifyCli")}</dt>
            <dd>
              <pre tabIndex={0}>
                {`takedown audit verify --verifier-key '${info.verifierKey}'\n# S3_ENDPOINT / S3_BUCKET_AUDIT: the archive; --completeness also checks it against Kafka`}
              </pre>
            </dd>
            <dt>{a("verifyGo")}</dt>
            <dd>
              <pre tabIndex={0}>
                {`verifier, _ := note.NewVerifier("${info.verifierKey}")\nn, err := note.Open(checkpoint, note.VerifierList(verifier)) // golang.org/x/mod/sumdb/note\n// tlog.CheckTree / tlog.CheckRecord: consistency and inclusion proofs (golang.org/x/mod/sumdb/tlog)`}
              </pre>
            </dd>
          </dl>
        )}
      </section>
    </>
  );
}

function figure(value: number | null, withheld: string, format = (n: number) => String(n)) {
  return value === null ? withheld : format(value);
}

function PublicReport({ report }: { report: PublicTransparencyReport }) {
  const { a } = useAuditText();
  const rate = (n: number) => `${Math.round(n * 1000) / 10}%`;
  const hours = (n: number) => `${Math.round((n / 3600) * 10) / 10} ${a("hours")}`;
  return (
    <section aria-labelledby="public-report-heading" data-log-size={report.logSize}>
      <h2 id="public-report-heading">
        {report.from} – {report.to}
      </h2>
      <p className="help">
        {a("basisLabel")}: {report.basis} {report.suppression.rule}
      </p>
      <p className="help">
        {a("logSizeLabel")}: {report.logSize}
      </p>
      <div
        className="table-scroll"
        tabIndex={0}
        role="region"
        aria-label={`${report.from} – ${report.to}: ${a("figuresTable")}`}
      >
        <table>
          <thead>
            <tr>
              <th scope="col">{a("month")}</th>
              <th scope="col">{a("dimPlatform")}</th>
              <th scope="col">{a("colCases")}</th>
              <th scope="col">{a("colRequests")}</th>
              <th scope="col">{a("colRemoval")}</th>
              <th scope="col">{a("colRestriction")}</th>
              <th scope="col">{a("colDeclined")}</th>
              <th scope="col">{a("colP50")}</th>
              <th scope="col">{a("colP90")}</th>
              <th scope="col">{a("colBreaches")}</th>
            </tr>
          </thead>
          <tbody>
            {report.months.flatMap((month) =>
              month.platforms.map((p: PublicPlatformMonth) => (
                <tr
                  key={`${month.month}-${p.platform}`}
                  data-month={month.month}
                  data-platform={p.platform}
                >
                  <th scope="row">{month.month}</th>
                  <td>{p.platform}</td>
                  {p.suppressed ? (
                    <td colSpan={8} data-suppressed="true">
                      {a("suppressed")}
                    </td>
                  ) : (
                    <>
                      <td data-figure="cases">{figure(p.cases, a("withheld"))}</td>
                      <td data-figure="requests">{figure(p.requests, a("withheld"))}</td>
                      <td data-figure="removalRate">
                        {figure(p.removalRate, a("withheld"), rate)}
                      </td>
                      <td data-figure="restrictionRate">
                        {figure(p.restrictionRate, a("withheld"), rate)}
                      </td>
                      <td data-figure="declinedRate">
                        {figure(p.declinedRate, a("withheld"), rate)}
                      </td>
                      <td data-figure="p50">
                        {figure(p.timeToActionP50Seconds, a("withheld"), hours)}
                      </td>
                      <td data-figure="p90">
                        {figure(p.timeToActionP90Seconds, a("withheld"), hours)}
                      </td>
                      <td data-figure="deadlineBreaches">
                        {figure(p.deadlineBreaches, a("withheld"))}
                      </td>
                    </>
                  )}
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
