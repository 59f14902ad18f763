import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeStereoCallWithGap } from '../../src/main/recordings/fixtures'
import { openDemoCockpit, type Cockpit } from './cockpit'

/**
 * A coach links two questions of the demo scorecard (talk share 40–60 %, the price tracker
 * heard at least once), opens a call: the scorecard is pre-filled with the suggestions and
 * their evidence; a moment plays the call from there; the coach overrides one and saves, and
 * both the coach's answer and the suggestion are stored.
 */
// Rep talks 0–4 s (left lane), customer 8–12 s (right lane): 50 % talk share.
const vtt = (word: string): string => `WEBVTT

00:00:00.500 --> 00:00:03.500
<v 销售>您好，我是瑞康医疗的张伟

00:00:08.000 --> 00:00:11.500
<v 客户>${word}可以谈，但是要再低一些
`

const texts = {
  'en-US': { nav: 'Calls', tab: 'Calls', note: 'Listen for the price question at 0:08', why: 'Opening: “Listen for the price question at 0:08”', demoWhy: 'Three "why"s in a row', word: 'price', suggested: 'Suggested 5', evidence: 'Rep talk share 50 %', rule: 'rule 40–60', heard: '“price” heard 1×', coach: 'Coach: 3', yes: 'Yes', tracker: 'Tracker “price” mentions', figure: 'Rep talk share', saved: 'Saved Sales call scorecard.' },
  'zh-CN': { nav: '通话录音', tab: '通话', note: '听 0:08 客户谈价格那段', why: '开场：“听 0:08 客户谈价格那段”', demoWhy: '连问三层“为什么”', word: '价格', suggested: '建议 5', evidence: '销售说话占比 50%', rule: '规则 40–60', heard: '“价格”出现 1 次', coach: '教练：3', yes: '是', tracker: '关键词“价格”出现次数', figure: '销售说话占比', saved: '已保存 销售通话评分卡。' }
} as const

for (const locale of ['en-US', 'zh-CN'] as const) {
  const L = texts[locale]
  describe(`pre-filled scorecard (${locale})`, () => {
    let c: Cockpit
    let wav: Buffer

    beforeAll(async () => {
      const dir = mkdtempSync(`${tmpdir()}/prefill-e2e-`)
      wav = readFileSync(makeStereoCallWithGap(dir, 'call.wav', 4, 4, 4))
      c = await openDemoCockpit(locale)
      await c.page.getByRole('navigation').getByRole('link', { name: L.nav, exact: true }).click()
      await c.page.getByTestId('calls-page').waitFor()
      await c.page.getByTestId('recordings-list').locator('tbody tr').nth(11).waitFor({ timeout: 60_000 })
    })
    afterAll(async () => {
      await c?.close()
    })

    it('a coach links questions to a figure and a tracker; the template saves at once (weights add up to 100)', async () => {
      const { page } = c
      await page.getByTestId('tab-queue').click()
      await page.getByTestId('tracker-words').fill(L.word)
      await page.getByTestId('tracker-words').press('Enter')
      await page.getByTestId('tab-templates').click()
      const q = page.getByTestId('template-question')
      await q.nth(0).getByTestId('question-link-source').click()
      await page.getByRole('option', { name: L.figure, exact: true }).click()
      // A talk-share link starts at 40–60 %.
      expect(await q.nth(0).getByTestId('question-link-min').inputValue()).toBe('40')
      expect(await q.nth(0).getByTestId('question-link-max').inputValue()).toBe('60')
      await q.nth(4).getByTestId('question-link-source').click()
      await page.getByRole('option', { name: L.tracker, exact: true }).click()
      expect(await q.nth(4).getByTestId('question-link-min').inputValue()).toBe('1')
      await c.shot('scorecard-link-editor')
      await page.getByTestId('template-save').click()
      await page.getByTestId('template-message').getByText(L.saved).waitFor()
      expect(await page.getByTestId('template-weights-confirm').count()).toBe(0)
    })

    it('an imported call with a transcript opens its scorecard pre-filled, with the evidence', async () => {
      const { page } = c
      await page.getByTestId('import-customer').click()
      await page.getByRole('option').first().click()
      await page.locator('input[type=file][accept^="audio"]').setInputFiles({ name: 'call.wav', mimeType: 'audio/wav', buffer: wav })
      await page.locator('[data-testid=waveform][data-lanes="2"]').waitFor()
      await page
        .locator('input[type=file][accept^=".vtt"]')
        .setInputFiles({ name: 'call.vtt', mimeType: 'text/vtt', buffer: Buffer.from(vtt(L.word)) })
      await page.getByTestId('transcript').getByText('要再低一些').waitFor()
      const opening = page.getByTestId('suggestion-opening')
      await opening.getByText(L.suggested).waitFor()
      expect(await opening.textContent()).toContain(L.evidence)
      expect(await opening.textContent()).toContain(L.rule)
      expect(await opening.getAttribute('data-verdict')).toBe('pass')
      expect(await page.getByTestId('question-opening').getByRole('button', { name: '5', exact: true }).getAttribute('aria-pressed')).toBe('true')
      const next = page.getByTestId('suggestion-next-step')
      await next.getByText(L.heard).waitFor()
      expect(await page.getByTestId('question-next-step').getByRole('button', { name: L.yes, exact: true }).getAttribute('aria-pressed')).toBe('true')
      // 15 × 5/5 + 20 × yes over 35 answered weight = 100
      await expect.poll(() => page.getByTestId('score-total').textContent()).toBe('100')
      await c.shot('scorecard-prefilled')
    })

    it('a moment link plays the call from the tracker hit', async () => {
      const { page } = c
      await page.getByTestId('suggestion-next-step').getByTestId('suggestion-moment').click()
      await page.waitForFunction(() => {
        const a = document.querySelector('[data-testid=call-audio]') as HTMLAudioElement | null
        return a !== null && Math.abs(a.currentTime - 8) < 0.2
      })
    })

    it('the coach overrides one suggestion and saves: the answer and the suggestion are both kept', async () => {
      const { page } = c
      await page.getByTestId('question-opening').getByRole('button', { name: '3', exact: true }).click()
      const opening = page.getByTestId('suggestion-opening')
      expect(await opening.getAttribute('data-state')).toBe('overridden')
      expect(await opening.textContent()).toContain(L.coach)
      // 15 × 3/5 + 20 × 1 = 29 over 35 = 82.9
      await expect.poll(() => page.getByTestId('score-total').textContent()).toBe('82.9')
      await page.getByTestId('score-save').click()
      await page.getByRole('tab', { name: L.tab, exact: true }).click()
      await page.getByTestId('recording-score').getByText('82.9', { exact: true }).waitFor()
      const stored = (await page.evaluate(`(async () => {
        const db = await new Promise((ok, ko) => { const r = indexedDB.open('sales-cockpit'); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error) })
        const rows = await new Promise((ok, ko) => { const r = db.transaction('scorecards').objectStore('scorecards').getAll(); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error) })
        db.close()
        return rows
      })()`)) as { answers: Record<string, unknown>; suggestions?: Record<string, { answer: unknown; value: number; verdict: string; moments?: number[] }> }[]
      const row = stored.find((s) => s.suggestions)
      expect(row?.answers).toEqual({ opening: 3, 'next-step': true })
      expect(row?.suggestions?.opening).toEqual({ answer: 5, value: 50, verdict: 'pass' })
      expect(row?.suggestions?.['next-step']).toEqual({ answer: true, value: 1, verdict: 'pass', moments: [8000] })
      await c.shot('scorecard-overridden')
      expect(c.pageErrors).toEqual([])
    })

    it('the library says why a call is on its shelf: the skill and the coach’s note', async () => {
      const { page } = c
      await page.getByTestId('library-skill').click()
      await page.getByRole('option').first().click()
      await page.getByTestId('library-note').fill(L.note)
      await page.getByTestId('library-mark').click()
      await page.getByTestId('tab-library').click()
      await page.getByTestId('library-why').filter({ hasText: L.why }).waitFor()
      // The demo's great calls say why too.
      await page.getByTestId('library-why').filter({ hasText: L.demoWhy }).waitFor()
      await c.shot('call-library-why')
    })

    it('the 16-character tracker shows the demo’s coaching history on first launch', async () => {
      const { page } = c
      await page.getByTestId('tab-tracker').click()
      const tracker = page.getByTestId('coaching-tracker')
      await tracker.locator('td[data-step]').first().waitFor()
      // Reps at all four steps of the method.
      for (const step of ['tell', 'show', 'explain', 'do']) expect(await tracker.locator(`td[data-step="${step}"]`).count()).toBeGreaterThan(0)
      await c.shot('coaching-tracker-first-launch')
      expect(c.pageErrors).toEqual([])
    })
  })
}
