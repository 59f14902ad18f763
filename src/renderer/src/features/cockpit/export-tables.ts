import type { TFunction } from 'i18next'
import type { AgendaItem, AgendaReason, RepVisitsToday } from '@shared/domain/cockpit-agenda'
import type { ViewTable } from '../export/document'
import { dealsTable, tableOf, type DealLookups } from '../export/tables'

export interface HomeExport {
  /** The currency the home's totals are in (converted when mixed). */
  currency: string
  figures: { label: string; amount?: number; count?: number; note?: string }[]
  /** Every agenda line, not only those the screen shows before "show all". */
  agenda: readonly AgendaItem[]
  agendaTitle: string
  /** The same sentence the screen shows for a reason. */
  reasonText: (reason: AgendaReason) => string
  visits: readonly RepVisitsToday[]
}

/**
 * The cockpit home as sheets: the headline figures, every deal that needs the manager today
 * with all its reasons (one line per deal, the biggest stake first, as on screen) and today's
 * visits per rep.
 */
export function homeTables(h: HomeExport, lookups: DealLookups, t: TFunction): ViewTable[] {
  const agenda = dealsTable(
    h.agendaTitle,
    h.agenda.map((i) => i.deal),
    lookups,
    t
  )
  agenda.columns.splice(1, 0, { key: 'reasons', label: t('export:columns.reasons'), kind: 'text' })
  agenda.rows = agenda.rows.map((r, i) => ({ ...r, reasons: h.agenda[i]!.reasons.map(h.reasonText).join('\n') }))
  agenda.printColumns = ['name', 'reasons', 'stage', 'owner', 'amount', 'close']
  return [
    tableOf(
      t('common:cockpit.title'),
      [
        { key: 'label', label: t('export:columns.figure'), kind: 'text' },
        { key: 'amount', label: t('common:deal.amount'), kind: 'money', currency: h.currency },
        { key: 'count', label: t('export:columns.count'), kind: 'number' },
        { key: 'note', label: t('export:columns.note'), kind: 'text' }
      ],
      h.figures
    ),
    agenda,
    tableOf(
      t('common:cockpit.visits'),
      [
        { key: 'rep', label: t('rhythm:board.rep'), kind: 'text' },
        { key: 'done', label: t('export:columns.done'), kind: 'number' },
        { key: 'planned', label: t('export:columns.planned'), kind: 'number' },
        { key: 'target', label: t('export:columns.quota'), kind: 'number' },
        { key: 'new', label: t('export:columns.kindDone', { kind: t('common:visitKinds.new') }), kind: 'number' },
        { key: 'follow_up', label: t('export:columns.kindDone', { kind: t('common:visitKinds.follow_up') }), kind: 'number' },
        { key: 'closing', label: t('export:columns.kindDone', { kind: t('common:visitKinds.closing') }), kind: 'number' }
      ],
      h.visits.map((v) => ({ rep: v.user.name, done: v.done, planned: v.planned, target: v.target, ...v.doneByKind }))
    )
  ]
}
