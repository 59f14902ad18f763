import { mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CockpitError } from '../../shared/ipc/define'
import { countAmrFrames } from './amr'
import { decodePeaks } from './analysis'
import { makeStereoCallWithGap, makeTone, writeText } from './fixtures'
import { RecordingStore } from './store'
import { sniffFormat } from './sniff'

const fx = mkdtempSync(join(tmpdir(), 'rec-fx-'))
const newStore = (): RecordingStore => new RecordingStore({ dir: mkdtempSync(join(tmpdir(), 'rec-store-')), now: () => 1_700_000_000_000 })

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (e instanceof CockpitError) return e.code
    throw e
  }
  return 'ok'
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name)
}

beforeAll(() => {
  makeTone(fx, 'a.wav', 4)
  makeTone(fx, 'a.mp3', 4, ['-b:a', '32k'])
  makeTone(fx, 'a.ogg', 4, ['-c:a', 'libopus', '-b:a', '24k'])
  makeTone(fx, 'a.m4a', 4, ['-c:a', 'aac', '-b:a', '32k'])
  makeTone(fx, 'a.amr', 6, ['-ar', '8000', '-ac', '1', '-c:a', 'libopencore_amrnb', '-b:a', '12.2k'])
  makeStereoCallWithGap(fx, 'gap.wav', 3, 3, 3)
})

describe('RecordingStore.importRecording', () => {
  const cases: [string, string, number, string][] = [
    ['a.wav', 'wav', 4000, 'wav'],
    ['a.mp3', 'mp3', 4000, 'mp3'],
    ['a.ogg', 'ogg', 4000, 'ogg'],
    ['a.m4a', 'm4a', 4000, 'm4a']
  ]
  for (const [file, format, ms, ext] of cases) {
    it(`reads ${format}: duration, channels, codec, peaks`, async () => {
      const store = newStore()
      const r = await store.importRecording(join(fx, file), file)
      expect(r.format).toBe(format)
      expect(Math.abs(r.durationMs - ms)).toBeLessThan(120)
      expect(r.channels).toBe(1)
      expect(r.codec.length).toBeGreaterThan(0)
      expect(r.duplicate).toBe(false)
      expect(r.sizeBytes).toBe(statSync(join(fx, file)).size)
      const files = filesUnder(store.dir)
      expect(files).toContain(`${r.sha256}.${ext}`)
      expect(files).toContain(`${r.sha256}.peaks.json`)
      const peaks = await store.peaks(r.sha256)
      // ~50 peaks per second, one lane.
      expect(decodePeaks(peaks.peaks[0]!).length).toBeGreaterThanOrEqual(195)
      expect(decodePeaks(peaks.peaks[0]!).length).toBeLessThanOrEqual(205)
      expect(await store.tempFiles()).toEqual([])
    })
  }

  it('amr: duration by counting frames, transcoded to a playable mp3, original kept', async () => {
    const store = newStore()
    const bytes = readFileSync(join(fx, 'a.amr'))
    const r = await store.importRecording(new Uint8Array(bytes), 'phone.amr')
    expect(r.format).toBe('amr-nb')
    expect(r.durationMs).toBe(countAmrFrames(bytes).durationMs)
    expect(Math.abs(r.durationMs - 6000)).toBeLessThanOrEqual(40)
    const files = filesUnder(store.dir)
    expect(files).toContain(`${r.sha256}.amr`)
    expect(files).toContain(`${r.sha256}.play.mp3`)
    const media = await store.mediaFile(r.sha256)
    expect(media.contentType).toBe('audio/mpeg')
    expect(sniffFormat(new Uint8Array(readFileSync(media.path).subarray(0, 64)))).toBe('mp3')
  })

  it('the same file twice is one recording', async () => {
    const store = newStore()
    const a = await store.importRecording(join(fx, 'a.mp3'), 'a.mp3')
    const b = await store.importRecording(new Uint8Array(readFileSync(join(fx, 'a.mp3'))), 'renamed.mp3')
    expect(b.sha256).toBe(a.sha256)
    expect(b.duplicate).toBe(true)
    expect(filesUnder(store.dir).filter((f) => f.endsWith('.mp3'))).toHaveLength(1)
  })

  it('stereo with different sides: two lanes, and the 3 s gap is a silence', async () => {
    const store = newStore()
    const r = await store.importRecording(join(fx, 'gap.wav'), 'gap.wav')
    expect(r.channels).toBe(2)
    const p = await store.peaks(r.sha256)
    expect(p.splitChannels).toBe(true)
    expect(p.peaks).toHaveLength(2)
    expect(p.silences).toHaveLength(1)
    const [s, e] = p.silences[0]!
    expect(Math.abs(s - 3250)).toBeLessThan(100)
    expect(Math.abs(e - 5750)).toBeLessThan(100)
  })

  it('bad input: a clear code each, nothing stored, no temp file', async () => {
    const store = newStore()
    writeText(fx, 'text.mp3', 'this is not audio at all, just a renamed text file\n'.repeat(20))
    writeFileSync(join(fx, 'empty.wav'), '')
    writeFileSync(join(fx, 'trunc.wav'), readFileSync(join(fx, 'a.wav')))
    truncateSync(join(fx, 'trunc.wav'), Math.floor(statSync(join(fx, 'a.wav')).size / 3))
    writeFileSync(join(fx, 'trunc.m4a'), readFileSync(join(fx, 'a.m4a')).subarray(0, 2000))
    const junk = readFileSync(join(fx, 'a.mp3'))
    writeFileSync(join(fx, 'corrupt.ogg'), Buffer.concat([Buffer.from('OggS'), Buffer.alloc(4000, 7)]))
    expect(await code(store.importRecording(join(fx, 'text.mp3'), 'text.mp3'))).toBe('recording.unsupported-format')
    expect(await code(store.importRecording(join(fx, 'empty.wav'), 'empty.wav'))).toBe('recording.empty')
    expect(await code(store.importRecording(join(fx, 'trunc.wav'), 'trunc.wav'))).toBe('recording.corrupt')
    expect(await code(store.importRecording(join(fx, 'trunc.m4a'), 'trunc.m4a'))).toBe('recording.corrupt')
    expect(await code(store.importRecording(join(fx, 'corrupt.ogg'), 'corrupt.ogg'))).toBe('recording.corrupt')
    expect(await code(store.importRecording(join(fx, 'missing.mp3'), 'missing.mp3'))).toBe('recording.not-found')
    const small = new RecordingStore({ dir: store.dir, maxBytes: 1000 })
    expect(await code(small.importRecording(new Uint8Array(junk), 'big.mp3'))).toBe('recording.too-large')
    expect(await store.tempFiles()).toEqual([])
    expect(filesUnder(store.dir)).toEqual([])
  })

  it('an import killed half-way leaves no partial file', async () => {
    const store = newStore()
    const ac = new AbortController()
    const p = store.importRecording(join(fx, 'a.amr'), 'a.amr', { signal: ac.signal })
    setTimeout(() => ac.abort(), 5)
    const c = await code(p)
    // Depending on timing the import finished first; either way no partial state remains.
    if (c === 'ok') expect(filesUnder(store.dir).some((f) => f.endsWith('.meta.json'))).toBe(true)
    else {
      expect(c).toBe('recording.cancelled')
      expect(filesUnder(store.dir)).toEqual([])
    }
    expect(await store.tempFiles()).toEqual([])
  })

  it('a missing recording is recording.not-found', async () => {
    const store = newStore()
    expect(await code(store.peaks('0'.repeat(64)))).toBe('recording.not-found')
    expect(await code(store.mediaFile('0'.repeat(64)))).toBe('recording.not-found')
  })
})
