import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import * as Y from 'yjs'
import { readSheet } from '../../src/shared/domain/strategy-sheet'
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
    typingHere: '正在此处输入',
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
    typingHere: 'is typing here',
    back: '← Back to the sheet',
    pdfFooter: 'confidential'
  }
}

const warRoomText = (locale: 'zh-CN' | 'en-US'): Record<string, Record<string, string>> =>
  JSON.parse(readFileSync(join(__dirname, `../../src/renderer/src/app/i18n/locales/${locale}/warRoom.json`), 'utf8'))

interface StoredSheet {
  sheetId: string
  updates: number[][]
}

/** A deal's stored sheet straight from IndexedDB (the page's CSP allows no eval, so each access is its own function). */
function readStoredSheet(page: Page, dealId: string): Promise<StoredSheet> {
  return page.evaluate(
    (deal) =>
      new Promise<StoredSheet>((resolve, reject) => {
        const open = indexedDB.open('sales-cockpit')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          const tx = db.transaction(['strategySheets', 'sheetUpdates'])
          const q = tx.objectStore('strategySheets').getAll()
          q.onsuccess = () => {
            const sheet = (q.result as { id: string; dealId: string; deleted?: boolean }[]).find((s) => s.dealId === deal && !s.deleted)
            if (!sheet) return reject(new Error('no sheet'))
            const u = tx.objectStore('sheetUpdates').index('sheetId').getAll(sheet.id)
            u.onsuccess = () => {
              resolve({ sheetId: sheet.id, updates: (u.result as { update: Uint8Array }[]).map((r) => Array.from(r.update)) })
              db.close()
            }
          }
        }
      }),
    dealId
  )
}

/** What no button does: an update from a newer version, a damaged update, a contact removed on another laptop. */
function writeBadInput(page: Page, arg: { sheetId: string; future: number[]; contactId: string }): Promise<void> {
  return page.evaluate(
    (a) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('sales-cockpit')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          const tx = db.transaction(['sheetUpdates', 'contacts'], 'readwrite')
          tx.objectStore('sheetUpdates').add({ sheetId: a.sheetId, update: new Uint8Array(a.future) })
          tx.objectStore('sheetUpdates').add({ sheetId: a.sheetId, update: new Uint8Array([255, 1, 2, 3]) })
          const c = tx.objectStore('contacts').get(a.contactId)
          c.onsuccess = () => tx.objectStore('contacts').put({ ...(c.result as object), deleted: true })
          tx.oncomplete = () => {
            db.close()
            resolve()
          }
          tx.onerror = () => reject(tx.error)
        }
      }),
    arg
  )
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

    it('two windows typing in the same field at once both keep their characters, and see each other there', async () => {
      const { page } = c
      const other = await c.context.newPage()
      try {
        await other.goto(page.url())
        const mine = page.getByRole('textbox', { name: tx.gap1, exact: true })
        const theirs = other.getByRole('textbox', { name: tx.gap1, exact: true })
        await theirs.waitFor()
        // Presence: the other window is listed, and shown in the field it is in.
        await page.locator('[data-peer]').first().waitFor()
        await theirs.click()
        await page.locator('[data-field^="gaps."]').first().waitFor()
        await page.getByText(tx.typingHere).first().waitFor()
        await c.shot('war-04b-presence')
        await mine.click()
        await page.keyboard.press('Home')
        await theirs.press('End')
        // Interleaved keystrokes in both windows, no blur in between.
        await Promise.all([page.keyboard.type('ONE ', { delay: 15 }), other.keyboard.type(' TWO', { delay: 15 })])
        const both = `ONE ${tx.question} TWO`
        const valueOf = (p: Page): Promise<string> => p.evaluate((n) => (document.querySelector(`[aria-label="${n}"]`) as HTMLInputElement | null)?.value ?? '', tx.gap1)
        await expect.poll(async () => [await valueOf(page), await valueOf(other)], { timeout: 10_000 }).toEqual([both, both])
        await page.waitForFunction(([n, v]) => (document.querySelector(`[aria-label="${n}"]`) as HTMLInputElement | null)?.value === v, [tx.gap1, both] as const)
        await other.waitForFunction(([n, v]) => (document.querySelector(`[aria-label="${n}"]`) as HTMLInputElement | null)?.value === v, [tx.gap1, both] as const)
        await c.shot('war-04c-cotyped')
        // Put the question back for the steps below (a whole-field change is one minimal edit too).
        await mine.fill(tx.question)
        await other.waitForFunction(([n, v]) => (document.querySelector(`[aria-label="${n}"]`) as HTMLInputElement | null)?.value === v, [tx.gap1, tx.question] as const)
      } finally {
        await other.close()
      }
      // The other window left: its chip goes.
      await page.waitForFunction(() => document.querySelector('[data-peer]') === null)
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

    it('the big-deal switch shows the process rule and the manual flag side by side', async () => {
      const { page } = c
      await page.goBack()
      const rule = page.locator('[data-big-deal-rule]')
      await rule.waitFor()
      const wr = warRoomText(locale)
      // The demo's big deals are big by their process's amount rule.
      expect(await rule.getAttribute('data-big-deal-rule')).toBe('met')
      expect(await rule.textContent()).toContain(wr.bigDeal!.ruleMet!.split('{{')[0]!.trim())
      const toggle = page.getByRole('switch', { name: tx.bigDeal })
      expect(await page.locator('[data-big-deal-manual]').count()).toBe((await toggle.isChecked()) ? 1 : 0)
      await toggle.click({ force: true })
      await page.waitForFunction(() => document.querySelector('[data-big-deal-manual]') !== null !== !(document.querySelector('[role="switch"]') as HTMLInputElement).checked)
      await c.shot('war-10-big-deal-rule')
      await toggle.click({ force: true })
    })

    it('compares any two snapshots, not only a snapshot with now', async () => {
      const { page } = c
      await page.getByRole('button', { name: tx.history, exact: true }).click()
      await page.getByRole('button', { name: tx.snapshot }).click()
      const compare = page.getByRole('button', { name: tx.compare })
      await page.waitForFunction((n) => document.querySelectorAll('[role="dialog"] button').length >= n, 5)
      await expect.poll(() => compare.count()).toBeGreaterThanOrEqual(2)
      // The oldest snapshot (before the second gap) against the newest (after it).
      await compare.last().click()
      const wr = warRoomText(locale)
      await page.getByRole('combobox', { name: wr.history!.to, exact: true }).click()
      await page.getByRole('option').nth(1).click()
      const diff = page.getByRole('region', { name: tx.diffTitle })
      await diff.locator('[data-diff="added"]').filter({ hasText: tx.question2 }).waitFor()
      await c.shot('war-11-diff-two-snapshots')
      // The newest against now: the second gap is in both, so it is not an addition.
      await page.getByRole('combobox', { name: wr.history!.from, exact: true }).click()
      await page.getByRole('option').nth(0).click()
      await page.getByRole('combobox', { name: wr.history!.to, exact: true }).click()
      await page.getByRole('option', { name: wr.history!.now, exact: true }).click()
      await expect.poll(() => diff.locator('[data-diff="added"]').filter({ hasText: tx.question2 }).count()).toBe(0)
      await page.keyboard.press('Escape')
      await page.getByRole('dialog').waitFor({ state: 'detached' })
    })

    it('a sheet from a newer version, a damaged update and a removed buying influence: clear messages, content kept', async () => {
      const { page } = c
      const dealId = /war-room\/([^/?#]+)/.exec(page.url())![1]!
      const wr = warRoomText(locale)
      const stored = await readStoredSheet(page, dealId)
      // What another install of a newer version would have written, on top of everything here.
      const doc = new Y.Doc()
      for (const u of stored.updates) Y.applyUpdate(doc, new Uint8Array(u))
      const before = readSheet(doc)
      const influence = before.influences[0]!
      const sv = Y.encodeStateVector(doc)
      doc.getMap('meta').set('schemaVersion', 99)
      const future = Array.from(Y.encodeStateAsUpdate(doc, sv))
      await writeBadInput(page, { sheetId: stored.sheetId, future, contactId: influence.contactId })
      await page.reload()
      await page.getByText(wr.error!.newerTitle!).waitFor()
      await page.getByText(wr.error!.damagedTitle!).waitFor()
      // Read-only, and everything still there.
      const gap = page.getByRole('textbox', { name: tx.gap1, exact: true })
      expect(await gap.inputValue()).toBe(before.gaps[0]!.question)
      expect(await gap.getAttribute('readonly')).not.toBeNull()
      const row = page.getByRole('region', { name: influence.name })
      await row.getByText(wr.influence!.contactRemoved!).waitFor()
      await waitFlag(page, 'contact-removed', true)
      await c.shot('war-12-bad-input')
    })

    it('an account business plan keeps the customer strategy and revenue years', async () => {
      const { page } = c
      const wr = warRoomText(locale)
      await page.getByRole('navigation').getByRole('link', { name: tx.nav, exact: true }).click()
      const accounts = page.getByRole('list', { name: wr.account!.list })
      await accounts.getByRole('listitem').first().click()
      const strategy = page.getByRole('textbox', { name: wr.account!.strategy, exact: true })
      await strategy.waitFor()
      const text = locale === 'zh-CN' ? '三年内成为华东最大的智能产线供应商' : 'Become the largest smart-line supplier in the east within three years'
      await strategy.fill(text)
      await page.getByRole('button', { name: wr.account!.addYear }).click()
      const years = page.getByRole('table', { name: wr.account!.revenue })
      await expect.poll(() => years.getByRole('textbox', { name: wr.account!.year }).count()).toBeGreaterThanOrEqual(1)
      await c.shot('war-13-account-plan')
      // Stored: it is all there after a reload.
      await page.reload()
      await strategy.waitFor()
      expect(await strategy.inputValue()).toBe(text)
      expect(await years.getByRole('textbox', { name: wr.account!.year }).count()).toBeGreaterThanOrEqual(1)

      // A joint action's text is co-typed like the sheet's: two windows typing at once both keep their characters.
      await page.getByRole('button', { name: wr.account!.addJoint }).click()
      const jointName = wr.account!.jointN!.replace('{{n}}', '1')
      const mine = page.getByRole('textbox', { name: jointName, exact: true })
      await mine.fill('visit')
      const other = await c.context.newPage()
      try {
        await other.goto(page.url())
        const theirs = other.getByRole('textbox', { name: jointName, exact: true })
        await theirs.waitFor()
        await expect.poll(() => theirs.inputValue()).toBe('visit')
        await mine.click()
        await page.keyboard.press('Home')
        await theirs.click()
        await theirs.press('End')
        await Promise.all([page.keyboard.type('PLANT ', { delay: 15 }), other.keyboard.type(' MARCH', { delay: 15 })])
        const both = 'PLANT visit MARCH'
        await expect.poll(async () => [await mine.inputValue(), await theirs.inputValue()], { timeout: 10_000 }).toEqual([both, both])
        await c.shot('war-13b-account-plan-cotyped')
      } finally {
        await other.close()
      }
      await page.reload()
      await mine.waitFor()
      expect(await mine.inputValue()).toBe('PLANT visit MARCH')
    })

    it('the page threw no errors', () => {
      expect(c.pageErrors).toEqual([])
    })
  })
}
