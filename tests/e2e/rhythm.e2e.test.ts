import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDemoCockpit, type Cockpit } from './cockpit'

/**
 * A manager's team-rhythm pass, in both languages: the eight-visit board shows who is short of
 * the rule; a reclaim run is previewed and applied and the customers land in the pool; a
 * flagged visit is confirmed and leaves the audit queue.
 */
const texts = {
  'zh-CN': { nav: '团队节奏', prevDay: '前一天', kickoff: '早启动', review: '晚复盘', pool: '公海', audit: '拜访稽核', heroes: '英雄榜', preview: '预览回收', apply: /执行：/, confirm: '确认' },
  'en-US': { nav: 'Team rhythm', prevDay: 'Previous day', kickoff: 'Morning kickoff', review: 'Evening review', pool: 'Public pool', audit: 'Visit audits', heroes: 'Heroes', preview: 'Preview reclaim', apply: /Apply:/, confirm: 'Confirm' }
}

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`team rhythm (${locale})`, () => {
    const tx = texts[locale]
    let c: Cockpit

    beforeAll(async () => {
      c = await openDemoCockpit(locale)
      await c.page.getByRole('navigation').getByRole('link', { name: tx.nav, exact: true }).click()
    }, 90_000)
    afterAll(async () => {
      await c?.close()
    })

    it('the eight-visit board shows the reps short of the rule on a working day', async () => {
      const { page } = c
      const board = page.getByTestId('eight-visit-board')
      await board.waitFor()
      // Step back to the last finished working day: some reps made their eight, some did not.
      for (let i = 0; i < 5; i++) {
        await page.getByRole('button', { name: tx.prevDay }).click()
        await page.waitForTimeout(150)
        if ((await board.locator('tr[data-short="false"]').count()) > 0) break
      }
      expect(await board.locator('tr[data-short="false"]').count()).toBeGreaterThan(0)
      const short = board.locator('tr[data-short="true"]')
      expect(await short.count()).toBeGreaterThan(0)
      // Click through to the short rep's visits.
      await short.first().getByRole('button').click()
      await c.shot('rhythm-01-board')
      await page.getByTestId('compliance-grid').scrollIntoViewIfNeeded()
      await c.shot('rhythm-02-heatmap')
    })

    it('kickoff, review and heroes open with targets, plans and honours', async () => {
      const { page } = c
      await page.getByRole('tab', { name: tx.kickoff }).click()
      await page.getByTestId('kickoff').locator('tbody tr').first().waitFor()
      await c.shot('rhythm-03-kickoff')
      await page.getByRole('tab', { name: tx.review }).click()
      await page.getByTestId('review').locator('tbody tr').first().waitFor()
      await c.shot('rhythm-04-review')
      await page.getByRole('tab', { name: tx.heroes }).click()
      await page.getByTestId('heroes').waitFor()
      await c.shot('rhythm-09-heroes')
    })

    it('previews a reclaim run, applies it, and the customers are in the pool', async () => {
      const { page } = c
      await page.getByRole('tab', { name: tx.pool }).click()
      await page.getByRole('button', { name: tx.preview }).click()
      const preview = page.getByTestId('reclaim-preview')
      await preview.waitFor({ timeout: 20_000 })
      const names = (await preview.locator('tbody tr').getByRole('link').allTextContents()).map((n) => n.trim())
      expect(names.length).toBeGreaterThan(0)
      const inPool = page.getByTestId('pool-count')
      const poolCount = async (): Promise<number> => Number(/\d+/.exec((await inPool.textContent()) ?? '')![0])
      // The pool list loads on its own; read the count once it has (the demo always has pool customers).
      await expect.poll(poolCount, { timeout: 20_000 }).toBeGreaterThan(0)
      const before = await poolCount()
      const moving = Number(/\d+/.exec((await page.getByTestId('reclaim-summary').textContent()) ?? '')![0])
      await c.shot('rhythm-05-pool-preview')
      await page.getByRole('button', { name: tx.apply }).click()
      await preview.waitFor({ state: 'detached', timeout: 20_000 })
      await expect.poll(poolCount, { timeout: 30_000 }).toBe(before + moving)
      // The pool lists the newest arrivals first: the customers just reclaimed.
      const top = ((await page.getByTestId('pool-list').getByRole('link').first().textContent()) ?? '').trim()
      expect(names).toContain(top)
      await c.shot('rhythm-06-pool-applied')
    })

    it('confirms an audit flag and it leaves the queue', async () => {
      const { page } = c
      await page.getByRole('tab', { name: tx.audit }).click()
      const queue = page.getByTestId('audit-queue')
      await queue.waitFor({ timeout: 20_000 })
      const row = queue.locator('tbody tr').first()
      const id = await row.getAttribute('data-testid')
      await c.shot('rhythm-07-audit')
      await row.getByRole('button', { name: tx.confirm, exact: true }).click()
      await page.getByTestId(id!).waitFor({ state: 'detached' })
      await page.getByTestId('audit-reviewed').waitFor()
      await c.shot('rhythm-08-audit-confirmed')
      expect(c.pageErrors.filter((e) => !/ResizeObserver/.test(e))).toEqual([])
    })
  })
}
