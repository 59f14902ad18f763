import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openDemoCockpit, type Cockpit } from './cockpit'

/**
 * A sales director works a big deal's strategy sheet: the standard red flags go away as the
 * team names the economic buyer and a coach and closes an information gap, and a chosen best
 * action lands as a task in the deal's timeline.
 */
const texts = {
  'zh-CN': {
    nav: '大单作战室',
    list: '范围内的大单',
    contact: '客户联系人',
    role: '角色',
    coach: '教练',
    add: '添加采购影响者',
    coveredBy: '我方对接人',
    mode: '心态',
    growth: '求增长',
    flags: '风险信号',
    addGap: '添加信息缺口',
    gap1: '信息缺口 1',
    gapClosed: '信息缺口 1 已查清',
    question: '今年的预算批了吗?',
    addAction: '添加行动',
    action1: '行动 1',
    chosen1: '行动 1 为最佳行动',
    owner1: '行动 1 的负责人',
    due1: '行动 1 的截止日期',
    actionText: '带财务总监参观样板客户',
    taskCreated: '已生成任务',
    openDeal: '商机详情与跟进'
  },
  'en-US': {
    nav: 'War room',
    list: 'Big deals in scope',
    contact: 'Contact at the customer',
    role: 'Role',
    coach: 'Coach',
    add: 'Add buying influence',
    coveredBy: 'Covered by',
    mode: 'Mode',
    growth: 'Growth',
    flags: 'Red flags',
    addGap: 'Add information gap',
    gap1: 'Information gap 1',
    gapClosed: 'Gap 1 answered',
    question: 'Is the budget approved for this year?',
    addAction: 'Add action',
    action1: 'Action 1',
    chosen1: 'Action 1 is a best action',
    owner1: 'Owner of action 1',
    due1: 'Due date of action 1',
    actionText: 'Take the CFO to the reference site',
    taskCreated: 'Task created',
    openDeal: 'Deal page and timeline'
  }
}

const flagCount = (page: Page, code: string): Promise<number> => page.locator(`[data-flag="${code}"]`).count()

async function waitFlag(page: Page, code: string, present: boolean): Promise<void> {
  await page.waitForFunction(([c, p]) => (document.querySelector(`[data-flag="${c}"]`) !== null) === p, [code, present] as const)
}

/** Pick an option of a Mantine Select by its accessible name; returns the option's text. */
async function pick(scope: Page | ReturnType<Page['locator']>, page: Page, label: string, option: string | number): Promise<string> {
  await scope.getByRole('combobox', { name: label }).first().click()
  const opt = typeof option === 'number' ? page.getByRole('option').nth(option) : page.getByRole('option', { name: option, exact: true })
  const text = ((await opt.textContent()) ?? '').trim()
  await opt.click()
  return text
}

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`war room (${locale})`, () => {
    const tx = texts[locale]
    let c: Cockpit

    beforeAll(async () => {
      c = await openDemoCockpit(locale)
    })
    afterAll(async () => {
      await c?.close()
    })

    it('lists the big deals and opens a sheet that starts with the standard red flags', async () => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: tx.nav, exact: true }).click()
      const table = page.getByRole('table', { name: tx.list })
      await table.getByRole('link').first().waitFor()
      await c.shot('war-01-list')
      await table.getByRole('link').first().click()
      await page.getByRole('region', { name: tx.flags }).waitFor()
      await waitFlag(page, 'no-economic-buyer', true)
      expect(await flagCount(page, 'no-coach')).toBe(1)
      await c.shot('war-02-sheet-empty')
    })

    it('adding a covered economic buyer in growth mode and a coach clears their flags', async () => {
      const { page } = c
      const ebName = (await pick(page, page, tx.contact, 0)).split(' · ')[0]!
      await page.getByRole('button', { name: tx.add }).click()
      const eb = page.getByRole('region', { name: ebName })
      await eb.waitFor()
      await waitFlag(page, 'economic-buyer-uncovered', true)
      await pick(eb, page, tx.coveredBy, 0)
      await waitFlag(page, 'economic-buyer-uncovered', false)
      await pick(eb, page, tx.mode, tx.growth)
      await waitFlag(page, 'economic-buyer-mode', false)

      const coachName = (await pick(page, page, tx.contact, 1)).split(' · ')[0]!
      // The add row's role select is the last "Role" on the page.
      await page.getByRole('combobox', { name: tx.role }).last().click()
      await page.getByRole('option', { name: tx.coach, exact: true }).click()
      await page.getByRole('button', { name: tx.add }).click()
      await page.getByRole('region', { name: coachName }).waitFor()
      await waitFlag(page, 'no-coach', false)
      expect(await flagCount(page, 'no-economic-buyer')).toBe(0)
      await c.shot('war-03-influences')
    })

    it('an information gap raises a flag until it is answered', async () => {
      const { page } = c
      await page.getByRole('button', { name: tx.addGap }).click()
      await page.getByRole('textbox', { name: tx.gap1, exact: true }).fill(tx.question)
      await page.keyboard.press('Tab')
      await waitFlag(page, 'open-gap', true)
      expect(await page.getByRole('region', { name: tx.flags }).getByText(tx.question).count()).toBe(1)
      await c.shot('war-04-gap-open')
      await page.getByRole('checkbox', { name: tx.gapClosed }).check()
      await waitFlag(page, 'open-gap', false)
    })

    it('a chosen best action with owner and date becomes a task in the deal timeline', async () => {
      const { page } = c
      await page.getByRole('button', { name: tx.addAction }).click()
      await page.getByRole('textbox', { name: tx.action1, exact: true }).fill(tx.actionText)
      await page.keyboard.press('Tab')
      await page.getByRole('checkbox', { name: tx.chosen1 }).check()
      const owner = await pick(page, page, tx.owner1, 0)
      await page.getByLabel(tx.due1).fill('2026-12-01')
      await page.getByText(tx.taskCreated).waitFor()
      await c.shot('war-05-actions')

      // Stored through the write path as a task assigned to the owner.
      const tasks = await page.evaluate(
        (subject) =>
          new Promise<{ otherUserId?: string; dueAt?: number; dealId: string | null }[]>((resolve, reject) => {
            const open = indexedDB.open('sales-cockpit')
            open.onerror = () => reject(open.error)
            open.onsuccess = () => {
              const q = open.result.transaction('activities').objectStore('activities').index('kind').getAll('task')
              q.onsuccess = () => {
                resolve((q.result as { subject?: string; otherUserId?: string; dueAt?: number; dealId: string | null }[]).filter((a) => a.subject === subject))
                open.result.close()
              }
            }
          }),
        tx.actionText
      )
      expect(tasks).toHaveLength(1)
      expect(tasks[0]!.dealId).toBeTruthy()
      expect(tasks[0]!.dueAt).toBeGreaterThan(0)

      await page.getByRole('link', { name: tx.openDeal }).click()
      await page.getByText(tx.actionText).first().waitFor()
      expect(owner.length).toBeGreaterThan(0)
      await c.shot('war-06-deal-timeline')
    })

    it('the page threw no errors', () => {
      expect(c.pageErrors).toEqual([])
    })
  })
}
