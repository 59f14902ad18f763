import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDemoCockpit, type Cockpit } from './cockpit'

/**
 * Renewals by usage, in both languages: on first launch the renewals list already speaks of
 * usage (seats nearly full, a quota running out); a manager records a reading on a contract
 * whose term ends soon, the contract appears as an expansion with its numbers in a sentence,
 * and opens as a deal in one click.
 */
const texts = {
  'zh-CN': {
    collections: '回款',
    renewals: '续约机会',
    openAsDeal: '创建商机',
    record: '记录用量',
    metric: '用量指标',
    used: '已用',
    entitled: '授权 / 预付数量（可不填）',
    save: '保存读数',
    seats: 'E2E 席位',
    reason: 'E2E 席位在用 48 / 50（96%），可谈扩容',
    nearCap: /在用 .+ \/ .+（\d+%），可谈扩容/,
    runsOut: /按每天约 .+ 的用量，.+ 用完/,
    dealName: /扩容/
  },
  'en-US': {
    collections: 'Collections',
    renewals: 'Renewals',
    openAsDeal: 'Open as deal',
    record: 'Record usage',
    metric: 'Metric',
    used: 'Used',
    entitled: 'Licensed / prepaid (optional)',
    save: 'Save reading',
    seats: 'E2E seats',
    reason: 'E2E seats: 48 of 50 in use (96%), room to expand',
    nearCap: /: .+ of .+ in use \(\d+%\), room to expand/,
    runsOut: /a day it runs out on /,
    dealName: /expansion/
  }
}

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`renewals by usage (${locale})`, () => {
    const tx = texts[locale]
    let c: Cockpit
    let number = ''

    beforeAll(async () => {
      c = await openDemoCockpit(locale)
    })
    afterAll(async () => {
      await c?.close()
    })

    const openRenewals = async (): Promise<ReturnType<Cockpit['page']['getByTestId']>> => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: tx.collections, exact: true }).click()
      await page.getByRole('tab', { name: tx.renewals, exact: true }).click()
      const list = page.getByTestId('renewals')
      await list.getByRole('button', { name: tx.openAsDeal }).first().waitFor()
      return list
    }

    it('on first launch the renewals list names usage reasons with their numbers', async () => {
      const list = await openRenewals()
      const nearCap = list.locator('tr[data-kind="usageNearCap"]')
      const runsOut = list.locator('tr[data-kind="usageRunsOut"]')
      expect(await nearCap.count()).toBeGreaterThan(0)
      expect(await runsOut.count()).toBeGreaterThan(0)
      await nearCap.first().getByText(tx.nearCap).waitFor()
      await runsOut.first().getByText(tx.runsOut).waitFor()
      await c.shot('renewals-usage-01-list')
    })

    it('a reading recorded on a contract whose term ends makes it an expansion opportunity', async () => {
      const { page } = c
      const list = await openRenewals()
      // A contract listed for its term end only: no usage on it yet.
      const row = list.locator('tr[data-kind="termEnds"]').filter({ hasNotText: '%' }).first()
      const link = row.getByRole('cell').nth(1).getByRole('link')
      number = (await link.textContent())!.trim()
      await link.click()
      const section = page.getByTestId('usage-section')
      await section.getByRole('button', { name: tx.record }).click()
      const form = page.getByTestId('usage-form')
      await form.getByRole('textbox', { name: tx.metric }).fill(tx.seats)
      await form.getByRole('textbox', { name: tx.used }).fill('48')
      await form.getByRole('textbox', { name: tx.entitled }).fill('50')
      await c.shot('renewals-usage-02-form')
      await form.getByRole('button', { name: tx.save }).click()
      await form.waitFor({ state: 'detached' })
      await section.getByTestId('usage-table').getByText(tx.seats).waitFor()
      await section.scrollIntoViewIfNeeded()
      await c.shot('renewals-usage-03-contract')

      const again = await openRenewals()
      const mine = again.locator('tr[data-kind="usageNearCap"]').filter({ hasText: number }).filter({ hasText: tx.seats })
      await mine.getByText(tx.reason).waitFor()
      await mine.scrollIntoViewIfNeeded()
      await c.shot('renewals-usage-04-opportunity')
      await mine.getByRole('button', { name: tx.openAsDeal }).click()
      await page.waitForURL(/#\/deals\//)
      await page.getByRole('heading', { name: tx.dealName }).first().waitFor()
      await c.shot('renewals-usage-05-deal')
    })

    it('once opened, the contract leaves the list', async () => {
      const list = await openRenewals()
      expect(await list.getByRole('row').filter({ hasText: number }).count()).toBe(0)
    })

    it('the page threw no errors', () => {
      expect(c.pageErrors).toEqual([])
    })
  })
}
