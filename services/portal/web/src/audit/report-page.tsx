import { useMemo, useState, type FormEvent } from "react";
import type { ProblemBody, ReportRow, TransparencyReport } from "../../../src/bff-contract.js";
import { ApiProblem } from "../api.js";
import { ProblemMessage } from "../problem-message.js";
import { auditJson } from "./audit-fetch.js";
import { useAuditText, type AuditTextKey } from "./audit-text.js";
import { ReportChart, type ChartSeries } from "./report-chart.js";

const DIMENSIONS = [
  ["platform", "dimPlatform"],
  ["category", "dimCategory"],
  ["classification", "dimClassification"],
  ["organKind", "dimOrganKind"],
] as const satisfies readonly (readonly [ReportRow["dimension"], AuditTextKey])[];

const hours = (seconds: number | null) =>
  seconds === null ? null : Math.round((seconds / 3600) * 100) / 100;
const percent = (share: number) => Math.round(share * 1000) / 10;

function monthStart(offset: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1))
    .toISOString()
    .slice(0, 10);
}

/** The transparency report for a chosen period, as charts and tables, with CSV and JSON. */
export default function ReportPage() {
  const { a } = useAuditText();
  const [from, setFrom] = useState(monthStart(-1));
  const [to, setTo] = useState(monthStart(0));
  const [report, setReport] = useState<TransparencyReport>();
  const [problem, setProblem] = useState<ProblemBody>();
  const [busy, setBusy] = useState(false);

  const query = new URLSearchParams({ from, to }).toString();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      setReport(await auditJson<TransparencyReport>(`/api/audit/report?${query}`));
    } catch (error) {
      setReport(undefined);
      setProblem(
        error instanceof ApiProblem ? error.problem : { status: 500, code: "PORTAL_INTERNAL" },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>{a("reportTitle")}</h1>
      <form className="period" onSubmit={(event) => void submit(event)}>
        <label htmlFor="report-from">{a("periodFrom")}</label>
        <input
          id="report-from"
          type="date"
          required
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <label htmlFor="report-to">{a("periodTo")}</label>
        <input
          id="report-to"
          type="date"
          required
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
        <p>
          <button type="submit" disabled={busy}>
            {a("showReport")}
          </button>
        </p>
      </form>
      <ProblemMessage problem={problem} />
      {report === undefined ? null : (
        <div data-report-from={report.from} data-report-to={report.to}>
          <p className="downloads">
            <a href={`/api/audit/report?${query}&format=csv`} download>
              {a("downloadCsv")}
            </a>
            <a href={`/api/audit/report?${query}&format=json`} download>
              {a("downloadJson")}
            </a>
          </p>
          <p>
            {a("totalCases")}: <strong data-total-cases={report.cases}>{report.cases}</strong>
          </p>
          <p className="help">{a("sameAsCli")}</p>
          {DIMENSIONS.map(([dimension, title]) => (
            <DimensionSection
              key={dimension}
              dimension={dimension}
              title={a(title)}
              rows={report.rows.filter((r) => r.dimension === dimension)}
            />
          ))}
        </div>
      )}
    </>
  );
}

function DimensionSection({
  dimension,
  title,
  rows,
}: {
  dimension: string;
  title: string;
  rows: ReportRow[];
}) {
  const { a } = useAuditText();
  const labels = useMemo(() => rows.map((r) => r.key), [rows]);
  const counts = useMemo<ChartSeries[]>(
    () => [
      { label: a("colRequests"), values: rows.map((r) => r.requests) },
      { label: a("colCases"), values: rows.map((r) => r.cases) },
    ],
    [rows, a],
  );
  const rates = useMemo<ChartSeries[]>(
    () => [
      { label: a("colRemoval"), values: rows.map((r) => percent(r.outcomeShares.removed)) },
      { label: a("colRestriction"), values: rows.map((r) => percent(r.outcomeShares.restricted)) },
      { label: a("colDeclined"), values: rows.map((r) => percent(r.outcomeShares.declined)) },
    ],
    [rows, a],
  );
  const times = useMemo<ChartSeries[]>(
    () => [
      { label: a("colP50"), values: rows.map((r) => hours(r.timeToAction.p50Seconds)) },
      { label: a("colP90"), values: rows.map((r) => hours(r.timeToAction.p90Seconds)) },
    ],
    [rows, a],
  );
  const headingId = `dimension-${dimension}`;
  return (
    <section aria-labelledby={headingId} data-dimension={dimension}>
      <h2 id={headingId}>{title}</h2>
      {rows.length === 0 ? (
        <p>{a("noData")}</p>
      ) : (
        <>
          <div className="charts">
            <ReportChart title={`${title}: ${a("chartCounts")}`} labels={labels} series={counts} />
            <ReportChart
              title={`${title}: ${a("chartRates")} (%)`}
              labels={labels}
              series={rates}
              max={100}
            />
            <ReportChart title={`${title}: ${a("chartTimes")}`} labels={labels} series={times} />
          </div>
          <div
            className="table-scroll"
            tabIndex={0}
            role="region"
            aria-label={`${title}: ${a("figuresTable")}`}
          >
            <table>
              <thead>
                <tr>
                  <th scope="col">{a("colKey")}</th>
                  <th scope="col">{a("colRequests")}</th>
                  <th scope="col">{a("colCases")}</th>
                  <th scope="col">{a("colRemoval")}</th>
                  <th scope="col">{a("colRestriction")}</th>
                  <th scope="col">{a("colDeclined")}</th>
                  <th scope="col">{a("colP50")}</th>
                  <th scope="col">{a("colP90")}</th>
                  <th scope="col">{a("colBreaches")}</th>
                  <th scope="col">{a("colEscalations")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <ReportTableRow key={row.key} row={row} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function ReportTableRow({ row }: { row: ReportRow }) {
  const { a } = useAuditText();
  const time = (seconds: number | null) =>
    seconds === null ? a("noData") : `${hours(seconds)} ${a("hours")}`;
  return (
    <tr data-row-key={row.key}>
      <th scope="row">{row.key}</th>
      <td data-figure="requests">{row.requests}</td>
      <td data-figure="cases">{row.cases}</td>
      <td data-figure="removalRate" data-value={row.outcomeShares.removed}>
        {percent(row.outcomeShares.removed)}%
      </td>
      <td data-figure="restrictionRate" data-value={row.outcomeShares.restricted}>
        {percent(row.outcomeShares.restricted)}%
      </td>
      <td data-figure="declinedRate" data-value={row.outcomeShares.declined}>
        {percent(row.outcomeShares.declined)}%
      </td>
      <td data-figure="p50Seconds" data-value={row.timeToAction.p50Seconds ?? ""}>
        {time(row.timeToAction.p50Seconds)}
      </td>
      <td data-figure="p90Seconds" data-value={row.timeToAction.p90Seconds ?? ""}>
        {time(row.timeToAction.p90Seconds)}
      </td>
      <td data-figure="deadlineBreaches">{row.deadlineBreaches}</td>
      <td data-figure="escalations">{row.outcomes.escalated}</td>
    </tr>
  );
}
