import { useMemo } from 'react'
import { useLocalStorage } from '@mantine/hooks'
import Dexie from 'dexie'
import type { Activity, Deal, StageHistory } from '@shared/model'
import {
  DEFAULT_HEALTH_SETTINGS,
  activitySignals,
  historyByDeal,
  workspaceHealth,
  type ActivitySignals,
  type HealthSettings,
  type WorkspaceHealth
} from '@shared/domain/deal-health'
import { DAY_MS, monthRange, startOfDay } from '@shared/domain/calendar'
import { getDb } from '../../db/database'
import { ofKinds } from '../../db/activity-kinds'
import { useWarmQuery, warmMemo } from '../../db/warm'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { useNow } from '../../ui/use-now'

/** Only these activity kinds feed deal health: touches (visits, calls) and close-date pushes. */
const HEALTH_KINDS = ['visit', 'ride_along', 'call', 'close_date_change']

/**
 * The activities health can see: those of the open deals and of those deals' customers, through
 * the `[dealId+at]` and `[customerId+at]` indexes. Health is computed for open deals only and
 * reads a deal's own touches and pushes and its customer's touches and economic-buyer meetings,
 * so these rows give every open deal the same findings as the whole table would — at about a
 * quarter of the rows (the demo: ~6,600 of ~25,000), which opening the app waited on (issue 19).
 * One transaction, so the rows and the deals they were chosen by are one snapshot.
 */
export async function loadHealthActivities(): Promise<Activity[]> {
  const db = getDb()
  return db.transaction('r', db.deals, db.activities, async () => {
    const open = (await db.deals.where('status').equals('open').toArray()).filter((d) => !d.deleted)
    const customerIds = new Set<string>()
    for (const d of open) if (d.customerId !== undefined) customerIds.add(d.customerId)
    const range = (index: string, key: string) => db.activities.where(index).between([key, Dexie.minKey], [key, Dexie.maxKey], true, true).toArray()
    const lists = await Promise.all([...open.map((d) => range('[dealId+at]', d.id)), ...[...customerIds].map((c) => range('[customerId+at]', c))])
    // A deal's activity is usually its customer's too: each row once, or a push would count twice.
    const byId = new Map<string, Activity>()
    for (const list of lists) for (const a of list) byId.set(a.id, a)
    return ofKinds([...byId.values()], HEALTH_KINDS)
  })
}

export interface PipelineData {
  deals: Deal[]
  customers: Map<string, string>
  historyByDeal: Map<string, StageHistory[]>
  signals: ActivitySignals
  health: WorkspaceHealth
  /** The end of today: health changes by day, and a stable value keeps the memos warm. */
  now: number
  /** The user's zone: every day count ("停留 12 天", "接触 3 天前") is in calendar days there. */
  timeZone: string
  periodStart: number
}

/**
 * The manager's "days without a touch" threshold, one setting for every view: the home's
 * number input writes it, and the board's, the deal page's and the home's stalled flags read it.
 */
export function useHealthSettings(): [HealthSettings, (days: number) => void] {
  const [noTouchDays, setNoTouchDays] = useLocalStorage({ key: 'cockpit.noTouchDays', defaultValue: DEFAULT_HEALTH_SETTINGS.noTouchDays })
  const settings = useMemo(() => ({ ...DEFAULT_HEALTH_SETTINGS, noTouchDays }), [noTouchDays])
  return [settings, (days) => setNoTouchDays(Math.max(1, Math.min(365, Math.round(days) || DEFAULT_HEALTH_SETTINGS.noTouchDays)))]
}

/**
 * Deals, stage histories and the activity signals behind health, read live from Dexie, with
 * health computed once for every view of the pipeline (board, deal insights, funnel).
 */
export function usePipelineData(): PipelineData | null {
  const { processById } = useWorkspaceData()
  const { timeZone } = useLocale()
  const tick = useNow()
  const [settings] = useHealthSettings()
  const now = useMemo(() => startOfDay(tick, timeZone) + DAY_MS - 1, [tick, timeZone])
  // Warm between visits: the home, the board and the funnel read the same rows and the same
  // health; a return to any of them paints at once (issue 19).
  const deals = useWarmQuery('deals', () => getDb().deals.toArray())
  const customers = useWarmQuery('customerNames', async () => new Map((await getDb().customers.toArray()).map((c) => [c.id, c.name])))
  const history = useWarmQuery('stageHistory', () => getDb().stageHistory.toArray())
  const activities = useWarmQuery('activities:health', loadHealthActivities)
  // Contacts in the economic-buyer role: a visit or connected call with one feeds the abandon rule.
  const economicBuyers = useWarmQuery(
    'contacts:economicBuyers',
    async () =>
      new Set(
        (
          // A whole-table read and a filter here: a Dexie filter walks a cursor (slow in a live query).
          (await getDb().contacts.toArray()).filter((c) => !c.deleted && c.decisionRole === 'economic')
        ).map((c) => c.id)
      )
  )

  const byDeal = history ? warmMemo('historyByDeal', [history], () => historyByDeal(history)) : null
  const signals = activities && economicBuyers ? warmMemo('activitySignals', [activities, economicBuyers, now], () => activitySignals(activities, now, economicBuyers)) : null
  const periodStart = useMemo(() => monthRange(now, timeZone).start, [now, timeZone])
  const health =
    deals && byDeal && signals
      ? warmMemo('workspaceHealth', [deals, byDeal, signals, processById, now, timeZone, periodStart, settings.noTouchDays], () =>
          workspaceHealth({ deals, processes: processById, historyByDeal: byDeal, signals, now, timeZone, periodStart }, settings)
        )
      : null

  const data = deals && customers && byDeal && signals && health ? { deals, customers, historyByDeal: byDeal, signals, health, now, timeZone, periodStart } : null
  // One object while nothing changed, so the views' memos keyed on it stay warm too.
  return data ? warmMemo('pipelineData', Object.values(data), () => data) : null
}
