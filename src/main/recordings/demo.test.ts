import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseTranscript } from '../../shared/domain/transcripts'
import { demoCallsDir, importDemoCalls } from './demo'
import { RecordingStore } from './store'

const dir = resolve(__dirname, '../../../resources/demo-calls')

describe('demo calls', () => {
  it('are found from the repo, and import through the real store with exact transcripts', async () => {
    expect(demoCallsDir()).toBe(dir)
    const store = new RecordingStore({ dir: mkdtempSync(join(tmpdir(), 'demo-calls-')) })
    const calls = await importDemoCalls(store, dir)
    expect(calls).toHaveLength(12)
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { calls: { sha256: string; durationMs: number }[] }
    for (const [i, call] of calls.entries()) {
      // 1–4 minutes, stereo with the rep and the customer on their own channel.
      expect(call.durationMs).toBeGreaterThan(60_000)
      expect(call.durationMs).toBeLessThan(240_000)
      expect(call.channels).toBe(2)
      expect(call.sha256).toBe(manifest.calls[i]!.sha256)
      expect(Math.abs(call.durationMs - manifest.calls[i]!.durationMs)).toBeLessThan(100)
      const peaks = await store.peaks(call.sha256)
      expect(peaks.splitChannels).toBe(true)
      // Every call has a scripted pause the player's skip-silence jumps over.
      expect(peaks.silences.some(([a, b]) => b - a >= 1500 && a > 5000)).toBe(true)
      const t = parseTranscript(call.transcript, call.transcriptName)
      expect(t.forSha256).toBe(call.sha256)
      expect(t.cues.at(-1)!.endMs).toBeLessThanOrEqual(call.durationMs)
      expect(new Set(t.cues.map((c) => c.speaker))).toEqual(new Set(['销售', '客户']))
    }
    const text = calls.map((c) => c.transcript).join('\n')
    for (const word of ['预算', '折扣', '决策人', '纷享销客', '销售易']) expect(text).toContain(word)
    // Opening the demo again finds every file already stored.
    const again = await importDemoCalls(store, dir)
    expect(again.map((c) => c.sha256)).toEqual(calls.map((c) => c.sha256))
  }, 120_000)

  it('are a clear error when the folder is not installed', async () => {
    const store = new RecordingStore({ dir: mkdtempSync(join(tmpdir(), 'demo-calls-')) })
    await expect(importDemoCalls(store, mkdtempSync(join(tmpdir(), 'no-demo-')))).rejects.toMatchObject({ code: 'recording.demo-missing' })
  })
})
