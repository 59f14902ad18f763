import { z } from 'zod'
import type { ContractSlice } from './define'

/** Largest recording sent over IPC as bytes: four hours of 16 kHz stereo wav fits. */
export const MAX_RECORDING_IPC_BYTES = 1024 * 1024 * 1024

/** An absolute path on this computer (POSIX, `C:\…` or a UNC `\\server\share`). */
const AbsolutePath = z
  .string()
  .min(2)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'invalid path')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'not an absolute path')

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/)

export const RecordingImported = z.object({
  sha256: Sha256,
  durationMs: z.number().int().min(0),
  channels: z.number().int().min(1).max(8),
  codec: z.string(),
  sizeBytes: z.number().int().min(0),
  format: z.string(),
  duplicate: z.boolean(),
  peaksAvailable: z.boolean()
})
export type RecordingImported = z.infer<typeof RecordingImported>

/** Waveform peaks and voice activity computed at import (see src/main/recordings/analysis.ts). */
export const RecordingPeaks = z.object({
  sha256: Sha256,
  durationMs: z.number().int().min(0),
  channels: z.number().int().min(1),
  peaksPerSecond: z.number().int().positive(),
  /** Per channel, base64 of Int8 absolute peaks scaled to 0…127. */
  peaks: z.array(z.string()),
  /** [startMs, endMs) gaps without voice, at least 1.5 s long. */
  silences: z.array(z.tuple([z.number(), z.number()])),
  /** Two channels with different content: rep and customer lanes. */
  splitChannels: z.boolean()
})
export type RecordingPeaks = z.infer<typeof RecordingPeaks>

/** One shipped demo call, imported into the store, with its exact transcript (WebVTT). */
export const DemoCall = z.object({
  id: z.string(),
  title: z.string(),
  skill: z.string(),
  great: z.boolean(),
  sha256: Sha256,
  durationMs: z.number().int().min(0),
  channels: z.number().int().min(1).max(8),
  codec: z.string(),
  sizeBytes: z.number().int().min(0),
  fileName: z.string(),
  transcriptName: z.string(),
  transcript: z.string()
})
export type DemoCall = z.infer<typeof DemoCall>

/** The local speech-to-text engine: none set up, a model pack ready, or a pack that is broken. */
export const SttStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({ state: z.literal('ready'), dir: z.string(), kind: z.string() }),
  z.object({ state: z.literal('error'), dir: z.string(), code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })
])
export type SttStatus = z.infer<typeof SttStatus>

export const SttLine = z.object({
  startMs: z.number().int().min(0),
  endMs: z.number().int().min(0),
  /** 0 = rep (left), 1 = customer (right) on split-channel calls; null when mixed. */
  channel: z.union([z.literal(0), z.literal(1), z.null()]),
  text: z.string()
})
export type SttLine = z.infer<typeof SttLine>

export const recordingsContract = {
  'recordings.import': {
    request: z
      .object({
        fileName: z.string().min(1).max(260),
        data: z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_RECORDING_IPC_BYTES, 'file too large')
      })
      .strict(),
    response: RecordingImported
  },
  /**
   * Electron: a dropped file by its path (the preload's `webUtils.getPathForFile`); main checks
   * it is a regular file within the size limit and streams it from disk. The harness uploads the
   * file to a temporary path first. Bytes never cross IPC this way.
   */
  'recordings.importPath': {
    request: z.object({ fileName: z.string().min(1).max(260), path: AbsolutePath }).strict(),
    response: RecordingImported
  },
  'recordings.peaks': {
    request: z.object({ sha256: Sha256 }).strict(),
    response: RecordingPeaks
  },
  /** Electron: the native open dialog in main; the paths never reach the page. `canceled` when closed. */
  'recordings.importDialog': {
    request: z.object({}).strict(),
    response: z.object({ canceled: z.boolean(), imported: z.array(RecordingImported.extend({ fileName: z.string() })) })
  },
  'stt.status': { request: z.object({}).strict(), response: SttStatus },
  /** Check and load a model pack folder (the harness types the path; Electron uses stt.chooseModelDir). */
  'stt.setModelDir': { request: z.object({ dir: z.string().min(1).max(1000) }).strict(), response: SttStatus },
  'stt.chooseModelDir': { request: z.object({}).strict(), response: z.object({ canceled: z.boolean(), status: SttStatus }) },
  'stt.clear': { request: z.object({}).strict(), response: SttStatus },
  'stt.transcribe': {
    request: z.object({ sha256: Sha256 }).strict(),
    response: z.object({ kind: z.string(), lines: z.array(SttLine) })
  },
  /** How far the recording's transcription is (null when none runs): chunks done of planned, lines so far. */
  'stt.progress': {
    request: z.object({ sha256: Sha256 }).strict(),
    response: z.object({ progress: z.object({ done: z.number().int().min(0), total: z.number().int().min(0), lines: z.number().int().min(0) }).nullable() })
  },
  /** Stop the recording's transcription; it ends with stt.cancelled and nothing is kept. */
  'stt.cancel': { request: z.object({ sha256: Sha256 }).strict(), response: z.object({ cancelled: z.boolean() }) },
  /** Import the demo calls shipped under resources/demo-calls (idempotent by content hash). */
  'recordings.demoCalls': {
    request: z.object({}).strict(),
    response: z.object({ calls: z.array(DemoCall) })
  }
} satisfies ContractSlice
