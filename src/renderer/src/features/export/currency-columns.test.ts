import { describe, expect, it } from 'vitest'
import type { TFunction } from 'i18next'
import { moneyFormat } from '../../../../main/export/xlsx'
import type { ViewTable } from './document'
import { cellText } from './cell-text'
import { funnelTable, forecastTables } from '../pipeline/export-tables'
import { heroesTables, kickoffTable, reviewTable, targetsTable } from '../rhythm/export-tables'
import { homeTables } from '../cockpit/export-tables'

const t = ((k: string) => k) as unknown as TFunction

/** Every money column of totals, with its currency (deal lists name each deal's own currency per cell instead). */
const moneyColumns = (tables: ViewTable[]): string[] => tables.flatMap((tb) => tb.columns.filter((c) => c.kind === 'money' && c.currency !== undefined).map((c) => c.currency!))

/**
 * A workspace whose totals are in dollars (its deals are all USD, or its totals currency is USD):
 * every exported total carries USD — the sheet's format and the paper copy say $, as the screen
 * does, never ¥ over dollar figures.
 */
describe('exported totals carry the currency they are in', () => {
  it('funnel, forecast, home, heroes, kickoff, review and targets', () => {
    const tables: ViewTable[] = [
      funnelTable('Funnel', { stages: [{ stageId: 's', name: 'Lead', reached: 3, conversion: 1, open: 2, openAmount: 250_000_00, avgDays: 1, medianDays: 1, expectedDays: 7 }] } as never, t, 'USD'),
      ...forecastTables({ currency: 'USD', figures: [{ label: 'Won', amount: 1_000_00 }], accuracy: [], byWeek: [], byRep: [], monthLabel: () => '', weekLabel: () => '', repName: () => '' }, t),
      ...homeTables({ currency: 'USD', figures: [{ label: 'Open', amount: 5_00 }], agenda: [], agendaTitle: 'Agenda', reasonText: () => '', visits: [] }, { customers: new Map(), userById: new Map(), orgUnitById: new Map(), processById: new Map(), stageName: () => '' } as never, t),
      ...heroesTables({ title: 'Heroes', honours: [{ honour: 'topSales', name: 'Ann', value: 9_00, money: true }], board: [], metricLabel: 'Won', metricMoney: true, currency: 'USD' }, t),
      kickoffTable('Kickoff', [{ rep: 'Ann', cells: [{ label: 'Won', actual: 1, objective: 2, stretch: 3, money: true }], planned: 0, plannedByKind: {} }], t, 'USD'),
      reviewTable('Review', [], t, 'USD'),
      targetsTable('Targets', [], true, t, 'USD')
    ]
    const money = moneyColumns(tables)
    expect(money.length).toBeGreaterThanOrEqual(10)
    expect(new Set(money)).toEqual(new Set(['USD']))
    // As the reader sees it: the sheet's number format and the paper copy write dollars.
    const funnel = tables[0]!
    const col = funnel.columns.find((c) => c.key === 'openAmount')!
    expect(moneyFormat(col.currency!)).toContain('$')
    expect(cellText(col, funnel.rows[0]!.openAmount, 'en-US', 'UTC')).toBe('$250K')
  })
})
