import { basename } from 'node:path'
import type { AppInfo } from '../../shared/ipc/app'
import type { RecordingImported, recordingsContract } from '../../shared/ipc/recordings'
import { required, type SliceHandlers } from '../ipc/slice'
import { importDemoCalls } from './demo'
import { chooseFiles } from './dialog'
import type { ImportResult, RecordingStore } from './store'
import { SttService } from './stt/service'

/** What the page learns of a stored recording (no paths, no internal names). */
function imported(r: ImportResult): RecordingImported {
  const { sha256, durationMs, channels, codec, sizeBytes, format, duplicate, peaksAvailable } = r
  return { sha256, durationMs, channels, codec, sizeBytes, format, duplicate, peaksAvailable }
}

/** `recordings.*` and `stt.*`: importing call recordings, their waveform, and local speech-to-text. */
export function recordingsHandlers(store: RecordingStore | undefined, runtime: AppInfo['runtime']): SliceHandlers<typeof recordingsContract> {
  const recordings = required(store, 'recording.unavailable', 'recording store')
  let sttService: SttService | null = null
  const stt = (): SttService => (sttService ??= new SttService({ store: recordings(), ffmpegPath: recordings().ffmpegPath }))
  return {
    // A file without a path (dragged out of a browser): its bytes, up to the IPC limit.
    'recordings.import': async (req) => imported(await recordings().importRecording(req.data, req.fileName)),
    // The store checks the path (a regular file, within its size limit) and streams it from disk.
    'recordings.importPath': async (req) => imported(await recordings().importRecording(req.path, req.fileName)),
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
      const paths = await chooseFiles(runtime, 'audio', 'Import call recordings')
      if (!paths) return { canceled: true, imported: [] }
      const done = []
      for (const path of paths) {
        done.push({ ...imported(await recordings().importRecording(path, basename(path))), fileName: basename(path) })
      }
      return { canceled: false, imported: done }
    },
    'stt.status': () => stt().status(),
    'stt.setModelDir': (req) => stt().setModelDir(req.dir),
    'stt.chooseModelDir': async () => {
      const dirs = await chooseFiles(runtime, 'folder', 'Speech-to-text model folder')
      if (!dirs?.[0]) return { canceled: true, status: await stt().status() }
      return { canceled: false, status: await stt().setModelDir(dirs[0]) }
    },
    'stt.clear': () => stt().clear(),
    'stt.transcribe': (req) => stt().transcribe(req.sha256),
    'stt.progress': (req) => ({ progress: stt().progress(req.sha256) }),
    'stt.cancel': (req) => ({ cancelled: stt().cancel(req.sha256) })
  }
}
