import type { TFunction } from 'i18next'
import type { Activity, Recording } from '@shared/model'
import type { ViewTable } from '../export/document'
import { tableOf } from '../export/tables'

/** Every recorded call (the screen lists the latest 200): when, with whom, by whom, how long, its score. */
export function callsTable(
  title: string,
  recordings: readonly Recording[],
  o: { activityOf(id: string): Activity | undefined; customerName(id: string): string | undefined; userName(id: string): string | undefined; scoreOf(id: string): number | null | undefined },
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
        { key: 'file', label: t('export:columns.file'), kind: 'text' }
      ],
      recordings.map((r) => {
        const a = o.activityOf(r.id)
        return {
          at: a?.at ?? r.importedAt,
          customer: r.customerId ? (o.customerName(r.customerId) ?? null) : null,
          subject: a?.subject ?? null,
          rep: a ? (o.userName(a.userId) ?? null) : null,
          minutes: Math.round(r.durationMs / 6000) / 10,
          score: o.scoreOf(r.id) ?? null,
          file: r.originalName
        }
      })
    ),
    printColumns: ['at', 'customer', 'subject', 'rep', 'minutes', 'score']
  }
}
