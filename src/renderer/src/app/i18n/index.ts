import i18next, { type i18n as I18n } from 'i18next'
import { initReactI18next } from 'react-i18next'

export const languages = ['zh-CN', 'en-US'] as const
export type Language = (typeof languages)[number]

/**
 * Locale files live in `locales/<language>/<namespace>.json`, one namespace per feature, so
 * features add text without touching each other's files. A test fails if a key exists in one
 * language and not the other.
 */
const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json', { eager: true })

export function localeResources(): Record<Language, Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, Record<string, unknown>>> = { 'zh-CN': {}, 'en-US': {} }
  for (const [path, mod] of Object.entries(files)) {
    const m = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path)
    if (!m) continue
    const [, lang, ns] = m
    ;(out[lang!] ??= {})[ns!] = mod.default
  }
  return out as Record<Language, Record<string, Record<string, unknown>>>
}

export const namespaces = [...new Set(Object.keys(files).map((p) => /\/([^/]+)\.json$/.exec(p)![1]!))]

/** zh, zh-Hans, zh-TW… → zh-CN; everything else → en-US. */
export function resolveLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase()
    if (lower.startsWith('zh')) return 'zh-CN'
    if (lower.startsWith('en')) return 'en-US'
  }
  return 'en-US'
}

/**
 * Only the language shown is loaded at start (half the text to set up when the app opens,
 * issue 19); `useLanguage` adds the other before switching to it.
 */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: false,
    resources: { [language]: localeResources()[language] },
    ns: namespaces,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    // A missing key shows as the key, and in development is reported loudly.
    saveMissing: import.meta.env?.DEV ?? false,
    missingKeyHandler: (lngs, ns, key) => console.warn(`[i18n] missing ${lngs.join(',')} ${ns}:${key}`)
  })
  return instance
}

/** Adds a language's text to an instance that started without it (before switching to it). */
export function ensureLanguage(instance: I18n, language: Language): void {
  if (instance.hasResourceBundle(language, 'common')) return
  for (const [ns, bundle] of Object.entries(localeResources()[language])) instance.addResourceBundle(language, ns, bundle, true, false)
}
