import type { TFunction } from 'i18next'
import type { Activity, Recording } from '@shared/model'
import { figureOf, type CallMetrics } from '@shared/domain/call-metrics'
import type { ViewTable } from '../export/document'
import { tableOf } from '../export/tables'

/** The list's conversation figures in export units (share 0…1, seconds); empty when a call has none. */
function figures(m: CallMetrics | undefined): Record<string, number | null> {
  const sec = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 100) / 10)
  const figureValue = (x: CallMetrics | undefined, f: Parameters<typeof figureOf>[1]): number | null => (x ? figureOf(x, f) : null)
  const q = figureValue(m, 'questionsPerHour')
  return {
    talkRatio: figureValue(m, 'talkRatio'),
    longestRepMonologueS: sec(figureValue(m, 'longestRepMonologueMs')),
    switchesPerMinute: figureValue(m, 'switchesPerMinute'),
    patienceS: sec(figureValue(m, 'patienceMs')),
    questionsPerHour: q === null ? null : Math.round(q)
  }
}

/** Every recorded call (the screen lists the latest 200): when, with whom, by whom, how long, its score. */
export function callsTable(
  title: string,
  recordings: readonly Recording[],
  o: {
    activityOf(id: string): Activity | undefined
    customerName(id: string): string | undefined
    userName(id: string): string | undefined
    scoreOf(id: string): number | null | undefined
    /** The call's conversation figures, when its voice activity has been read. */
    metricsOf?(id: string): CallMetrics | undefined
  },
  t: TFunction
): ViewTable {
  return {
    ...tableOf(
      title,
      [
        { key: 'at', label: t('calls:list.date'), kind: 'datetime' },
        { key: 'customer', label: t('calls:list.customer'), kind: 'text' },
        { key: 'subject', label: t('export:columns.subject'), kind: 'text' },
        { key: 'rep', label: t('calls:list.rep'), kind: 'text' },
        { key: 'minutes', label: t('export:columns.minutes'), kind: 'number', decimals: 1 },
        { key: 'score', label: t('calls:list.score'), kind: 'number' },
        { key: 'talkRatio', label: t('callMetrics:export.talkShare'), kind: 'percent' },
        { key: 'longestRepMonologueS', label: t('callMetrics:export.longestSeconds'), kind: 'number' },
        { key: 'switchesPerMinute', label: t('callMetrics:figure.switchesPerMinute'), kind: 'number', decimals: 1 },
        { key: 'patienceS', label: t('callMetrics:export.patienceSeconds'), kind: 'number', decimals: 1 },
        { key: 'questionsPerHour', label: t('callMetrics:figure.questionsPerHour'), kind: 'number' },
        { key: 'file', label: t('export:columns.file'), kind: 'text' }
      ],
      recordings.map((r) => {
        const a = o.activityOf(r.id)
        return {
          at: a?.at ?? r.importedAt,
          customer: r.customerId ? (o.customerName(r.customerId) ?? null) : null,
          subject: r.title ?? a?.subject ?? null,
          rep: a ? (o.userName(a.userId) ?? null) : null,
          minutes: Math.round(r.durationMs / 6000) / 10,
          score: o.scoreOf(r.id) ?? null,
          ...figures(o.metricsOf?.(r.id)),
          file: r.originalName
        }
      })
    ),
    printColumns: ['at', 'customer', 'subject', 'rep', 'minutes', 'score']
  }
}
