import { useState, type DragEvent } from "react";
import { api, ApiProblem, evidenceIdOf, uploadFile } from "./api.js";
import { useI18n } from "./i18n.js";
import { problemText } from "./problems.js";

export interface EvidenceItem {
  key: string;
  name: string;
  state: "hashing" | "uploading" | "stored" | "already" | "failed";
  progress: number;
  evidenceId?: string;
  error?: string;
}

/** The ids to send with a request: stored files, each once (the same file may be dropped twice). */
export function storedEvidenceIds(items: readonly EvidenceItem[]): string[] {
  const ids = items.flatMap((e) =>
    e.evidenceId !== undefined && (e.state === "stored" || e.state === "already")
      ? [e.evidenceId]
      : [],
  );
  return [...new Set(ids)];
}

/**
 * Drag-and-drop (or a file button, for the keyboard): each file's SHA-256 is computed here, a
 * file the organ already stored is not sent again, the others upload with a progress bar each.
 */
export function EvidenceDrop({
  id,
  items,
  onChange,
}: {
  id: string;
  items: EvidenceItem[];
  onChange: (update: (items: EvidenceItem[]) => EvidenceItem[]) => void;
}) {
  const { t, lang } = useI18n();
  const [over, setOver] = useState(false);
  const patch = (key: string, change: Partial<EvidenceItem>) =>
    onChange((current) =>
      current.map((item) => (item.key === key ? { ...item, ...change } : item)),
    );

  const add = async (files: File[]) => {
    for (const file of files) {
      const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
      onChange((current) => [...current, { key, name: file.name, state: "hashing", progress: 0 }]);
      try {
        const evidenceId = await evidenceIdOf(file);
        const { known } = await api<{ known: string[] }>("/api/evidence/known", {
          method: "POST",
          body: { ids: [evidenceId] },
        });
        if (known.includes(evidenceId)) {
          patch(key, { state: "already", progress: 1, evidenceId });
          continue;
        }
        patch(key, { state: "uploading", evidenceId });
        const stored = await uploadFile(file, (progress) => patch(key, { progress }));
        patch(key, { state: "stored", progress: 1, evidenceId: stored.evidenceId });
      } catch (error) {
        patch(key, {
          state: "failed",
          error: error instanceof ApiProblem ? problemText(error.problem, lang) : String(error),
        });
      }
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void add(Array.from(event.dataTransfer.files));
  };

  const label: Record<EvidenceItem["state"], string> = {
    hashing: t("evidenceHashing"),
    uploading: t("evidenceUploading"),
    stored: t("evidenceStored"),
    already: t("evidenceAlreadyStored"),
    failed: t("evidenceFailed"),
  };

  return (
    <div
      className={over ? "drop over" : "drop"}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p className="help" id={`${id}-help`}>
        {t("evidenceHelp")}
      </p>
      <label htmlFor={id}>{t("evidenceChoose")}</label>
      <input
        id={id}
        type="file"
        multiple
        aria-describedby={`${id}-help`}
        onChange={(event) => {
          void add(Array.from(event.target.files ?? []));
          event.target.value = "";
        }}
      />
      <ul className="files" aria-live="polite">
        {items.map((item) => (
          <li key={item.key} data-evidence-state={item.state}>
            <span>{item.name}</span>
            <progress
              max={1}
              value={item.progress}
              aria-label={`${item.name} ${t("evidenceProgress")}`}
            />
            <span>{label[item.state]}</span>
            {item.evidenceId !== undefined ? <code>{item.evidenceId.slice(0, 19)}…</code> : null}
            {item.error !== undefined ? <span className="error">{item.error}</span> : null}
            <button
              type="button"
              className="secondary"
              onClick={() => onChange((current) => current.filter((i) => i.key !== item.key))}
            >
              {t("evidenceRemove")} <span className="skip">{item.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
