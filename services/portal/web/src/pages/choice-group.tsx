import type { Language } from "../messages.js";
import { useI18n } from "../i18n.js";

interface Term {
  label: Record<Language, string>;
  explain: Record<Language, string>;
}

/** Radio buttons, each with its explanation in plain words right beside it. */
export function ChoiceGroup({
  name,
  legend,
  table,
  value,
  onChange,
}: {
  name: string;
  legend: string;
  table: Record<string, Term>;
  value: string;
  onChange: (value: string) => void;
}) {
  const { lang } = useI18n();
  return (
    <fieldset>
      <legend>{legend}</legend>
      {Object.entries(table).map(([key, term]) => {
        const id = `${name}-${key}`;
        return (
          <label className="choice" key={key} htmlFor={id}>
            <input
              id={id}
              type="radio"
              name={name}
              value={key}
              checked={value === key}
              onChange={() => onChange(key)}
              aria-describedby={`${id}-explain`}
            />
            <span>
              {term.label[lang]}{" "}
              <span className="help" id={`${id}-explain`}>
                — {term.explain[lang]}
              </span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
