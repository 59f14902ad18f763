import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDemoCockpit, shanghaiMorning, type Cockpit } from './cockpit'

/**
 * After the signature, in both languages: win a deal on the board, record its contract with a
 * 30 % / 70 %-on-acceptance plan whose first instalment is past due, record a partial
 * collection — and the overdue list, the home card and the deal's timeline show it.
 */
const texts = {
  'zh-CN': {
    pipeline: '销售漏斗',
    board: '看板',
    boardOf: /看板$/,
    won: '赢单',
    reason: '未全部确认或跳过阶段的理由',
    confirm: '确认移动',
    createContract: '创建合同',
    number: '合同编号',
    amount: '合同金额',
    signed: '签约日期',
    twoStep: '首付 30% / 验收后 70%',
    due: '到期',
    save: '保存',
    recordCollection: '登记回款',
    collectionAmount: /回款金额/,
    overdue25: '逾期 25 天',
    collections: '回款',
    overdueTab: '逾期',
    missing: '¥20万',
    home: '今天需要我跟进的回款',
    kinds: { signed: '签订合同', collection: '回款到账', overdue: '回款逾期' },
    leftOpen: /首付款仍剩 ¥20万 未回/,
    preview: /首付款仍剩 ¥20万 未回/,
    kindFilter: '按类型筛选',
    groups: [/^文档/, /^交付回款/],
    dso: '回款周期',
    forecast: '回款预测',
    renewals: '续约机会',
    openAsDeal: '创建商机',
    exportButton: '导出',
    xlsx: 'Excel 表格（.xlsx）',
    overdueSheet: '逾期回款',
    lateSheet: '延迟的交付',
    downloaded: /^已下载：/
  },
  'en-US': {
    pipeline: 'Pipeline',
    board: 'Board',
    boardOf: / board$/,
    won: 'Won',
    reason: 'Why move with milestones unconfirmed or stages skipped',
    confirm: 'Move',
    createContract: 'Create contract',
    number: 'Contract number',
    amount: 'Amount',
    signed: 'Signed on',
    twoStep: '30 % / 70 % on acceptance',
    due: 'Due',
    save: 'Save',
    recordCollection: 'Record collection',
    collectionAmount: /Amount received/,
    overdue25: '25 days overdue',
    collections: 'Collections',
    overdueTab: 'Overdue',
    missing: '¥200K',
    home: 'Collections that need me today',
    kinds: { signed: 'Contract signed', collection: 'Payment collected', overdue: 'Instalment overdue' },
    leftOpen: /¥200K still open on Down payment/,
    preview: /leaves ¥200K open on Down payment/,
    kindFilter: 'Filter by kind',
    groups: [/^Documents/, /^Delivery & payment/],
    dso: 'DSO trend',
    forecast: 'Forecast',
    renewals: 'Renewals',
    openAsDeal: 'Open as deal',
    exportButton: 'Export',
    xlsx: 'Excel workbook (.xlsx)',
    overdueSheet: 'Overdue instalments',
    lateSheet: 'Late deliveries',
    downloaded: /^Downloaded /
  }
}

const reasons = { 'zh-CN': '客户提前拍板', 'en-US': 'The customer decided early' }

/** A day relative to today in Shanghai (the page's clock), as YYYY-MM-DD. */
function shanghaiDate(days: number): string {
  return new Date(shanghaiMorning() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`after the signature (${locale})`, () => {
    const tx = texts[locale]
    const number = `HT-E2E-${locale === 'zh-CN' ? 'ZH' : 'EN'}`
    let c: Cockpit
    let dealId = ''

    beforeAll(async () => {
      c = await openDemoCockpit(locale)
    })
    afterAll(async () => {
      await c?.close()
    })

    it('the home page lists the collections that need the manager today', async () => {
      const card = c.page.getByRole('region', { name: tx.home })
      await card.getByRole('row').first().waitFor()
      expect(await card.getByRole('row').count()).toBeGreaterThan(0)
      await card.scrollIntoViewIfNeeded()
      await c.shot('collections-01-home')
    })

    it('wins a deal on the board', async () => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: tx.pipeline, exact: true }).click()
      await page.getByText(tx.board, { exact: true }).click()
      const board = page.getByRole('region', { name: tx.boardOf })
      const card = board.getByRole('list').nth(1).locator('[data-deal-id]').first()
      await card.waitFor()
      dealId = (await card.getAttribute('data-deal-id'))!
      await card.focus()
      await page.keyboard.press('m')
      await page.getByRole('menu').getByRole('menuitem', { name: tx.won, exact: true }).click()
      const dialog = page.getByRole('dialog')
      const confirm = dialog.getByRole('button', { name: tx.confirm })
      if (await confirm.isDisabled()) await dialog.getByRole('textbox', { name: tx.reason }).fill(reasons[locale])
      await confirm.click()
      await dialog.waitFor({ state: 'detached' })
      expect(dealId).not.toBe('')
    })

    it('records the contract with a plan whose first instalment is past due', async () => {
      const { page } = c
      await page.goto(`${c.harness.url}#/deals/${dealId}`)
      const panel = page.getByTestId('contract-panel')
      await panel.getByRole('button', { name: tx.createContract }).click()
      const form = page.getByTestId('contract-form')
      await form.getByRole('textbox', { name: tx.number }).fill(number)
      await form.getByRole('textbox', { name: tx.amount }).fill('1000000')
      await form.getByLabel(tx.signed).fill(shanghaiDate(-40))
      await form.getByRole('button', { name: tx.twoStep }).click()
      // The down payment fell due 25 days ago; the rest waits for acceptance.
      await form.getByTestId('plan-row').first().getByLabel(tx.due).fill(shanghaiDate(-25))
      await c.shot('collections-02-contract-form')
      await form.getByRole('button', { name: tx.save }).click()
      await form.waitFor({ state: 'detached' })
      await panel.getByText(tx.overdue25).waitFor()
      await c.shot('collections-03-deal-with-contract')
    })

    it('records a partial collection; the rest of the instalment stays overdue', async () => {
      const { page } = c
      const panel = page.getByTestId('contract-panel')
      await panel.getByRole('button', { name: tx.recordCollection }).click()
      const form = page.getByTestId('collection-form')
      await form.getByRole('textbox', { name: tx.collectionAmount }).fill('100000')
      await form.getByTestId('collection-preview').getByText(tx.preview).waitFor()
      await c.shot('collections-04-collection-form')
      await form.getByRole('button', { name: tx.save }).click()
      await form.waitFor({ state: 'detached' })
      await panel.getByTestId('contract-progress').getByText(/10/).waitFor()
      await panel.getByText(tx.overdue25).waitFor()
    })

    it("the deal's timeline shows the contract, the overdue instalment and the collection in order", async () => {
      const { page } = c
      const feed = page.getByRole('feed')
      // Documents and delivery & payment only, so the three events are on screen together.
      for (const g of tx.groups) await page.getByRole('group', { name: tx.kindFilter }).getByText(g).click()
      const kinds = feed.locator('[data-kind="contract_signed"], [data-kind="instalment_overdue"], [data-kind="collection"]')
      await feed.locator('[data-kind="collection"]').waitFor()
      // Newest first: the collection (today), the instalment falling overdue (24 days ago), the contract signed (40 days ago).
      expect(await kinds.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['collection', 'instalment_overdue', 'contract_signed'])
      await feed.locator('[data-kind="collection"]').getByText(tx.leftOpen).waitFor()
      await feed.locator('[data-kind="instalment_overdue"]').getByText(tx.kinds.overdue).waitFor()
      expect(await feed.locator('[data-kind="instalment_overdue"] [data-overdue-days]').getAttribute('data-overdue-days')).toBe('25')
      await feed.locator('[data-kind="contract_signed"]').getByText(tx.kinds.signed).waitFor()
      await c.shot('collections-05-deal-timeline')
    })

    it('the overdue list shows the contract with its days overdue and what is missing; the line opens the contract', async () => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: tx.collections, exact: true }).click()
      await page.getByRole('tab', { name: tx.overdueTab, exact: true }).click()
      const table = page.getByTestId('overdue-table')
      const row = table.getByRole('row').filter({ hasText: number })
      await row.waitFor()
      const cells = await row.getByRole('cell').allTextContents()
      expect(cells).toContain('25')
      expect(cells).toContain(tx.missing)
      await c.shot('collections-06-overdue')
      // The late deliveries sit under the overdue instalments, each naming its milestone.
      const late = page.getByTestId('late-milestones')
      await late.getByRole('table').getByRole('row').nth(1).waitFor()
      await late.scrollIntoViewIfNeeded()
      await c.shot('collections-06b-late-deliveries')
      await row.getByRole('link', { name: number }).click()
      await page.getByTestId('plan-table').waitFor()
      await page.getByTestId('contract-outstanding').getByText(locale === 'zh-CN' ? '¥90万' : '¥900K').waitFor()
      await c.shot('collections-07-contract')
    })

    it('exports the overdue view to Excel with the same figures as the screen', async () => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: tx.collections, exact: true }).click()
      await page.getByRole('tab', { name: tx.overdueTab, exact: true }).click()
      const table = page.getByTestId('overdue-table')
      await table.getByRole('row').filter({ hasText: number }).waitFor()
      const onScreen = await table.getByRole('row').count()
      // The app's one export: Export → Excel; main builds the workbook, the harness page downloads it.
      await page.getByTestId('overdue-list').getByRole('button', { name: tx.exportButton, exact: true }).click()
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: tx.xlsx }).click()])
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
      const path = join(c.harness.dataDir, download.suggestedFilename())
      await download.saveAs(path)
      await page.getByText(tx.downloaded).first().waitFor()
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile(path)
      expect(wb.worksheets.map((w) => w.name)).toEqual([tx.overdueSheet, tx.lateSheet])
      const ws = wb.worksheets[0]!
      expect(ws.rowCount).toBe(onScreen)
      const rows: ExcelJS.Row[] = []
      ws.eachRow((r) => rows.push(r))
      const mine = rows.find((r) => r.getCell(2).value === number)!
      // 25 days, ¥200,000 open as a number in yuan, the due day as a date.
      expect(mine.getCell(5).value).toBe(25)
      expect(mine.getCell(6).value).toBe(200_000)
      expect(mine.getCell(6).numFmt).toContain('¥')
      expect((mine.getCell(4).value as Date).toISOString().slice(0, 10)).toBe(shanghaiDate(-25))
    })

    it('the manager views: this month vs plan, DSO, forecast, renewals that open as deals', async () => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: tx.collections, exact: true }).click()
      await page.getByTestId('month-by-rep').waitFor()
      await c.shot('collections-08-month')
      await page.getByRole('tab', { name: tx.dso, exact: true }).click()
      await page.getByTestId('dso-table').waitFor()
      await page.waitForTimeout(300)
      await c.shot('collections-09-dso')
      await page.getByRole('tab', { name: tx.forecast, exact: true }).click()
      await page.getByTestId('forecast-table').waitFor()
      await page.waitForTimeout(300)
      await c.shot('collections-10-forecast')
      await page.getByRole('tab', { name: tx.renewals, exact: true }).click()
      const renewals = page.getByTestId('renewals')
      await renewals.getByRole('button', { name: tx.openAsDeal }).first().waitFor()
      await c.shot('collections-11-renewals')
      await renewals.getByRole('button', { name: tx.openAsDeal }).first().click()
      await page.waitForURL(/#\/deals\//)
    })

    it('the page threw no errors', () => {
      expect(c.pageErrors).toEqual([])
    })
  })
}
