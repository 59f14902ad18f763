import { useEffect } from 'react'
import { Anchor, Card, Grid, Group, Progress, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { visitsToday } from '@shared/domain/cockpit-agenda'
import { DAY_MS, monthRange, startOfDay } from '@shared/domain/calendar'
import { forecastDeals, weightedAmount } from '@shared/domain/forecast'
import { currenciesOf, sumMoney, type MoneyItem } from '@shared/domain/currency'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { useNow } from '../../ui/use-now'
import { HeroesCard } from '../rhythm/HeroesCard'
import { CollectionsTodayCard } from '../collections/CollectionsTodayCard'
import { usePipelineData } from '../pipeline/use-pipeline-data'
import { ExportMenu } from '../export/ExportMenu'
import { ManagerAgenda, useManagerAgenda, useReasonText } from './ManagerAgenda'
import { homeTables } from './export-tables'
import { DataEndsNotice } from '../dataset/DataEndsNotice'
import { MoneyTotal } from '../currency/MoneyTotal'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { warmMemo } from '../../db/warm'
import { useActivitiesBetween } from '../rhythm/use-rhythm-data'
import { markFirstContentPainted } from '../../app/first-paint'

/**
 * The manager's morning answer: which deals need me today, and why — every reason the cockpit
 * knows, from the same health findings and day counts the board and the deal page show — with
 * the headline figures, the heroes and today's visits beside it.
 */
export function CockpitHome(): React.ReactNode {
  const { t } = useTranslation()
  const { timeZone } = useLocale()
  const { users, userById, orgUnitById, processById, stageName } = useWorkspaceData()
  const { contains } = useScope()
  const now = useNow()
  const data = usePipelineData()
  // Today's visits only, through the `at` index (the same query as Team rhythm's day), never the whole history.
  const dayStart = startOfDay(now, timeZone)
  const touches = useActivitiesBetween(dayStart, dayStart + DAY_MS)
  const rates = useCurrencyRates()

  // Warm between visits: a return to the home does not count the visits and sum the pipeline again.
  const view = warmMemo('cockpitHome', [data, touches, contains, now, processById, timeZone, users, rates], () => {
    if (!data || !touches) return null
    const deals = data.deals.filter((d) => !d.deleted && contains(d))
    const reps = users.filter((u) => contains({ orgUnitId: u.orgUnitId, ownerId: u.id }))
    const visits = visitsToday(reps, touches, now, timeZone)
    const open = deals.filter((d) => d.status === 'open')
    const { start, end } = monthRange(now, timeZone)
    // The tiles add like with like: one currency for all three (the scope's own, or the totals
    // currency with the others converted at the rates in Settings, and marked).
    const into = currenciesOf(deals).length === 1 ? deals[0]!.currency : rates.base
    const total = (items: MoneyItem[]) => sumMoney(items, rates, into)
    return {
      deals,
      visits,
      openCount: open.length,
      openTotal: total(open),
      weighted: total(open.map((d) => ({ amount: weightedAmount(d, processById.get(d.processId)), currency: d.currency }))),
      // The forecast's own "won" for this month (its buckets), so the home and Pipeline → Forecast agree.
      wonThisMonth: total(forecastDeals(deals, start, end).won),
      visitsDone: visits.reduce((s, v) => s + v.done, 0),
      visitsPlanned: visits.reduce((s, v) => s + v.planned, 0)
    }
  })
  const agenda = useManagerAgenda(data, view?.deals)
  const reasonText = useReasonText()
  // The home is on screen: the other sections may now be warmed in idle moments.
  useEffect(() => {
    if (agenda) markFirstContentPainted()
  }, [agenda])

  if (!data || !view) return <Text c="dimmed">{t('common.loading')}</Text>

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('cockpit.title')}</Title>
        <ExportMenu
          title={t('cockpit.title')}
          tables={async () =>
            homeTables(
              {
                currency: view.openTotal.currency,
                figures: [
                  { label: t('cockpit.openPipeline'), amount: view.openTotal.amount, count: view.openCount },
                  { label: t('cockpit.weighted'), amount: view.weighted.amount },
                  { label: t('cockpit.wonThisMonth'), amount: view.wonThisMonth.amount },
                  { label: t('cockpit.visitsToday'), count: view.visitsDone, note: t('cockpit.visitsLine', { done: view.visitsDone, planned: view.visitsPlanned }) }
                ],
                agenda: agenda ?? [],
                agendaTitle: t('metrics:agenda.title'),
                reasonText,
                visits: view.visits
              },
              { customers: new Map((await getDb().customers.toArray()).map((c) => [c.id, c.name])), userById, orgUnitById, processById, stageName },
              t
            )
          }
        />
      </Group>
      <DataEndsNotice />
      <SimpleGrid cols={4}>
        <Kpi label={t('cockpit.openPipeline')} to="/pipeline">
          <MoneyTotal total={view.openTotal} rates={rates} fw={700} size="xl" />
          <Text size="xs" c="dimmed">
            {t('cockpit.count', { count: view.openCount })}
          </Text>
        </Kpi>
        <Kpi label={t('cockpit.weighted')} to="/pipeline">
          <MoneyTotal total={view.weighted} rates={rates} fw={700} size="xl" />
        </Kpi>
        <Kpi label={t('cockpit.wonThisMonth')} to="/pipeline">
          <MoneyTotal total={view.wonThisMonth} rates={rates} fw={700} size="xl" />
        </Kpi>
        <Kpi label={t('cockpit.visitsToday')} to="/rhythm">
          <Text fw={700} size="xl" className="tabular">
            {view.visitsDone} / {view.visitsPlanned}
          </Text>
        </Kpi>
      </SimpleGrid>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <ManagerAgenda data={data} items={agenda} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
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
                <VisitsTable rows={view.visits} />
              )}
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
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
