import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addPlanRow, deletePlanRow, initAccountPlan, isNewerPlan, nextPlanYear, readAccountPlan, readPlanField, revenueTotals, setPlanText, updatePlanRow } from './strategy-sheet-account-plan'

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
}

describe('account business plan', () => {
  it('reads revenue years in order, totals them and proposes the next year', () => {
    const doc = new Y.Doc()
    addPlanRow(doc, 'revenue', { year: 2028, potential: 500, target: 200 })
    const y27 = addPlanRow(doc, 'revenue', { year: 2027, potential: 300, target: 100 })
    updatePlanRow(doc, 'revenue', y27, { note: '二期扩产' })
    const plan = readAccountPlan(doc)
    expect(plan.revenue.map((r) => r.year)).toEqual([2027, 2028])
    expect(plan.revenue[0]!.note).toBe('二期扩产')
    expect(revenueTotals(plan)).toEqual({ potential: 800, target: 300 })
    expect(nextPlanYear(plan, 2026)).toBe(2029)
    expect(nextPlanYear(readAccountPlan(new Y.Doc()), 2026)).toBe(2026)
    deletePlanRow(doc, 'revenue', y27)
    expect(readAccountPlan(doc).revenue).toHaveLength(1)
  })

  it('two people editing offline keep both texts and both joint actions', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    setPlanText(a, 'strategy', 'Expand to the south')
    sync(a, b)
    setPlanText(a, 'strategy', 'Expand to the south in 2027')
    setPlanText(b, 'strategy', 'Quickly expand to the south')
    addPlanRow(a, 'joint', { text: 'Joint roadmap workshop' })
    addPlanRow(b, 'joint', { text: '联合发布会', done: true })
    setPlanText(b, 'fit', 'Our MES fits their new plants')
    sync(a, b)
    const pa = readAccountPlan(a)
    expect(pa).toEqual(readAccountPlan(b))
    expect(pa.strategy).toBe('Quickly expand to the south in 2027')
    expect(pa.joint.map((j) => j.text).sort()).toEqual(['Joint roadmap workshop', '联合发布会'])
    expect(pa.fit).toBe('Our MES fits their new plants')
  })

  it('malformed rows read as defaults or are skipped, never throw', () => {
    const doc = new Y.Doc()
    const bad = new Y.Map<unknown>()
    bad.set('year', 'soon')
    doc.getArray('revenue').push([bad, 'x' as never])
    addPlanRow(doc, 'revenue', { year: 2027, potential: -5 })
    expect(readAccountPlan(doc).revenue).toEqual([{ id: expect.any(String), year: 2027, potential: 0, target: 0, note: '' }])
  })

  it('two people typing in one joint action’s text and customer owner at once both keep their words', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const id = addPlanRow(a, 'joint', { text: 'Plant visit', customerOwner: 'Chen' })
    const y = addPlanRow(a, 'revenue', { year: 2027, note: 'phase 2' })
    sync(a, b)
    updatePlanRow(a, 'joint', id, { text: 'Plant visit in March' })
    updatePlanRow(b, 'joint', id, { text: 'Joint plant visit' })
    updatePlanRow(a, 'joint', id, { customerOwner: 'Chen (CFO)' })
    updatePlanRow(b, 'joint', id, { customerOwner: 'Director Chen' })
    updatePlanRow(b, 'revenue', y, { note: 'phase 2 expansion' })
    updatePlanRow(a, 'revenue', y, { note: 'likely phase 2' })
    sync(a, b)
    const plan = readAccountPlan(a)
    expect(plan).toEqual(readAccountPlan(b))
    expect(plan.joint[0]!.text).toBe('Joint plant visit in March')
    expect(plan.joint[0]!.customerOwner).toBe('Director Chen (CFO)')
    expect(plan.revenue[0]!.note).toBe('likely phase 2 expansion')
    expect(readPlanField(a, `joint.${id}.customerOwner`)).toBe('Director Chen (CFO)')
  })

  it('a plan from before keeps its row texts when migrated, and then co-types', () => {
    // Version 1 wrote row prose as plain strings.
    const old = new Y.Doc()
    const row = new Y.Map<unknown>()
    for (const [k, v] of Object.entries({ id: 'j1', text: 'Quarterly review', owner: 'u1', customerOwner: 'Li', dueAt: null, done: false })) row.set(k, v)
    old.getArray('joint').push([row])
    const a = new Y.Doc()
    Y.applyUpdate(a, Y.encodeStateAsUpdate(old))
    initAccountPlan(a)
    expect(readAccountPlan(a).joint[0]).toMatchObject({ text: 'Quarterly review', customerOwner: 'Li' })
    expect(a.getArray<Y.Map<unknown>>('joint').get(0).get('text')).toBeInstanceOf(Y.Text)
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    updatePlanRow(a, 'joint', 'j1', { text: 'Quarterly review with IT' })
    updatePlanRow(b, 'joint', 'j1', { text: 'Quarterly business review' })
    sync(a, b)
    expect(readAccountPlan(b).joint[0]!.text).toBe('Quarterly business review with IT')
    // A plan from a newer app is recognised and left alone.
    a.getMap('meta').set('schemaVersion', 99)
    expect(isNewerPlan(a)).toBe(true)
  })
})
