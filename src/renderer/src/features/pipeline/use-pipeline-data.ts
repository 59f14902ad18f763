import { useMemo } from 'react'
import { useLocalStorage } from '@mantine/hooks'
import { useLiveQuery } from 'dexie-react-hooks'
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
  const deals = useLiveQuery(() => getDb().deals.toArray(), [])
  const customers = useLiveQuery(async () => new Map((await getDb().customers.toArray()).map((c) => [c.id, c.name])), [])
  const history = useLiveQuery(() => getDb().stageHistory.toArray(), [])
  const activities = useLiveQuery(() => getDb().activities.where('kind').anyOf(HEALTH_KINDS).toArray(), [])
  // Contacts in the economic-buyer role: a visit or connected call with one feeds the abandon rule.
  const economicBuyers = useLiveQuery(
    async () =>
      new Set(
        (
          await getDb()
            .contacts.filter((c) => !c.deleted && c.decisionRole === 'economic')
            .toArray()
        ).map((c) => c.id)
      ),
    []
  )

  const byDeal = useMemo(() => (history ? historyByDeal(history) : null), [history])
  const signals = useMemo(
    () => (activities && economicBuyers ? activitySignals(activities, now, economicBuyers) : null),
    [activities, economicBuyers, now]
  )
  const periodStart = useMemo(() => monthRange(now, timeZone).start, [now, timeZone])
  const health = useMemo(() => {
    if (!deals || !byDeal || !signals) return null
    return workspaceHealth({ deals, processes: processById, historyByDeal: byDeal, signals, now, timeZone, periodStart }, settings)
  }, [deals, byDeal, signals, processById, now, timeZone, periodStart, settings])

  if (!deals || !customers || !byDeal || !signals || !health) return null
  return { deals, customers, historyByDeal: byDeal, signals, health, now, timeZone, periodStart }
}
