import { useMemo } from 'react'
import { Anchor, Badge, Card, Group, NumberInput, Progress, ScrollArea, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { bigDealsClosingThisMonth, dealsWithoutTouch, lastCustomerTouch, visitsToday } from '@shared/domain/cockpit-agenda'
import { monthRange } from '@shared/domain/calendar'
import type { Deal } from '@shared/model'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { Money } from '../../ui/Money'
import { formatDay, formatRelative } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { HeroesCard } from '../rhythm/HeroesCard'
import { CollectionsTodayCard } from '../collections/CollectionsTodayCard'

const LIST_LIMIT = 12

/** Probability of a deal: its own override, else its stage's default. */
function probabilityOf(deal: Deal, stageProbability: (d: Deal) => number | undefined): number {
  return deal.probability ?? stageProbability(deal) ?? 0
}

/** The manager's morning answer: which deals need me today, and why. */
export function CockpitHome(): React.ReactNode {
  const { t } = useTranslation()
  const { locale, timeZone } = useLocale()
  const { users, userById, processById, stageName } = useWorkspaceData()
  const { contains } = useScope()
  const now = useNow()
  const [noTouchDays, setNoTouchDays] = useLocalStorage({ key: 'cockpit.noTouchDays', defaultValue: 14 })

  const data = useLiveQuery(async () => {
    const db = getDb()
    const [deals, touches] = await Promise.all([
      db.deals.toArray(),
      db.activities.where('kind').anyOf(['visit', 'call', 'ride_along']).toArray()
    ])
    return { deals, touches }
  }, [])

  const view = useMemo(() => {
    if (!data) return null
    const deals = data.deals.filter((d) => !d.deleted && contains(d))
    const touch = lastCustomerTouch(data.touches, now)
    const untouched = dealsWithoutTouch(deals, touch, now, noTouchDays)
    const big = bigDealsClosingThisMonth(deals, processById, now, timeZone)
    const reps = users.filter((u) => contains({ orgUnitId: u.orgUnitId, ownerId: u.id }))
    const visits = visitsToday(reps, data.touches, now, timeZone)
    const open = deals.filter((d) => d.status === 'open')
    const stageProb = (d: Deal): number | undefined =>
      processById.get(d.processId)?.stages.find((s) => s.id === d.stageId)?.probability
    const { start, end } = monthRange(now, timeZone)
    return {
      untouched,
      big,
      visits,
      openCount: open.length,
      openTotal: open.reduce((s, d) => s + d.amount, 0),
      weighted: Math.round(open.reduce((s, d) => s + (d.amount * probabilityOf(d, stageProb)) / 100, 0)),
      wonThisMonth: deals
        .filter((d) => d.status === 'won' && d.closedAt !== undefined && d.closedAt >= start && d.closedAt < end)
        .reduce((s, d) => s + d.amount, 0),
      visitsDone: visits.reduce((s, v) => s + v.done, 0),
      visitsPlanned: visits.reduce((s, v) => s + v.planned, 0)
    }
  }, [data, contains, now, noTouchDays, processById, timeZone, users])

  if (!view) return <Text c="dimmed">{t('common.loading')}</Text>

  return (
    <Stack gap="md">
      <Title order={2}>{t('cockpit.title')}</Title>
      <SimpleGrid cols={4}>
        <Kpi label={t('cockpit.openPipeline')} to="/pipeline">
          <Money minor={view.openTotal} fw={700} size="xl" />
          <Text size="xs" c="dimmed">
            {t('cockpit.count', { count: view.openCount })}
          </Text>
        </Kpi>
        <Kpi label={t('cockpit.weighted')} to="/pipeline">
          <Money minor={view.weighted} fw={700} size="xl" />
        </Kpi>
        <Kpi label={t('cockpit.wonThisMonth')} to="/pipeline">
          <Money minor={view.wonThisMonth} fw={700} size="xl" />
        </Kpi>
        <Kpi label={t('cockpit.visitsToday')} to="/rhythm">
          <Text fw={700} size="xl" className="tabular">
            {view.visitsDone} / {view.visitsPlanned}
          </Text>
        </Kpi>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder padding="sm" aria-label={t('cockpit.untouched', { days: noTouchDays })} component="section">
          <Group justify="space-between" mb="xs" wrap="nowrap">
            <Text fw={600}>{t('cockpit.untouched', { days: noTouchDays })}</Text>
            <NumberInput
              aria-label={t('cockpit.noTouchDays')}
              value={noTouchDays}
              onChange={(v) => setNoTouchDays(Math.max(1, Math.min(365, Number(v) || 14)))}
              min={1}
              max={365}
              w={80}
              size="xs"
            />
          </Group>
          {view.untouched.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('cockpit.untouchedEmpty', { days: noTouchDays })}
            </Text>
          ) : (
            <ScrollArea.Autosize mah={420}>
              <Table highlightOnHover verticalSpacing={4} fz="sm">
                <Table.Tbody>
                  {view.untouched.slice(0, LIST_LIMIT * 3).map(({ deal, days, lastTouchAt }) => (
                    <Table.Tr key={deal.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/deals/${deal.id}`} size="sm" fw={500}>
                          {deal.name}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {stageName(deal.processId, deal.stageId)} ·{' '}
                          <Anchor component={Link} to={`/reps/${deal.ownerId}`} size="xs">
                            {userById.get(deal.ownerId)?.name ?? '—'}
                          </Anchor>
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Money minor={deal.amount} currency={deal.currency} size="sm" />
                      </Table.Td>
                      <Table.Td ta="right" w={170}>
                        <Badge color={days >= 30 ? 'red' : 'orange'} variant="light" tt="none" styles={{ label: { overflow: 'visible' } }}>
                          {t('cockpit.untouchedDays', { count: days })}
                        </Badge>
                        <Text size="xs" c="dimmed">
                          {lastTouchAt === null
                            ? t('cockpit.neverTouched')
                            : t('cockpit.lastTouch', { when: now - lastTouchAt < 30 * 86_400_000 ? formatRelative(lastTouchAt, now, locale, timeZone) : formatDay(lastTouchAt, locale, timeZone) })}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          )}
        </Card>

        <Stack gap="md">
          <Card withBorder padding="sm" component="section" aria-label={t('cockpit.bigDeals')}>
            <Text fw={600} mb="xs">
              {t('cockpit.bigDeals')}
            </Text>
            {view.big.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('cockpit.bigDealsEmpty')}
              </Text>
            ) : (
              <Table highlightOnHover verticalSpacing={4} fz="sm">
                <Table.Tbody>
                  {view.big.slice(0, LIST_LIMIT).map((deal) => (
                    <Table.Tr key={deal.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/deals/${deal.id}`} size="sm" fw={500}>
                          {deal.name}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {stageName(deal.processId, deal.stageId)} · {userById.get(deal.ownerId)?.name ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Money minor={deal.amount} currency={deal.currency} size="sm" fw={600} />
                      </Table.Td>
                      <Table.Td ta="right" w={150}>
                        <Text size="xs">{t('cockpit.closes', { date: formatDay(deal.expectedCloseAt, locale, timeZone) })}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>

          <CollectionsTodayCard />
          <HeroesCard rows={3} />
          <Card withBorder padding="sm" component="section" aria-label={t('cockpit.visits')}>
            <Text fw={600} mb="xs">
              {t('cockpit.visits')}
            </Text>
            {view.visits.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('cockpit.visitsEmpty')}
              </Text>
            ) : (
              <ScrollArea.Autosize mah={360}>
                <VisitsTable rows={view.visits} />
              </ScrollArea.Autosize>
            )}
          </Card>
        </Stack>
      </SimpleGrid>
    </Stack>
  )
}

export function VisitsTable({ rows }: { rows: ReturnType<typeof visitsToday> }): React.ReactNode {
  const { t } = useTranslation()
  return (
    <Table verticalSpacing={3} fz="sm">
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.user.id}>
            <Table.Td w={110}>
              <Anchor component={Link} to={`/reps/${r.user.id}`} size="sm">
                {r.user.name}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Progress.Root size="lg" aria-label={`${r.user.name} ${r.done}/${r.planned}`}>
                <Progress.Section value={(r.done / r.target) * 100} color={r.done >= r.target ? 'teal' : r.done >= r.target / 2 ? 'blue' : 'orange'} />
                <Progress.Section value={(Math.max(0, r.planned - r.done) / r.target) * 100} color="gray.3" />
              </Progress.Root>
              <Text size="xs" c="dimmed">
                {t('cockpit.visitsKinds', { new: r.doneByKind.new, follow: r.doneByKind.follow_up, closing: r.doneByKind.closing })}
              </Text>
            </Table.Td>
            <Table.Td w={70} ta="right" className="tabular">
              {t('cockpit.visitsLine', { done: r.done, planned: r.planned })}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function Kpi({ label, to, children }: { label: string; to: string; children: React.ReactNode }): React.ReactNode {
  return (
    <UnstyledButton component={Link} to={to} aria-label={label}>
      <Card withBorder padding="sm">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {label}
        </Text>
        {children}
      </Card>
    </UnstyledButton>
  )
}
