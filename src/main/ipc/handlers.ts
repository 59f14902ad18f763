import type { AppInfo } from '../../shared/ipc/app'
import type { Logger } from '../services/logger'
import type { SettingsStore } from '../services/settings-store'
import { parseTable } from '../io/parse-table'
import type { Handlers } from './dispatch'

export interface MainServices {
  info: AppInfo
  settings: SettingsStore
  log: Logger
  /** Told when settings change, so the native menu can follow the language. */
  onSettingsChanged?: () => void
}

/**
 * Every channel's handler, built from the main-process services. The Electron app and the
 * browser harness both serve exactly this map.
 */
export function createHandlers(s: MainServices): Handlers {
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
    },
    'io.parseTable': (req) => parseTable(req.fileName, req.data, { sheet: req.sheet })
  }
}
