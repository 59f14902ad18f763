import { beforeAll, describe, expect, it } from 'vitest'
import { CockpitError } from '../../shared/ipc/define'
import {
  dealsXlsx,
  deflatePart,
  lyingZipXlsx,
  mergeBombXlsx,
  staleDimensionXlsx,
  wideDimensionXlsx,
  workbookParts,
  writeZip
} from '../../../tests/fixtures/hostile-imports'
import { IMPORT_LIMITS, type ImportLimits } from './limits'
import { inspectXlsx, scanSheet } from './xlsx-guard'

function refusal(data: Uint8Array, limits: ImportLimits = IMPORT_LIMITS): CockpitError {
  try {
    inspectXlsx('deals.xlsx', data, limits)
  } catch (e) {
    expect(e).toBeInstanceOf(CockpitError)
    return e as CockpitError
  }
  throw new Error('inspectXlsx accepted the file')
}

const sheet = (body: string): Buffer =>
  Buffer.from(
    `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${body}</worksheet>`
  )

describe('scanSheet: what exceljs would build, counted from the XML', () => {
  it('counts rows, the widest column and cells, following cells and rows that carry no reference', () => {
    const s = scanSheet(
      'sheet1.xml',
      sheet(
        '<dimension ref="A1:C3"/><cols><col min="1" max="3" width="9"/></cols><sheetData>' +
          '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row>' +
          '<row><c r="A2"><v>2</v></c><c><v>3</v></c><c><v>4</v></c></row>' +
          '<row r="5" spans="1:3"><c r="C5"/></row></sheetData>'
      )
    )
    expect(s).toMatchObject({ rows: 5, columns: 3, cells: 6, dimension: 'A1:C3', merges: 0 })
  })

  it('reads namespace-prefixed sheets (the OpenXML SDK writes <x:c>) and adds merged areas', () => {
    const s = scanSheet(
      'sheet1.xml',
      Buffer.from(
        '<x:worksheet><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData>' +
          '<x:mergeCells count="1"><x:mergeCell ref="A1:D10"/></x:mergeCells></x:worksheet>'
      )
    )
    expect(s).toMatchObject({ rows: 10, columns: 4, cells: 1 + 39, merges: 1, widestRow: 1 })
  })
})

describe('inspectXlsx: hostile workbooks are refused before exceljs loads them', () => {
  let mergeBomb: Buffer
  let wide: Buffer
  beforeAll(async () => {
    mergeBomb = await mergeBombXlsx()
    wide = await wideDimensionXlsx()
  }, 120_000)

  it('a 6 KB workbook whose one merged range spans A1:XFD1048576 is refused by that range', () => {
    expect(mergeBomb.length).toBeLessThan(10_000)
    const e = refusal(mergeBomb)
    expect(e.code).toBe('import.merged-range-too-large')
    expect(e.params).toEqual({ range: 'A1:XFD1048576', cells: 16_384 * 1_048_576, maxRows: 200_000, maxColumns: 1_000 })
  })

  it('20,000 rows declared A1:XFD20000 with a cell in column XFD: refused by its columns, naming the row', () => {
    const e = refusal(wide)
    expect(e.code).toBe('import.too-many-columns')
    expect(e.params).toEqual({ columns: 16_384, max: 1_000, row: 20_000 })
  })

  it('a <dimension> that only claims XFD is harmless: the cells decide, and the file passes', async () => {
    const shape = inspectXlsx('deals.xlsx', await staleDimensionXlsx(300), IMPORT_LIMITS)
    expect(shape.sheets).toEqual([expect.objectContaining({ rows: 301, columns: 5, dimension: 'A1:XFD301' })])
  })

  it('refuses by declared unpacked size before inflating anything, and by compression ratio', () => {
    const big = writeZip([deflatePart('xl/worksheets/sheet1.xml', 'x'.repeat(4 * 1024 * 1024))])
    const e1 = refusal(big, { ...IMPORT_LIMITS, unpackedBytes: 3 * 1024 * 1024 })
    expect(e1.code).toBe('import.unpacked-too-large')
    expect(e1.params).toEqual({ sizeMb: 4, maxMb: 3 })
    const e2 = refusal(big, { ...IMPORT_LIMITS, ratioFloorBytes: 1024 * 1024 })
    expect(e2.code).toBe('import.compression-ratio')
    expect(e2.params!.ratio).toBeGreaterThan(100)
    expect(e2.params!.max).toBe(100)
  })

  it('calls a part that inflates past its declared size corrupt (a lying zip)', async () => {
    const e = refusal(await lyingZipXlsx())
    expect(e.code).toBe('import.corrupt-file')
    expect(e.message).toContain('inflates past its declared 1024 bytes')
  })

  it('names rows, cells and parts over their limits, with the numbers', async () => {
    const deals = await dealsXlsx(150)
    expect(refusal(deals, { ...IMPORT_LIMITS, rows: 100 }).params).toEqual({ rows: 150, max: 100 })
    expect(refusal(deals, { ...IMPORT_LIMITS, xlsxCells: 500 }).params).toEqual({ cells: 151 * 5, max: 500 })
    const parts = (await workbookParts([['a']])).size
    expect(refusal(deals, { ...IMPORT_LIMITS, zipEntries: 3 }).params).toEqual({ count: parts, max: 3 })
    expect(inspectXlsx('deals.xlsx', deals, IMPORT_LIMITS).sheets[0]).toMatchObject({ rows: 151, columns: 5, cells: 755 })
  })
})
