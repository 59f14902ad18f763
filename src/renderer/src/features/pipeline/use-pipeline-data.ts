import { useMemo } from 'react'
import { useLocalStorage } from '@mantine/hooks'
import type { Deal, StageHistory } from '@shared/model'
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
import { useActivitiesOfKinds } from '../../db/activity-kinds'
import { useWarmQuery, warmMemo } from '../../db/warm'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { useNow } from '../../ui/use-now'

/** Only these activity kinds feed deal health: touches (visits, calls) and close-date pushes. */
const HEALTH_KINDS = ['visit', 'ride_along', 'call', 'close_date_change']

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
  const activities = useActivitiesOfKinds(HEALTH_KINDS)
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
