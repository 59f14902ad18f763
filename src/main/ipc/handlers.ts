import type { AppInfo } from '../../shared/ipc/app'
import type { ParseProgress } from '../../shared/ipc/io'
import type { Logger } from '../services/logger'
import type { SettingsStore } from '../services/settings-store'
import { refuseUnreadable } from '../io/limits'
import type { TableParser } from '../io/table-parser'
import { CockpitError } from '../../shared/ipc/define'
import type { RecordingStore } from '../recordings/store'
import { importDemoCalls } from '../recordings/demo'
import { chooseFiles } from '../recordings/dialog'
import { SttService } from '../recordings/stt/service'
import { basename } from 'node:path'
import type { Handlers } from './dispatch'
import type { SyncBridge } from '../sync/bridge'
import { printToPdf, savePdf, saveXlsx, type PdfExporter } from '../export/pdf'
import { Invitation, OrgUnitAnswer, PersonAnswer, PersonCreated } from '../../shared/hub-api/org'

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
  /** Export: prints a window and asks where to save in Electron; absent in the harness (the page downloads). */
  pdf?: PdfExporter
  /** Reads import files in a worker: a utility process in Electron, a worker thread in the harness. */
  tables?: TableParser
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
  const tables = (): TableParser => {
    if (!s.tables) throw new CockpitError('import.unavailable', 'no file reader in this process')
    return s.tables
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
    'org.createUnit': (req) => sync().orgChange('POST', '/org/units', req, OrgUnitAnswer),
    'org.renameUnit': ({ id, ...body }) => sync().orgChange('PATCH', `/org/units/${encodeURIComponent(id)}`, body, OrgUnitAnswer),
    'org.createPerson': (req) => sync().orgChange('POST', '/org/people', req, PersonCreated),
    'org.updatePerson': ({ id, patch }) => sync().orgChange('PATCH', `/org/people/${encodeURIComponent(id)}`, patch, PersonAnswer),
    'org.invitePerson': ({ id }) => sync().orgChange('POST', `/org/people/${encodeURIComponent(id)}/invite`, {}, Invitation),
    'io.parseTable': (req, ctx) => {
      refuseUnreadable(req.fileName, req.data)
      // Progress goes to the page that asked; the wizard shows it while a big file is read.
      const sender = ctx.sender
      const progress = sender ? (p: ParseProgress) => sender.send('io.parseProgress', { fileName: req.fileName, ...p }) : undefined
      return tables().parse(req, progress)
    },
    'export.printToPdf': (req, ctx) => printToPdf(s.pdf, ctx.sender, { landscape: req.landscape }),
    'export.savePdf': (req) => savePdf(s.pdf, req.fileName, req.data),
    'export.xlsx': (req) => saveXlsx(s.pdf, req),
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
    'stt.transcribe': (req) => stt().transcribe(req.sha256),
    'stt.progress': (req) => ({ progress: stt().progress(req.sha256) }),
    'stt.cancel': (req) => ({ cancelled: stt().cancel(req.sha256) })
  }
}
