import { z } from 'zod'
import type { ContractSlice } from './define'

/** Largest recording sent over IPC as bytes: four hours of 16 kHz stereo wav fits. */
export const MAX_RECORDING_IPC_BYTES = 1024 * 1024 * 1024

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
  'recordings.peaks': {
    request: z.object({ sha256: Sha256 }).strict(),
    response: RecordingPeaks
  }
} satisfies ContractSlice
