import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildTranscriptIndex, searchTranscripts, type SearchableSegment } from '../../src/shared/domain/transcripts'
import { ffmpegGenerate } from '../../src/main/recordings/fixtures'
import { RecordingStore } from '../../src/main/recordings/store'
import { chromium } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { startHarness } from '../harness/server'
import { median, round, type Figure } from './figures'

/**
 * Recording figures, in Node against the real store and the bundled ffmpeg:
 * - `recording.import60.mp3.ms`: a 60-minute mono mp3 (a typical phone-system export, 32 kb/s)
 *   from import to playable with waveform peaks and silences on disk.
 * - `recording.import60.amr.ms`: the same hour as AMR-NB 12.2k, including the transcode to mp3.
 * - `transcript.search.1000calls.ms`: substring search over 1,000 ten-minute transcripts.
 * - `recording.reopen.ms` and `player.heapMB`: in headless Chromium on the browser harness
 *   (the built renderer, `COCKPIT_OUT` or out/), see `benchPlayer`.
 * The audio is generated here (speech-like: a tone switched on and off), never committed.
 */
export async function benchRecordings(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rec-'))
  try {
    // Voice for 8 s, silence for 3 s: an hour of call with pauses for the voice-activity pass.
    const talk = ['-f', 'lavfi', '-i', "sine=frequency=220:duration=3600:sample_rate=16000,volume='if(lt(mod(t,11),8),1,0)':eval=frame"]
    const mp3 = ffmpegGenerate(join(dir, 'hour.mp3'), talk, ['-ac', '1', '-b:a', '32k'])
    const amr = ffmpegGenerate(join(dir, 'hour.amr'), talk, ['-ar', '8000', '-ac', '1', '-c:a', 'libopencore_amrnb', '-b:a', '12.2k'])
    const timeImport = async (file: string): Promise<number> => {
      const store = new RecordingStore({ dir: mkdtempSync(join(dir, 'store-')) })
      const t0 = performance.now()
      const r = await store.importRecording(file, file)
      await store.peaks(r.sha256)
      return performance.now() - t0
    }
    const mp3Ms = [await timeImport(mp3), await timeImport(mp3), await timeImport(mp3)]
    const amrMs = [await timeImport(amr), await timeImport(amr)]

    // 1,000 calls × 10 minutes × one line per 4 s = 150,000 lines.
    const words = ['您好', '预算', '我们公司', '折扣', '竞品', '价格', '合同', '下周', '方案', '采购流程', '决策人', '试用']
    const segments: SearchableSegment[] = []
    for (let call = 0; call < 1000; call++) {
      for (let line = 0; line < 150; line++) {
        const text = Array.from({ length: 8 }, (_, k) => words[(call * 7 + line * 3 + k * 5) % words.length]).join('，')
        segments.push({ id: `${call}-${line}`, recordingId: `r${call}`, startMs: line * 4000, text: call === 777 && line === 42 ? `${text}，康泰医疗的报价` : text })
      }
    }
    // The index is built once when transcripts change; a search is what the coach waits for.
    const index = buildTranscriptIndex(segments)
    const searchMs: number[] = []
    let hits = 0
    for (let i = 0; i < 21; i++) {
      const t0 = performance.now()
      hits = searchTranscripts(index, '康泰医疗').length
      searchMs.push(performance.now() - t0)
    }
    const player = await benchPlayer(dir)
    return [
      ...player,
      { name: 'recording.import60.mp3.ms', value: round(median(mp3Ms)), unit: 'ms', goal: 3000, note: `Node + bundled ffmpeg; 60-min mono 32 kb/s mp3; hash, probe, decode, peaks, silences; median of ${mp3Ms.length}` },
      { name: 'recording.import60.amr.ms', value: round(median(amrMs)), unit: 'ms', goal: 30_000, note: `60-min AMR-NB 12.2k incl. transcode to mp3 (LAME, 24 kb/s); median of ${amrMs.length}; reported separately (the issue sets no goal; 30 s is ours)` },
      { name: 'transcript.search.1000calls.ms', value: round(median(searchMs)), unit: 'ms', goal: 100, note: `150,000 lines, index built once outside the timing; ${hits} hit; median of 21` }
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The player with a 60-minute stereo call (rep and customer on their own channel, 32 kb/s mp3)
 * in the real app on the browser harness, demo workspace open:
 * - `recording.reopen.ms`: from clicking the call in the list (another call was open) to its
 *   waveform drawn from the stored peaks and the audio element holding its first bytes
 *   (readyState ≥ 1), median of 7 reopens.
 * - `player.heapMB`: the page's JS heap after a forced GC with that call open (CDP
 *   `Runtime.getHeapUsage`); the note gives the same page before the call was opened.
 */
export async function benchPlayer(dir: string): Promise<Figure[]> {
  const talk = (freq: number, phase: number): string[] => [
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${freq}:duration=3600:sample_rate=16000,volume='if(lt(mod(t+${phase},11),5),1,0)':eval=frame`
  ]
  const mp3 = ffmpegGenerate(join(dir, 'hour-stereo.mp3'), [...talk(220, 0), ...talk(330, 5.5)], ['-filter_complex', '[0:a][1:a]join=inputs=2:channel_layout=stereo[a]', '-map', '[a]', '-b:a', '32k'])
  const harness = await startHarness()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=zh-CN']
  })
  try {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    const heapMb = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage')
      return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1048576
    }
    await page.goto(harness.url)
    await page.getByRole('button', { name: '打开示例工作区' }).click()
    await page.getByRole('navigation').getByRole('link', { name: '通话录音', exact: true }).click({ timeout: 60_000 })
    const rows = page.getByTestId('recordings-list').locator('tbody tr')
    await rows.nth(11).waitFor({ timeout: 120_000 })
    const before = await heapMb()

    await page.getByTestId('import-customer').click()
    await page.getByRole('option').first().click()
    await page.locator('input[type=file][accept^="audio"]').setInputFiles({ name: 'hour.mp3', mimeType: 'audio/mpeg', buffer: readFileSync(mp3) })
    // The player in view is ready: a waveform not marked as the previous call's, drawn, with audio.
    const ready = (): Promise<unknown> =>
      page.waitForFunction(
        () => {
          const wave = document.querySelector('[data-testid=waveform]') as (HTMLElement & { __previous?: boolean }) | null
          const audio = document.querySelector('[data-testid=call-audio]') as HTMLAudioElement | null
          return wave !== null && !wave.__previous && wave.dataset['ready'] !== undefined && (audio?.readyState ?? 0) >= 1
        },
        undefined,
        { timeout: 120_000, polling: 'raf' }
      )
    const markPrevious = (): Promise<void> =>
      page.evaluate(() => {
        const wave = document.querySelector('[data-testid=waveform]') as (HTMLElement & { __previous?: boolean }) | null
        if (wave) wave.__previous = true
      })
    await page.locator('[data-testid=waveform][data-lanes="2"][data-ready]').waitFor({ timeout: 120_000 })
    await ready()
    await page.waitForTimeout(500)
    const open = await heapMb()

    const hour = page.locator('[data-testid=recordings-list] tbody tr[data-name="hour.mp3"]')
    const other = page.locator('[data-testid=recordings-list] tbody tr:not([data-name="hour.mp3"])').first()
    const reopenMs: number[] = []
    const phases: Record<string, number>[] = []
    for (let i = 0; i < 7; i++) {
      await markPrevious()
      await other.click()
      await ready()
      await markPrevious()
      // Where the time goes, watched in the page frame by frame: the new player mounted, its
      // waveform drawn, its audio's first bytes in.
      // (A string: tsx's name-keeping helper does not exist in the page.)
      await page.evaluate(`(() => {
        const t0 = performance.now()
        const phases = (window.__phases = {})
        const watch = () => {
          const wave = document.querySelector('[data-testid=waveform]')
          const audio = document.querySelector('[data-testid=call-audio]')
          const now = performance.now() - t0
          if (wave && !wave.__previous) {
            phases.mounted ??= now
            if (wave.dataset.ready !== undefined) phases.waveform ??= now
            if ((audio?.readyState ?? 0) >= 1) phases.audio ??= now
          }
          if (Object.keys(phases).length < 3 && now < 10000) requestAnimationFrame(watch)
        }
        requestAnimationFrame(watch)
      })()`)
      const t0 = Date.now()
      await hour.click()
      await ready()
      reopenMs.push(Date.now() - t0)
      phases.push((await page.evaluate(() => (window as unknown as { __phases: Record<string, number> }).__phases)) as Record<string, number>)
    }
    const phase = (k: string): number => round(median(phases.map((p) => p[k] ?? NaN)))
    return [
      { name: 'recording.reopen.ms', value: round(median(reopenMs)), unit: 'ms', goal: 300, note: `headless Chromium, browser harness; 60-min stereo mp3: click in the list → waveform from stored peaks + first audio bytes (readyState ≥ 1); median of ${reopenMs.length} (${reopenMs.map(Math.round).join(', ')}); medians from the click: player mounted ${phase('mounted')} ms, waveform ${phase('waveform')} ms, audio ${phase('audio')} ms` },
      { name: 'player.heapMB', value: round(open), unit: 'MB', goal: 50, note: `JS heap after GC (CDP Runtime.getHeapUsage), demo workspace + the 60-min stereo call open; ${round(before)} MB on the same page before opening it` }
    ]
  } finally {
    await browser.close()
    await harness.close()
  }
}

// `npx tsx tests/bench/recordings.ts` prints the figures on their own.
// BENCH_ONLY=player measures the player figures alone.
if (process.argv[1]?.endsWith('recordings.ts')) {
  const only = process.env['BENCH_ONLY']
  const run =
    only === 'player'
      ? (async () => {
          const dir = mkdtempSync(join(tmpdir(), 'bench-rec-'))
          try {
            return await benchPlayer(dir)
          } finally {
            rmSync(dir, { recursive: true, force: true })
          }
        })()
      : benchRecordings()
  void run.then((f) => console.log(JSON.stringify(f, null, 2)))
}
