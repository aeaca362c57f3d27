import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { catalogs, type Language, type MessageKey } from "./messages.js";

interface I18n {
  lang: Language;
  t: (key: MessageKey) => string;
  setLang: (lang: Language) => void;
  /** A moment in Japan Standard Time, whatever the browser's zone. */
  formatDate: (iso: string) => string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

function storedLanguage(): Language {
  return localStorage.getItem("portal.lang") === "en" ? "en" : "ja";
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(storedLanguage);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = catalogs[lang].appName;
  }, [lang]);
  const formatter = new Intl.DateTimeFormat(lang === "ja" ? "ja-JP" : "en-GB", {
    timeZone: "Asia/Tokyo",
    dateStyle: "medium",
    timeStyle: "short",
  });
  const value: I18n = {
    lang,
    t: (key) => catalogs[lang][key],
    setLang: (next) => {
      localStorage.setItem("portal.lang", next);
      setLangState(next);
    },
    formatDate: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : `${formatter.format(date)} JST`;
    },
  };
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === undefined) throw new Error("useI18n outside I18nProvider");
  return value;
}
