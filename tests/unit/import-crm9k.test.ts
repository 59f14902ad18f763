import { beforeAll, describe, expect, it } from 'vitest'
import type { RowResult } from '../../src/shared/domain/import'
import { getDb } from '../../src/renderer/src/db/database'
import { generateCrmExport, type CrmExport } from '../fixtures/crm-export'
import { importCrmExport, seedFixtureWorkspace, type CrmImportRun } from '../bench/import-crm9k'

/**
 * The dirty 9,000-opportunity export, end to end in Node: every kind of dirt the generator
 * wrote is reported on the row it wrote it, the counts match its bookkeeping, and a second
 * import of the same file changes nothing. Timing is the benchmark's job, not this test's.
 */

const codesOf = (r: RowResult): string[] => r.messages.map((m) => m.code)

describe('importing a dirty 9k CRM export (Chinese headers, UTF-8 with BOM)', () => {
  let file: CrmExport
  let run: CrmImportRun
  let byRow: Map<number, RowResult>

  beforeAll(async () => {
    file = generateCrmExport({ rows: 9000 })
    await seedFixtureWorkspace()
    run = await importCrmExport(file)
    byRow = new Map(run.validation.rows.map((r) => [r.rowNumber, r]))
  }, 180_000)

  const expectCode = (rows: number[], code: string): void => {
    expect(rows.length).toBeGreaterThan(0)
    for (const n of rows) expect(codesOf(byRow.get(n)!), `row ${n}`).toContain(code)
  }

  it('reads every row and detects a deal export', () => {
    expect(run.validation.summary.entity).toBe('deals')
    expect(run.validation.summary.total).toBe(file.expected.dataRows)
    expect(run.validation.summary.fileMessages).toEqual([])
  })

  it('refuses exactly the rows the generator broke, each for its reason', () => {
    const errorRows = run.validation.rows.filter((r) => r.status === 'error').map((r) => r.rowNumber)
    expect(errorRows).toEqual(file.expected.errorRows)
    expectCode(file.expected.unknownOwnerRows, 'import.owner-unknown')
    expectCode(file.expected.unmappedStageRows, 'import.stage-unmapped')
    expectCode(file.expected.badAmountRows, 'import.amount-invalid')
    expectCode(file.expected.badDateRows, 'import.date-invalid')
    const stages = new Set(file.expected.unmappedStageRows.map((n) => byRow.get(n)!.messages.find((m) => m.code === 'import.stage-unmapped')!.params!.stage))
    expect([...stages].sort()).toEqual([...file.expected.unmappedStages].sort())
  })

  it('warns about duplicates, spelling variants, blank amounts, long texts and future dates', () => {
    expectCode(file.expected.duplicateRows, 'import.duplicate-row')
    expectCode(file.expected.variantRows, 'import.spelling-variant')
    expectCode(file.expected.blankAmountRows, 'import.amount-missing')
    expectCode(file.expected.truncatedRows, 'import.text-truncated')
    expectCode(file.expected.futureCreatedRows, 'import.created-in-future')
    for (const n of file.expected.variantRows) {
      const m = byRow.get(n)!.messages.find((x) => x.code === 'import.spelling-variant' && x.params?.field === 'account')
      expect(m, `row ${n}`).toBeDefined()
    }
  })

  it('matches owners despite trailing spaces', () => {
    for (const n of file.expected.paddedOwnerRows) {
      expect(codesOf(byRow.get(n)!)).not.toContain('import.owner-unknown')
    }
  })

  it('writes one deal per opportunity id and one customer per account', async () => {
    expect(run.result).toMatchObject({ created: file.expected.dealsCreated, updated: 0, skipped: expect.any(Number) })
    expect(run.result.byTable.customers.created).toBe(file.expected.customersCreated)
    const db = getDb()
    expect(await db.deals.count()).toBe(file.expected.dealsCreated)
    expect(await db.customers.count()).toBe(file.expected.customersCreated)
    // One stage move per open deal (it entered its stage); closed ones came without their path
    // and carry the marker instead of an invented move.
    const open = await db.deals.filter((d) => d.status === 'open').count()
    expect(await db.stageHistory.count()).toBe(open)
    expect(await db.deals.filter((d) => d.status !== 'open' && d.stagePathUnknown !== true).count()).toBe(0)
    // Emoji survive the trip.
    expect(await db.customers.filter((c) => c.name.startsWith('🚀')).count()).toBeGreaterThan(0)
  })

  it('importing the same file again changes nothing', async () => {
    const outbox = await getDb().outbox.count()
    const again = await importCrmExport(file)
    expect(again.validation.summary.customersCreated).toBe(0)
    expect(again.result).toMatchObject({ created: 0, updated: 0, unchanged: file.expected.dealsCreated, ops: 0 })
    expect(await getDb().outbox.count()).toBe(outbox)
  }, 120_000)
})

describe('the same export from Excel on Chinese Windows (GBK) and from Salesforce', () => {
  it('decodes GBK and imports the same rows', async () => {
    const file = generateCrmExport({ rows: 1500, seed: 7, encoding: 'gbk' })
    await seedFixtureWorkspace()
    const run = await importCrmExport(file)
    expect(run.validation.summary.total).toBe(1500)
    expect(run.validation.rows.filter((r) => r.status === 'error').map((r) => r.rowNumber)).toEqual(file.expected.errorRows)
    expect(run.result.created).toBe(file.expected.dealsCreated)
  }, 120_000)

  it('maps Salesforce headers and stages with no manual work', async () => {
    const file = generateCrmExport({ rows: 1500, seed: 11, style: 'salesforce' })
    await seedFixtureWorkspace()
    const run = await importCrmExport(file)
    expect(run.validation.summary.fileMessages).toEqual([])
    expect(run.validation.rows.filter((r) => r.status === 'error').map((r) => r.rowNumber)).toEqual(file.expected.errorRows)
    expect(run.result.created).toBe(file.expected.dealsCreated)
    const won = await getDb().deals.where('status').equals('won').first()
    expect(won).toMatchObject({ stageId: 's-won', forecastCategory: 'closed' })
  }, 120_000)
})
