// UI language: German by default, English on request. The choice lives in localStorage and in the cookie
// rc_lang, which the server reads to localise its error messages. Pages mark translatable text with
// data-i18n="key" (text) or data-i18n-attr="attribute:key".
import { de, en, type StringKey } from './strings';

export type Language = 'de' | 'en';
export type { StringKey };

const STORAGE_KEY = 'rc_lang';

function storedLanguage(): string | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored) return stored;
  } catch {
    // storage may be disabled; fall back to the cookie
  }
  return /(?:^|;\s*)rc_lang=(de|en)/.exec(document.cookie)?.[1] ?? null;
}

export function currentLanguage(): Language {
  return storedLanguage() === 'en' ? 'en' : 'de';
}

export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // the cookie below still carries the choice
  }
  document.cookie = `rc_lang=${language}; path=/; max-age=31536000; SameSite=Strict`;
}

export function t(key: StringKey, params: Record<string, string> = {}): string {
  const table = currentLanguage() === 'en' ? en : de;
  return table[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

export function applyTranslations(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach(element => {
    element.textContent = t(element.dataset.i18n as StringKey);
  });
  root.querySelectorAll<HTMLElement>('[data-i18n-attr]').forEach(element => {
    const [attribute, key] = (element.dataset.i18nAttr ?? '').split(':');
    if (attribute && key) element.setAttribute(attribute, t(key as StringKey));
  });
}

/** Sets <html lang>, translates the page and wires the language switch (#languageSwitch). */
export function initLanguage(): void {
  const language = currentLanguage();
  document.documentElement.lang = language;
  // Keep the cookie in step with localStorage so the server answers in the same language.
  if (!document.cookie.includes(`rc_lang=${language}`)) setLanguage(language);
  applyTranslations();
  const toggle = document.getElementById('languageSwitch');
  if (toggle) {
    const other: Language = language === 'de' ? 'en' : 'de';
    toggle.textContent = other === 'en' ? 'English' : 'Deutsch';
    toggle.setAttribute('lang', other);
    toggle.addEventListener('click', () => {
      setLanguage(other);
      location.reload();
    });
  }
}
