import { OUTCOMES, REPORT_DIMENSIONS } from "./transparency-report.js";
import type { ReportRow, TransparencyReport } from "./transparency-report.js";

const COLUMNS = [
  "dimension",
  "key",
  "cases",
  "requests",
  ...OUTCOMES.map((o) => `outcome_${o}`),
  ...OUTCOMES.map((o) => `share_${o}`),
  "first_response_count",
  "first_response_p50_s",
  "first_response_p90_s",
  "action_count",
  "action_p50_s",
  "action_p90_s",
  "deadline_breaches",
];

/** One row per dimension value; numbers only besides the ids, so no cell needs more than quoting. */
export function reportToCsv(report: TransparencyReport): string {
  const lines = [COLUMNS.join(",")];
  for (const row of report.rows) {
    const cells: (string | number | null)[] = [
      row.dimension,
      row.key,
      row.cases,
      row.requests,
      ...OUTCOMES.map((o) => row.outcomes[o]),
      ...OUTCOMES.map((o) => row.outcomeShares[o]),
      row.timeToFirstResponse.count,
      row.timeToFirstResponse.p50Seconds,
      row.timeToFirstResponse.p90Seconds,
      row.timeToAction.count,
      row.timeToAction.p50Seconds,
      row.timeToAction.p90Seconds,
      row.deadlineBreaches,
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const COLORS: Record<(typeof OUTCOMES)[number], string> = {
  removed: "#1b7837",
  restricted: "#7fbf7b",
  preserved: "#5aae61",
  declined: "#d6604d",
  escalated: "#b2182b",
  withdrawn: "#999999",
  pending: "#f4a582",
};

/** One self-contained page: tables and inline SVG bars, no scripts, fonts or remote assets. */
export function reportToHtml(report: TransparencyReport): string {
  const sections = REPORT_DIMENSIONS.map((dimension) => {
    const rows = report.rows.filter((row) => row.dimension === dimension);
    return `<section><h2>Per ${dimension}</h2>${outcomeChart(rows)}${table(rows)}</section>`;
  });
  const legend = OUTCOMES.map((o) => `<span style="color:${COLORS[o]}">■</span> ${o}`).join(" ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Takedown transparency report ${esc(report.from)} – ${esc(report.to)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}td:first-child,th:first-child{text-align:left}</style>
</head><body>
<h1>Transparency report</h1>
<p>Cases first notified from ${esc(report.from)} to ${esc(report.to)}: <strong>${report.cases}</strong>.</p>
<p>${legend}</p>
${sections.join("\n")}
</body></html>
`;
}

function outcomeChart(rows: readonly ReportRow[]): string {
  const barHeight = 22;
  const width = 600;
  const label = 160;
  const max = Math.max(1, ...rows.map((row) => row.cases));
  const bars = rows.map((row, i) => {
    let x = label;
    const y = i * (barHeight + 6);
    const segments = OUTCOMES.filter((o) => row.outcomes[o] > 0).map((o) => {
      const w = (row.outcomes[o] / max) * (width - label - 40);
      const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${COLORS[o]}"><title>${o}: ${row.outcomes[o]}</title></rect>`;
      x += w;
      return rect;
    });
    return `<text x="0" y="${y + 16}" font-size="13">${esc(row.key)}</text>${segments.join("")}<text x="${(x + 4).toFixed(1)}" y="${y + 16}" font-size="12">${row.cases}</text>`;
  });
  const height = Math.max(1, rows.length) * (barHeight + 6);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img">${bars.join("")}</svg>`;
}

function table(rows: readonly ReportRow[]): string {
  const hours = (s: number | null) => (s === null ? "–" : (s / 3600).toFixed(1));
  const head = `<tr><th>key</th><th>cases</th><th>requests</th>${OUTCOMES.map((o) => `<th>${o}</th>`).join("")}<th>1st response p50 h</th><th>p90 h</th><th>action p50 h</th><th>p90 h</th><th>deadline breaches</th></tr>`;
  const body = rows.map(
    (row) =>
      `<tr><td>${esc(row.key)}</td><td>${row.cases}</td><td>${row.requests}</td>${OUTCOMES.map((o) => `<td>${row.outcomes[o]} (${Math.round(row.outcomeShares[o] * 100)}%)</td>`).join("")}<td>${hours(row.timeToFirstResponse.p50Seconds)}</td><td>${hours(row.timeToFirstResponse.p90Seconds)}</td><td>${hours(row.timeToAction.p50Seconds)}</td><td>${hours(row.timeToAction.p90Seconds)}</td><td>${row.deadlineBreaches}</td></tr>`,
  );
  return `<table>${head}${body.join("")}</table>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
