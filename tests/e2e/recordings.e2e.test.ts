import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeStereoCallWithGap } from '../../src/main/recordings/fixtures'
import { openCockpit, type Cockpit } from './cockpit'

/**
 * A coach's path through one call: import a stereo recording (rep left, customer right, a 4 s
 * gap of silence between them) onto a customer, attach its WebVTT transcript, then jump by
 * transcript line, change speed, and let skip-silence carry playback over the gap.
 */
const REP_S = 4
const GAP_S = 4
const CUSTOMER_S = 4

const vtt = `WEBVTT

00:00:00.500 --> 00:00:03.500
<v 销售>您好，我是瑞康医疗的张伟，想跟您聊聊预算

00:00:08.000 --> 00:00:11.500
<v 客户>预算可以谈，但是折扣要再大一些
`

describe('call recordings (en-US)', () => {
  let c: Cockpit
  let wav: Buffer

  beforeAll(async () => {
    const dir = mkdtempSync(`${tmpdir()}/rec-e2e-`)
    wav = readFileSync(makeStereoCallWithGap(dir, 'call.wav', REP_S, GAP_S, CUSTOMER_S))
    c = await openCockpit('en-US')
    await c.page.getByRole('button', { name: 'Open the demo workspace' }).click()
    await c.page.getByRole('navigation').waitFor({ timeout: 60_000 })
    await c.page.getByRole('navigation').getByRole('link', { name: 'Calls', exact: true }).click()
    await c.page.getByTestId('calls-page').waitFor()
  })
  afterAll(async () => {
    await c?.close()
  })

  const audio = (expr: string): Promise<number> =>
    c.page.evaluate(`(() => { const a = document.querySelector('[data-testid=call-audio]'); return ${expr} })()`) as Promise<number>

  it('imports a stereo call onto a customer and shows the player with two lanes', async () => {
    const { page } = c
    await page.getByTestId('import-customer').click()
    await page.getByRole('option').first().click()
    await page.locator('input[type=file][accept^="audio"]').setInputFiles({ name: 'call.wav', mimeType: 'audio/wav', buffer: wav })
    await page.getByTestId('call-player').waitFor()
    await page.locator('[data-testid=waveform][data-lanes="2"]').waitFor()
    await page.waitForFunction(() => (document.querySelector('[data-testid=call-audio]') as HTMLAudioElement | null)?.readyState ?? 0 >= 1)
    expect(await audio('a.duration')).toBeCloseTo(REP_S + GAP_S + CUSTOMER_S, 0)
    await page.locator('input[type=file][accept^=".vtt"]').setInputFiles({ name: 'call.vtt', mimeType: 'text/vtt', buffer: Buffer.from(vtt) })
    await page.getByTestId('transcript').getByText('折扣要再大一些').waitFor()
    // The call shows up in the list, once.
    expect(await page.getByTestId('recordings-list').locator('tbody tr').count()).toBe(1)
  })

  it('clicking a transcript line seeks there and highlights it', async () => {
    const { page } = c
    await page.getByTestId('transcript').getByText('折扣要再大一些').click()
    expect(await audio('a.currentTime')).toBeCloseTo(8, 1)
    await page.locator('[data-testid=transcript] [data-active][data-start-ms="8000"]').waitFor()
  })

  it('changes speed from the control and with [ and ]', async () => {
    const { page } = c
    await page.getByText('2×', { exact: true }).click()
    expect(await audio('a.playbackRate')).toBe(2)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press(']')
    expect(await audio('a.playbackRate')).toBe(2.5)
    await page.keyboard.press('[')
    await page.keyboard.press('[')
    expect(await audio('a.playbackRate')).toBe(1.75)
    await page.getByText('1×', { exact: true }).click()
    expect(await audio('a.playbackRate')).toBe(1)
  })

  it('skip silence jumps over the gap while playing', async () => {
    const { page } = c
    await page.getByRole('switch', { name: /Skip silence/ }).check()
    await page.evaluate(() => {
      const a = document.querySelector('[data-testid=call-audio]') as HTMLAudioElement
      a.muted = true
      a.currentTime = 3
      const seen: number[] = []
      ;(window as unknown as { __seen: number[] }).__seen = seen
      const sample = (): void => {
        seen.push(a.currentTime)
        if (!a.ended && seen.length < 2000) requestAnimationFrame(sample)
      }
      requestAnimationFrame(sample)
    })
    await page.getByTestId('play-toggle').click()
    await page.waitForFunction(() => (document.querySelector('[data-testid=call-audio]') as HTMLAudioElement).currentTime > 8.2, undefined, { timeout: 10_000 })
    await c.shot('calls-player')
    await page.getByTestId('play-toggle').click()
    const seen = (await page.evaluate(() => (window as unknown as { __seen: number[] }).__seen)) as number[]
    // Nothing in the middle of the gap was ever played: 4.25 s → 7.75 s is skipped.
    expect(seen.some((t) => t > 3 && t < 4.3)).toBe(true)
    expect(seen.filter((t) => t > 4.6 && t < 7.5)).toEqual([])
    expect(seen.some((t) => t >= 7.75)).toBe(true)
    // The transcript follows playback.
    await page.locator('[data-testid=transcript] [data-active][data-start-ms="8000"]').waitFor()
  })

  it('search across transcripts opens the call at the moment', async () => {
    const { page } = c
    await page.getByTestId('transcript-search').fill('折扣')
    await page.getByTestId('search-results').getByRole('button').first().click()
    await page.waitForFunction(() => Math.abs((document.querySelector('[data-testid=call-audio]') as HTMLAudioElement).currentTime - 8) < 0.2)
    await page.keyboard.press('Shift+?')
    await page.getByTestId('shortcut-help').waitFor()
    await c.shot('calls-shortcuts')
    expect(c.pageErrors).toEqual([])
  })
})
