import { lazy, Suspense } from "react";
import { Link } from "../app.js";
import type { Route } from "../router.js";
import type { Language } from "../messages.js";
import { auditTextIn, useAuditText } from "./audit-text.js";
import "./audit.css";
import { LogStatusPage } from "./log-status-page.js";
import { LookupPage } from "./lookup-page.js";

// The charts (chart.js) load only when the report is opened: the first visit stays small.
const ReportPage = lazy(() => import("./report-page.js"));

/** The page of an auditor's route; anything else shows the log status. */
export function AuditorPage({ route }: { route: Route }) {
  const { t } = useAuditText();
  if (route.page === "audit-lookup") return <LookupPage />;
  if (route.page === "audit-report")
    return (
      <Suspense fallback={<p role="status">{t("loading")}</p>}>
        <ReportPage />
      </Suspense>
    );
  return <LogStatusPage />;
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
