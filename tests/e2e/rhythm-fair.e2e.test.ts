import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDemoCockpit, type Cockpit } from './cockpit'

/**
 * A rhythm reps cannot game, in both languages: a reclaim run is previewed, one customer is
 * taken out of it by hand, applying asks first, and the run is undone — the customers go back
 * to their owners and the pool is as it was. An audit verdict says what it means, carries a
 * note, and is changed within the week with the earlier verdict kept. The kickoff opens the last
 * working day's review; its counts open their visits, and a total row sums the team.
 */
const texts = {
  'zh-CN': { nav: '团队节奏', pool: '公海', preview: '预览回收', apply: /执行：/, undo: '撤销', include: /^将 .+ 列入本次回收$/, audit: '拜访稽核', kickoff: '早启动', review: '晚复盘', today: '今天', targets: '目标', visits: '拜访数', even: '平均分配', objective: '考核目标', fake: '拜访造假', real: '拜访属实', add: '加入计划', prevDay: '前一天', change: '修改', note: '备注：判断依据' },
  'en-US': { nav: 'Team rhythm', pool: 'Public pool', preview: 'Preview reclaim', apply: /Apply:/, undo: 'Undo', include: /^Include .+ in the run$/, audit: 'Visit audits', kickoff: 'Morning kickoff', review: 'Evening review', today: 'Today', targets: 'Targets', visits: 'Visits', even: 'Evenly', objective: 'Objective', fake: 'Visit was fake', real: 'Visit was real', add: 'Add to plan', prevDay: 'Previous day', change: 'Change', note: 'Note: why you judge so' }
}

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`a rhythm that cannot be gamed (${locale})`, () => {
    const tx = texts[locale]
    let c: Cockpit

    beforeAll(async () => {
      c = await openDemoCockpit(locale)
      await c.page.getByRole('navigation').getByRole('link', { name: tx.nav, exact: true }).click()
    }, 90_000)
    afterAll(async () => {
      await c?.close()
    })

    it('a reclaim with a row excluded asks first, moves the rest, and is undone', async () => {
      const { page } = c
      await page.getByRole('tab', { name: tx.pool }).click()
      const inPool = page.getByTestId('pool-count')
      const poolCount = async (): Promise<number> => Number(/\d+/.exec((await inPool.textContent()) ?? '')![0])
      await expect.poll(poolCount, { timeout: 20_000 }).toBeGreaterThan(0)
      const before = await poolCount()
      await page.getByRole('button', { name: tx.preview }).click()
      const preview = page.getByTestId('reclaim-preview')
      await preview.waitFor({ timeout: 20_000 })
      const summary = async (): Promise<number> => Number(/\d+/.exec((await page.getByTestId('reclaim-summary').textContent()) ?? '')![0])
      const all = await summary()
      expect(all).toBeGreaterThan(1)
      // Take the first customer out of the run: it stays with its owner.
      const first = preview.locator('tbody tr').first()
      const kept = ((await first.getByRole('link').textContent()) ?? '').trim()
      await first.getByRole('checkbox', { name: tx.include }).uncheck()
      await expect.poll(summary).toBe(all - 1)
      await page.getByTestId('reclaim-excluded').waitFor()
      expect(await page.getByRole('button', { name: tx.apply }).textContent()).toContain(String(all - 1))
      await c.shot('rhythm-fair-01-pool-excluded')
      // Applying asks first, naming the count and the day to undo it.
      await page.getByRole('button', { name: tx.apply }).click()
      const confirmText = page.getByTestId('reclaim-confirm-text')
      await confirmText.waitFor()
      expect(await confirmText.textContent()).toContain(String(all - 1))
      expect(await confirmText.textContent()).toMatch(/24/)
      await c.shot('rhythm-fair-02-pool-confirm')
      await page.getByTestId('reclaim-confirm').click()
      await preview.waitFor({ state: 'detached', timeout: 20_000 })
      await expect.poll(poolCount, { timeout: 30_000 }).toBe(before + all - 1)
      // The excluded customer is not among the newest arrivals in the pool.
      const arrivals = (await page.getByTestId('pool-list').getByRole('link').allTextContents()).map((x) => x.trim())
      expect(arrivals).not.toContain(kept)
      // The run can be undone for a day: everyone goes back, the pool is as it was.
      const run = page.getByTestId('reclaim-run').first()
      await run.waitFor({ timeout: 10_000 })
      expect(await run.textContent()).toContain(String(all - 1))
      await c.shot('rhythm-fair-03-pool-undoable')
      await run.getByRole('button', { name: tx.undo }).click()
      await expect.poll(poolCount, { timeout: 30_000 }).toBe(before)
      await page.getByTestId('reclaim-runs').waitFor({ state: 'detached', timeout: 10_000 })
      await c.shot('rhythm-fair-04-pool-undone')
      expect(c.pageErrors).toEqual([])
    })

    it('an audit verdict with a note, then changed with another note, the first kept', async () => {
      const { page } = c
      await page.getByRole('tab', { name: tx.audit }).click()
      const queue = page.getByTestId('audit-queue')
      await queue.waitFor({ timeout: 20_000 })
      const row = queue.locator('tbody tr').first()
      const id = (await row.getAttribute('data-testid'))!.replace(/^flag-/, '')
      const customer = ((await row.getByRole('link').textContent()) ?? '').trim()
      await row.getByRole('button', { name: tx.fake, exact: true }).click()
      const dialog = page.getByTestId('verdict-dialog')
      await dialog.getByRole('textbox', { name: tx.note }).fill('No check-in photo; phone unanswered')
      await c.shot('rhythm-fair-05-audit-note')
      await page.getByTestId('verdict-save').click()
      // The reviewed list names the customer and the visit, with the verdict and its note.
      const reviewed = page.getByTestId(`reviewed-${id}`)
      await reviewed.waitFor({ timeout: 10_000 })
      expect(((await reviewed.getByRole('link').textContent()) ?? '').trim()).toBe(customer)
      expect(await reviewed.getByTestId('reviewed-status').textContent()).toBe(tx.fake)
      expect(await reviewed.getByTestId('reviewed-note').textContent()).toBe('No check-in photo; phone unanswered')
      // The customer calls back: the visit was real. Changed within the week, the first verdict kept.
      await reviewed.getByRole('button', { name: tx.change }).click()
      await dialog.getByRole('radio', { name: tx.real }).check({ force: true })
      await dialog.getByRole('textbox', { name: tx.note }).fill('Customer confirmed the meeting by phone')
      await page.getByTestId('verdict-save').click()
      await expect.poll(async () => reviewed.getByTestId('reviewed-status').textContent(), { timeout: 10_000 }).toBe(tx.real)
      expect(await reviewed.getByTestId('reviewed-note').textContent()).toBe('Customer confirmed the meeting by phone')
      expect(await reviewed.getByTestId('reviewed-history').textContent()).toContain(tx.fake)
      await reviewed.scrollIntoViewIfNeeded()
      await c.shot('rhythm-fair-06-audit-changed')
      expect(c.pageErrors).toEqual([])
    })

    it('one verdict on a whole late-entry batch: every visit of it leaves the queue with the verdict and the note', async () => {
      const { page } = c
      const queue = page.getByTestId('audit-queue')
      await queue.waitFor({ timeout: 20_000 })
      const first = queue.getByTestId('judge-batch').first()
      await first.waitFor({ timeout: 20_000 })
      const count = Number(/(\d+)/.exec((await first.textContent()) ?? '')?.[1])
      expect(count).toBeGreaterThan(1)
      // The rows of that batch: every row whose batch button names the same visits.
      const rows = queue.locator('tbody tr').filter({ has: page.getByTestId('judge-batch') })
      const before = await queue.locator('tbody tr').count()
      const firstRow = rows.first()
      const id = (await firstRow.getAttribute('data-testid'))!.replace(/^flag-/, '')
      await first.click()
      const dialog = page.getByTestId('verdict-dialog')
      await dialog.waitFor()
      // The verdict switch: its label is what a person clicks (the radio itself is visually hidden).
      await dialog.locator('label', { hasText: tx.fake }).click()
      await expect.poll(async () => dialog.getByRole('radio', { name: tx.fake }).isChecked(), { timeout: 5_000 }).toBe(true)
      await dialog.getByRole('textbox', { name: tx.note }).fill('Typed in together after 22:00, no check-ins')
      await c.shot('rhythm-fair-06b-audit-batch')
      await page.getByTestId('verdict-save').click()
      // One write: the whole batch leaves the queue and each visit carries the verdict and the note.
      await expect.poll(async () => queue.getByTestId(`flag-${id}`).count(), { timeout: 15_000 }).toBe(0)
      // The queue shows its first 100 flags; below that, exactly the batch's visits are gone.
      if (before < 100) expect(await queue.locator('tbody tr').count()).toBe(before - count)
      const reviewed = page.getByTestId(`reviewed-${id}`)
      await reviewed.waitFor({ timeout: 10_000 })
      expect(await reviewed.getByTestId('reviewed-status').textContent()).toBe(tx.fake)
      expect(await reviewed.getByTestId('reviewed-note').textContent()).toBe('Typed in together after 22:00, no check-ins')
      expect(c.pageErrors).toEqual([])
    })

    it('the kickoff opens the last working day’s review; a team total row; a count opens its visits', async () => {
      const { page } = c
      await page.getByRole('tab', { name: tx.kickoff }).click()
      await page.getByTestId('kickoff-total').waitFor({ timeout: 20_000 })
      // Today's kickoff plans visits; yesterday's is looked back on and plans nothing into the past.
      const kickoff = page.getByTestId('kickoff')
      expect(await kickoff.getByRole('button', { name: tx.add, exact: true }).count()).toBeGreaterThan(0)
      await page.getByRole('tabpanel').getByRole('button', { name: tx.prevDay }).click()
      await expect.poll(async () => (await page.getByTestId('kickoff-day').textContent())?.trim(), { timeout: 10_000 }).not.toBe(tx.today)
      expect(await kickoff.getByRole('button', { name: tx.add, exact: true }).count()).toBe(0)
      await page.getByTestId('kickoff-open-review').click()
      // The review tab, on the last working day (not today).
      const day = page.getByTestId('review-day')
      await day.waitFor()
      expect(await page.getByRole('tab', { name: tx.review }).getAttribute('aria-selected')).toBe('true')
      expect((await day.textContent())?.trim()).not.toBe(tx.today)
      const total = page.getByTestId('review-total')
      await total.waitFor()
      // The total's planned count is the sum of the reps' and opens every one of those visits.
      const plannedOf = (text: string | null): number => Number(/\/\s*(\d+)/.exec(text ?? '')![1])
      const reps = await page.getByTestId('review').locator('tbody tr td:nth-child(2)').allTextContents()
      const sum = reps.reduce((n, x) => n + plannedOf(x), 0)
      expect(sum).toBeGreaterThan(0)
      expect(plannedOf(await total.locator('td').nth(1).textContent())).toBe(sum)
      await c.shot('rhythm-fair-07-review-past-day')
      await page.getByTestId('review-planned-total').click()
      const visits = page.getByTestId('review-visits')
      await visits.waitFor()
      expect(await visits.locator('tr').count()).toBe(sum)
      await c.shot('rhythm-fair-08-review-visits')
      await page.keyboard.press('Escape')
      expect(c.pageErrors).toEqual([])
    })

    it('a team’s objective is spread evenly over its reps before saving, and the reps add up to it', async () => {
      const { page } = c
      await page.getByRole('tab', { name: tx.targets }).click()
      await page.getByTestId('targets-metric').getByText(tx.visits, { exact: true }).click()
      await page.getByTestId('spread-open').first().click()
      const dialog = page.getByTestId('spread-dialog')
      await dialog.waitFor()
      const reps = dialog.locator('tbody tr')
      const n = await reps.count()
      expect(n).toBeGreaterThan(1)
      const total = n * 40 + 1
      await dialog.getByRole('textbox').first().fill(String(total))
      await dialog.getByText(tx.even, { exact: true }).click()
      const values = async (): Promise<number[]> => (await reps.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).map((v) => Number(v.replace(/,/g, '')))
      await expect.poll(async () => (await values()).reduce((a, b) => a + b, 0)).toBe(total)
      expect(Math.max(...(await values())) - Math.min(...(await values()))).toBeLessThanOrEqual(1)
      await c.shot('rhythm-fair-09-targets-spread')
      const firstRep = ((await reps.first().getAttribute('data-testid')) ?? '').replace(/^spread-/, '')
      const firstValue = (await values())[0]!
      await page.getByTestId('spread-save').click()
      await dialog.waitFor({ state: 'detached' })
      // The rep's row in the editor now holds the spread objective.
      const row = page.getByTestId(`target-${firstRep}`)
      await expect.poll(async () => Number(((await row.getByRole('textbox', { name: tx.objective }).inputValue()) || '0').replace(/,/g, '')), { timeout: 10_000 }).toBe(firstValue)
      expect(c.pageErrors).toEqual([])
    })
  })
}
