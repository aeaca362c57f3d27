import { useEffect, useState, type FormEvent } from "react";
import type { ProblemBody } from "../../../src/bff-contract.js";
import { api, ApiProblem } from "../api.js";
import { EvidenceDrop, storedEvidenceIds, type EvidenceItem } from "../evidence-drop.js";
import { useI18n } from "../i18n.js";
import { ProblemMessage } from "../problem-message.js";
import { navigate } from "../router.js";
import { actions, categories, classifications, legalBases } from "../vocabulary.js";
import { ChoiceGroup } from "./choice-group.js";

interface PreviewResult {
  url: string;
  canonicalUrl: string | null;
  platformId: string | null;
  caseOpen: boolean;
  problem?: { title: string; detail: string };
}

interface Draft {
  urls: string;
  category: string;
  classification: string;
  legalBasis: string;
  legalBasisText: string;
  requestedAction: string;
  description: string;
  /** One per form: a double click, a reload or a retry after a lost answer submits once. */
  idempotencyKey: string;
  evidence: EvidenceItem[];
}

const DRAFT = "portal.draft";

function newDraft(): Draft {
  return {
    urls: "",
    category: "defamation",
    classification: "rights_infringement",
    legalBasis: "pla_art3_2_1",
    legalBasisText: "",
    requestedAction: "remove",
    description: "",
    idempotencyKey: crypto.randomUUID(),
    evidence: [],
  };
}

/** The draft survives a reload or an outage of intake (sessionStorage: this tab only). */
function loadDraft(): Draft {
  try {
    const stored = sessionStorage.getItem(DRAFT);
    if (stored !== null) {
      const draft = JSON.parse(stored) as Draft;
      return {
        ...draft,
        evidence: draft.evidence.filter((e) => e.state === "stored" || e.state === "already"),
      };
    }
  } catch {
    // A damaged draft is dropped: a new form is better than a page that cannot open.
  }
  return newDraft();
}

function urlsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export function NewRequestPage() {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<Draft>(loadDraft);
  const [preview, setPreview] = useState<PreviewResult[]>();
  const [problem, setProblem] = useState<ProblemBody>();
  const [previewProblem, setPreviewProblem] = useState<ProblemBody>();
  const [busy, setBusy] = useState(false);

  useEffect(() => sessionStorage.setItem(DRAFT, JSON.stringify(draft)), [draft]);
  const set = <K extends keyof Draft>(name: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [name]: value }));
  const urls = urlsOf(draft.urls);
  const urlProblem = urls.length > 100 ? t("tooManyUrls") : undefined;

  const runPreview = async () => {
    setPreviewProblem(undefined);
    if (urls.length === 0 || urls.length > 100) return;
    try {
      setPreview(
        (
          await api<{ results: PreviewResult[] }>("/api/preview", {
            method: "POST",
            body: { urls },
          })
        ).results,
      );
    } catch (error) {
      if (error instanceof ApiProblem) setPreviewProblem(error.problem);
      else throw error;
    }
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    setProblem(undefined);
    if (urls.length === 0) {
      setProblem({
        status: 400,
        code: "PORTAL_INVALID_BODY",
        errors: [{ field: t("urlsLabel"), message: t("noUrls") }],
      });
      return;
    }
    setBusy(true);
    try {
      const accepted = await api<{ requestId: string }>("/api/requests", {
        method: "POST",
        idempotencyKey: draft.idempotencyKey,
        body: {
          targets: urls.map((url) => ({ url })),
          category: draft.category,
          classification: draft.classification,
          legalBasis: draft.legalBasis,
          ...(draft.legalBasisText.trim() === "" ? {} : { legalBasisText: draft.legalBasisText }),
          requestedAction: draft.requestedAction,
          description: draft.description,
          evidence: storedEvidenceIds(draft.evidence),
          language: lang,
        },
      });
      sessionStorage.removeItem(DRAFT);
      navigate(`/requests/${accepted.requestId}?submitted=1`);
    } catch (error) {
      if (error instanceof ApiProblem) setProblem(error.problem);
      else throw error;
    } finally {
      setBusy(false);
    }
  };

  const uploading = draft.evidence.some((e) => e.state === "hashing" || e.state === "uploading");

  return (
    <>
      <h1 tabIndex={-1}>{t("newTitle")}</h1>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <label htmlFor="urls">{t("urlsLabel")}</label>
        <p className="help" id="urls-help">
          {t("urlsHelp")}
        </p>
        <textarea
          id="urls"
          rows={6}
          aria-describedby="urls-help"
          aria-invalid={urlProblem !== undefined}
          value={draft.urls}
          onChange={(e) => {
            set("urls", e.target.value);
            setPreview(undefined);
          }}
        />
        {urlProblem !== undefined ? (
          <p className="error" role="alert">
            {urlProblem}
          </p>
        ) : null}
        <p>
          <button type="button" className="secondary" onClick={() => void runPreview()}>
            {t("previewButton")}
          </button>
        </p>
        <ProblemMessage problem={previewProblem} onRetry={() => void runPreview()} />
        {preview !== undefined ? (
          <table aria-label={t("previewTitle")}>
            <caption>{t("previewTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("colUrl")}</th>
                <th scope="col">{t("colCanonical")}</th>
                <th scope="col">{t("colPlatform")}</th>
                <th scope="col">{t("colCase")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.map((r) => (
                <tr key={r.url} data-preview-url={r.url}>
                  <td>{r.url}</td>
                  <td>
                    {r.canonicalUrl ?? (
                      <span className="error">{r.problem?.detail ?? r.problem?.title}</span>
                    )}
                  </td>
                  <td>{r.platformId ?? t("noPlatform")}</td>
                  <td data-case-open={r.caseOpen}>
                    {r.caseOpen ? t("caseOpenYes") : t("caseOpenNo")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <ChoiceGroup
          name="category"
          legend={t("categoryLabel")}
          table={categories}
          value={draft.category}
          onChange={(v) => set("category", v)}
        />
        <ChoiceGroup
          name="classification"
          legend={t("classificationLabel")}
          table={classifications}
          value={draft.classification}
          onChange={(v) => set("classification", v)}
        />
        <ChoiceGroup
          name="legalBasis"
          legend={t("legalBasisLabel")}
          table={legalBases}
          value={draft.legalBasis}
          onChange={(v) => set("legalBasis", v)}
        />
        <label htmlFor="legal-basis-text">{t("legalBasisTextLabel")}</label>
        <textarea
          id="legal-basis-text"
          rows={2}
          value={draft.legalBasisText}
          onChange={(e) => set("legalBasisText", e.target.value)}
        />
        <ChoiceGroup
          name="requestedAction"
          legend={t("actionLabel")}
          table={actions}
          value={draft.requestedAction}
          onChange={(v) => set("requestedAction", v)}
        />
        <label htmlFor="description">{t("descriptionLabel")}</label>
        <textarea
          id="description"
          rows={4}
          value={draft.description}
          onChange={(e) => set("description", e.target.value)}
        />
        <fieldset>
          <legend>{t("evidenceLabel")}</legend>
          <EvidenceDrop
            id="evidence"
            items={draft.evidence}
            onChange={(update) => setDraft((d) => ({ ...d, evidence: update(d.evidence) }))}
          />
        </fieldset>
        <ProblemMessage problem={problem} onRetry={() => void submit()} />
        {problem !== undefined ? <p className="help">{t("draftKept")}</p> : null}
        <p>
          <button type="submit" disabled={busy || uploading || urlProblem !== undefined}>
            {busy ? t("submitting") : t("submitButton")}
          </button>
        </p>
      </form>
    </>
  );
}
