import * as Y from 'yjs'
import { setText } from './strategy-sheet'

/**
 * The account business plan of a strategic customer (大客户经营计划) as a Yjs document, stored and
 * shared exactly like a deal's strategy sheet: the customer's own strategy and how our offer
 * fits it are Y.Texts (two people typing both keep their words), revenue potential by year and
 * the joint actions are rows (Y.Maps keyed by a random id) whose fields merge last-writer-wins,
 * except the prose in them (`planTextFields`), which are Y.Texts co-typed character by character.
 */

/** v2: row prose as Y.Texts (v1 kept plain strings, so two people typing one lost one's words). */
export const PLAN_SCHEMA_VERSION = 2

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

const str = (v: unknown): string => (v instanceof Y.Text ? v.toString() : typeof v === 'string' ? v : '')
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

/** Row fields people type prose into: Y.Texts. */
export const planTextFields: { [S in PlanSection]: readonly (keyof PlanRows[S] & string)[] } = {
  revenue: ['note'],
  joint: ['text', 'customerOwner']
}

const isPlanText = (section: PlanSection, field: string): boolean => (planTextFields[section] as readonly string[]).includes(field)

/** A plan written by a newer app: shown, not written into. */
export function isNewerPlan(doc: Y.Doc): boolean {
  const v = doc.getMap<unknown>('meta').get('schemaVersion')
  return typeof v === 'number' && v > PLAN_SCHEMA_VERSION
}

/**
 * Stamp the version and bring a v1 plan up to v2: row prose kept as plain strings becomes
 * Y.Texts with the same words (two replicas migrating at once write equal texts; one wins).
 * Call only when `!isNewerPlan(doc)`.
 */
export function initAccountPlan(doc: Y.Doc): void {
  const meta = doc.getMap<unknown>('meta')
  if (meta.get('schemaVersion') === PLAN_SCHEMA_VERSION) return
  doc.transact(() => {
    for (const section of ['revenue', 'joint'] as const) {
      for (const m of doc.getArray<unknown>(section).toArray()) {
        if (!(m instanceof Y.Map)) continue
        for (const field of planTextFields[section]) {
          const v = m.get(field)
          if (typeof v === 'string') m.set(field, new Y.Text(v))
        }
      }
    }
    meta.set('schemaVersion', PLAN_SCHEMA_VERSION)
  })
}

/**
 * A live field's text straight from the document by its presence key (`strategy`, `fit`,
 * `joint.<rowId>.text`…), for an input to rebase a keystroke onto what arrived meanwhile.
 */
export function readPlanField(doc: Y.Doc, field: string): string {
  if (field === 'strategy' || field === 'fit') return doc.getText(field).toString()
  const [section, id, name] = field.split('.')
  if ((section !== 'revenue' && section !== 'joint') || !id || !name) return ''
  for (const m of doc.getArray<unknown>(section).toArray()) if (m instanceof Y.Map && m.get('id') === id) return str(m.get(name))
  return ''
}

const defaults: { [S in PlanSection]: Omit<PlanRows[S], 'id'> } = {
  revenue: { year: 0, potential: 0, target: 0, note: '' },
  joint: { text: '', owner: '', customerOwner: '', dueAt: null, done: false }
}

export function addPlanRow<S extends PlanSection>(doc: Y.Doc, section: S, fields: Partial<Omit<PlanRows[S], 'id'>> = {}, id: string = globalThis.crypto.randomUUID()): string {
  const m = new Y.Map<unknown>()
  for (const [k, v] of Object.entries({ ...defaults[section], ...fields, id })) {
    if (v !== undefined) m.set(k, typeof v === 'string' && isPlanText(section, k) ? new Y.Text(v) : v)
  }
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
        for (const [k, v] of Object.entries(patch)) {
          const cur = m.get(k)
          // Prose changes by its smallest edit, so someone typing elsewhere in it keeps their characters.
          if (typeof v === 'string' && isPlanText(section, k)) {
            if (cur instanceof Y.Text) setText(cur, v)
            else if (cur !== v) m.set(k, new Y.Text(v))
          } else if (cur !== v) m.set(k, v)
        }
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
