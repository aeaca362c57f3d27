import { useState, type FormEvent } from "react";
import type { ProblemBody } from "../../../src/bff-contract.js";
import { api, ApiProblem } from "../api.js";
import { Link } from "../app.js";
import { useI18n } from "../i18n.js";
import { ProblemMessage } from "../problem-message.js";

export function SetupPage() {
  const { t } = useI18n();
  const [accountId, setAccountId] = useState("");
  const [setupSecret, setSetupSecret] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<ProblemBody>();
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      await api("/api/setup", { method: "POST", body: { accountId, setupSecret, password } });
      setDone(true);
    } catch (error) {
      if (error instanceof ApiProblem) setProblem(error.problem);
      else throw error;
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>{t("setupTitle")}</h1>
      {done ? (
        <p className="notice" role="status">
          {t("setupDone")}
        </p>
      ) : (
        <form onSubmit={(event) => void submit(event)}>
          <label htmlFor="setup-account">{t("accountId")}</label>
          <input
            id="setup-account"
            type="text"
            autoComplete="username"
            required
            value={accountId}
            onChange={(e) => setAccountId(e.target.value)}
          />
          <label htmlFor="setup-secret">{t("setupSecret")}</label>
          <input
            id="setup-secret"
            type="text"
            autoComplete="off"
            required
            value={setupSecret}
            onChange={(e) => setSetupSecret(e.target.value)}
          />
          <label htmlFor="setup-password">{t("newPassword")}</label>
          <input
            id="setup-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <ProblemMessage problem={problem} />
          <p>
            <button type="submit">{t("setupButton")}</button>
          </p>
        </form>
      )}
      <p>
        <Link to="/sign-in">{t("backToSignIn")}</Link>
      </p>
    </>
  );
}
