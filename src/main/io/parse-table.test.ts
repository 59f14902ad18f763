import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { CockpitError } from '../../shared/ipc/define'
import { MAX_IMPORT_BYTES } from '../../shared/ipc/io'
import { millionCommaCsv, sheetXlsx } from '../../../tests/fixtures/hostile-imports'
import { cleanText } from './cell-text'
import { IMPORT_LIMITS } from './limits'
import { detectHeaderRow, parseTable } from './parse-table'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const withBom = (s: string): Uint8Array => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(s)])

async function failure(p: Promise<unknown>): Promise<CockpitError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err
  )
  expect(e).toBeInstanceOf(CockpitError)
  return e as CockpitError
}

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  build(wb)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

const OPPS_CSV = [
  '商机名称,客户名称,商机金额,销售阶段,预计成交日期,负责人',
  '瑞康二期,上海瑞康医疗器械有限公司,"¥1,200,000.00",方案报价,2026/3/1,张伟',
  '华东集采,杭州华东医药,120万,商务谈判,2026年4月15日,李娜 '
].join('\r\n')

describe('parseTable: CSV', () => {
  it('reads UTF-8 with a BOM, trims cells and keeps quoted commas', async () => {
    const t = await parseTable('opps.csv', withBom(OPPS_CSV))
    expect(t.format).toBe('csv')
    expect(t.encoding).toBe('utf-8')
    expect(t.headers).toEqual(['商机名称', '客户名称', '商机金额', '销售阶段', '预计成交日期', '负责人'])
    expect(t.rows).toHaveLength(2)
    expect(t.rows[0]![2]).toBe('¥1,200,000.00')
    expect(t.rows[1]![5]).toBe('李娜')
    expect(t.rowNumbers).toEqual([2, 3])
  })

  it('detects and decodes a GBK file (Excel on Chinese Windows)', async () => {
    const gbk = new Uint8Array(iconv.encode(OPPS_CSV, 'gbk'))
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow()
    const t = await parseTable('opps.csv', gbk)
    expect(t.encoding).toBe('gb18030')
    expect(t.rows[0]![1]).toBe('上海瑞康医疗器械有限公司')
    expect(t.rows[1]![3]).toBe('商务谈判')
  })

  it('decodes UTF-16 LE with a BOM (Excel "Unicode text") and finds the tab delimiter', async () => {
    const text = OPPS_CSV.replaceAll(',', '\t').replace('"¥1\t200\t000.00"', '¥1200000')
    const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')])
    const t = await parseTable('opps.txt', bytes)
    expect(t.encoding).toBe('utf-16le')
    expect(t.headers[3]).toBe('销售阶段')
    expect(t.rows[0]![2]).toBe('¥1200000')
  })

  it('detects a semicolon delimiter (European Excel)', async () => {
    const t = await parseTable('accounts.csv', utf8('Account Name;Industry;City\nACME GmbH;Manufacturing;Berlin\nFoo;"Retail; Online";Paris\n'))
    expect(t.headers).toEqual(['Account Name', 'Industry', 'City'])
    expect(t.rows[1]).toEqual(['Foo', 'Retail; Online', 'Paris'])
  })

  it('skips a title row and blank lines above the header, and drops empty rows', async () => {
    const csv = ['商机导出 2026-10-01', '', OPPS_CSV, ',,,,,', '第三个,客户C,5000,赢单,2026-05-01,王芳'].join('\n')
    const t = await parseTable('opps.csv', utf8(csv))
    expect(t.headerRow).toBe(2)
    expect(t.headers[0]).toBe('商机名称')
    expect(t.rows).toHaveLength(3)
    // Row numbers are the file's, so the preview can name "row 7" and the user finds it in Excel.
    expect(t.rowNumbers).toEqual([4, 5, 7])
  })

  it('refuses an empty file, a whitespace-only file and a header without rows', async () => {
    expect((await failure(parseTable('a.csv', new Uint8Array()))).code).toBe('import.empty-file')
    expect((await failure(parseTable('a.csv', withBom(' \r\n \n')))).code).toBe('import.empty-file')
    expect((await failure(parseTable('a.csv', utf8('Name,Amount,Stage\n')))).code).toBe('import.no-rows')
  })

  it('refuses a PNG renamed .csv and a legacy .xls, naming the format', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
    const e1 = await failure(parseTable('opps.csv', png))
    expect(e1.code).toBe('import.unsupported-format')
    expect(e1.params).toMatchObject({ format: 'png' })
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
    expect((await failure(parseTable('opps.xls', xls))).params).toMatchObject({ format: 'xls' })
  })

  it('says the encoding is unknown rather than showing mojibake', async () => {
    // High bytes that are neither UTF-8 nor GB2312 pairs nor a trusted code page.
    const bytes = new Uint8Array(600)
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 3 === 0 ? 0x2c : 0x80 + ((i * 7) % 0x21)
    const e = await failure(parseTable('weird.csv', bytes))
    expect(e.code).toBe('import.encoding-unknown')
  })

  it('refuses a file over the cap with its size', async () => {
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1)
    const e = await failure(parseTable('huge.csv', big))
    expect(e.code).toBe('import.too-large')
    expect(e.params).toMatchObject({ maxMb: 150 })
  })

  // Its speed is a figure in `npm run bench` (import.crm9k.ms), not a unit-test bound.
  it('parses 9,000 rows × 20 columns of GBK with quoted commas', async () => {
    const header = Array.from({ length: 20 }, (_, i) => `字段${i}`).join(',')
    const lines = [header]
    for (let r = 0; r < 9000; r++) {
      lines.push(Array.from({ length: 20 }, (_, i) => (i % 2 ? `"上海瑞康医疗器械有限公司, ${r}"` : `${r * i}.5`)).join(','))
    }
    const bytes = new Uint8Array(iconv.encode(lines.join('\r\n'), 'gbk'))
    const t = await parseTable('big.csv', bytes)
    expect(t.rows).toHaveLength(9000)
    expect(t.rows[8999]![1]).toBe('上海瑞康医疗器械有限公司, 8999')
  })
})

describe('parseTable: Excel', () => {
  it('uses cached formula results, fills merged cells, turns dates to ISO and numbers to plain text', async () => {
    const data = await xlsx((wb) => {
      wb.addWorksheet('说明').addRow([])
      const ws = wb.addWorksheet('商机')
      ws.addRow(['商机导出 2026-10-01'])
      ws.addRow(['商机名称', '客户名称', '金额', '预计成交日期', '赢率', '合计'])
      ws.addRow(['瑞康二期', '上海瑞康医疗', 0.1 + 0.2, new Date(Date.UTC(2026, 2, 1)), 0.6, { formula: 'C3*2', result: 0.6 }])
      ws.addRow(['瑞康三期', null, 1200000, new Date(Date.UTC(2026, 2, 1, 14, 30)), 0.25, { formula: 'C4*2', result: 2400000 }])
      ws.addRow([{ richText: [{ text: '华东' }, { text: '集采' }] }, '杭州华东医药', 5000, '2026/4/1', null, null])
      ws.mergeCells('B3:B4')
      ws.getCell('E3').numFmt = '0%'
      ws.getCell('E4').numFmt = '0%'
    })
    const t = await parseTable('opps.xlsx', data)
    expect(t.format).toBe('xlsx')
    expect(t.sheets).toEqual(['说明', '商机'])
    expect(t.sheet).toBe('商机') // the first non-empty sheet
    expect(t.headerRow).toBe(1)
    expect(t.headers).toEqual(['商机名称', '客户名称', '金额', '预计成交日期', '赢率', '合计'])
    expect(t.rows[0]).toEqual(['瑞康二期', '上海瑞康医疗', '0.3', '2026-03-01', '60%', '0.6'])
    expect(t.rows[1]).toEqual(['瑞康三期', '上海瑞康医疗', '1200000', '2026-03-01T14:30:00', '25%', '2400000'])
    expect(t.rows[2]![0]).toBe('华东集采')
    expect(t.rowNumbers).toEqual([3, 4, 5])
    expect(t.warnings).toContainEqual({ code: 'import.formula-used', params: { count: 2 } })
    expect(t.warnings).toContainEqual({ code: 'import.merged-cells', params: { count: 1 } })
  })

  it('reads the requested sheet and names a missing one', async () => {
    const data = await xlsx((wb) => {
      wb.addWorksheet('Accounts').addRows([['Account Name', 'Industry'], ['ACME', 'Retail']])
      wb.addWorksheet('Opportunities').addRows([['Opportunity Name', 'Amount'], ['Big one', 1000]])
    })
    const t = await parseTable('crm.xlsx', data, { sheet: 'Opportunities' })
    expect(t.sheet).toBe('Opportunities')
    expect(t.rows).toEqual([['Big one', '1000']])
    const e = await failure(parseTable('crm.xlsx', data, { sheet: 'Deals' }))
    expect(e.code).toBe('import.sheet-not-found')
    expect(e.params).toEqual({ sheet: 'Deals' })
  })

  it('calls a truncated workbook corrupt', async () => {
    const data = await xlsx((wb) => {
      wb.addWorksheet('A').addRows([['Name', 'Amount'], ['x', 1]])
    })
    const e = await failure(parseTable('opps.xlsx', data.subarray(0, Math.floor(data.length / 2))))
    expect(e.code).toBe('import.corrupt-file')
  })

  it('calls a workbook with only empty sheets empty', async () => {
    const data = await xlsx((wb) => {
      wb.addWorksheet('Sheet1')
    })
    expect((await failure(parseTable('empty.xlsx', data))).code).toBe('import.empty-file')
  })
})

const dealLines = (n: number, width = 5): string[] => {
  const lines = [['Opportunity Name', 'Account Name', 'Amount', 'Stage', 'Close Date', 'Owner', 'Product'].slice(0, width).join(',')]
  for (let i = 1; i <= n; i++) lines.push([`Deal ${i}`, `Account ${i % 7}`, `${1000 + i}`, 'Negotiation', '2027-03-01', 'Wei Zhang', 'CRM Pro'].slice(0, width).join(','))
  return lines
}

describe('parseTable: limits (issue 13)', () => {
  it('refuses 2,000 rows with one row a million commas wide, naming that row and the column limit', async () => {
    const e = await failure(parseTable('deals.csv', millionCommaCsv()))
    expect(e.code).toBe('import.too-many-columns')
    expect(e.params).toEqual({ columns: 1_000_003, max: 1_000, row: 1001 })
  })

  it('ignores trailing empty cells however many there are (Excel pads rows with commas)', async () => {
    const lines = dealLines(3)
    lines[2] += ','.repeat(50_000)
    const t = await parseTable('deals.csv', utf8(lines.join('\n')))
    expect(t.headers).toHaveLength(5)
    expect(t.rows[1]).toEqual(['Deal 2', 'Account 2', '1002', 'Negotiation', '2027-03-01'])
  })

  it('refuses more data rows than the limit, counting all of them even past the point it stops keeping rows', async () => {
    const limits = { ...IMPORT_LIMITS, rows: 100 }
    expect((await parseTable('deals.csv', utf8(dealLines(100).join('\n')), { limits })).rows).toHaveLength(100)
    const e = await failure(parseTable('deals.csv', utf8(dealLines(500).join('\n')), { limits }))
    expect(e.code).toBe('import.too-many-rows')
    expect(e.params).toEqual({ rows: 500, max: 100 })
  })

  it('refuses a grid of more cells than the limit (rows × columns), in CSV and Excel', async () => {
    const e = await failure(parseTable('deals.csv', utf8(dealLines(50, 7).join('\n')), { limits: { ...IMPORT_LIMITS, cells: 300 } }))
    expect(e.code).toBe('import.too-many-cells')
    expect(e.params).toEqual({ cells: 350, max: 300, rows: 50, columns: 7 })
    const x = await sheetXlsx(dealLines(50, 7).map((l) => l.split(',')))
    const e2 = await failure(parseTable('deals.xlsx', x, { limits: { ...IMPORT_LIMITS, xlsxCells: 300 } }))
    expect(e2.code).toBe('import.too-many-cells')
  })

  it('reports progress while reading', async () => {
    const phases = new Set<string>()
    await parseTable('deals.csv', utf8(dealLines(9000).join('\n')), { onProgress: (p) => phases.add(p.phase) })
    expect([...phases]).toEqual(['reading', 'rows'])
  })
})

describe('parseTable: text that is not text (issue 13)', () => {
  it('removes NUL, control characters and lone surrogates, with one warning per row naming the columns', async () => {
    // UTF-16 ("Unicode text" from Excel) is where a lone surrogate survives into the bytes.
    const lines = [
      '商机名称\t客户名称\t商机金额\u0007',
      '瑞康\u0000二期\t上海瑞康医疗器械有限公司\t100',
      '华东集采\t杭州华东\ud83c医药\u0000\t200',
      '干净的一行\t苏州博远🎉\t300',
      '\u0000\t\u0001\t\u0002',
      ...Array.from({ length: 60 }, (_, i) => `商机${i}\t客户${i}\t${i}`)
    ]
    const t = await parseTable('opps.txt', new Uint8Array([0xff, 0xfe, ...iconv.encode(lines.join('\r\n'), 'utf-16le')]))
    expect(t.headers).toEqual(['商机名称', '客户名称', '商机金额'])
    // The row of nothing but control characters is empty once cleaned, and dropped.
    expect(t.rows.slice(0, 4)).toEqual([
      ['瑞康二期', '上海瑞康医疗器械有限公司', '100'],
      ['华东集采', '杭州华东医药', '200'],
      ['干净的一行', '苏州博远🎉', '300'],
      ['商机0', '客户0', '0']
    ])
    expect(t.rowWarnings).toEqual([
      { row: 0, code: 'import.control-characters-removed', params: { count: 1, column: '商机名称' } },
      { row: 1, code: 'import.control-characters-removed', params: { count: 2, column: '客户名称' } }
    ])
    expect(t.warnings).toContainEqual({ code: 'import.control-characters-summary', params: { rows: 2 } })
    for (const row of t.rows) for (const cell of row) expect(cleanText(cell).removed).toBe(0)
  })

  it('reads a UTF-8 CSV with a few stray NUL bytes (not a binary file), cleaning those rows', async () => {
    const lines = dealLines(40)
    lines[5] = lines[5]!.replace('Deal 5', 'Deal\u0000 5')
    lines[30] = lines[30]!.replace('Account', 'Acc\u0000ount')
    const t = await parseTable('deals.csv', utf8(lines.join('\n')))
    expect(t.rows[4]![0]).toBe('Deal 5')
    expect(t.rowWarnings?.map((w) => [t.rowNumbers![w.row], w.params?.column])).toEqual([
      [6, 'Opportunity Name'],
      [31, 'Account Name']
    ])
  })

  it('cleans Excel cells too (_x0000_ escapes, a surrogate half)', async () => {
    const x = await sheetXlsx([
      ['Opportunity Name', 'Account Name', 'Amount'],
      ['Big one', 'ACME_x0000_ GmbH', 1000],
      ['Half', 'Crescent_xD83C_', 2000]
    ])
    const t = await parseTable('deals.xlsx', x)
    expect(t.rows).toEqual([
      ['Big one', 'ACME GmbH', '1000'],
      ['Half', 'Crescent', '2000']
    ])
    expect(t.rowWarnings?.map((w) => [w.row, w.code, w.params?.column])).toEqual([
      [0, 'import.control-characters-removed', 'Account Name'],
      [1, 'import.control-characters-removed', 'Account Name']
    ])
  })

  it('reads a GBK file behind a UTF-8 byte-order mark as GBK, and says so', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...iconv.encode(OPPS_CSV, 'gbk')])
    const t = await parseTable('opps.csv', bytes)
    expect(t.encoding).toBe('gb18030')
    expect(t.rows[0]![1]).toBe('上海瑞康医疗器械有限公司')
    expect(t.warnings).toContainEqual({ code: 'import.bom-mismatch', params: { encoding: 'GBK' } })
    expect(t.rowWarnings).toBeUndefined()
  })

  it('reads UTF-8 with one row pasted from a GBK file as UTF-8, and flags that row instead of garbling the file', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `瑞康${i}期,上海瑞康医疗器械有限公司,${100 + i}`)
    const head = utf8(['商机名称,客户名称,商机金额', ...rows.slice(0, 20)].join('\n') + '\n')
    const gbkRow = new Uint8Array(iconv.encode('华东集采,杭州华东医药,999\n', 'gbk'))
    const tail = utf8(rows.slice(20).join('\n'))
    for (const bom of [[], [0xef, 0xbb, 0xbf]]) {
      const t = await parseTable('opps.csv', new Uint8Array([...bom, ...head, ...gbkRow, ...tail]))
      expect(t.encoding).toBe('utf-8')
      expect(t.rows[0]![1]).toBe('上海瑞康医疗器械有限公司')
      expect(t.rows[39]![1]).toBe('上海瑞康医疗器械有限公司')
      expect(t.rowWarnings).toEqual([
        { row: 20, code: 'import.undecodable-characters', params: { count: expect.any(Number), column: '商机名称, 客户名称' } }
      ])
      expect(t.warnings).toContainEqual({ code: 'import.undecodable-summary', params: { rows: 1 } })
    }
  })
})

describe('detectHeaderRow', () => {
  it('takes the first mostly-filled, mostly-text, unique row', () => {
    expect(
      detectHeaderRow([
        ['Opportunity Report', '', '', ''],
        ['Generated 2026-10-01', '', '', ''],
        ['Name', 'Amount', 'Stage', 'Close Date'],
        ['A', '100', 'Won', '2026-01-01']
      ])
    ).toBe(2)
    // A row of numbers is data, not a header.
    expect(detectHeaderRow([['1', '2', '3'], ['Name', 'Amount', 'Stage']])).toBe(1)
  })
})
