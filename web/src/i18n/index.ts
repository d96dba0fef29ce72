import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import id from './id.json';

export const languages = ['id', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'tepat.language';

/** The language chosen earlier on this device, else Bahasa Indonesia (the product's default). */
function storedLanguage(): Language {
  const stored = localStorage.getItem(storageKey);
  return stored === 'en' ? 'en' : 'id';
}

/** Switches the interface language and remembers the choice on this device. */
export function changeLanguage(language: Language) {
  localStorage.setItem(storageKey, language);
  document.documentElement.lang = language;
  return i18next.changeLanguage(language);
}

/** Number and date formatting follow the interface language (Indonesian: 1.234,5). */
export function localeOf(language: string): string {
  return language === 'en' ? 'en-GB' : 'id-ID';
}

const initialLanguage = storedLanguage();
document.documentElement.lang = initialLanguage;

// Resources are bundled, so initialisation completes synchronously (initAsync: false).
void i18next.use(initReactI18next).init({
  initAsync: false,
  resources: { id: { translation: id }, en: { translation: en } },
  lng: initialLanguage,
  fallbackLng: 'id',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;
