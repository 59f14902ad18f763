import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openDemoCockpit, screenshotDir, type Cockpit } from './cockpit'

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
    openDeal: '商机详情与跟进',
    history: '历史',
    snapshot: '立即拍快照',
    compare: '与当前对比',
    diffTitle: '自此快照以来的变化',
    gap2: '信息缺口 2',
    question2: '竞品报价多少?',
    meeting: '会议模式',
    agenda: '议程',
    sections: ['单一销售目标', '采购影响者', '信息缺口'],
    print: '打印 / PDF',
    pdfTitle: '作战表 ·',
    pdfSections: ['单一销售目标', '采购影响者', '信息缺口', '竞争', '风险信号与优势', '评估(TAS)', '可选行动与最佳行动'],
    bigDeal: '大单',
    back: '← 返回作战表',
    pdfFooter: '内部资料'
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
    openDeal: 'Deal page and timeline',
    history: 'History',
    snapshot: 'Take snapshot now',
    compare: 'Compare with now',
    diffTitle: 'Changes since this snapshot',
    gap2: 'Information gap 2',
    question2: 'What price did the competitor quote?',
    meeting: 'Meeting mode',
    agenda: 'Agenda',
    sections: ['Single sales objective', 'Buying influences', 'Information gaps'],
    print: 'Print / PDF',
    pdfTitle: 'Strategy sheet ·',
    pdfSections: ['Single sales objective', 'Buying influences', 'Information gaps', 'Competition', 'Red flags and strengths', 'Assessment (TAS)', 'Possible actions and best actions'],
    bigDeal: 'Big deal',
    back: '← Back to the sheet',
    pdfFooter: 'confidential'
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

    it('the history shows a gap added since a snapshot', async () => {
      const { page } = c
      // Back from the deal timeline to the sheet.
      await page.goBack()
      await page.getByRole('region', { name: tx.flags }).waitFor()
      await page.getByRole('button', { name: tx.history, exact: true }).click()
      await page.getByRole('button', { name: tx.snapshot }).click()
      await page.getByRole('button', { name: tx.compare }).first().waitFor()
      await page.keyboard.press('Escape')
      await page.getByRole('dialog').waitFor({ state: 'detached' })

      await page.getByRole('button', { name: tx.addGap }).click()
      await page.getByRole('textbox', { name: tx.gap2, exact: true }).fill(tx.question2)
      await page.keyboard.press('Tab')
      await waitFlag(page, 'open-gap', true)

      await page.getByRole('button', { name: tx.history, exact: true }).click()
      await page.getByRole('button', { name: tx.compare }).first().click()
      const diff = page.getByRole('region', { name: tx.diffTitle })
      await diff.locator('[data-diff="added"]').filter({ hasText: tx.question2 }).waitFor()
      expect(await diff.locator('[data-diff="removed"]').count()).toBe(0)
      await c.shot('war-07-history-diff')
      await page.keyboard.press('Escape')
      await page.getByRole('dialog').waitFor({ state: 'detached' })
    })

    it('meeting mode walks the agenda with the arrow keys and a running timer', async () => {
      const { page } = c
      await page.getByRole('button', { name: tx.meeting }).click()
      const meeting = page.getByRole('dialog', { name: tx.meeting })
      await meeting.waitFor()
      const agenda = meeting.getByRole('navigation', { name: tx.agenda })
      const current = async (): Promise<string> => ((await agenda.locator('[aria-current="step"]').textContent()) ?? '').trim()
      expect(await current()).toContain(tx.sections[0])
      await page.keyboard.press('ArrowRight')
      await page.keyboard.press('ArrowRight')
      expect(await current()).toContain(tx.sections[2])
      await meeting.getByRole('heading', { name: tx.sections[2] }).waitFor()
      // The gaps of this sheet are on the wall.
      await meeting.getByText(tx.question).waitFor()
      await c.shot('war-08-meeting')
      await page.keyboard.press('ArrowLeft')
      expect(await current()).toContain(tx.sections[1])
      expect(await meeting.getByRole('timer').textContent()).toMatch(/^\d\d:\d\d$/)
      await page.keyboard.press('Escape')
      await meeting.waitFor({ state: 'detached' })
    })

    it('the manual big-deal flag is written with a big_deal_flag activity', async () => {
      const { page } = c
      const toggle = page.getByRole('switch', { name: tx.bigDeal })
      const before = await toggle.isChecked()
      await toggle.click({ force: true })
      await page.waitForFunction((was) => (document.querySelector('[role="switch"]') as HTMLInputElement | null)?.checked === !was, before)
      const flags = await page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('sales-cockpit')
            open.onerror = () => reject(open.error)
            open.onsuccess = () => {
              const q = open.result.transaction('activities').objectStore('activities').index('kind').getAll('big_deal_flag')
              q.onsuccess = () => {
                resolve((q.result as { loggedAt?: number; at: number }[]).filter((a) => a.loggedAt !== undefined && Date.now() - a.at < 60_000).length)
                open.result.close()
              }
            }
          })
      )
      expect(flags).toBe(1)
      // Put it back as it was; that is one more activity, which is fine.
      await toggle.click({ force: true })
      await page.waitForFunction((was) => (document.querySelector('[role="switch"]') as HTMLInputElement | null)?.checked === was, before)
    })

    it('the print view makes an A4 PDF that holds the sheet in the reader\'s language', async () => {
      const { page } = c
      await page.getByRole('button', { name: tx.print }).click()
      await page.getByRole('link', { name: tx.back }).waitFor()
      await page.getByRole('region', { name: tx.pdfSections[6] }).waitFor()
      await c.shot('war-09-print-view')
      const dir = mkdtempSync(join(tmpdir(), 'war-pdf-'))
      try {
        const file = join(dir, 'sheet.pdf')
        writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true }))
        const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
        // pdftotext keeps CJK but may break lines between table cells: compare without whitespace.
        const flat = text.replace(/\s+/g, '')
        const has = (s: string): boolean => flat.includes(s.replace(/\s+/g, ''))
        expect(has(tx.pdfTitle)).toBe(true)
        for (const section of tx.pdfSections) expect(has(section), section).toBe(true)
        expect(has(tx.question)).toBe(true)
        expect(has(tx.question2)).toBe(true)
        expect(has(tx.actionText)).toBe(true)
        // No tofu: no replacement characters or empty boxes where text should be.
        expect(text).not.toMatch(/[\uFFFD\u25A1]/)
        const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
        expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(1)
        // A4 is 595 × 842 points.
        expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)?/)
        // Footer on every page: which deal and when it was printed.
        expect(has(tx.pdfFooter)).toBe(true)
        copyFileSync(file, join(screenshotDir, locale, 'war-sheet.pdf'))
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })

    it('the page threw no errors', () => {
      expect(c.pageErrors).toEqual([])
    })
  })
}
