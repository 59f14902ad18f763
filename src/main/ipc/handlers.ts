import type { AppInfo } from '../../shared/ipc/app'
import type { Logger } from '../services/logger'
import type { SettingsStore } from '../services/settings-store'
import { parseTable } from '../io/parse-table'
import { CockpitError } from '../../shared/ipc/define'
import type { RecordingStore } from '../recordings/store'
import { importDemoCalls } from '../recordings/demo'
import { chooseFiles } from '../recordings/dialog'
import { SttService } from '../recordings/stt/service'
import { basename } from 'node:path'
import type { Handlers } from './dispatch'
import type { SyncBridge } from '../sync/bridge'
import { printToPdf, saveExport, savePdf, type PdfExporter } from '../export/pdf'
import { buildWorkbook } from '../export/xlsx'

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
  /** PDF and Excel export: prints a window and asks where to save in Electron, saves into the data folder in the harness. */
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
  let sttService: SttService | null = null
  const stt = (): SttService => (sttService ??= new SttService({ store: recordings(), ffmpegPath: recordings().ffmpegPath }))
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
    'sync.acceptInvite': (req) => sync().acceptInvite(req),
    'sync.disconnect': () => sync().disconnect(),
    'sync.status': () => sync().status,
    'sync.push': (req) => sync().push(req.ops, req.remaining),
    'sync.pull': (req) => sync().pull(req.cursors, req.conflictsAfter),
    // A sheet's live traffic answers to the page that opened it, so these need the sender.
    'sync.sheetOpen': (req, ctx) => {
      const sender = ctx.sender
      if (!sender) throw new CockpitError('sync.no-sender', 'a sheet can only be opened from a page')
      return { live: sync().sheets.open(req.sheetId, req.clientId, req.sv, { send: (e) => sender.send('sync.sheet', e), alive: () => !sender.isDestroyed() }) }
    },
    'sync.sheetSend': (req) => ({ sent: sync().sheets.send(req.sheetId, req.kind, req.data) }),
    'sync.sheetClose': (req) => {
      sync().sheets.close(req.sheetId, req.clientId)
      return {}
    },
    'io.parseTable': (req) => parseTable(req.fileName, req.data, { sheet: req.sheet }),
    'export.printToPdf': (_req, ctx) => printToPdf(s.pdf, ctx.sender),
    'export.savePdf': (req) => savePdf(s.pdf, req.fileName, req.data),
    'export.saveWorkbook': async (req) => saveExport(s.pdf, req.fileName, await buildWorkbook(req.sheets)),
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
    },
    'recordings.demoCalls': async () => ({ calls: await importDemoCalls(recordings()) }),
    'recordings.importDialog': async () => {
      const paths = await chooseFiles(s.info.runtime, 'audio', 'Import call recordings')
      if (!paths) return { canceled: true, imported: [] }
      const imported = []
      for (const path of paths) {
        const r = await recordings().importRecording(path, basename(path))
        const { sha256, durationMs, channels, codec, sizeBytes, format, duplicate, peaksAvailable } = r
        imported.push({ sha256, durationMs, channels, codec, sizeBytes, format, duplicate, peaksAvailable, fileName: basename(path) })
      }
      return { canceled: false, imported }
    },
    'stt.status': () => stt().status(),
    'stt.setModelDir': (req) => stt().setModelDir(req.dir),
    'stt.chooseModelDir': async () => {
      const dirs = await chooseFiles(s.info.runtime, 'folder', 'Speech-to-text model folder')
      if (!dirs?.[0]) return { canceled: true, status: await stt().status() }
      return { canceled: false, status: await stt().setModelDir(dirs[0]) }
    },
    'stt.clear': () => stt().clear(),
    'stt.transcribe': (req) => stt().transcribe(req.sha256)
  }
}
