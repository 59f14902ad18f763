import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTone } from '../../src/main/recordings/fixtures'
import { openDemoCockpit, type Cockpit } from './cockpit'

/**
 * Conversation figures as a coach meets them: the demo's stereo calls show talk share, switches
 * and questions in the list (sorted by a click) and under the player; a mono call says why its
 * two-lane figures are missing; the team benchmark puts each rep beside the top quartile.
 */
const texts = {
  'en-US': { nav: 'Calls', mono: /separate channels/, needs: 'needs two channels', bench: 'Benchmarks', top: 'Team top quartile', all: 'All time', renamed: 'Pricing follow-up' },
  'zh-CN': { nav: '通话录音', mono: /两个声道/, needs: '需要双声道', bench: '团队对标', top: '团队前 25%', all: '全部', renamed: '报价跟进' }
} as const

for (const locale of ['en-US', 'zh-CN'] as const) {
  const L = texts[locale]
  describe(`conversation figures (${locale})`, () => {
    let c: Cockpit
    let mono: Buffer

    beforeAll(async () => {
      const dir = mkdtempSync(`${tmpdir()}/callm-e2e-`)
      mono = readFileSync(makeTone(dir, 'mono.wav', 4))
      c = await openDemoCockpit(locale)
      await c.page.getByRole('navigation').getByRole('link', { name: L.nav, exact: true }).click()
      await c.page.getByTestId('calls-page').waitFor()
      await c.page.getByTestId('recordings-list').locator('tbody tr').nth(11).waitFor({ timeout: 60_000 })
    })
    afterAll(async () => {
      await c?.close()
    })

    const column = (f: string): Promise<string[]> => c.page.getByTestId(`list-${f}`).allTextContents()

    it('the list shows each call’s talk share and sorts by it', async () => {
      const { page } = c
      // Every demo call is stereo: all twelve get a talk share once their voice activity is read.
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=list-talkRatio]')].filter((e) => e.textContent?.includes('%')).length >= 12, null, { timeout: 60_000 })
      await page.getByTestId('sort-talkRatio').click()
      const shares = (await column('talkRatio')).map((s) => Number(/^(\d+)%/.exec(s)?.[1] ?? 'NaN'))
      expect(shares.every(Number.isFinite)).toBe(true)
      expect(shares).toEqual([...shares].sort((a, b) => b - a))
      await page.getByTestId('sort-talkRatio').click()
      const up = (await column('talkRatio')).map((s) => Number(/^(\d+)%/.exec(s)?.[1]))
      expect(up).toEqual([...shares].reverse())
      await c.shot('call-metrics-list')
    })

    it('the player shows the open call’s figures', async () => {
      const { page } = c
      await page.getByTestId('recordings-list').locator('tbody tr').first().click()
      const strip = page.getByTestId('call-metrics')
      await strip.getByTestId('metric-talk').waitFor()
      expect(await strip.getByTestId('metric-talk').textContent()).toMatch(/\d+% : \d+%/)
      // The demo calls have transcripts: the rep's questions are counted.
      expect(await strip.getByTestId('metric-questions').textContent()).toMatch(/\d/)
      await strip.scrollIntoViewIfNeeded()
      await c.shot('call-metrics-player')
    })

    it('transcript follow-scroll moves the transcript pane only, never the page', async () => {
      const { page } = c
      // The coach reads the list below while the call plays: the player is out of sight.
      await page.getByTestId('recordings-list').locator('tbody tr').last().scrollIntoViewIfNeeded()
      const pageTop = (): Promise<number> => page.evaluate(() => document.querySelector('[data-testid=calls-page]')!.getBoundingClientRect().top)
      const before = await pageTop()
      expect(before).toBeLessThan(0)
      await page.evaluate(() => {
        const a = document.querySelector('[data-testid=call-audio]') as HTMLAudioElement
        a.currentTime = a.duration - 3
      })
      // The last lines come into the transcript pane…
      await page.waitForFunction(() => (document.querySelector('[data-testid=transcript-viewport]')?.scrollTop ?? 0) > 0)
      await page.locator('[data-testid=transcript] [data-active]').waitFor()
      // …and the page stays where the coach is reading.
      expect(await pageTop()).toBe(before)
    })

    it('a call opened low in the list brings its player into view', async () => {
      const { page } = c
      const last = page.getByTestId('recordings-list').locator('tbody tr').last()
      await last.scrollIntoViewIfNeeded()
      await last.click()
      await page.waitForFunction(() => {
        const r = document.querySelector('[data-testid=call-player]')?.getBoundingClientRect()
        return r !== undefined && r.top >= 0 && r.top < window.innerHeight
      })
    })

    it('re-picking the selected rep keeps them', async () => {
      const { page } = c
      await page.getByTestId('tab-tracker').click()
      const rep = page.getByTestId('session-rep')
      await rep.click()
      const first = page.getByRole('option').first()
      const name = (await first.textContent())!.trim()
      await first.click()
      expect(await rep.inputValue()).toBe(name)
      await rep.click()
      await page.getByRole('option', { name, exact: true }).click()
      expect(await rep.inputValue()).toBe(name)
      await page.getByTestId('tab-benchmarks').scrollIntoViewIfNeeded()
      await page.getByRole('tab').first().click()
    })

    it('a mono call says why the two-lane figures are absent', async () => {
      const { page } = c
      await page.getByTestId('import-customer').click()
      await page.getByRole('option').first().click()
      await page.locator('input[type=file][accept^="audio"]').setInputFiles({ name: 'mono.wav', mimeType: 'audio/wav', buffer: mono })
      await page.getByTestId('call-player').waitFor()
      expect(await page.getByTestId('metrics-mono').textContent()).toMatch(L.mono)
      const row = page.getByTestId('recordings-list').locator('tbody tr[data-name="mono.wav"]')
      expect(await row.getByTestId('list-talkRatio').textContent()).toBe(L.needs)
    })

    it('an imported call is titled customer · date · rep, and the coach can rename it', async () => {
      const { page } = c
      const title = page.getByTestId('call-title')
      // Not the file name: three parts, the customer first.
      const parts = (await title.textContent())!.split(' · ')
      expect(parts).toHaveLength(3)
      expect(parts.every((p) => p.trim().length > 0)).toBe(true)
      expect(await title.textContent()).not.toContain('mono.wav')
      await page.getByTestId('call-title-edit').click()
      await page.getByTestId('call-title-input').fill(L.renamed)
      await page.getByTestId('call-title-input').press('Enter')
      await page.getByTestId('call-title').getByText(L.renamed, { exact: true }).waitFor()
      await page.getByTestId('recordings-list').locator('tbody tr[data-name="mono.wav"]').getByText(L.renamed).waitFor()
      await page.getByTestId('call-title').scrollIntoViewIfNeeded()
      await c.shot('call-title-renamed')
    })

    it('the team benchmark puts each rep beside the top quartile', async () => {
      const { page } = c
      await page.getByTestId('tab-benchmarks').click()
      await page.getByTestId('bench-period').getByText(L.all, { exact: true }).click()
      await page.getByTestId('bench-table').waitFor()
      expect(await page.getByTestId('bench-top-quartile').textContent()).toContain(L.top)
      expect(await page.getByTestId('bench-rep').count()).toBeGreaterThan(1)
      await c.shot('call-metrics-benchmarks')
      expect(c.pageErrors).toEqual([])
    })
  })
}
