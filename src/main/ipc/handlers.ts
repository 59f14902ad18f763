import type { AppInfo } from '../../shared/ipc/app'
import type { Logger } from '../services/logger'
import type { SettingsStore } from '../services/settings-store'
import { parseTable } from '../io/parse-table'
import { CockpitError } from '../../shared/ipc/define'
import type { RecordingStore } from '../recordings/store'
import type { Handlers } from './dispatch'
import type { SyncBridge } from '../sync/bridge'
import { printToPdf, savePdf, type PdfExporter } from '../export/pdf'

export interface MainServices {
  info: AppInfo
  settings: SettingsStore
  log: Logger
  /** Told when settings change, so the native menu can follow the language. */
  onSettingsChanged?: () => void
  /** Optional so callers that do not deal with audio (unit tests) need not build a store. */
  recordings?: RecordingStore
  /** The team hub connection; absent where no hub can be reached (unit tests). */
  sync?: SyncBridge
  /** PDF export: prints a window in Electron, saves into the data folder in the harness. */
  pdf?: PdfExporter
}

/**
 * Every channel's handler, built from the main-process services. The Electron app and the
 * browser harness both serve exactly this map.
 */
export function createHandlers(s: MainServices): Handlers {
  const recordings = (): RecordingStore => {
    if (!s.recordings) throw new CockpitError('recording.unavailable', 'no recording store in this process')
    return s.recordings
  }
  const sync = (): SyncBridge => {
    if (!s.sync) throw new CockpitError('sync.unavailable', 'no sync bridge in this process')
    return s.sync
  }
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
    'sync.connect': (req) => sync().connect(req),
    'sync.disconnect': () => sync().disconnect(),
    'sync.status': () => sync().status,
    'sync.push': (req) => sync().push(req.ops, req.remaining),
    'sync.pull': (req) => sync().pull(req.cursors),
    'io.parseTable': (req) => parseTable(req.fileName, req.data, { sheet: req.sheet }),
    'export.printToPdf': () => printToPdf(s.pdf),
    'export.savePdf': (req) => savePdf(s.pdf, req.fileName, req.data),
    'recordings.import': async (req) => {
      const r = await recordings().importRecording(req.data, req.fileName)
      return {
        sha256: r.sha256,
        durationMs: r.durationMs,
        channels: r.channels,
        codec: r.codec,
        sizeBytes: r.sizeBytes,
        format: r.format,
        duplicate: r.duplicate,
        peaksAvailable: r.peaksAvailable
      }
    },
    'recordings.peaks': async (req) => {
      const p = await recordings().peaks(req.sha256)
      return {
        sha256: req.sha256,
        durationMs: p.durationMs,
        channels: p.channels,
        peaksPerSecond: p.peaksPerSecond,
        peaks: p.peaks,
        silences: p.silences,
        splitChannels: p.splitChannels
      }
    }
  }
}
