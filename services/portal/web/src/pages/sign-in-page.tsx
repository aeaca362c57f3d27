import { useState, type FormEvent } from "react";
import type { ProblemBody, SessionInfo } from "../../../src/bff-contract.js";
import { api, ApiProblem } from "../api.js";
import { Link } from "../app.js";
import { useI18n } from "../i18n.js";
import { ProblemMessage } from "../problem-message.js";

export function SignInPage({
  expired,
  onSignedIn,
}: {
  expired: boolean;
  onSignedIn: (session: SessionInfo) => void;
}) {
  const { t } = useI18n();
  const [accountId, setAccountId] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [needsCode, setNeedsCode] = useState(false);
  const [problem, setProblem] = useState<ProblemBody>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const session = await api<SessionInfo>("/api/sign-in", {
        method: "POST",
        body: { accountId, password, ...(code === "" ? {} : { code }) },
      });
      onSignedIn(session);
    } catch (error) {
      if (error instanceof ApiProblem) {
        if (error.problem.code === "PORTAL_CODE_NEEDED") setNeedsCode(true);
        setProblem(error.problem);
      } else throw error;
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>{t("signInTitle")}</h1>
      {expired ? (
        <p className="notice" role="status">
          {t("sessionExpired")}
        </p>
      ) : null}
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor="account-id">{t("accountId")}</label>
        <input
          id="account-id"
          type="text"
          autoComplete="username"
          required
          value={accountId}
          onChange={(e) => setAccountId(e.target.value)}
        />
        <label htmlFor="password">{t("password")}</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {needsCode ? (
          <>
            <label htmlFor="code">{t("totpCode")}</label>
            <input
              id="code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </>
        ) : null}
        <ProblemMessage problem={problem} />
        <p>
          <button type="submit" disabled={busy}>
            {t("signInButton")}
          </button>
        </p>
      </form>
      <p>
        <Link to="/setup">{t("firstTime")}</Link>
      </p>
    </>
  );
}
