import type { CollectionMethod, Invoice, MilestoneKind } from '../model'
import {
  collectionSplit,
  contractStates,
  dayOfDate,
  localDayReader,
  noonOfDay,
  paidLateDays,
  startOfLocalDay,
  type LineState,
  type PostSaleData
} from './collections'
import { collectedBy } from './collections-metrics'
import { kindRank, type TimelineEvent } from './timeline'

/**
 * The post-sale leg of the mixed timeline: contract signed, delivery milestones (planned or
 * reached), invoices, collections (回款) and instalments falling overdue, as timeline events
 * in the same total order as everything else. Built from the synced rows; overdue events are
 * derived (an instalment not paid by the end of its due day becomes overdue at the next local
 * midnight), so they appear and disappear with the data.
 */

export const postSaleKinds = ['contract_signed', 'milestone', 'invoice', 'collection', 'instalment_overdue'] as const
export type PostSaleKind = (typeof postSaleKinds)[number]

const postSaleKindSet = new Set<string>(postSaleKinds)
export function isPostSaleKind(k: string): k is PostSaleKind {
  return postSaleKindSet.has(k)
}

export interface PostSaleInfo {
  contractId: string
  contractNumber: string
  currency: string
  /** Contract, invoice or collection amount. */
  amount?: number
  milestoneKind?: MilestoneKind
  milestoneName?: string
  /** Milestones: reached late by, or (not reached) late by so far. */
  lateDays?: number
  /** Instalment lines: label and place in the plan. */
  instalmentLabel?: string
  instalmentSeq?: number
  /** Overdue: missing when it fell overdue; days overdue now (open) or until paid (paid late). */
  outstanding?: number
  daysOverdue?: number
  /** Overdue that was settled later: the local day it was paid. */
  settledDay?: number
  method?: CollectionMethod
  /** Collections: the part beyond the contract amount. */
  overpaid?: number
  /** Collections: the instalment it finished, or what it left open on the line it paid last. */
  leftOpen?: number
  invoiceNumber?: string
  /** What a search should find: contract number, labels, notes. */
  text: string
}

export interface PostSaleRows extends PostSaleData {
  invoices: readonly Invoice[]
}

function event(
  id: string,
  kind: PostSaleKind,
  at: number,
  futureAfter: number,
  where: { customerId: string; dealId?: string },
  personIds: string[],
  postSale: PostSaleInfo,
  extra: Partial<TimelineEvent> = {}
): TimelineEvent {
  return {
    id,
    kind,
    rawKind: kind,
    at,
    sortAt: at,
    rank: kindRank(kind),
    timeState: at > futureAfter ? 'future' : 'ok',
    customerId: where.customerId,
    dealId: where.dealId ?? null,
    personIds: personIds.filter((p) => p !== ''),
    postSale,
    ...extra
  }
}

function join(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p).join(' ')
}

/** The timeline events of some contracts and everything hanging off them. */
export function postSaleEvents(rows: PostSaleRows, p: { now: number; timeZone: string; futureAfter?: number }): TimelineEvent[] {
  const out: TimelineEvent[] = []
  const futureAfter = p.futureAfter ?? p.now
  const dayOf = localDayReader(p.timeZone)
  const today = dayOf(p.now)
  const contracts = new Map(rows.contracts.filter((c) => !c.deleted).map((c) => [c.id, c]))
  const lineOf = new Map<string, LineState>()
  for (const s of contractStates(rows, p.timeZone)) {
    const c = s.contract
    const where = { customerId: c.customerId, dealId: c.dealId }
    out.push(
      event(c.id, 'contract_signed', c.signedAt, futureAfter, where, [c.collectorId], {
        contractId: c.id,
        contractNumber: c.number,
        currency: c.currency,
        amount: c.amount,
        text: join(c.number, c.name, c.terms)
      })
    )
    for (const l of s.lines) {
      if (l.instalmentId) lineOf.set(l.instalmentId, l)
      if (l.dueDay === null || l.amount === 0 || c.status === 'terminated') continue
      const late = paidLateDays(l)
      const open = l.paidDay === null && l.dueDay < today
      if (!open && !(late !== null && late > 0)) continue
      out.push(
        event(`${l.key}:overdue`, 'instalment_overdue', startOfLocalDay(l.dueDay + 1, p.timeZone), futureAfter, where, [c.collectorId], {
          contractId: c.id,
          contractNumber: c.number,
          currency: c.currency,
          ...(l.label ? { instalmentLabel: l.label } : {}),
          instalmentSeq: l.seq,
          outstanding: l.amount - collectedBy(l, l.dueDay),
          daysOverdue: open ? today - l.dueDay : late!,
          ...(open ? {} : { settledDay: l.paidDay! }),
          text: join(c.number, l.label)
        })
      )
    }
    // Collections: which instalment each one finished or left open, from the allocation.
    const afterCollection = new Map<string, { line: LineState; left: number }>()
    for (const l of s.lines) {
      let paid = 0
      for (const a of l.allocations) {
        paid += a.amount
        afterCollection.set(a.collectionId, { line: l, left: l.amount - paid })
      }
    }
    for (const col of rows.collections) {
      if (col.deleted || col.contractId !== c.id) continue
      const split = col.currency === c.currency ? collectionSplit(s, col) : undefined
      const last = afterCollection.get(col.id)
      out.push(
        event(col.id, 'collection', col.receivedAt, futureAfter, where, [col.recordedBy], {
          contractId: c.id,
          contractNumber: c.number,
          currency: col.currency,
          amount: col.amount,
          method: col.method,
          ...(last?.line.label ? { instalmentLabel: last.line.label } : {}),
          ...(last && last.line.instalmentId ? { instalmentSeq: last.line.seq } : {}),
          ...(last ? { leftOpen: last.left } : {}),
          ...(split && split.overpaid > 0 ? { overpaid: split.overpaid } : {}),
          text: join(c.number, last?.line.label, col.note)
        })
      )
    }
  }
  for (const m of rows.milestones) {
    const c = m.deleted ? undefined : contracts.get(m.contractId)
    if (!c) continue
    const planned = dayOfDate(m.plannedDate)
    const actual = m.actualDate !== undefined ? dayOfDate(m.actualDate) : NaN
    if (Number.isNaN(planned) && Number.isNaN(actual)) continue
    const reached = !Number.isNaN(actual)
    const lateDays = reached ? Math.max(0, actual - planned) : Math.max(0, today - planned)
    out.push(
      event(
        m.id,
        'milestone',
        noonOfDay(reached ? actual : planned, p.timeZone),
        futureAfter,
        { customerId: c.customerId, dealId: c.dealId },
        [c.collectorId],
        {
          contractId: c.id,
          contractNumber: c.number,
          currency: c.currency,
          milestoneKind: m.kind,
          ...(m.name ? { milestoneName: m.name } : {}),
          ...(lateDays > 0 ? { lateDays } : {}),
          text: join(c.number, m.name, m.note)
        },
        { dateOnly: true, ...(reached ? {} : { planned: true }) }
      )
    )
  }
  for (const inv of rows.invoices) {
    const c = inv.deleted ? undefined : contracts.get(inv.contractId)
    if (!c) continue
    const line = inv.instalmentId ? lineOf.get(inv.instalmentId) : undefined
    out.push(
      event(inv.id, 'invoice', inv.issuedAt, futureAfter, { customerId: c.customerId, dealId: c.dealId }, [inv.createdBy], {
        contractId: c.id,
        contractNumber: c.number,
        currency: inv.currency,
        amount: inv.amount,
        invoiceNumber: inv.number,
        ...(line?.label ? { instalmentLabel: line.label } : {}),
        text: join(c.number, inv.number, line?.label, inv.note)
      })
    )
  }
  return out
}
