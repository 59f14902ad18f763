import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeStereoCallWithGap, makeTone } from '../fixtures'
import { RecordingStore } from '../store'
import { ChunkCutter, planChunks, type SttEngine } from './engine'
import { detectModelPack } from './model-pack'
import { SttService } from './service'

const tmp = (p: string): string => mkdtempSync(join(tmpdir(), p))

/** Reports how much audio it was given and how loud each chunk was: enough to check the cutting. */
function fakeEngine(calls: { samples: number; rms: number }[] = []): SttEngine {
  return {
    kind: 'fake',
    recognize(samples, rate) {
      let s = 0
      for (const x of samples) s += x * x
      calls.push({ samples: samples.length, rms: Math.sqrt(s / Math.max(1, samples.length)) })
      return Promise.resolve(`${Math.round((samples.length / rate) * 1000)}ms`)
    }
  }
}

function pack(files: Record<string, string>): string {
  const dir = tmp('stt-pack-')
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

describe('chunk plan', () => {
  it('is the voiced time between the silences, split evenly below the engine window', () => {
    expect(planChunks(60_000, [[10_000, 15_000], [40_000, 40_100]], 20_000)).toEqual([
      { startMs: 0, endMs: 10_000 },
      { startMs: 15_000, endMs: 27_500 },
      { startMs: 27_500, endMs: 40_000 },
      { startMs: 40_100, endMs: 60_000 }
    ])
  })
  it('drops voice islands too short to hold a word and clamps silences past the end', () => {
    expect(planChunks(10_000, [[0, 2_000], [2_100, 9_000], [9_500, 12_000]])).toEqual([{ startMs: 9_000, endMs: 9_500 }])
  })
  it('cuts streamed PCM at the exact frames of each chunk, however the bytes arrive', () => {
    const rate = 1000
    // Stereo ramp: frame f holds f on the left and -f on the right.
    const pcm = Buffer.alloc(3000 * 4)
    for (let f = 0; f < 3000; f++) {
      pcm.writeInt16LE(f, f * 4)
      pcm.writeInt16LE(-f, f * 4 + 2)
    }
    const cutter = new ChunkCutter([{ startMs: 100, endMs: 600 }, { startMs: 900, endMs: 2950 }, { startMs: 2990, endMs: 3100 }], rate, 2)
    const got = []
    for (let at = 0; at < pcm.length; at += 1236) got.push(...cutter.push(pcm.subarray(at, Math.min(pcm.length, at + 1236))))
    got.push(...cutter.end())
    expect(got.map((c) => c.channels[0]!.length)).toEqual([500, 2050, 10])
    expect(Math.round(got[1]!.channels[0]![0]! * 32768)).toBe(900)
    expect(Math.round(got[1]!.channels[1]![2049]! * 32768)).toBe(-2949)
    // The last chunk runs past the decoded audio: it gets what there is.
    expect(Math.round(got[2]!.channels[0]![0]! * 32768)).toBe(2990)
  })
})

describe('model packs', () => {
  it('say which folder is missing', () => {
    expect(() => detectModelPack('/nowhere/at/all')).toThrow(expect.objectContaining({ code: 'stt.folder-missing' }))
  })
  it('say which files a pack lacks', () => {
    expect(() => detectModelPack(pack({ 'tokens.txt': 'a 0' }))).toThrow(expect.objectContaining({ code: 'stt.model-incomplete', params: { kind: 'paraformer', missing: 'model.onnx' } }))
    expect(() => detectModelPack(pack({ 'small-encoder.int8.onnx': 'x' }))).toThrow(
      expect.objectContaining({ code: 'stt.model-incomplete', params: { kind: 'whisper', missing: '*-decoder.onnx, *-tokens.txt' } })
    )
    expect(() => detectModelPack(pack({ 'readme.md': 'hi' }))).toThrow(expect.objectContaining({ code: 'stt.model-unknown' }))
  })
  it('are told apart by their files, int8 preferred', () => {
    const w = detectModelPack(pack({ 'tiny-encoder.onnx': 'x', 'tiny-encoder.int8.onnx': 'x', 'tiny-decoder.onnx': 'x', 'tiny-tokens.txt': 'a 0' }))
    expect([w.kind, w.files['encoder']!.endsWith('tiny-encoder.int8.onnx')]).toEqual(['whisper', true])
    expect(detectModelPack(pack({ 'model.int8.onnx': 'x', 'tokens.txt': '<|zh|> 3\n你 4' })).kind).toBe('sense-voice')
    expect(detectModelPack(pack({ 'model.onnx': 'x', 'tokens.txt': '你 4\n好 5' })).kind).toBe('paraformer')
  })
})

describe('speech-to-text service', () => {
  it('starts with no engine and refuses to transcribe with a clear code', async () => {
    const stt = new SttService({ store: new RecordingStore({ dir: tmp('stt-store-') }), ffmpegPath: 'ffmpeg', loadEngine: () => Promise.resolve(fakeEngine()) })
    expect(await stt.status()).toEqual({ state: 'none' })
    await expect(stt.transcribe('a'.repeat(64))).rejects.toMatchObject({ code: 'stt.no-engine' })
  })

  it('reports a pack that does not load (real sherpa-onnx on a damaged model) and keeps none', async () => {
    const stt = new SttService({ store: new RecordingStore({ dir: tmp('stt-store-') }), ffmpegPath: 'ffmpeg' })
    await expect(stt.setModelDir(pack({ 'model.int8.onnx': 'not a model', 'tokens.txt': '你 4' }))).rejects.toMatchObject({
      code: 'stt.model-load-failed',
      params: { kind: 'paraformer' }
    })
    expect(await stt.status()).toEqual({ state: 'none' })
  })

  it('transcribes a split call along its voice activity: one line per side, times on the waveform', async () => {
    const fx = tmp('stt-fx-')
    const store = new RecordingStore({ dir: tmp('stt-store-') })
    // Rep 4 s, 3 s of silence, customer 5 s.
    const rec = await store.importRecording(makeStereoCallWithGap(fx, 'call.wav', 4, 3, 5), 'call.wav')
    const calls: { samples: number; rms: number }[] = []
    const stt = new SttService({ store, ffmpegPath: store.ffmpegPath, loadEngine: () => Promise.resolve(fakeEngine(calls)) })
    const dir = pack({ 'model.onnx': 'x', 'tokens.txt': '你 4' })
    expect(await stt.setModelDir(dir)).toEqual({ state: 'ready', dir, kind: 'paraformer' })
    const { lines } = await stt.transcribe(rec.sha256)
    expect(lines.map((l) => l.channel)).toEqual([0, 1])
    const [rep, customer] = lines
    // Where the voices start and stop, plus the import's silence margin on the speech side
    // (a quarter second, so no word is clipped), never inside the 3 s gap's core.
    expect(rep!.startMs).toBe(0)
    expect(rep!.endMs).toBeGreaterThanOrEqual(4000)
    expect(rep!.endMs).toBeLessThanOrEqual(4300)
    expect(customer!.startMs).toBeGreaterThanOrEqual(6700)
    expect(customer!.startMs).toBeLessThanOrEqual(7000)
    expect(Math.abs(customer!.endMs - 12_000)).toBeLessThan(50)
    // The engine got exactly each chunk's audio at 16 kHz, only the side that spoke.
    expect(rep!.text).toBe(`${rep!.endMs - rep!.startMs}ms`)
    expect(calls).toHaveLength(2)
    expect(calls.every((c) => c.rms > 0.05)).toBe(true)
  }, 120_000)

  it('mixes a mono recording down and returns unlabelled lines', async () => {
    const fx = tmp('stt-fx-')
    mkdirSync(fx, { recursive: true })
    const store = new RecordingStore({ dir: tmp('stt-store-') })
    const rec = await store.importRecording(makeTone(fx, 'mono.wav', 3), 'mono.wav')
    const stt = new SttService({ store, ffmpegPath: store.ffmpegPath, loadEngine: () => Promise.resolve(fakeEngine()) })
    await stt.setModelDir(pack({ 'model.onnx': 'x', 'tokens.txt': '你 4' }))
    const { lines } = await stt.transcribe(rec.sha256)
    expect(lines).toEqual([{ startMs: 0, endMs: 3000, channel: null, text: '3000ms' }])
  }, 120_000)

  it('reports progress chunk by chunk and can be cancelled mid-way: it stops, returns nothing and says so', async () => {
    const fx = tmp('stt-fx-')
    const store = new RecordingStore({ dir: tmp('stt-store-') })
    // Rep 4 s, 3 s of silence, customer 5 s: two chunks of voice.
    const rec = await store.importRecording(makeStereoCallWithGap(fx, 'call.wav', 4, 3, 5), 'call.wav')
    let release: () => void = () => undefined
    const recognised: number[] = []
    // Each run's first chunk is recognised at once; the second waits until the test lets it go.
    const engine: SttEngine = {
      kind: 'fake',
      recognize: (samples) =>
        new Promise((ok) => {
          recognised.push(samples.length)
          if (recognised.length % 2 === 1) ok('first')
          else release = () => ok('second')
        })
    }
    const stt = new SttService({ store, ffmpegPath: store.ffmpegPath, loadEngine: () => Promise.resolve(engine) })
    await stt.setModelDir(pack({ 'model.onnx': 'x', 'tokens.txt': '你 4' }))
    const seen: { done: number; total: number; lines: number }[] = []
    const job = stt.transcribe(rec.sha256, { onProgress: (p) => seen.push(p) })
    await expect.poll(() => recognised.length, { timeout: 60_000 }).toBe(2)
    expect(stt.progress(rec.sha256)).toEqual({ done: 1, total: 2, lines: 1 })
    // A second transcription of the same call is refused while this one runs.
    await expect(stt.transcribe(rec.sha256)).rejects.toMatchObject({ code: 'stt.busy' })
    expect(stt.cancel(rec.sha256)).toBe(true)
    release()
    await expect(job).rejects.toMatchObject({ code: 'stt.cancelled' })
    expect(seen[0]).toEqual({ done: 0, total: 2, lines: 0 })
    expect(seen.at(-1)).toEqual({ done: 2, total: 2, lines: 2 })
    // Nothing runs any more; cancelling again is a no-op.
    expect(stt.progress(rec.sha256)).toBeNull()
    expect(stt.cancel(rec.sha256)).toBe(false)
    // And it can run again, to the end.
    const again = stt.transcribe(rec.sha256)
    await expect.poll(() => recognised.length, { timeout: 60_000 }).toBe(4)
    release()
    expect((await again).lines.map((l) => l.text)).toEqual(['first', 'second'])
  }, 120_000)
})
