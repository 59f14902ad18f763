import { useMemo, useState } from 'react'
import { Alert, Anchor, Badge, Button, Group, NumberInput, Select, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { Link } from 'react-router'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { User } from '@shared/model'
import { findColdVisits } from '@shared/domain/cold-visits'
import { DAY_MS, startOfDay } from '@shared/domain/calendar'
import { getDb } from '../../db/database'
import { addColdVisit } from '../../db/rhythm'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { formatDate, formatTime } from '../../ui/format'
import { useActivitiesBetween, useCustomerMap } from './use-rhythm-data'

const TEAM = 'team'
/** Enough to fill a day's four new visits several times over without a wall of rows. */
const SHOWN = 60

/**
 * The cold-visit finder (扫楼): pool customers near tomorrow's appointments, nearest and
 * biggest first; one click puts the visit on the rep's plan right after the appointment and
 * takes the customer from the pool when the rules allow.
 */
export function ColdVisitView({ reps, now }: { reps: readonly User[]; now: number }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const [repId, setRepId] = useState<string>(TEAM)
  const [maxKm, setMaxKm] = useState<number>(3)
  const [added, setAdded] = useState<Set<string>>(new Set())
  const tomorrow = startOfDay(startOfDay(now, timeZone) + DAY_MS + 2 * 3_600_000, timeZone)
  const dayEnd = startOfDay(tomorrow + DAY_MS + 2 * 3_600_000, timeZone)
  const activities = useActivitiesBetween(tomorrow, dayEnd)
  const customers = useCustomerMap()
  const rules = useLiveQuery(() => getDb().poolRules.toArray(), [])
  const active = useMemo(() => reps.filter((r) => r.active && (r.leftAt === undefined || r.leftAt > now)), [reps, now])

  const result = useMemo(() => {
    if (!activities || !customers || !rules) return null
    const ids = new Set(repId === TEAM ? active.map((r) => r.id) : [repId])
    // Only real appointments anchor a trip: visits planned, not cold visits added from here.
    const anchors = activities.filter((a) => a.kind === 'visit' && a.status === 'planned' && ids.has(a.userId) && a.visitKind !== 'new')
    // Every customer someone will already see tomorrow, cold visits added here included.
    const planned = new Set(activities.filter((a) => (a.kind === 'visit' || a.kind === 'ride_along') && a.status !== 'cancelled').map((a) => a.customerId))
    return {
      anchors,
      planned,
      ...findColdVisits({
        anchors,
        customers,
        users: userById,
        rules: new Map(rules.filter((r) => !r.deleted).map((r) => [r.orgUnitId, r])),
        maxKm,
        planned,
        now,
        dayEnd
      })
    }
  }, [activities, customers, rules, repId, active, userById, maxKm, now, dayEnd])

  const add = async (customerId: string, userId: string, at: number): Promise<void> => {
    try {
      const out = await addColdVisit({ customerId, userId, at, subject: t('cold.subject') }, timeZone)
      setAdded(new Set(added).add(customerId))
      if (out.claimed) notifications.show({ color: 'teal', message: t('cold.addedClaimed') })
      else
        notifications.show({
          color: 'orange',
          message: t('cold.addedNotClaimed', { reason: t(`cold.refusal.${out.reason}`, { until: out.until ? formatDate(out.until, locale, timeZone) : '' }) })
        })
    } catch (e) {
      notifications.show({ color: 'red', message: String(e) })
    }
  }

  if (!result || !customers) return <Text c="dimmed">{t('common:common.loading')}</Text>
  const anchorById = new Map(result.anchors.map((a) => [a.id, a]))
  return (
    <Stack>
      <Group align="flex-end">
        <Select
          label={t('cold.rep')}
          value={repId}
          onChange={(v) => setRepId(v ?? TEAM)}
          data={[{ value: TEAM, label: t('cold.team') }, ...active.map((r) => ({ value: r.id, label: r.name }))]}
          searchable
          w={200}
          data-testid="cold-rep"
        />
        <NumberInput label={t('cold.maxKm')} value={maxKm} min={0} max={50} step={0.5} decimalScale={1} onChange={(v) => setMaxKm(typeof v === 'number' ? v : 0)} w={140} data-testid="cold-km" />
        <Text size="sm" c="dimmed" data-testid="cold-summary">
          {t('cold.summary', { anchors: result.anchors.length, matches: result.matches.length })}
        </Text>
      </Group>
      {result.anchorsWithoutLocation.length + result.customersWithoutLocation.length + result.coolingDown.length > 0 && (
        <Alert color="gray" variant="light" p="xs">
          <Text size="xs">
            {t('cold.notes', {
              anchors: result.anchorsWithoutLocation.length,
              customers: result.customersWithoutLocation.length,
              cooling: result.coolingDown.length
            })}
          </Text>
        </Alert>
      )}
      {result.anchors.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('cold.noAnchors')}
        </Text>
      ) : result.matches.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('cold.none')}
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={4} data-testid="cold-visits">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('pool.customer')}</Table.Th>
              <Table.Th>{t('cold.distance')}</Table.Th>
              <Table.Th>{t('cold.near')}</Table.Th>
              <Table.Th>{t('board.rep')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.matches.slice(0, SHOWN).map((m) => {
              const c = customers.get(m.customerId)!
              const anchor = anchorById.get(m.anchorId)!
              const done = added.has(m.customerId)
              return (
                <Table.Tr key={m.customerId} data-testid={`cold-${m.customerId}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${c.id}`} size="sm">
                      {c.name}
                    </Anchor>
                    <Group gap={4}>
                      {c.tier !== 'normal' && (
                        <Badge size="xs" variant="light">
                          {t(`common:customers.tier.${c.tier}`)}
                        </Badge>
                      )}
                      <Text size="xs" c="dimmed">
                        {t(`common:customers.sizes.${c.size}`)}
                        {c.address ? ` · ${c.address}` : ''}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td className="tabular">{t('cold.km', { km: m.km })}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{customers.get(anchor.customerId)?.name}</Text>
                    <Text size="xs" c="dimmed" className="tabular">
                      {formatTime(anchor.at, locale, timeZone)} → {formatTime(m.suggestedAt, locale, timeZone)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{userById.get(m.userId)?.name}</Table.Td>
                  <Table.Td>
                    <Button size="compact-xs" variant="light" disabled={done} onClick={() => void add(m.customerId, m.userId, m.suggestedAt)}>
                      {done ? t('cold.added') : t('cold.add')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
