import type { TFunction } from 'i18next'
import { lineStatus, milestoneStatus, type ContractState } from '@shared/domain/collections'
import type { Collection, Instalment, Invoice, Milestone } from '@shared/model'
import type { Locale } from '../../ui/format'
import { formatDate } from '../../ui/format'
import type { ViewTable } from '../export/document'
import { tableOf } from '../export/tables'
import { dayText, lineName, lineStatusText, milestoneName } from './labels'

export interface ContractExportInput {
  state: ContractState
  milestones: readonly Milestone[]
  instalments: readonly Instalment[]
  collections: readonly Collection[]
  invoices: readonly Invoice[]
  today: number
  locale: Locale
  timeZone: string
  userName(id: string): string
}

/** A local date (YYYY-MM-DD) as the contract page writes it. */
const localDay = (d: string, locale: Locale): string => formatDate(Date.parse(`${d}T12:00:00Z`), locale, 'UTC')

/**
 * The contract page's four tables as the page shows them — the plan with each instalment's state,
 * the delivery milestones, the money received and the invoices — amounts in their own currency.
 */
export function contractTables(o: ContractExportInput, t: TFunction<'collections'>): ViewTable[] {
  const c = o.state.contract
  const money = (minor: number, currency = c.currency): { minor: number; currency: string } => ({ minor, currency })
  const msById = new Map(o.milestones.map((m) => [m.id, m]))
  const insById = new Map(o.instalments.map((i) => [i.id, i]))
  const plan = tableOf(
    t('collections:contract.plan'),
    [
      { key: 'label', label: t('collections:line.label'), kind: 'text' },
      { key: 'amount', label: t('collections:line.amount'), kind: 'money', currency: c.currency },
      { key: 'due', label: t('collections:line.due'), kind: 'text' },
      { key: 'collected', label: t('collections:line.collected'), kind: 'money', currency: c.currency },
      { key: 'outstanding', label: t('collections:line.outstanding'), kind: 'money', currency: c.currency },
      { key: 'status', label: t('collections:line.status'), kind: 'text' }
    ],
    o.state.lines.map((l) => {
      const m = l.milestoneId ? msById.get(l.milestoneId) : undefined
      return {
        label: lineName(l, t),
        amount: money(l.amount),
        // As the page writes it: the due day, or the days after the milestone that gates it.
        due:
          l.dueDay !== null
            ? dayText(l.dueDay, o.locale, o.timeZone)
            : l.milestoneId
              ? `${t('collections:line.afterMilestone', { milestone: milestoneName(m, t), days: insById.get(l.instalmentId ?? '')?.daysAfter ?? 0 })}${l.expectedDay !== null ? ` · ${t('collections:line.expected', { date: dayText(l.expectedDay, o.locale, o.timeZone) })}` : ''}`
              : null,
        collected: money(l.collected),
        outstanding: money(l.outstanding),
        status: lineStatusText(lineStatus(l, o.today), l, o.today, t, milestoneName(m, t))
      }
    })
  )
  const milestones = tableOf(
    t('collections:contract.milestones'),
    [
      { key: 'name', label: t('collections:contract.milestones'), kind: 'text' },
      { key: 'planned', label: t('collections:milestone.planned'), kind: 'text' },
      { key: 'actual', label: t('collections:milestone.actual'), kind: 'text' },
      { key: 'status', label: t('collections:line.status'), kind: 'text' }
    ],
    o.milestones
      .filter((m) => !m.deleted)
      .sort((a, b) => a.seq - b.seq)
      .map((m) => {
        const s = milestoneStatus(m, o.today)
        return {
          name: milestoneName(m, t),
          planned: localDay(m.plannedDate, o.locale),
          actual: m.actualDate ? localDay(m.actualDate, o.locale) : null,
          status: s.state === 'late' || s.state === 'doneLate' ? t(`collections:milestone.state.${s.state}`, { count: s.lateDays }) : t(`collections:milestone.state.${s.state}`)
        }
      })
  )
  const collections = tableOf(
    t('collections:contract.collections'),
    [
      { key: 'received', label: t('collections:form.received'), kind: 'date' },
      { key: 'amount', label: t('collections:line.amount'), kind: 'money' },
      { key: 'method', label: t('collections:form.method'), kind: 'text' },
      { key: 'by', label: t('collections:contract.collector'), kind: 'text' },
      { key: 'note', label: t('export:columns.note'), kind: 'text' }
    ],
    o.collections
      .filter((x) => !x.deleted)
      .sort((a, b) => b.receivedAt - a.receivedAt)
      .map((x) => ({ received: x.receivedAt, amount: money(x.amount, x.currency), method: t(`collections:method.${x.method}`), by: o.userName(x.recordedBy), note: x.note ?? null }))
  )
  const invoices = tableOf(
    t('collections:contract.invoices'),
    [
      { key: 'issued', label: t('collections:form.issued'), kind: 'date' },
      { key: 'number', label: t('collections:contracts.number'), kind: 'text' },
      { key: 'kind', label: t('export:columns.kind'), kind: 'text' },
      { key: 'amount', label: t('collections:line.amount'), kind: 'money' }
    ],
    o.invoices
      .filter((i) => !i.deleted)
      .sort((a, b) => b.issuedAt - a.issuedAt)
      .map((i) => ({ issued: i.issuedAt, number: i.number, kind: t(`collections:invoiceKind.${i.kind}`), amount: money(i.amount, i.currency) }))
  )
  return [plan, milestones, collections, invoices]
}
