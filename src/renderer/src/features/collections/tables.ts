import type { TFunction } from 'i18next'
import { dateOfDay, type ContractState, type LateDelivery, type OverdueLine } from '@shared/domain/collections'
import type { DsoPoint, ForecastBucket, Punctuality, PlanRow } from '@shared/domain/collections-metrics'
import type { RenewalCandidate } from '@shared/domain/renewals'
import type { Customer, Deal } from '@shared/model'
import type { CellValue, TableData } from './table-data'
import { lineName, milestoneName } from './labels'

/**
 * The collections views' tables as plain data (see table-data.ts); one builder per view. Their
 * keys live in the namespace of the callers' useTranslation('collections').
 */

export const contractLink = (id: string): string => `/collections/contracts/${id}`

export interface Names {
  t: TFunction<'collections'>
  customers: ReadonlyMap<string, Customer>
  deals: ReadonlyMap<string, Deal>
  userName(id: string): string
  orgUnitName(id: string): string
}

export function overdueTable(lines: readonly OverdueLine[], n: Names): TableData {
  const { t } = n
  return {
    name: t('overdue.title'),
    columns: [
      { key: 'customer', header: t('overdue.customer'), kind: 'text' },
      { key: 'contract', header: t('overdue.contract'), kind: 'text' },
      { key: 'instalment', header: t('overdue.instalment'), kind: 'text' },
      { key: 'due', header: t('overdue.due'), kind: 'date' },
      { key: 'days', header: t('overdue.days'), kind: 'number' },
      { key: 'outstanding', header: t('overdue.outstanding'), kind: 'money', currencyKey: 'currency' },
      { key: 'collector', header: t('overdue.collector'), kind: 'text' }
    ],
    rows: lines.map((o) => ({
      customer: n.customers.get(o.contract.customerId)?.name ?? '—',
      contract: o.contract.number,
      instalment: lineName(o.line, t),
      due: dateOfDay(o.line.dueDay!),
      days: o.daysOverdue,
      outstanding: o.outstanding,
      currency: o.currency,
      collector: n.userName(o.contract.collectorId)
    })),
    links: lines.map((o) => ({
      customer: `/customers/${o.contract.customerId}`,
      contract: contractLink(o.contract.id),
      instalment: contractLink(o.contract.id),
      outstanding: contractLink(o.contract.id),
      collector: `/reps/${o.contract.collectorId}`
    }))
  }
}

export function planTable(rows: readonly PlanRow[], by: 'rep' | 'team', n: Names): TableData {
  const { t } = n
  return {
    name: by === 'rep' ? t('month.byRep') : t('month.byTeam'),
    columns: [
      { key: 'name', header: by === 'rep' ? t('month.rep') : t('month.team'), kind: 'text' },
      { key: 'plan', header: t('month.plan'), kind: 'money', currencyKey: 'planCurrency' },
      { key: 'collected', header: t('month.collected'), kind: 'money', currencyKey: 'collectedCurrency' },
      { key: 'rate', header: t('month.rate'), kind: 'percent' },
      { key: 'overdue', header: t('month.overdue'), kind: 'money', currencyKey: 'overdueCurrency' },
      { key: 'overdueLines', header: t('month.overdueLines'), kind: 'number' },
      { key: 'contracts', header: t('month.contracts'), kind: 'number' }
    ],
    rows: rows.map((r) => ({
      name: by === 'rep' ? n.userName(r.id) : n.orgUnitName(r.id),
      plan: r.plan.amount,
      planCurrency: r.plan.currency,
      collected: r.collected.amount,
      collectedCurrency: r.collected.currency,
      rate: r.rate,
      overdue: r.overdue.amount,
      overdueCurrency: r.overdue.currency,
      overdueLines: r.overdueLines,
      contracts: r.contracts
    })),
    links: rows.map((r): Record<string, string> =>
      by === 'rep' ? { name: `/reps/${r.id}`, ...(r.overdueLines > 0 ? { overdue: `/collections?tab=overdue&collector=${r.id}` } : {}) } : {}
    )
  }
}

export function dsoTable(points: readonly DsoPoint[], t: TFunction<'collections'>, today: number): TableData {
  return {
    name: t('dso.title'),
    columns: [
      { key: 'month', header: t('dso.month'), kind: 'text' },
      { key: 'receivable', header: t('dso.receivable'), kind: 'money', currencyKey: 'currency' },
      { key: 'billed', header: t('dso.billed'), kind: 'money', currencyKey: 'billedCurrency' },
      { key: 'dso', header: t('dso.dso'), kind: 'number' }
    ],
    rows: points.map((p) => ({
      // The current month is measured today, not at its end.
      month: p.day === today && dateOfDay(p.day + 1).slice(0, 7) === p.month ? t('dso.toDate', { month: p.month }) : p.month,
      receivable: p.receivable.amount,
      currency: p.receivable.currency,
      billed: p.billed.amount,
      billedCurrency: p.billed.currency,
      dso: p.dso === null ? null : Math.round(p.dso)
    }))
  }
}

export function forecastTable(buckets: readonly ForecastBucket[], t: TFunction<'collections'>): TableData {
  return {
    name: t('forecast.title'),
    columns: [
      { key: 'month', header: t('forecast.month'), kind: 'text' },
      { key: 'scheduled', header: t('forecast.scheduled'), kind: 'money', currencyKey: 'scheduledCurrency' },
      { key: 'expected', header: t('forecast.expected'), kind: 'money', currencyKey: 'expectedCurrency' }
    ],
    rows: buckets.map((b) => ({
      month: b.key === 'later' ? t('forecast.later') : b.key,
      scheduled: b.scheduled.amount,
      scheduledCurrency: b.scheduled.currency,
      expected: b.expected.amount,
      expectedCurrency: b.expected.currency
    }))
  }
}

export interface PunctualityRow {
  customerId: string
  punctuality: Punctuality
  open: number
  expected: number
  currency: string
}

export function punctualityTable(rows: readonly PunctualityRow[], n: Names): TableData {
  const { t } = n
  return {
    name: t('forecast.byCustomer'),
    columns: [
      { key: 'customer', header: t('forecast.customer'), kind: 'text' },
      { key: 'collectedShare', header: t('forecast.collectedShare'), kind: 'percent' },
      { key: 'punctuality', header: t('forecast.punctuality'), kind: 'percent' },
      { key: 'delay', header: t('forecast.delay'), kind: 'number' },
      { key: 'source', header: '', kind: 'text' },
      { key: 'open', header: t('forecast.open'), kind: 'money' },
      { key: 'expected', header: t('forecast.expectedAmount'), kind: 'money' }
    ],
    rows: rows.map((r) => ({
      customer: n.customers.get(r.customerId)?.name ?? '—',
      collectedShare: r.punctuality.share,
      punctuality: r.punctuality.onTimeShare,
      delay: Math.round(r.punctuality.delayDays),
      source: t(`forecast.source.${r.punctuality.source}`),
      open: r.open,
      expected: r.expected,
      currency: r.currency
    })),
    links: rows.map((r) => ({ customer: `/customers/${r.customerId}` }))
  }
}

export function renewalsTable(list: readonly RenewalCandidate[], n: Names, when: (c: RenewalCandidate) => string, why: (c: RenewalCandidate) => string): TableData {
  const { t } = n
  return {
    name: t('renewals.title'),
    columns: [
      { key: 'customer', header: t('renewals.customer'), kind: 'text' },
      { key: 'contract', header: t('renewals.contract'), kind: 'text' },
      { key: 'reason', header: t('renewals.reason'), kind: 'text' },
      { key: 'when', header: t('renewals.when'), kind: 'text' },
      { key: 'amount', header: t('renewals.amount'), kind: 'money' }
    ],
    rows: list.map((c) => ({
      customer: n.customers.get(c.customerId)?.name ?? '—',
      contract: c.contract.number,
      reason: why(c),
      when: when(c),
      amount: c.contract.amount,
      currency: c.contract.currency
    })),
    links: list.map((c) => ({ customer: `/customers/${c.customerId}`, contract: contractLink(c.contract.id) }))
  }
}

export function contractsTable(states: readonly ContractState[], n: Names, signedDay: (ms: number) => number): TableData {
  const { t } = n
  const rows: Record<string, CellValue>[] = states.map((s) => ({
    number: s.contract.number,
    customer: n.customers.get(s.contract.customerId)?.name ?? '—',
    signed: dateOfDay(signedDay(s.contract.signedAt)),
    amount: s.contract.amount,
    collected: s.collected,
    outstanding: s.outstanding,
    currency: s.contract.currency,
    collector: n.userName(s.contract.collectorId),
    status: s.contract.status === 'terminated' ? t('contract.terminated') : t('contract.active')
  }))
  return {
    name: t('contracts.title'),
    columns: [
      { key: 'number', header: t('contracts.number'), kind: 'text' },
      { key: 'customer', header: t('contracts.customer'), kind: 'text' },
      { key: 'signed', header: t('contracts.signed'), kind: 'date' },
      { key: 'amount', header: t('contracts.amount'), kind: 'money' },
      { key: 'collected', header: t('contracts.collected'), kind: 'money' },
      { key: 'outstanding', header: t('contracts.outstanding'), kind: 'money' },
      { key: 'collector', header: t('contract.collector'), kind: 'text' },
      { key: 'status', header: t('contracts.status'), kind: 'text' }
    ],
    rows,
    links: states.map((s) => ({ number: contractLink(s.contract.id), customer: `/customers/${s.contract.customerId}`, collector: `/reps/${s.contract.collectorId}` }))
  }
}

export function lateMilestonesTable(list: readonly LateDelivery[], n: Names): TableData {
  const { t } = n
  return {
    name: t('late.title'),
    columns: [
      { key: 'customer', header: t('overdue.customer'), kind: 'text' },
      { key: 'contract', header: t('overdue.contract'), kind: 'text' },
      { key: 'milestone', header: t('late.milestone'), kind: 'text' },
      { key: 'planned', header: t('milestone.planned'), kind: 'date' },
      { key: 'days', header: t('late.days'), kind: 'number' },
      { key: 'blocked', header: t('late.blocked'), kind: 'money', currencyKey: 'currency' },
      { key: 'collector', header: t('overdue.collector'), kind: 'text' }
    ],
    rows: list.map((r) => ({
      customer: n.customers.get(r.state.contract.customerId)?.name ?? '—',
      contract: r.state.contract.number,
      milestone: milestoneName(r.milestone, t),
      planned: r.milestone.plannedDate,
      days: r.lateDays,
      blocked: r.heldUp || null,
      currency: r.state.contract.currency,
      collector: n.userName(r.state.contract.collectorId)
    })),
    links: list.map((r) => ({
      customer: `/customers/${r.state.contract.customerId}`,
      contract: contractLink(r.state.contract.id),
      milestone: contractLink(r.state.contract.id),
      collector: `/reps/${r.state.contract.collectorId}`
    }))
  }
}
