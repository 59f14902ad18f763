import type { AppInfo, appContract } from '../../shared/ipc/app'
import type { Logger } from '../services/logger'
import type { SettingsStore } from '../services/settings-store'
import type { SliceHandlers } from './slice'

export interface AppServices {
  info: AppInfo
  settings: SettingsStore
  log: Logger
  /** Told when settings change, so the native menu can follow the language. */
  onSettingsChanged?: () => void
}

/** `app.*`: what the app is, the user's settings, and the page's log lines. */
export function appHandlers(s: AppServices): SliceHandlers<typeof appContract> {
  return {
    'app.info': () => s.info,
    'app.getSettings': () => s.settings.settings,
    'app.setSettings': (patch) => {
      const next = s.settings.update(patch)
      s.onSettingsChanged?.()
      return next
    },
    'app.log': (entry) => {
      s.log.write(entry.level, `[renderer] ${entry.message}`, entry.context)
      return {}
    }
  }
}
