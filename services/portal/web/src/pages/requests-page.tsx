import { useState, type FormEvent } from "react";
import { api } from "../api.js";
import { Link } from "../app.js";
import { useI18n } from "../i18n.js";
import { ProblemMessage } from "../problem-message.js";
import { useLoad } from "../use-load.js";
import { caseStates, categories, stateLabel, termLabel, actions } from "../vocabulary.js";

interface RequestList {
  items: {
    requestId: string;
    submittedAt: string;
    category: string;
    classification: string;
    requestedAction: string;
    targetCount: number;
    states: Record<string, number>;
  }[];
  counts: Record<string, number>;
  nextCursor: string | null;
}

interface Filters {
  state: string;
  platform: string;
  category: string;
  from: string;
  to: string;
}

const empty: Filters = { state: "", platform: "", category: "", from: "", to: "" };

/** A JST calendar day as the start (or the end) of that day in UTC. */
function jstDay(day: string, end: boolean): string {
  return new Date(`${day}T${end ? "23:59:59.999" : "00:00:00"}+09:00`).toISOString();
}

export function RequestsPage() {
  const { t, lang, formatDate } = useI18n();
  const [draft, setDraft] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters>(empty);
  const [cursor, setCursor] = useState<string>();
  const { data, problem, loading, reload } = useLoad(() => {
    const query = new URLSearchParams({ limit: "20" });
    if (filters.state !== "") query.set("state", filters.state);
    if (filters.platform !== "") query.set("platform", filters.platform.trim());
    if (filters.category !== "") query.set("category", filters.category);
    if (filters.from !== "") query.set("from", jstDay(filters.from, false));
    if (filters.to !== "") query.set("to", jstDay(filters.to, true));
    if (cursor !== undefined) query.set("cursor", cursor);
    return api<RequestList>(`/api/requests?${query.toString()}`);
  }, [filters, cursor]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setCursor(undefined);
    setFilters(draft);
  };
  const set = (name: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [name]: e.target.value });

  return (
    <>
      <h1 tabIndex={-1}>{t("requestsTitle")}</h1>
      <form className="filters" onSubmit={apply}>
        <div>
          <label htmlFor="f-state">{t("filterState")}</label>
          <select id="f-state" value={draft.state} onChange={set("state")}>
            <option value="">{t("filterAll")}</option>
            {Object.keys(caseStates).map((state) => (
              <option key={state} value={state}>
                {stateLabel(state, lang)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-platform">{t("filterPlatform")}</label>
          <input id="f-platform" type="text" value={draft.platform} onChange={set("platform")} />
        </div>
        <div>
          <label htmlFor="f-category">{t("filterCategory")}</label>
          <select id="f-category" value={draft.category} onChange={set("category")}>
            <option value="">{t("filterAll")}</option>
            {Object.keys(categories).map((c) => (
              <option key={c} value={c}>
                {termLabel(categories, c, lang)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-from">{t("filterFrom")}</label>
          <input id="f-from" type="date" value={draft.from} onChange={set("from")} />
        </div>
        <div>
          <label htmlFor="f-to">{t("filterTo")}</label>
          <input id="f-to" type="date" value={draft.to} onChange={set("to")} />
        </div>
        <button type="submit">{t("filterApply")}</button>
      </form>
      <ProblemMessage problem={problem} onRetry={reload} />
      {loading ? <p>{t("loading")}</p> : null}
      {data !== undefined ? (
        <>
          <h2>{t("countsTitle")}</h2>
          <ul className="counts" aria-label={t("countsTitle")}>
            {Object.entries(data.counts).map(([state, n]) => (
              <li key={state}>
                {stateLabel(state, lang)}: <strong>{n}</strong>
              </li>
            ))}
          </ul>
          {data.items.length === 0 ? (
            <p>{t("noRequests")}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("requestIdLabel")}</th>
                  <th scope="col">{t("colSubmitted")}</th>
                  <th scope="col">{t("colCategory")}</th>
                  <th scope="col">{t("colAction")}</th>
                  <th scope="col">{t("colTargets")}</th>
                  <th scope="col">{t("colStates")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <tr key={item.requestId}>
                    <td>
                      <Link to={`/requests/${item.requestId}`}>{item.requestId}</Link>
                    </td>
                    <td>{formatDate(item.submittedAt)}</td>
                    <td>{termLabel(categories, item.category, lang)}</td>
                    <td>{termLabel(actions, item.requestedAction, lang)}</td>
                    <td>{item.targetCount}</td>
                    <td>
                      {Object.entries(item.states)
                        .map(([state, n]) => `${stateLabel(state, lang)} ${n}`)
                        .join(" / ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            {cursor !== undefined ? (
              <button type="button" className="secondary" onClick={() => setCursor(undefined)}>
                {t("firstPage")}
              </button>
            ) : null}{" "}
            {data.nextCursor !== null ? (
              <button type="button" onClick={() => setCursor(data.nextCursor ?? undefined)}>
                {t("nextPage")}
              </button>
            ) : null}
          </p>
        </>
      ) : null}
    </>
  );
}
