import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { I18nextProvider } from 'react-i18next'
import { MantineProvider, useMantineColorScheme } from '@mantine/core'
import type { AppInfo, Settings } from '@shared/ipc'
import { bridge } from '../bridge'
import { createI18n, ensureLanguage, resolveLanguage, type Language } from './i18n'
import { theme } from './theme'
import type { Locale } from '../ui/format'

interface Preferences {
  info: AppInfo
  settings: Settings
  /** The language in effect (the setting, or the system's). */
  language: Language
  timeZone: string
  setLanguage(language: Language | null): void
  setTheme(theme: Settings['theme']): void
}

const Ctx = createContext<Preferences | null>(null)

const fallbackInfo: AppInfo = { name: 'Sales Cockpit', version: '0.0.0', platform: 'web', systemLanguages: [], runtime: 'harness' }
const fallbackSettings: Settings = { language: null, theme: 'auto' }

function systemLanguages(info: AppInfo): string[] {
  const nav = typeof navigator !== 'undefined' ? [...(navigator.languages ?? [navigator.language])] : []
  return [...info.systemLanguages, ...nav]
}

/** Follow menu commands that change appearance; navigation commands are handled by the shell. */
function MenuAppearanceEffect({ onLanguage }: { onLanguage(l: Language): void }): null {
  const { setColorScheme } = useMantineColorScheme()
  useEffect(() => {
    if (!bridge.available) return
    return bridge.on('menu.command', (cmd) => {
      if (cmd.command === 'language') onLanguage(cmd.language)
      if (cmd.command === 'theme') setColorScheme(cmd.theme)
    })
  }, [onLanguage, setColorScheme])
  return null
}

/**
 * Loads app info and settings from main, then provides i18n (following the system language
 * unless the user chose one) and the Mantine theme.
 */
export function PreferencesProvider({ children }: { children: ReactNode }): ReactNode {
  const [loaded, setLoaded] = useState<{ info: AppInfo; settings: Settings } | null>(null)

  useEffect(() => {
    let cancelled = false
    async function load(): Promise<void> {
      if (!bridge.available) {
        if (!cancelled) setLoaded({ info: fallbackInfo, settings: fallbackSettings })
        return
      }
      try {
        const [info, settings] = await Promise.all([bridge.invoke('app.info', {}), bridge.invoke('app.getSettings', {})])
        if (!cancelled) setLoaded({ info, settings })
      } catch {
        if (!cancelled) setLoaded({ info: fallbackInfo, settings: fallbackSettings })
      }
    }
    void load()
    return () => {
      cancelled = true
    }
  }, [])

  if (!loaded) return null
  return <LoadedPreferences initial={loaded}>{children}</LoadedPreferences>
}

function LoadedPreferences({ initial, children }: { initial: { info: AppInfo; settings: Settings }; children: ReactNode }): ReactNode {
  const [settings, setSettings] = useState(initial.settings)
  const language: Language = settings.language ?? resolveLanguage(systemLanguages(initial.info))
  const [i18n] = useState(() => createI18n(language))
  const timeZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai', [])

  useEffect(() => {
    if (i18n.language !== language) {
      ensureLanguage(i18n, language)
      void i18n.changeLanguage(language)
    }
    document.documentElement.lang = language
  }, [i18n, language])

  const save = useCallback((patch: Partial<Settings>) => {
    setSettings((s) => ({ ...s, ...patch }))
    if (bridge.available) void bridge.invoke('app.setSettings', patch).catch(() => undefined)
  }, [])

  const value = useMemo<Preferences>(
    () => ({
      info: initial.info,
      settings,
      language,
      timeZone,
      setLanguage: (l) => save({ language: l }),
      setTheme: (t) => save({ theme: t })
    }),
    [initial.info, settings, language, timeZone, save]
  )

  return (
    <Ctx.Provider value={value}>
      <I18nextProvider i18n={i18n}>
        <MantineProvider theme={theme} defaultColorScheme={settings.theme}>
          <MenuAppearanceEffect onLanguage={(l) => save({ language: l })} />
          {children}
        </MantineProvider>
      </I18nextProvider>
    </Ctx.Provider>
  )
}

export function usePreferences(): Preferences {
  const v = useContext(Ctx)
  if (!v) throw new Error('usePreferences outside PreferencesProvider')
  return v
}

/** Locale and zone for the formatting helpers in ui/format. */
export function useLocale(): { locale: Locale; timeZone: string } {
  const { language, timeZone } = usePreferences()
  return { locale: language, timeZone }
}
