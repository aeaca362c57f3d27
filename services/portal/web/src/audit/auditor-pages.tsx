import { lazy, Suspense } from "react";
import { Link } from "../app.js";
import type { Route } from "../router.js";
import type { Language } from "../messages.js";
import { auditTextIn, useAuditText } from "./audit-text.js";
import "./audit.css";

// Staff never load these pages, and the report's charts (chart.js) load only when it is opened:
// the first visit stays small.
const ReportPage = lazy(() => import("./report-page.js"));
const LogStatusPage = lazy(async () => ({
  default: (await import("./log-status-page.js")).LogStatusPage,
}));
const LookupPage = lazy(async () => ({ default: (await import("./lookup-page.js")).LookupPage }));
const TransparencyPageBody = lazy(async () => ({
  default: (await import("./transparency-page.js")).TransparencyPage,
}));

/** `/transparency`, for everyone. */
export function TransparencyPage() {
  const { t } = useAuditText();
  return (
    <Suspense fallback={<p role="status">{t("loading")}</p>}>
      <TransparencyPageBody />
    </Suspense>
  );
}

/** The page of an auditor's route; anything else shows the log status. */
export function AuditorPage({ route }: { route: Route }) {
  const { t } = useAuditText();
  const page =
    route.page === "audit-lookup" ? (
      <LookupPage />
    ) : route.page === "audit-report" ? (
      <ReportPage />
    ) : (
      <LogStatusPage />
    );
  return <Suspense fallback={<p role="status">{t("loading")}</p>}>{page}</Suspense>;
}

export function AuditorNav() {
  const { a, t } = useAuditText();
  return (
    <nav aria-label={t("mainNav")}>
      <Link to="/audit">{a("navLogStatus")}</Link>
      <Link to="/audit/lookup">{a("navLookup")}</Link>
      <Link to="/audit/report">{a("navReport")}</Link>
      <Link to="/transparency">{a("navTransparency")}</Link>
    </nav>
  );
}

/** A link to the public report, on every page. */
export function PublicReportLink() {
  const { a } = useAuditText();
  return (
    <footer className="bottom">
      <Link to="/transparency">{a("navTransparency")}</Link>
    </footer>
  );
}

export function auditorLabel(lang: Language): string {
  return auditTextIn(lang, "auditor");
}
