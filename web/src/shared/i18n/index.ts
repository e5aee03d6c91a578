import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Locale } from '../../api/client.js';
import { enUS } from './en-US.js';
import { zhCN } from './zh-CN.js';

export type { Locale };
export const locales: readonly Locale[] = ['zh-CN', 'en-US'];
const STORAGE_KEY = 'onetrip.locale';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN'; // storage blocked (private mode, policy): stay with the default
  }
}

function applyToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.title = locale === 'zh-CN' ? '一次办 · 昌吉州政务服务' : 'OneTrip · Changji Government Services';
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
}

/** Starts i18next with zh-CN as the default and the reader's stored choice, if any. */
export function initI18n(): typeof i18next {
  const lng = storedLocale();
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
    lng,
    fallbackLng: 'zh-CN',
    supportedLngs: locales,
    interpolation: { escapeValue: false }, // React escapes already
  });
  applyToDocument(lng);
  return i18next;
}

export function setLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // the choice then lasts for this page only
  }
  applyToDocument(locale);
  void i18next.changeLanguage(locale);
}

/** The current locale and a picker of the zh-CN or en-US variant of a bilingual value. */
export function useLocale(): { locale: Locale; pick: (zh: string, en: string | null | undefined) => string } {
  const { i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  return { locale, pick: (zh, en) => (locale === 'en-US' && en ? en : zh) };
}
