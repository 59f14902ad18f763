import type { TFunction } from 'i18next'
import type { Deal } from '@shared/model'
import type { RepVisitsToday, UntouchedDeal } from '@shared/domain/cockpit-agenda'
import type { ViewTable } from '../export/document'
import { dealsTable, tableOf, type DealLookups } from '../export/tables'

export interface HomeExport {
  figures: { label: string; amount?: number; count?: number; note?: string }[]
  untouched: readonly UntouchedDeal[]
  untouchedTitle: string
  big: readonly Deal[]
  visits: readonly RepVisitsToday[]
}

/**
 * The cockpit home as sheets: the headline figures, every deal without a touch (the screen
 * lists the first few dozen), the big deals closing this month and today's visits per rep.
 */
export function homeTables(h: HomeExport, lookups: DealLookups, t: TFunction): ViewTable[] {
  const untouched = dealsTable(
    h.untouchedTitle,
    h.untouched.map((u) => u.deal),
    lookups,
    t
  )
  const days = new Map(h.untouched.map((u) => [u.deal.id, u]))
  untouched.columns.splice(1, 0, { key: 'untouchedDays', label: t('export:columns.daysWithoutTouch'), kind: 'number' }, { key: 'lastTouch', label: t('common:deal.lastTouch'), kind: 'date' })
  untouched.rows = untouched.rows.map((r, i) => {
    const u = days.get(h.untouched[i]!.deal.id)!
    return { ...r, untouchedDays: u.days, lastTouch: u.lastTouchAt }
  })
  untouched.printColumns = ['name', 'untouchedDays', 'lastTouch', 'stage', 'owner', 'amount', 'close']
  return [
    tableOf(
      t('common:cockpit.title'),
      [
        { key: 'label', label: t('export:columns.figure'), kind: 'text' },
        { key: 'amount', label: t('common:deal.amount'), kind: 'money', currency: 'CNY' },
        { key: 'count', label: t('export:columns.count'), kind: 'number' },
        { key: 'note', label: t('export:columns.note'), kind: 'text' }
      ],
      h.figures
    ),
    untouched,
    dealsTable(t('common:cockpit.bigDeals'), h.big, lookups, t),
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
