import { useMemo } from 'react'
import { Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { useNow } from '../../ui/use-now'
import { completeTask } from '../../db/timeline'
import type { RowContext } from './EventRow'
import { TimelineActions } from './TimelineActions'
import { TimelineView } from './TimelineView'
import { useTimelineSource, type TimelineSource } from './use-timeline-data'

/**
 * The mixed follow-up timeline (混合跟单时间线) of a customer, or of one deal — optionally
 * with the customer's events that belong to no deal.
 */
export function Timeline({
  customerId,
  dealId,
  includeCustomerEvents,
  defaultRepId,
  height = 'calc(100vh - 180px)',
  exportTitle
}: {
  customerId?: string
  dealId?: string
  includeCustomerEvents?: boolean
  /** Who a ride-along or coaching task is for, unless changed: the customer's owner. */
  defaultRepId?: string | null
  height?: number | string
  /** Whose timeline an export holds; a deal's timeline is named after the deal. */
  exportTitle?: string
}): React.ReactNode {
  const { t } = useTranslation('timeline')
  const { locale, timeZone } = useLocale()
  const { userById, processById } = useWorkspaceData()
  const now = useNow()
  const source = useTimelineSource({ customerId, dealId, includeCustomerEvents })

  const ctx = useMemo<RowContext | null>(() => {
    if (!source) return null
    const contacts = new Map(source.contacts.map((c) => [c.id, c]))
    const deals = new Map(source.deals.map((d) => [d.id, d]))
    return {
      locale,
      timeZone,
      userName: (id) => userById.get(id)?.name ?? '—',
      contact: (id) => contacts.get(id),
      deal: (id) => deals.get(id),
      stageName: (did, sid) => {
        const d = deals.get(did)
        return (d && processById.get(d.processId)?.stages.find((s) => s.id === sid)?.name) ?? sid
      },
      showDeal: !dealId,
      snippet: (rid) => source.snippets?.get(rid),
      // Done by the assignee; the live query shows it done in place.
      completeTask: (e) => {
        if (!e.activity) return
        completeTask({ task: e.activity, now: Date.now() }).catch((err: unknown) =>
          notifications.show({ color: 'red', message: t('form.failed'), title: err instanceof Error ? err.message : undefined })
        )
      }
    }
  }, [source, locale, timeZone, userById, processById, dealId, t])

  if (!source || !ctx) return <Text c="dimmed">{t('loading')}</Text>
  const cid = source.customerId
  const repId = defaultRepId ?? (dealId ? source.deals[0]?.ownerId : undefined) ?? null
  return (
    <TimelineView
      source={source}
      ctx={ctx}
      now={now}
      height={height}
      actions={cid ? <TimelineActions customerId={cid} dealId={dealId} deals={source.deals} repId={repId ?? ownerOfCustomer(source)} /> : null}
      exportTitle={exportTitle ?? (dealId ? source.deals.find((d) => d.id === dealId)?.name : undefined)}
    />
  )
}

/**
 * Without an owner (a pool customer) the ride-along defaults to the owner of the latest deal,
 * else to whoever visited last: that is the rep a manager would have ridden along with.
 */
function ownerOfCustomer(source: TimelineSource): string | null {
  let best: { ownerId: string; createdAt: number } | undefined
  for (const d of source.deals) if (!best || d.createdAt > best.createdAt) best = d
  if (best) return best.ownerId
  let visit: { userId: string; at: number } | undefined
  for (const a of source.activities) if (a.kind === 'visit' && (!visit || a.at > visit.at)) visit = a
  return visit?.userId ?? null
}
