import * as Y from 'yjs'
import { setText } from './strategy-sheet'

/**
 * The account business plan of a strategic customer (大客户经营计划) as a Yjs document, stored and
 * shared exactly like a deal's strategy sheet: the customer's own strategy and how our offer
 * fits it are Y.Texts (two people typing both keep their words), revenue potential by year and
 * the joint actions are rows (Y.Maps keyed by a random id) whose fields merge last-writer-wins.
 */

export interface RevenueYear {
  id: string
  year: number
  /** Minor units of the workspace currency. */
  potential: number
  /** What we expect to have won of it. */
  target: number
  note: string
}

export interface JointAction {
  id: string
  text: string
  /** Who on our side. */
  owner: string
  /** Who on the customer's side. */
  customerOwner: string
  dueAt: number | null
  done: boolean
}

export interface AccountPlanContent {
  strategy: string
  fit: string
  revenue: RevenueYear[]
  joint: JointAction[]
}

export interface PlanRows {
  revenue: RevenueYear
  joint: JointAction
}
export type PlanSection = keyof PlanRows

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : 0)

function readRows<S extends PlanSection>(doc: Y.Doc, section: S): PlanRows[S][] {
  const out: PlanRows[S][] = []
  const seen = new Set<string>()
  for (const m of doc.getArray<unknown>(section).toArray()) {
    if (!(m instanceof Y.Map)) continue
    const id = m.get('id')
    if (typeof id !== 'string' || !id || seen.has(id)) continue
    seen.add(id)
    if (section === 'revenue') {
      out.push({ id, year: num(m.get('year')), potential: Math.max(0, num(m.get('potential'))), target: Math.max(0, num(m.get('target'))), note: str(m.get('note')) } as PlanRows[S])
    } else {
      const due = m.get('dueAt')
      out.push({
        id,
        text: str(m.get('text')),
        owner: str(m.get('owner')),
        customerOwner: str(m.get('customerOwner')),
        dueAt: typeof due === 'number' && Number.isFinite(due) ? due : null,
        done: m.get('done') === true
      } as PlanRows[S])
    }
  }
  return out
}

/** The plan as plain data; revenue years in order whatever order they were added in. */
export function readAccountPlan(doc: Y.Doc): AccountPlanContent {
  return {
    strategy: doc.getText('strategy').toString(),
    fit: doc.getText('fit').toString(),
    revenue: readRows(doc, 'revenue').sort((a, b) => a.year - b.year || a.id.localeCompare(b.id)),
    joint: readRows(doc, 'joint')
  }
}

export function setPlanText(doc: Y.Doc, field: 'strategy' | 'fit', next: string): void {
  setText(doc.getText(field), next)
}

const defaults: { [S in PlanSection]: Omit<PlanRows[S], 'id'> } = {
  revenue: { year: 0, potential: 0, target: 0, note: '' },
  joint: { text: '', owner: '', customerOwner: '', dueAt: null, done: false }
}

export function addPlanRow<S extends PlanSection>(doc: Y.Doc, section: S, fields: Partial<Omit<PlanRows[S], 'id'>> = {}, id: string = globalThis.crypto.randomUUID()): string {
  const m = new Y.Map<unknown>()
  for (const [k, v] of Object.entries({ ...defaults[section], ...fields, id })) if (v !== undefined) m.set(k, v)
  doc.getArray<Y.Map<unknown>>(section).push([m])
  return id
}

/** The next year to plan: the one after the last planned, or this year. */
export function nextPlanYear(plan: AccountPlanContent, thisYear: number): number {
  return plan.revenue.length ? Math.max(...plan.revenue.map((r) => r.year)) + 1 : thisYear
}

export function updatePlanRow<S extends PlanSection>(doc: Y.Doc, section: S, id: string, patch: Partial<Omit<PlanRows[S], 'id'>>): boolean {
  const arr = doc.getArray<unknown>(section)
  for (const m of arr.toArray()) {
    if (m instanceof Y.Map && m.get('id') === id) {
      doc.transact(() => {
        for (const [k, v] of Object.entries(patch)) if (m.get(k) !== v) m.set(k, v)
      })
      return true
    }
  }
  return false
}

export function deletePlanRow(doc: Y.Doc, section: PlanSection, id: string): boolean {
  const arr = doc.getArray<unknown>(section)
  for (let i = 0; i < arr.length; i++) {
    const m = arr.get(i)
    if (m instanceof Y.Map && m.get('id') === id) {
      arr.delete(i, 1)
      return true
    }
  }
  return false
}

/** Totals for the table's last row. */
export function revenueTotals(plan: AccountPlanContent): { potential: number; target: number } {
  return plan.revenue.reduce((t, r) => ({ potential: t.potential + r.potential, target: t.target + r.target }), { potential: 0, target: 0 })
}

/** Where a customer's plan is stored among the sheets' updates. */
export function accountPlanSheetId(customerId: string): string {
  return `account-plan:${customerId}`
}
