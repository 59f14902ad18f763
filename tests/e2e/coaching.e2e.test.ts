import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeStereoCallWithGap } from '../../src/main/recordings/fixtures'
import { openDemoCockpit, type Cockpit } from './cockpit'

/**
 * A coach works one call: comments and a bookmark at moments (regions and markers on the
 * waveform), clicks a comment to jump back, scores the call, adds a keyword tracker that the
 * transcript mentions and finds the call in the coach queue, then logs coaching sessions and
 * sees the rep move along the 16-character method.
 */
const vtt = `WEBVTT

00:00:00.500 --> 00:00:03.500
<v 销售>您好，我是瑞康医疗的张伟，想跟您聊聊预算

00:00:08.000 --> 00:00:11.500
<v 客户>预算可以谈，但是折扣要再大一些
`

const texts = {
  'en-US': { nav: 'Calls', yes: 'Yes', tell: '1 I tell, you listen', show: '2 I do, you watch' },
  'zh-CN': { nav: '通话录音', yes: '是', tell: '1 我说你听', show: '2 我做你看' }
} as const

for (const locale of ['en-US', 'zh-CN'] as const) {
  const L = texts[locale]
  describe(`coaching (${locale})`, () => {
    let c: Cockpit
    let wav: Buffer
    let repName = ''

    beforeAll(async () => {
      const dir = mkdtempSync(`${tmpdir()}/coach-e2e-`)
      wav = readFileSync(makeStereoCallWithGap(dir, 'call.wav', 4, 4, 4))
      c = await openDemoCockpit(locale)
      await c.page.getByRole('navigation').getByRole('link', { name: L.nav, exact: true }).click()
      await c.page.getByTestId('calls-page').waitFor()
      // The demo's own twelve calls arrive in the background; the counts below start from them.
      await c.page.getByTestId('recordings-list').locator('tbody tr').nth(11).waitFor({ timeout: 60_000 })
    })
    afterAll(async () => {
      await c?.close()
    })

    const currentTime = (): Promise<number> =>
      c.page.evaluate(() => (document.querySelector('[data-testid=call-audio]') as HTMLAudioElement).currentTime)
    const setTime = (sec: number): Promise<void> =>
      c.page.evaluate((s) => {
        ;(document.querySelector('[data-testid=call-audio]') as HTMLAudioElement).currentTime = s
      }, sec)

    it('imports a call with its transcript', async () => {
      const { page } = c
      await page.getByTestId('import-customer').click()
      await page.getByRole('option').first().click()
      await page
        .locator('input[type=file][accept^="audio"]')
        .setInputFiles({ name: 'call.wav', mimeType: 'audio/wav', buffer: wav })
      await page.locator('[data-testid=waveform][data-lanes="2"]').waitFor()
      await page.waitForFunction(
        () => ((document.querySelector('[data-testid=call-audio]') as HTMLAudioElement | null)?.readyState ?? 0) >= 1
      )
      await page
        .locator('input[type=file][accept^=".vtt"]')
        .setInputFiles({ name: 'call.vtt', mimeType: 'text/vtt', buffer: Buffer.from(vtt) })
      await page.getByTestId('transcript').getByText('折扣要再大一些').waitFor()
    })

    it('adds a comment over a range (C) and a bookmark (B) at the playhead', async () => {
      const { page } = c
      await setTime(2)
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('c')
      await page.getByTestId('comment-form').waitFor()
      expect(await page.getByTestId('comment-at').inputValue()).toBe('0:02')
      await page.getByTestId('comment-to').fill('0:05')
      await page.getByTestId('comment-body').fill('开场太长，先说来意')
      await page.getByTestId('comment-save').click()
      await page.getByTestId('comment-form').waitFor({ state: 'detached' })

      await setTime(9)
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('b')
      expect(await page.getByTestId('comment-at').inputValue()).toBe('0:09')
      await page.getByTestId('comment-body').fill('折扣异议')
      await page.getByTestId('comment-save').click()

      // One region and one marker on the waveform (inside wavesurfer's open shadow root).
      await page.locator('[data-testid=waveform][data-regions="1"][data-markers="1"]').waitFor()
      expect(await page.locator('[data-testid=waveform] [part~="region"]').count()).toBe(1)
      expect(await page.locator('[data-testid=waveform] [part~="marker"]').count()).toBe(1)
      // And in the list, by time.
      const items = page.getByTestId('comment-list').getByTestId('comment-item')
      expect(await items.count()).toBe(2)
      expect(await items.nth(0).getAttribute('data-at-ms')).toBe('2000')
      expect(await items.nth(1).getAttribute('data-kind')).toBe('bookmark')
    })

    it('clicking a comment seeks to its moment; replies thread under it', async () => {
      const { page } = c
      await setTime(10)
      await page.getByTestId('comment-list').getByText('开场太长，先说来意').click()
      expect(await currentTime()).toBeCloseTo(2, 1)
      await page.getByTestId('comment-item').first().getByRole('button').nth(1).click()
      await page.getByTestId('comment-item').first().locator('input').fill('收到')
      await page.getByTestId('comment-item').first().locator('input').press('Enter')
      await page.getByTestId('comment-reply').getByText('收到').waitFor()
      await c.shot('coaching-comments')
    })

    it('scores the call and the total shows in the list', async () => {
      const { page } = c
      for (const q of ['opening', 'discovery', 'value', 'objection']) {
        await page.getByTestId(`question-${q}`).getByRole('button', { name: '4', exact: true }).click()
      }
      await page.getByTestId('question-next-step').getByRole('button', { name: L.yes, exact: true }).click()
      // 80 weight × 4/5 + 20 × yes = 84
      await expect.poll(() => page.getByTestId('score-total').textContent()).toBe('84')
      await page.getByTestId('score-save').click()
      await page.getByTestId('recording-score').getByText('84', { exact: true }).waitFor()
    })

    it('a tracker word from the transcript puts the call in the queue with the hit', async () => {
      const { page } = c
      await page.getByTestId('tab-queue').click()
      const input = page.getByTestId('tracker-words')
      await input.fill('折扣')
      await input.press('Enter')
      const hit = page.getByTestId('coach-queue').getByTestId('tracker-hit').filter({ hasText: '折扣 · 0:08' })
      await hit.waitFor()
      // The row of this call (the demo calls are in the queue too); `has` is relative to the row.
      const ourRow = page.getByTestId('queue-row').filter({ has: page.getByTestId('tracker-hit').filter({ hasText: '折扣 · 0:08' }) })
      repName = ((await ourRow.locator('td').nth(2).textContent()) ?? '').trim()
      await c.shot('coaching-queue')
      await setTime(0)
      await hit.click()
      await page.waitForFunction(
        () => Math.abs((document.querySelector('[data-testid=call-audio]') as HTMLAudioElement).currentTime - 8) < 0.2
      ) // The player marks the moment in the transcript too.
      await page
        .locator('[data-testid=transcript] [data-start-ms="8000"]')
        .getByTestId('transcript-tracker-hit')
        .getByText('折扣')
        .waitFor()
    })

    it('marks the call for the library under a skill', async () => {
      const { page } = c
      await page.getByTestId('library-skill').click()
      await page.getByRole('option').first().click()
      await page.getByTestId('library-mark').click()
      await page.getByTestId('tab-library').click()
      await page.getByTestId('library-skill-group').first().waitFor()
      // The demo's three great calls sit on three shelves; the first skill (opening) is a new one.
      await expect.poll(() => page.getByTestId('library-skill-group').count()).toBe(4)
    })

    it('logs coaching sessions and the tracker shows the step with history', async () => {
      const { page } = c
      await page.getByTestId('tab-tracker').click()
      await page.getByTestId('session-rep').click()
      // The rep of the call scored above, when they still work here (only active reps are coached);
      // otherwise the first rep on the list.
      expect(repName).not.toBe('')
      const own = page.getByRole('option', { name: repName, exact: true })
      const option = (await own.count()) > 0 ? own : page.getByRole('option').first()
      const rep = ((await option.textContent()) ?? '').trim()
      await option.click()
      await page.getByTestId('session-skill').click()
      const skillOption = page.getByRole('option').first()
      const skill = ((await skillOption.textContent()) ?? '').trim()
      await skillOption.click()
      await page.getByTestId('session-save').click()
      // The demo has a coaching history on the other skills; this one starts here.
      const row = page.locator(`[data-testid=tracker-row][data-rep="${rep}"]`)
      await row.locator(`td[data-skill="${skill}"][data-step="tell"]`).getByText(L.tell).waitFor()
      // The next session defaults to the next step.
      await page.getByTestId('session-save').click()
      await row.locator(`td[data-skill="${skill}"][data-step="show"]`).getByText(L.show).click()
      expect(await page.getByTestId('tracker-history').locator('p').count()).toBe(3)
      await c.shot('coaching-tracker')
      expect(c.pageErrors).toEqual([])
    })
  })
}
