import { describe, expect, it } from 'vitest'
import type { TFunction } from 'i18next'
import { analyticsTable, kpiTable } from './export-tables'
import type { TableModel } from './table-model'

const t = ((k: string) => k) as unknown as TFunction

describe('analytics tables to export', () => {
  it('keeps the screen’s rows and columns as numbers; a refused figure is empty, not a wrong sum', () => {
    const model: TableModel = {
      id: 'units',
      title: 'By team',
      columns: [
        { key: 'name', label: 'Team', kind: 'text' },
        { key: 'won', label: 'Won', kind: 'money', currency: 'USD' },
        { key: 'rate', label: 'Win rate', kind: 'percent' },
        { key: 'rateYoY', label: 'Win rate YoY', kind: 'points' },
        { key: 'yoy', label: 'Won YoY', kind: 'change' }
      ],
      rows: [
        { key: 'a', cells: { name: 'East', won: 1_234_500, rate: 0.25, rateYoY: 0.053, yoy: -0.1 } },
        { key: 'b', cells: { name: 'West', won: null, rate: null, rateYoY: null, yoy: null }, refused: { won: 'EUR→USD rate missing' } }
      ]
    }
    const table = analyticsTable(model)
    expect(table.title).toBe('By team')
    expect(table.columns.map((c) => [c.label, c.kind, c.currency])).toEqual([
      ['Team', 'text', undefined],
      ['Won', 'money', 'USD'],
      ['Win rate', 'percent', undefined],
      ['Win rate YoY', 'number', undefined],
      ['Won YoY', 'percent', undefined]
    ])
    expect(table.rows[0]).toEqual({ name: 'East', won: { minor: 1_234_500, currency: 'USD' }, rate: 0.25, rateYoY: 5.3, yoy: -0.1 })
    expect(table.rows[1]!.won).toBeNull()
  })

  it('headline cards: each figure as the card reads it and as a number in its own column', () => {
    const table = kpiTable(
      'Leadership',
      [
        { label: 'Won', kind: 'money', value: 1_000_000_00, currency: 'CNY', mom: { current: 2, prior: 1, delta: 1, ratio: 1 } },
        { label: 'Win rate', kind: 'percent', value: 0.4, yoy: { current: 0.4, prior: null, delta: null, ratio: null } }
      ],
      'en-US',
      t
    )
    expect(table.rows[0]).toMatchObject({ figure: 'Won', shown: '¥1M', amount: { minor: 1_000_000_00, currency: 'CNY' }, rate: null, mom: '+100%' })
    expect(table.rows[1]).toMatchObject({ figure: 'Win rate', shown: '40%', rate: 0.4, amount: null, yoy: 'analytics:noData' })
  })
})
