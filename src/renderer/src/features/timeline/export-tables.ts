import type { TFunction } from 'i18next'
import type { TimelineEvent, TimelineKind } from '@shared/domain/timeline'
import type { ViewTable } from '../export/document'
import { tableOf } from '../export/tables'
import type { RowContext } from './EventRow'

/**
 * The timeline's events as the filter shows them, in its order: when, what kind, what was
 * written, who, which deal, a stage move's from → to, and the amount of a contract or payment.
 */
export function timelineTable(
  title: string,
  events: readonly TimelineEvent[],
  o: { kindLabel(k: TimelineKind): string; ctx: Pick<RowContext, 'userName' | 'deal' | 'stageName'> },
  t: TFunction
): ViewTable {
  return {
    ...tableOf(
      title,
      [
        { key: 'at', label: t('export:columns.when'), kind: 'datetime' },
        { key: 'kind', label: t('export:columns.kind'), kind: 'text' },
        { key: 'text', label: t('export:columns.text'), kind: 'text' },
        { key: 'people', label: t('export:columns.people'), kind: 'text' },
        { key: 'deal', label: t('export:columns.deal'), kind: 'text' },
        { key: 'stage', label: t('common:deal.stage'), kind: 'text' },
        { key: 'amount', label: t('common:deal.amount'), kind: 'money' },
        { key: 'status', label: t('common:deal.status'), kind: 'text' }
      ],
      events.map((e) => {
        const a = e.activity
        const deal = e.dealId ? o.ctx.deal(e.dealId) : undefined
        const h = e.stage
        const text = e.comment ? e.comment.body : h ? (h.reason ?? '') : [a?.subject, a?.body].filter(Boolean).join(' — ')
        return {
          at: Number.isNaN(e.at) ? null : e.at,
          kind: o.kindLabel(e.kind) || e.rawKind,
          text: text || null,
          people: e.personIds.map((p) => o.ctx.userName(p)).join(', ') || null,
          deal: deal?.name ?? null,
          stage: h ? `${h.fromStageId ? o.ctx.stageName(h.dealId, h.fromStageId) : '—'} → ${o.ctx.stageName(h.dealId, h.toStageId)}` : null,
          amount: a?.amount !== undefined ? { minor: a.amount, currency: deal?.currency ?? 'CNY' } : null,
          status: a?.status ? t(`export:activityStatus.${a.status}`) : null
        }
      })
    ),
    printColumns: ['at', 'kind', 'text', 'people', 'deal', 'stage', 'amount']
  }
}
