import { useCallback, useEffect, useState, type MouseEvent } from "react";
import type { SessionInfo } from "../../src/bff-contract.js";
import { api, useSession, whenSignedOut } from "./api.js";
import {
  AuditorNav,
  AuditorPage,
  auditorLabel,
  PublicReportLink,
  TransparencyPage,
} from "./audit/auditor-pages.js";
import { useI18n } from "./i18n.js";
import { NewRequestPage } from "./pages/new-request-page.js";
import { RequestDetailPage } from "./pages/request-detail-page.js";
import { RequestsPage } from "./pages/requests-page.js";
import { SetupPage } from "./pages/setup-page.js";
import { SignInPage } from "./pages/sign-in-page.js";
import { navigate, useRoute } from "./router.js";

export function Link({ to, children }: { to: string; children: React.ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick}>
      {children}
    </a>
  );
}

export function App() {
  const { t, lang, setLang } = useI18n();
  const route = useRoute();
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const signedIn = useCallback((next: SessionInfo | null) => {
    useSession(next ?? undefined);
    setSession(next);
  }, []);

  useEffect(() => {
    whenSignedOut((problem) => {
      setExpired(problem.code === "PORTAL_SESSION_EXPIRED");
      signedIn(null);
    });
    api<SessionInfo>("/api/session").then(signedIn, () => signedIn(null));
  }, [signedIn]);

  useEffect(() => {
    // Focus the new page's heading, so a screen reader announces the page change.
    document.querySelector<HTMLElement>("main h1")?.focus();
  }, [route, session]);

  const signOut = async () => {
    await api("/api/sign-out", { method: "POST" }).catch(() => undefined);
    setExpired(false);
    signedIn(null);
    navigate("/sign-in");
  };

  const auditor = session?.account.role === "auditor";
  let content: React.ReactNode;
  if (route.page === "transparency") content = <TransparencyPage />;
  else if (session === undefined) content = <p>{t("loading")}</p>;
  else if (route.page === "setup") content = <SetupPage />;
  else if (session === null)
    content = (
      <SignInPage
        expired={expired}
        onSignedIn={(next) => {
          setExpired(false);
          signedIn(next);
          if (route.page === "sign-in")
            navigate(next.account.role === "auditor" ? "/audit" : "/requests");
        }}
      />
    );
  else if (auditor) content = <AuditorPage route={route} />;
  else if (route.page === "new") content = <NewRequestPage />;
  else if (route.page === "detail") content = <RequestDetailPage requestId={route.requestId} />;
  else content = <RequestsPage />;

  return (
    <>
      <a className="skip" href="#main">
        {t("skipToContent")}
      </a>
      <header className="top">
        <p className="brand">{t("appName")}</p>
        {auditor ? <AuditorNav /> : null}
        {session && !auditor ? (
          <nav aria-label={t("mainNav")}>
            <Link to="/requests">{t("navRequests")}</Link>
            <Link to="/requests/new">{t("navNew")}</Link>
          </nav>
        ) : null}
        <div className="account">
          {session ? (
            <>
              <span>
                {t("signedInAs")}: {auditor ? auditorLabel(lang) : session.account.organName[lang]}{" "}
                ({session.account.id})
              </span>
              <button type="button" onClick={() => void signOut()}>
                {t("signOut")}
              </button>
            </>
          ) : null}
          <button
            type="button"
            lang={lang === "ja" ? "en" : "ja"}
            onClick={() => setLang(lang === "ja" ? "en" : "ja")}
          >
            {lang === "ja" ? t("switchToEnglish") : t("switchToJapanese")}
          </button>
        </div>
      </header>
      <main id="main">{content}</main>
      <PublicReportLink />
    </>
  );
}
