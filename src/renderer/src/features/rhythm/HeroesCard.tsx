import { useMemo, useState } from 'react'
import { Anchor, Badge, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core'
import { Link } from 'react-router'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { actualsByRep, periodRange, type Period } from '@shared/domain/targets'
import { honours, leaderboard, type HeroMetric } from '@shared/domain/heroes'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { formatCount, formatMoney } from '../../ui/format'
import { useNow } from '../../ui/use-now'
import { SectionCard } from '../../ui/SectionCard'
import { useActivitiesBetween, useScopedReps } from './use-rhythm-data'
import { useNewCustomerFirsts } from './use-new-customers'
import { inOneCurrency } from '@shared/domain/currency'
import { periodOf } from '@shared/domain/periods'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { useTotalNote } from '../currency/MoneyTotal'
import { PeriodPicker, periodLabel } from '../dataset/PeriodPicker'
import { useDataSpan } from '../dataset/use-data-span'
import { ExportMenu } from '../export/ExportMenu'
import { heroesTables } from './export-tables'

const METRICS: HeroMetric[] = ['won_amount', 'visits', 'conversion', 'new_customers']

const PERIODS: Period[] = ['day', 'week', 'month']

/**
 * The heroes of a period (this month unless the manager picks today or this week) for the
 * scope: the honours (销冠, 拜访之星, 最佳村长) and a leaderboard on a chosen metric.
 * Self-contained so the cockpit home can place it as it is.
 */
export function HeroesCard({ rows = 5 }: { rows?: number }): React.ReactNode {
  const { t } = useTranslation('rhythm')
  const { t: tds } = useTranslation('dataset')
  const totalNote = useTotalNote()
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  const now = useNow()
  const reps = useScopedReps()
  const [metric, setMetric] = useState<HeroMetric>('won_amount')
  const [period, setPeriod] = useState<Period>('month')
  // Any period, however long ago (an imported history may end years before today); null = the current one.
  const [at, setAt] = useState<number | null>(null)
  const span = useDataSpan(now)
  const month = useMemo(() => periodRange(period, at ?? now, timeZone), [period, at, now, timeZone])
  const isCurrent = at === null || (month.start <= now && now < month.end)
  const activities = useActivitiesBetween(month.start, month.end)
  const deals = useLiveQuery(
    async () => (await getDb().deals.where('status').equals('won').toArray()).filter((d) => (d.closedAt ?? 0) >= month.start && (d.closedAt ?? 0) < month.end),
    [month.start, month.end]
  )
  // New customers by the one definition (first won deal or first visit over all history), not claims or new records.
  const { firsts } = useNewCustomerFirsts()
  const eligible = useMemo(() => new Set(reps.filter((r) => r.active).map((r) => r.id)), [reps])
  // Won amounts add like with like: one currency, converted with the rates in Settings when mixed.
  const rates = useCurrencyRates()
  const won = useMemo(() => (deals ? inOneCurrency(deals, rates) : null), [deals, rates])
  const actuals = useMemo(
    () => (activities && deals && won && firsts ? actualsByRep({ activities, deals, firsts }, month.start, month.end, { rates, into: won.currency }) : null),
    [activities, deals, won, firsts, month, rates]
  )
  if (!actuals || !won) return null
  const cur = won.currency
  const fmt = (m: HeroMetric, v: number): string =>
    m === 'won_amount' ? formatMoney(v, cur, locale) : m === 'conversion' ? t('heroes.perVisit', { value: formatMoney(v, cur, locale) }) : formatCount(v, locale)
  const board = leaderboard(actuals, metric, eligible).slice(0, rows)
  return (
    <SectionCard
      title={
        <span data-testid="heroes-title">
          {isCurrent ? t(`heroes.titles.${period}`) : t('dataset:heroesOf', { period: periodLabel(periodOf(period, month.start, timeZone), locale, timeZone, tds) })}
        </span>
      }
      testId="heroes"
      actions={
        <Group gap={6} wrap="nowrap">
          <SegmentedControl size="xs" value={period} onChange={(v) => setPeriod(v as Period)} data={PERIODS.map((p) => ({ value: p, label: t(`heroes.periods.${p}`) }))} data-testid="heroes-period" />
          <ExportMenu
            title={t(`heroes.titles.${period}`)}
            tables={() =>
              heroesTables(
                {
                  title: t(`heroes.titles.${period}`),
                  honours: honours(actuals, eligible).map((h) => ({ honour: h.honour, name: userById.get(h.userId)?.name ?? h.userId, value: h.value, money: h.honour === 'topSales' })),
                  // The whole ranking: the card shows its top rows, the sheet everyone.
                  board: leaderboard(actuals, metric, eligible).map((r) => ({ rank: r.rank, name: userById.get(r.userId)?.name ?? r.userId, value: r.value })),
                  metricLabel: t(`heroes.metrics.${metric}`),
                  metricMoney: metric === 'won_amount' || metric === 'conversion',
                  currency: cur
                },
                t
              )
            }
          />
        </Group>
      }
      note={won.converted.length || won.missing.length ? totalNote({ amount: 0, currency: cur, converted: won.converted, missing: won.missing }, rates) : undefined}
    >
      <Group mb="xs">
        <PeriodPicker kind={period} kinds={[period]} at={at ?? now} onAt={setAt} now={now} span={span} testId="heroes-picker" />
      </Group>
      <Stack gap={4} mb="sm">
        {honours(actuals, eligible).map((h) => (
          <Group key={h.honour} gap="xs">
            <Badge color="yellow" variant="light" w={110}>
              {t(`heroes.honours.${h.honour}`)}
            </Badge>
            <Anchor component={Link} to={`/reps/${h.userId}`} size="sm">
              {userById.get(h.userId)?.name}
            </Anchor>
            <Text size="xs" c="dimmed">
              {fmt(h.honour === 'topSales' ? 'won_amount' : h.honour === 'visitStar' ? 'visits' : 'new_customers', h.value)}
            </Text>
          </Group>
        ))}
      </Stack>
      <SegmentedControl size="xs" fullWidth value={metric} onChange={(v) => setMetric(v as HeroMetric)} data={METRICS.map((m) => ({ value: m, label: t(`heroes.metrics.${m}`) }))} />
      <Table fz="sm" verticalSpacing={2} mt="xs">
        <Table.Tbody>
          {board.map((r) => (
            <Table.Tr key={r.userId}>
              <Table.Td w={28} className="tabular">
                {r.rank}
              </Table.Td>
              <Table.Td>{userById.get(r.userId)?.name}</Table.Td>
              <Table.Td ta="right" className="tabular">
                {fmt(metric, r.value)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {board.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('heroes.empty')}
        </Text>
      )}
    </SectionCard>
  )
}
