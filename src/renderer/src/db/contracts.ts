import type { Collection, CollectionMethod, Contract, Deal, Instalment, Invoice, InvoiceKind, Milestone, MilestoneKind } from '@shared/model'
import { newId } from '@shared/ids'
import { dayOfDate, resolveSchedule, type PlanProblem } from '@shared/domain/collections'
import { getDb } from './database'
import { write, type WriteTx } from './write'

/**
 * After the signature: contracts, their payment plan and delivery milestones, collections
 * (回款), invoices and renewal deals. Every function is one atomic `write()` (rows, ops and
 * clocks together) and refuses bad input with a code the UI translates
 * (`collections:errors.<code>`), so nothing half-written ever syncs.
 */

export type PostSaleErrorCode =
  | 'contract.deal-not-found'
  | 'contract.deal-not-won'
  | 'contract.exists'
  | 'contract.not-found'
  | 'contract.number-missing'
  | 'contract.amount-invalid'
  | 'contract.currency-invalid'
  | 'contract.date-invalid'
  | 'contract.term-invalid'
  | 'contract.collector-unknown'
  | 'contract.customer-unknown'
  | 'plan.invalid'
  | 'collection.amount-invalid'
  | 'collection.currency-mismatch'
  | 'collection.date-invalid'
  | 'collection.in-future'
  | 'collection.instalment-unknown'
  | 'collection.not-found'
  | 'invoice.number-missing'
  | 'invoice.amount-invalid'
  | 'invoice.date-invalid'
  | 'milestone.not-found'
  | 'milestone.date-invalid'
  | 'renewal.no-process'
  | 'usage.metric-missing'
  | 'usage.quantity-invalid'
  | 'usage.date-invalid'
  | 'usage.in-future'
  | 'usage.not-found'
  | 'session.signed-out'

export class PostSaleError extends Error {
  constructor(
    public readonly code: PostSaleErrorCode,
    public readonly params: Record<string, string | number> = {}
  ) {
    super(code)
  }
}

export interface MilestoneDraft {
  /** Any key the plan's instalments use to point at this milestone (its id when it exists). */
  key: string
  id?: string
  kind: MilestoneKind
  name?: string
  plannedDate: string
  actualDate?: string
}

export interface InstalmentDraft {
  id?: string
  label?: string
  /** Exactly one of amount (minor units) and percentBp. */
  amount?: number
  percentBp?: number
  /** Exactly one of dueDate and milestoneKey (+ daysAfter). */
  dueDate?: string
  milestoneKey?: string
  daysAfter?: number
}

export interface ContractDraft {
  /** A won deal the contract comes from; without it, `customerId` says whose it is. */
  dealId?: string
  customerId?: string
  number: string
  name?: string
  amount: number
  currency: string
  signedAt: number
  startDate?: string
  endDate?: string
  terms?: string
  collectorId: string
}

export interface PlanDraft {
  milestones: MilestoneDraft[]
  instalments: InstalmentDraft[]
}

export interface Who {
  /** Who is writing when no one is signed in (an import, a test); the session's person wins. */
  byUserId?: string
  now: number
}

/** The person a post-sale write records: the signed-in one (the write path's actor), never a guess. */
export function actorOf(tx: WriteTx, who: Who): string {
  const by = tx.actor ?? who.byUserId
  if (!by) throw new PostSaleError('session.signed-out')
  return by
}

/** A clock a minute fast still counts as now: a collection recorded "now" is never in the future. */
const FUTURE_SLACK_MS = 24 * 3_600_000

function clean(s: string | undefined): string | undefined {
  const t = s?.trim()
  return t ? t : undefined
}

function validDate(s: string | undefined): boolean {
  return s === undefined || !Number.isNaN(dayOfDate(s))
}

/** Problems a plan may not be saved with; a plan short of the contract is allowed (the rest shows as unscheduled). */
const BLOCKING = new Set<PlanProblem['code']>(['plan.share-missing', 'plan.share-both', 'plan.due-missing', 'plan.due-both', 'plan.gate-unknown', 'plan.exceeds-contract'])

/** Plan drafts as rows of a contract, checked with the same rules that resolve them. */
function planRows(contract: Pick<Contract, 'id' | 'amount'>, plan: PlanDraft, existing: { milestones: Milestone[]; instalments: Instalment[] }): { milestones: Milestone[]; instalments: Instalment[] } {
  const idOfKey = new Map<string, string>()
  const milestones = plan.milestones.map((m, i): Milestone => {
    if (!validDate(m.plannedDate) || m.plannedDate === '' || !validDate(m.actualDate)) throw new PostSaleError('milestone.date-invalid', { seq: i + 1 })
    const id = m.id && existing.milestones.some((x) => x.id === m.id) ? m.id : newId()
    idOfKey.set(m.key, id)
    const row: Milestone = { id, contractId: contract.id, kind: m.kind, seq: i + 1, plannedDate: m.plannedDate }
    if (clean(m.name)) row.name = clean(m.name)
    if (m.actualDate) row.actualDate = m.actualDate
    return row
  })
  const instalments = plan.instalments.map((d, i): Instalment => {
    const id = d.id && existing.instalments.some((x) => x.id === d.id) ? d.id : newId()
    const row: Instalment = { id, contractId: contract.id, seq: i + 1 }
    if (clean(d.label)) row.label = clean(d.label)
    if (d.amount !== undefined) row.amount = d.amount
    if (d.percentBp !== undefined) row.percentBp = d.percentBp
    if (d.dueDate) row.dueDate = d.dueDate
    if (d.milestoneKey !== undefined) {
      // An unknown key stays unknown: the plan check names it.
      row.milestoneId = idOfKey.get(d.milestoneKey) ?? d.milestoneKey
      row.daysAfter = d.daysAfter ?? 0
    }
    return row
  })
  for (const [i, r] of instalments.entries()) {
    if ((r.amount !== undefined && (!Number.isInteger(r.amount) || r.amount <= 0)) || (r.percentBp !== undefined && (!Number.isInteger(r.percentBp) || r.percentBp <= 0 || r.percentBp > 10_000))) {
      throw new PostSaleError('plan.invalid', { problem: 'plan.share-invalid', seq: i + 1 })
    }
    if (!validDate(r.dueDate)) throw new PostSaleError('plan.invalid', { problem: 'plan.due-missing', seq: i + 1 })
  }
  const schedule = resolveSchedule(contract, instalments, new Map(milestones.map((m) => [m.id, m])))
  const blocking = schedule.problems.find((p) => BLOCKING.has(p.code))
  if (blocking) {
    const params: Record<string, string | number> = { problem: blocking.code }
    if ('seq' in blocking) params.seq = blocking.seq
    if ('excess' in blocking) params.excess = blocking.excess
    throw new PostSaleError('plan.invalid', params)
  }
  return { milestones, instalments }
}

/** Writes a plan over the existing one: changed rows updated, new ones added, dropped ones deleted. */
async function writePlan(tx: WriteTx, rows: { milestones: Milestone[]; instalments: Instalment[] }, existing: { milestones: Milestone[]; instalments: Instalment[] }): Promise<void> {
  for (const [table, next, prev] of [
    ['milestones', rows.milestones, existing.milestones],
    ['instalments', rows.instalments, existing.instalments]
  ] as const) {
    const keep = new Set(next.map((r) => r.id))
    for (const r of next) {
      const old = prev.find((p) => p.id === r.id)
      if (!old) await tx.insert(table, r as never)
      // Fields the new row lacks are cleared (a due date replaced by a milestone, say).
      else await tx.update(table, r.id, { ...Object.fromEntries(Object.keys(old).map((k) => [k, undefined])), ...r, deleted: undefined } as never)
    }
    for (const p of prev) if (!keep.has(p.id) && !p.deleted) await tx.remove(table, p.id)
  }
}

async function livePlan(contractId: string): Promise<{ milestones: Milestone[]; instalments: Instalment[] }> {
  const db = getDb()
  const [milestones, instalments] = await Promise.all([
    db.milestones.where('contractId').equals(contractId).toArray(),
    db.instalments.where('contractId').equals(contractId).toArray()
  ])
  return { milestones, instalments }
}

/**
 * A contract, with its milestones and payment plan, in one write. From a won deal it takes the
 * deal's customer (and refuses a deal that is not won or already has a contract).
 */
export async function createContract(draft: ContractDraft, plan: PlanDraft, who: Who): Promise<Contract> {
  const number = clean(draft.number)
  if (!number) throw new PostSaleError('contract.number-missing')
  if (!Number.isInteger(draft.amount) || draft.amount <= 0) throw new PostSaleError('contract.amount-invalid')
  if (!/^[A-Z]{3}$/.test(draft.currency)) throw new PostSaleError('contract.currency-invalid')
  if (!Number.isFinite(draft.signedAt) || draft.signedAt <= 0 || draft.signedAt > who.now + FUTURE_SLACK_MS) throw new PostSaleError('contract.date-invalid')
  if (!validDate(draft.startDate) || !validDate(draft.endDate)) throw new PostSaleError('contract.term-invalid')
  if (draft.startDate && draft.endDate && dayOfDate(draft.endDate) < dayOfDate(draft.startDate)) throw new PostSaleError('contract.term-invalid')
  return write(async (tx) => {
    const db = getDb()
    let customerId = draft.customerId
    let deal: Deal | undefined
    if (draft.dealId) {
      deal = await db.deals.get(draft.dealId)
      if (!deal || deal.deleted) throw new PostSaleError('contract.deal-not-found')
      if (deal.status !== 'won') throw new PostSaleError('contract.deal-not-won')
      const other = await db.contracts.where('dealId').equals(deal.id).filter((c) => !c.deleted).first()
      if (other) throw new PostSaleError('contract.exists', { number: other.number })
      customerId = deal.customerId
    }
    if (!customerId || !(await db.customers.get(customerId))) throw new PostSaleError('contract.customer-unknown')
    const collector = await db.users.get(draft.collectorId)
    if (!collector || collector.deleted) throw new PostSaleError('contract.collector-unknown')
    const contract: Contract = {
      id: newId(),
      number,
      customerId,
      collectorId: collector.id,
      orgUnitId: collector.orgUnitId,
      amount: draft.amount,
      currency: draft.currency,
      signedAt: draft.signedAt,
      status: 'active',
      createdAt: who.now,
      createdBy: actorOf(tx, who)
    }
    if (deal) contract.dealId = deal.id
    if (clean(draft.name)) contract.name = clean(draft.name)
    if (draft.startDate) contract.startDate = draft.startDate
    if (draft.endDate) contract.endDate = draft.endDate
    if (clean(draft.terms)) contract.terms = clean(draft.terms)
    const empty = { milestones: [], instalments: [] }
    const rows = planRows(contract, plan, empty)
    await tx.insert('contracts', contract)
    await writePlan(tx, rows, empty)
    return contract
  })
}

/** Replace a contract's milestones and payment plan (rows kept by id, so collections stay allocated). */
export async function savePlan(contractId: string, plan: PlanDraft): Promise<void> {
  await write(async (tx) => {
    const contract = await getDb().contracts.get(contractId)
    if (!contract || contract.deleted) throw new PostSaleError('contract.not-found')
    const existing = await livePlan(contractId)
    await writePlan(tx, planRows(contract, plan, existing), existing)
  })
}

/** Edit the contract's own fields (term, terms, collector, status). */
export async function updateContract(
  contractId: string,
  patch: Partial<Pick<Contract, 'number' | 'name' | 'amount' | 'signedAt' | 'startDate' | 'endDate' | 'terms' | 'collectorId' | 'status'>>
): Promise<Contract> {
  if (patch.amount !== undefined && (!Number.isInteger(patch.amount) || patch.amount <= 0)) throw new PostSaleError('contract.amount-invalid')
  if (patch.signedAt !== undefined && (!Number.isFinite(patch.signedAt) || patch.signedAt <= 0)) throw new PostSaleError('contract.date-invalid')
  return write(async (tx) => {
    const db = getDb()
    const contract = await db.contracts.get(contractId)
    if (!contract || contract.deleted) throw new PostSaleError('contract.not-found')
    const next: Partial<Contract> = { ...patch }
    if (patch.number !== undefined && !clean(patch.number)) throw new PostSaleError('contract.number-missing')
    if (!validDate(patch.startDate) || !validDate(patch.endDate)) throw new PostSaleError('contract.term-invalid')
    if (patch.collectorId) {
      const u = await db.users.get(patch.collectorId)
      if (!u || u.deleted) throw new PostSaleError('contract.collector-unknown')
      next.orgUnitId = u.orgUnitId
    }
    return tx.update('contracts', contractId, next)
  })
}

export interface CollectionInput {
  contractId: string
  amount: number
  /** Defaults to the contract's currency; another one is refused. */
  currency?: string
  receivedAt: number
  method: CollectionMethod
  instalmentId?: string
  note?: string
}

/** Record money received (回款). Partial and early payments are fine; more than the contract is kept as over-payment. */
export async function recordCollection(input: CollectionInput, who: Who): Promise<Collection> {
  if (!Number.isInteger(input.amount) || input.amount <= 0) throw new PostSaleError('collection.amount-invalid')
  if (!Number.isFinite(input.receivedAt) || input.receivedAt <= 0) throw new PostSaleError('collection.date-invalid')
  if (input.receivedAt > who.now + FUTURE_SLACK_MS) throw new PostSaleError('collection.in-future')
  return write(async (tx) => {
    const db = getDb()
    const contract = await db.contracts.get(input.contractId)
    if (!contract || contract.deleted) throw new PostSaleError('contract.not-found')
    const currency = input.currency ?? contract.currency
    if (currency !== contract.currency) throw new PostSaleError('collection.currency-mismatch', { currency, expected: contract.currency })
    if (input.instalmentId) {
      const ins = await db.instalments.get(input.instalmentId)
      if (!ins || ins.deleted || ins.contractId !== contract.id) throw new PostSaleError('collection.instalment-unknown')
    }
    const row: Collection = {
      id: newId(),
      contractId: contract.id,
      amount: input.amount,
      currency,
      receivedAt: input.receivedAt,
      method: input.method,
      recordedBy: actorOf(tx, who),
      recordedAt: who.now
    }
    if (input.instalmentId) row.instalmentId = input.instalmentId
    if (clean(input.note)) row.note = clean(input.note)
    return tx.insert('collections', row)
  })
}

/** Delete a collection recorded by mistake (the op log keeps it). */
export async function removeCollection(id: string): Promise<void> {
  await write(async (tx) => {
    const c = await getDb().collections.get(id)
    if (!c || c.deleted) throw new PostSaleError('collection.not-found')
    await tx.remove('collections', id)
  })
}

export interface InvoiceInput {
  contractId: string
  number: string
  amount: number
  issuedAt: number
  kind: InvoiceKind
  instalmentId?: string
  note?: string
}

export async function issueInvoice(input: InvoiceInput, who: Who): Promise<Invoice> {
  const number = clean(input.number)
  if (!number) throw new PostSaleError('invoice.number-missing')
  if (!Number.isInteger(input.amount) || input.amount <= 0) throw new PostSaleError('invoice.amount-invalid')
  if (!Number.isFinite(input.issuedAt) || input.issuedAt <= 0 || input.issuedAt > who.now + FUTURE_SLACK_MS) throw new PostSaleError('invoice.date-invalid')
  return write(async (tx) => {
    const contract = await getDb().contracts.get(input.contractId)
    if (!contract || contract.deleted) throw new PostSaleError('contract.not-found')
    const row: Invoice = { id: newId(), contractId: contract.id, number, amount: input.amount, currency: contract.currency, issuedAt: input.issuedAt, kind: input.kind, createdBy: actorOf(tx, who) }
    if (input.instalmentId) row.instalmentId = input.instalmentId
    if (clean(input.note)) row.note = clean(input.note)
    return tx.insert('invoices', row)
  })
}

/** Mark a milestone reached on a day (or not reached again, with null): a gated instalment falls due from it. */
export async function reachMilestone(milestoneId: string, actualDate: string | null): Promise<Milestone> {
  if (actualDate !== null && Number.isNaN(dayOfDate(actualDate))) throw new PostSaleError('milestone.date-invalid')
  return write(async (tx) => {
    const m = await getDb().milestones.get(milestoneId)
    if (!m || m.deleted) throw new PostSaleError('milestone.not-found')
    return tx.update('milestones', milestoneId, { actualDate: actualDate ?? undefined })
  })
}

/**
 * Open a renewal (or repeat-purchase) deal from a contract: a new open deal for the same
 * customer, owned by the contract's collector, in the existing-customer process when there is
 * one, at its first stage; the contract remembers it so the candidate leaves the list.
 */
export async function openRenewalDeal(
  p: { contractId: string; name: string; expectedCloseAt: number; processId?: string },
  who: Who
): Promise<Deal> {
  return write(async (tx) => {
    const db = getDb()
    const contract = await db.contracts.get(p.contractId)
    if (!contract || contract.deleted) throw new PostSaleError('contract.not-found')
    const processes = (await db.salesProcesses.toArray()).filter((x) => !x.deleted)
    const process = processes.find((x) => x.id === p.processId) ?? processes.find((x) => x.segment === 'existing') ?? processes[0]
    const first = process?.stages.find((s) => s.kind === 'open')
    if (!process || !first) throw new PostSaleError('renewal.no-process')
    const owner = (await db.users.get(contract.collectorId)) ?? undefined
    const deal: Deal = {
      id: newId(),
      name: p.name.trim() || contract.number,
      customerId: contract.customerId,
      ownerId: contract.collectorId,
      orgUnitId: owner?.orgUnitId ?? contract.orgUnitId,
      processId: process.id,
      stageId: first.id,
      stageEnteredAt: who.now,
      amount: contract.amount,
      currency: contract.currency,
      expectedCloseAt: p.expectedCloseAt,
      forecastCategory: 'pipeline',
      status: 'open',
      bigDeal: false,
      createdAt: who.now,
      checkedCriteria: []
    }
    await tx.insert('deals', deal)
    await tx.insert('stageHistory', { id: newId(), dealId: deal.id, fromStageId: null, toStageId: first.id, at: who.now, byUserId: actorOf(tx, who) })
    await tx.update('contracts', contract.id, { renewalDealId: deal.id })
    return deal
  })
}
