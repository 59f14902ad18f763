import { describe, expect, it } from 'vitest'
import type { Deal, OrgUnit, SalesProcess, User } from '@shared/model'
import { ExportWorkbook, exportFileName, exportLimitProblem, EXPORT_LIMITS } from '@shared/export/table'
import { createI18n } from '../../app/i18n'
import { boardExport } from '../pipeline/export-tables'
import { cellText } from './cell-text'
import { wireTable } from './document'
import { dealsTable, tableOf, type DealLookups } from './tables'

const DAY = 86_400_000
const NOW = Date.UTC(2025, 5, 16, 2) // Monday 16 June 2025, 10:00 in Shanghai

const process: SalesProcess = {
  id: 'p1',
  name: 'New business',
  segment: 'new',
  revision: 1,
  stages: [
    { id: 'qualify', name: 'Qualify', kind: 'open', probability: 10, expectedDays: 14, minDays: 0, exitCriteria: [], steps: [], methods: [] },
    { id: 'propose', name: 'Proposal', kind: 'open', probability: 40, expectedDays: 14, minDays: 0, exitCriteria: [], steps: [], methods: [] },
    { id: 'won', name: 'Won', kind: 'won', probability: 100, expectedDays: 0, minDays: 0, exitCriteria: [], steps: [], methods: [] }
  ],
  abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
  bigDealThreshold: 30_000_000,
  currency: 'CNY',
  lossReasons: []
}

const deal = (over: Partial<Deal> & Pick<Deal, 'id' | 'name' | 'stageId'>): Deal => ({
  customerId: 'c1',
  ownerId: 'u1',
  orgUnitId: 't1',
  processId: 'p1',
  stageEnteredAt: NOW - 9 * DAY,
  amount: 128_500_000,
  currency: 'CNY',
  expectedCloseAt: NOW + 30 * DAY,
  forecastCategory: 'pipeline',
  status: 'open',
  bigDeal: false,
  createdAt: NOW - 60 * DAY,
  checkedCriteria: [],
  ...over
})

const lookups: DealLookups = {
  customers: new Map([['c1', '瑞康医院']]),
  userById: new Map([['u1', { id: 'u1', name: 'Lin Liang' } as User]]),
  orgUnitById: new Map([['t1', { id: 't1', name: 'Shanghai team' } as OrgUnit]]),
  processById: new Map([['p1', process]]),
  stageName: (_p, s) => process.stages.find((x) => x.id === s)?.name ?? s
}

const t = createI18n('en-US').t

describe('the deals table', () => {
  const deals = [
    deal({ id: 'd1', name: 'PACS phase 2', stageId: 'propose', probability: 55, managerForecastCategory: 'commit' }),
    deal({ id: 'd2', name: 'Acme upgrade', stageId: 'qualify', amount: 1_234_567, currency: 'USD', nextStep: '=HYPERLINK("x")' }),
    deal({ id: 'd3', name: 'Old win', stageId: 'won', status: 'won', closedAt: NOW - 3 * DAY })
  ]

  it('has each amount in its own currency, the probability only while open, the manager\'s category', () => {
    const table = dealsTable('Deals', deals, lookups, t)
    const row = (i: number) => table.rows[i]!
    expect(row(0)).toMatchObject({ name: 'PACS phase 2', customer: '瑞康医院', stage: 'Proposal', owner: 'Lin Liang', team: 'Shanghai team', amount: { minor: 128_500_000, currency: 'CNY' }, probability: 0.55, category: 'Commit', status: 'Open' })
    // The stage's default when the deal sets none.
    expect(row(1)).toMatchObject({ amount: { minor: 1_234_567, currency: 'USD' }, currency: 'USD', probability: 0.1, nextStep: '=HYPERLINK("x")' })
    expect(row(2)).toMatchObject({ status: 'Won', probability: null, closedAt: NOW - 3 * DAY })
    expect(table.printColumns).toEqual(['name', 'customer', 'stage', 'owner', 'amount', 'probability', 'close', 'category'])
  })

  it('adds the board\'s health, last touch and days in stage when asked', () => {
    const table = dealsTable('Deals', deals.slice(0, 1), { ...lookups, health: { byDeal: new Map([['d1', [{ flag: 'stalled', code: 'x', params: {} } as never]]]), lastTouch: new Map([['d1', NOW - 20 * DAY]]), now: NOW } }, t)
    expect(table.rows[0]).toMatchObject({ daysInStage: 9, lastTouch: NOW - 20 * DAY, health: 'Stalled' })
  })

  it('passes main\'s schema as it goes over the wire, with no page-only fields', () => {
    const wire = wireTable(dealsTable('Deals', deals, lookups, t))
    expect(Object.keys(wire).sort()).toEqual(['columns', 'rows', 'title'])
    expect(ExportWorkbook.safeParse({ fileName: 'a.xlsx', timeZone: 'Asia/Shanghai', tables: [wire] }).success).toBe(true)
  })

  it('reads as the screen writes it on paper', () => {
    const table = dealsTable('Deals', deals, lookups, t)
    const col = (k: string) => table.columns.find((c) => c.key === k)!
    expect(cellText(col('amount'), table.rows[0]!.amount, 'zh-CN', 'Asia/Shanghai')).toBe('¥128.5万')
    expect(cellText(col('amount'), table.rows[1]!.amount, 'en-US', 'Asia/Shanghai')).toBe('$12.3K')
    expect(cellText(col('probability'), table.rows[0]!.probability, 'en-US', 'Asia/Shanghai')).toBe('55%')
    expect(cellText(col('close'), table.rows[0]!.close, 'en-US', 'Asia/Shanghai')).toBe('Jul 16, 2025')
    expect(cellText(col('probability'), null, 'en-US', 'Asia/Shanghai')).toBe('—')
  })
})

describe('the board export', () => {
  const lanes = [
    { columns: [{ id: 'qualify', name: 'Qualify', deals: [deal({ id: 'a', name: 'A', stageId: 'qualify' })] }, { id: 'propose', name: 'Proposal', deals: [deal({ id: 'b', name: 'B', stageId: 'propose' })] }] },
    { columns: [{ id: 'qualify', name: 'Qualify', deals: [deal({ id: 'c', name: 'C', stageId: 'qualify' })] }, { id: 'propose', name: 'Proposal', deals: [] }] }
  ]

  it('puts all deals first (sheet only), then one table per stage with the swimlanes put back together', () => {
    const { tables, parts } = boardExport(lanes, lookups, t)
    const out = tables()
    expect(out.map((x) => [x.title, x.rows.map((r) => r.name), x.onPaper])).toEqual([
      ['All deals', ['A', 'C', 'B'], false],
      ['Qualify', ['A', 'C'], undefined],
      ['Proposal', ['B'], undefined]
    ])
    expect(parts.map((p) => p.label)).toEqual(['Qualify', 'Proposal'])
  })

  it('exports one column as a part', async () => {
    const only = await boardExport(lanes, lookups, t).parts[1]!.tables()
    expect(only.map((x) => [x.title, x.rows.length])).toEqual([['Proposal', 1]])
  })
})

describe('plain records as a table', () => {
  it('keeps only the columns named, and empties what is missing', () => {
    const table = tableOf('T', [{ key: 'a', label: 'A', kind: 'text' }, { key: 'n', label: 'N', kind: 'number' }], [{ a: 'x', secret: 'y' }])
    expect(table.rows).toEqual([{ a: 'x', n: null }])
  })
})

describe('file names and limits', () => {
  it('makes a file name every OS accepts', () => {
    expect(exportFileName(['Funnel · 大客户', '华东/华南', '2025-06-16'], 'xlsx')).toBe('Funnel · 大客户 华东 华南 2025-06-16.xlsx')
    expect(exportFileName(['a:b*c?"d<e>f|g\u0007'], 'pdf')).toBe('a b c d e f g.pdf')
    expect(exportFileName(['   '], 'pdf')).toBe('export.pdf')
    expect(exportFileName(['长'.repeat(400)], 'xlsx')).toBe(`${'长'.repeat(180)}.xlsx`)
  })

  it('names the first limit a set of tables breaks', () => {
    const col = { key: 'a', label: 'A', kind: 'text' as const }
    expect(exportLimitProblem([])).toEqual({ code: 'export.nothing', params: {} })
    expect(exportLimitProblem([{ columns: [col], rows: [] }])).toBeNull()
    expect(exportLimitProblem([{ columns: [col], rows: new Array(EXPORT_LIMITS.rowsPerTable + 1).fill({}) }])?.code).toBe('export.too-many-rows')
    expect(exportLimitProblem(new Array(21).fill({ columns: [col], rows: new Array(100_000).fill({}) }))?.code).toBe('export.too-many-cells')
  })
})
