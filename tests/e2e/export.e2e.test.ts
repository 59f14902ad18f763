import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { formatMoney } from '../../src/renderer/src/ui/format'
import { openDemoCockpit, screenshotDir, type Cockpit } from './cockpit'

/**
 * Export, end to end in both languages: a view → Export → Excel downloads an .xlsx that main
 * built (read back with exceljs and compared with what the screen shows: the same rows, real
 * numbers, real dates, the currency's format); Export → PDF opens the A4 print view, printed
 * by Chromium as Electron's printToPDF does (pdftotext finds the figures and the Chinese text,
 * the fonts are embedded, the chart is vectors).
 */
const texts = {
  'zh-CN': {
    pipeline: '销售漏斗',
    board: '看板',
    funnel: '漏斗',
    list: '列表',
    boardOf: /看板$/,
    exportButton: '导出',
    xlsx: 'Excel 表格（.xlsx）',
    pdf: 'PDF（A4 打印视图）',
    printOf: (title: string) => `打印预览 · ${title}`,
    funnelTitle: /^漏斗 · /,
    stageHeader: '阶段',
    reachedHeader: '到达',
    allDeals: '全部商机',
    dealHeader: '商机',
    amountHeader: '金额',
    closeHeader: '预计成交',
    doorSummary: /^(\d+) 个商机，合计/,
    customers: '客户',
    customersTotal: /^共 (\d+) 家客户$/,
    downloaded: /^已下载：/,
    printed: '导出于',
    yuan: '"¥"#,##0.00'
  },
  'en-US': {
    pipeline: 'Pipeline',
    board: 'Board',
    funnel: 'Funnel',
    list: 'List',
    boardOf: / board$/,
    exportButton: 'Export',
    xlsx: 'Excel workbook (.xlsx)',
    pdf: 'PDF (A4 print view)',
    printOf: (title: string) => `Print preview · ${title}`,
    funnelTitle: /^Funnel · /,
    stageHeader: 'Stage',
    reachedHeader: 'Reached',
    allDeals: 'All deals',
    dealHeader: 'Deal',
    amountHeader: 'Amount',
    closeHeader: 'Close date',
    doorSummary: /^(\d+) deals?, .* in total$/,
    customers: 'Customers',
    customersTotal: /^(\d+) customers?$/,
    downloaded: /^Downloaded /,
    printed: 'exported',
    yuan: '"¥"#,##0.00'
  }
}

/** Click Export → Excel in `scope` and read the downloaded workbook back. */
async function exportXlsx(page: Page, scope: ReturnType<Page['locator']> | Page, tx: (typeof texts)['zh-CN' | 'en-US'], dir: string): Promise<{ book: ExcelJS.Workbook; name: string; path: string }> {
  await scope.getByRole('button', { name: tx.exportButton, exact: true }).click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: tx.xlsx }).click()])
  const path = join(dir, download.suggestedFilename())
  await download.saveAs(path)
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(path)
  await page.getByText(tx.downloaded).first().waitFor()
  return { book, name: download.suggestedFilename(), path }
}

/** The visible text of a table's body rows, cell by cell. */
async function tableRows(table: ReturnType<Page['locator']>): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())))
}

const squash = (s: string): string => s.replace(/\s+/g, '')

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`export (${locale})`, () => {
    const tx = texts[locale]
    let c: Cockpit
    let dir: string

    beforeAll(async () => {
      c = await openDemoCockpit(locale)
      dir = mkdtempSync(join(tmpdir(), `export-e2e-${locale}-`))
    })
    afterAll(async () => {
      await c?.close()
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    it('the funnel to Excel: the same stages and figures as the screen, as numbers', async () => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: tx.pipeline, exact: true }).click()
      await page.getByText(tx.funnel, { exact: true }).click()
      const table = page.getByRole('table').first()
      await table.locator('tbody tr').first().waitFor()
      const screen = await tableRows(table)
      const { book, name } = await exportXlsx(page, page, tx, dir)
      expect(name).toMatch(/\.xlsx$/)
      const ws = book.worksheets[0]!
      expect(ws.name).toMatch(tx.funnelTitle)
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
      expect(ws.getCell('A1').value).toBe(tx.stageHeader)
      expect(ws.getCell('B1').value).toBe(tx.reachedHeader)
      expect(ws.rowCount - 1).toBe(screen.length)
      screen.forEach((cells, i) => {
        const row = ws.getRow(i + 2)
        expect(row.getCell(1).value).toBe(cells[0])
        // Reached and open now: the very numbers on screen.
        expect(row.getCell(2).type).toBe(ExcelJS.ValueType.Number)
        expect(String(row.getCell(2).value)).toBe(cells[1])
        expect(String(row.getCell(4).value)).toBe(cells[3])
        // Conversion: a ratio, shown as the screen's whole percent.
        const conversion = row.getCell(3).value as number | null
        expect(conversion === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(conversion)).toBe(cells[2])
        // The open amount: yuan with a yuan format, reading as the screen's 万 / K figure.
        const amount = row.getCell(5)
        expect(amount.type).toBe(ExcelJS.ValueType.Number)
        expect(amount.numFmt).toBe(tx.yuan)
        expect(formatMoney(Math.round((amount.value as number) * 100), 'CNY', locale)).toBe(cells[4])
      })
      await c.shot('export-01-funnel')
    })

    it('the funnel to PDF: an A4 print view whose text, figures and chart labels are in the file', async () => {
      const { page } = c
      const screen = await tableRows(page.getByRole('table').first())
      await page.getByRole('button', { name: tx.exportButton, exact: true }).click()
      await page.getByRole('menuitem', { name: tx.pdf }).click()
      const view = page.locator('.export-print')
      await view.waitFor()
      await page.locator('.export-print[data-export-ready="true"]').waitFor()
      // The chart is drawn again as SVG: vectors on paper, its labels real text.
      expect(await view.locator('.export-print-chart svg').count()).toBe(1)
      await c.shot('export-02-funnel-print-view')
      const file = join(dir, 'funnel.pdf')
      writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }))
      copyFileSync(file, join(screenshotDir, locale, 'export-funnel.pdf'))
      // Raw order keeps a cell's words together when a narrow column wraps them.
      const text = squash(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }))
      for (const cells of screen) {
        expect(text).toContain(squash(cells[0]!))
        expect(text).toContain(squash(cells[4]!))
      }
      expect(text).toContain(squash(tx.printed))
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
      expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/)
      // Every font travels inside the file with a Unicode map (so the text stays searchable).
      // Chromium embeds the CJK glyphs of Noto's OpenType collection as Type 3 outlines.
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean)
      expect(fonts.length).toBeGreaterThan(0)
      for (const f of fonts) expect(f, f).toMatch(/\syes\s+(yes|no)\s+yes\s+\d+\s+\d+\s*$/)
      if (locale === 'zh-CN') {
        expect(fonts.some((f) => /CJK|Type 3/.test(f)), fonts.join('\n')).toBe(true)
        expect(text).toMatch(/[\u4e00-\u9fff]{4,}/)
      }
      await page.keyboard.press('Escape')
      await view.waitFor({ state: 'detached' })
    })

    it('the board to Excel: all deals, then one sheet per column with that column\'s deals', async () => {
      const { page } = c
      await page.getByText(tx.board, { exact: true }).click()
      const board = page.getByRole('region', { name: tx.boardOf })
      await board.getByRole('list').first().getByRole('listitem').first().waitFor()
      const columns = await board.getByRole('list').evaluateAll((lists) =>
        lists.map((l) => ({ name: l.getAttribute('aria-label') ?? '', count: Number(/\d+/.exec(l.parentElement?.querySelector('.pb-dim')?.textContent ?? '')?.[0] ?? NaN) }))
      )
      const firstCard = await board.getByRole('list').first().locator('[data-deal-id] a').first().textContent()
      const { book } = await exportXlsx(page, page, tx, dir)
      expect(book.worksheets.map((w) => w.name)).toEqual([tx.allDeals, ...columns.map((col) => col.name.slice(0, 31))])
      const total = columns.reduce((s, col) => s + col.count, 0)
      expect(book.worksheets[0]!.rowCount - 1).toBe(total)
      columns.forEach((col, i) => expect(book.worksheets[i + 1]!.rowCount - 1, col.name).toBe(col.count))
      // The first card of the first column is the first row of its sheet (same order as the board).
      const sheet = book.worksheets[1]!
      expect(sheet.getCell('A1').value).toBe(tx.dealHeader)
      expect(sheet.getCell('A2').value).toBe(firstCard)
      const header = (sheet.getRow(1).values as unknown[]).slice(1)
      const amount = sheet.getRow(2).getCell(header.indexOf(tx.amountHeader) + 1)
      expect(amount.type).toBe(ExcelJS.ValueType.Number)
      expect(amount.numFmt).toMatch(/^"(¥|\$|€)"#,##0\.00$|"[A-Z]{3}"$/)
      const close = sheet.getRow(2).getCell(header.indexOf(tx.closeHeader) + 1)
      expect(close.type).toBe(ExcelJS.ValueType.Date)
    })

    it('one column of the board, and the deals behind a figure, each to their own workbook', async () => {
      const { page } = c
      const board = page.getByRole('region', { name: tx.boardOf })
      const second = await board.getByRole('list').nth(1).getAttribute('aria-label')
      await page.getByRole('button', { name: tx.exportButton, exact: true }).click()
      await page.getByRole('menuitem', { name: second! }).hover()
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: locale === 'zh-CN' ? `${second}：Excel 表格` : `${second}: Excel workbook` }).click()
      ])
      const path = join(dir, 'column.xlsx')
      await download.saveAs(path)
      const book = new ExcelJS.Workbook()
      await book.xlsx.readFile(path)
      expect(book.worksheets.map((w) => w.name)).toEqual([second!.slice(0, 31)])

      // A column's count opens its deals; the drawer exports exactly those.
      await board.getByRole('list').first().locator('xpath=..').locator('.pb-dim').first().click()
      const drawer = page.getByRole('dialog')
      const shown = Number(tx.doorSummary.exec((await drawer.getByTestId('door-summary').textContent())!)![1])
      const { book: door } = await exportXlsx(page, drawer, tx, dir)
      expect(door.worksheets[0]!.rowCount - 1).toBe(shown)
      await c.shot('export-03-door')
      await page.keyboard.press('Escape')
    })

    it('the customer list to Excel: every customer the filter shows', async () => {
      const { page } = c
      await page.getByRole('navigation').getByRole('link', { name: tx.customers, exact: true }).click()
      const subtitle = page.getByText(tx.customersTotal)
      await subtitle.waitFor()
      const count = Number(tx.customersTotal.exec((await subtitle.textContent())!)![1])
      const { book } = await exportXlsx(page, page, tx, dir)
      const ws = book.worksheets[0]!
      expect(ws.rowCount - 1).toBe(count)
      const firstOnScreen = await page.getByRole('list', { name: tx.customers }).getByRole('link').first().textContent()
      expect(ws.getCell('A2').value).toBe(firstOnScreen)
      expect(c.pageErrors).toEqual([])
    })
  })
}
