import { useMemo } from 'react'
import { Anchor, Button, Card, Group, Select, SimpleGrid, Stack, Tabs, Text, TextInput } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { IconFileImport, IconSearch } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { lateDeliveries, overdueOf } from '@shared/domain/collections'
import { collectionsForecast, dsoTrend, monthVsPlan, MoneyBag } from '@shared/domain/collections-metrics'
import { convertMinor } from '@shared/domain/currency'
import { PageHeader } from '../../ui/PageHeader'
import { SectionCard } from '../../ui/SectionCard'
import { Chart } from '../../ui/Chart'
import { useLocale } from '../../app/preferences'
import { formatMoney } from '../../ui/format'
import { DataTable } from './DataTable'
import { CollectionsExport } from './CollectionsExport'
import { TotalMoney } from './labels'
import { RenewalsView } from './RenewalsView'
import {
  contractsTable,
  dsoTable,
  forecastTable,
  lateMilestonesTable,
  overdueTable,
  planTable,
  punctualityTable,
  type PunctualityRow
} from './tables'
import { useNames } from './use-names'
import { usePostSaleWorkspace, type PostSaleWorkspace } from './use-post-sale-data'

const TABS = ['month', 'overdue', 'dso', 'forecast', 'renewals', 'contracts'] as const
type Tab = (typeof TABS)[number]

/**
 * Collections (回款): what came in this month against plan, what is overdue, how long money
 * takes (DSO), what is expected, which customers are due for a renewal, and every contract.
 * The scope picker applies (by each contract's collector).
 */
export function CollectionsPage(): React.ReactNode {
  const { t } = useTranslation('collections')
  const [params, setParams] = useSearchParams()
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'month'
  const ws = usePostSaleWorkspace()
  return (
    <div>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        right={
          <Button component={Link} to="/import" variant="default" size="xs" leftSection={<IconFileImport size={14} />}>
            {t('contracts.import')}
          </Button>
        }
      />
      <Tabs
        value={tab}
        onChange={(v) => {
          const next = new URLSearchParams()
          if (v && v !== 'month') next.set('tab', v)
          setParams(next)
        }}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {!ws ? (
          <Text c="dimmed">{t('loading')}</Text>
        ) : (
          <>
            <Tabs.Panel value="month">
              <MonthView ws={ws} />
            </Tabs.Panel>
            <Tabs.Panel value="overdue">
              <OverdueView
                ws={ws}
                collector={params.get('collector')}
                onCollector={(id) => setParams(id ? { tab: 'overdue', collector: id } : { tab: 'overdue' })}
              />
            </Tabs.Panel>
            <Tabs.Panel value="dso">
              <DsoView ws={ws} />
            </Tabs.Panel>
            <Tabs.Panel value="forecast">
              <ForecastView ws={ws} />
            </Tabs.Panel>
            <Tabs.Panel value="renewals">
              <RenewalsView ws={ws} />
            </Tabs.Panel>
            <Tabs.Panel value="contracts">
              <ContractsView ws={ws} />
            </Tabs.Panel>
          </>
        )}
      </Tabs>
    </div>
  )
}

function Kpi({ label, children, to }: { label: string; children: React.ReactNode; to?: string }): React.ReactNode {
  const body = (
    <Card withBorder padding="sm" h="100%">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </Card>
  )
  return to ? (
    <Anchor component={Link} to={to} underline="never" c="inherit" aria-label={label}>
      {body}
    </Anchor>
  ) : (
    body
  )
}

function MonthView({ ws }: { ws: PostSaleWorkspace }): React.ReactNode {
  const { t } = useTranslation('collections')
  const names = useNames(ws)
  const month = useMemo(
    () => monthVsPlan(ws.states, { today: ws.today, rates: ws.rates, dayOf: ws.dayOf, collections: ws.rows.collections }),
    [ws]
  )
  const dso = useMemo(() => dsoTrend(ws.states, { today: ws.today, months: 1, rates: ws.rates })[0], [ws])
  const byRep = useMemo(() => planTable(month.byCollector, 'rep', names), [month, names])
  const byTeam = useMemo(() => planTable(month.byTeam, 'team', names), [month, names])
  const total = month.total
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Kpi label={t('kpi.collected')}>
          <TotalMoney total={total.collected} fw={700} size="xl" data-testid="kpi-collected" />
        </Kpi>
        <Kpi label={t('kpi.plan')}>
          <TotalMoney total={total.plan} fw={700} size="xl" />
        </Kpi>
        <Kpi label={t('kpi.rate')}>
          <Text fw={700} size="xl" className="tabular">
            {total.rate === null ? '—' : `${Math.round(total.rate * 100)}%`}
          </Text>
        </Kpi>
        <Kpi label={t('kpi.overdue')} to="/collections?tab=overdue">
          <TotalMoney
            total={total.overdue}
            fw={700}
            size="xl"
            c={total.overdueLines ? 'red.7' : undefined}
            data-testid="kpi-overdue"
          />
          <Text size="xs" c="dimmed">
            {t('kpi.overdueLines', { count: total.overdueLines })}
          </Text>
        </Kpi>
        <Kpi label={t('kpi.dso')} to="/collections?tab=dso">
          <Text fw={700} size="xl" className="tabular">
            {dso?.dso == null ? t('kpi.noDso') : t('kpi.days', { count: Math.round(dso.dso) })}
          </Text>
        </Kpi>
      </SimpleGrid>
      <SectionCard
        title={t('month.byRep')}
        note={t('month.note')}
        actions={<CollectionsExport sheets={byTeam.rows.length ? [byRep, byTeam] : [byRep]} view={t('tabs.month')} />}
        empty={month.byCollector.length === 0 ? t('month.empty') : undefined}
      >
        <DataTable data={byRep} label={t('month.byRep')} testId="month-by-rep" />
      </SectionCard>
      {month.byTeam.length > 0 && (
        <SectionCard title={t('month.byTeam')}>
          <DataTable data={byTeam} label={t('month.byTeam')} />
        </SectionCard>
      )}
    </Stack>
  )
}

function OverdueView({
  ws,
  collector,
  onCollector
}: {
  ws: PostSaleWorkspace
  collector: string | null
  onCollector(id: string | null): void
}): React.ReactNode {
  const { t } = useTranslation('collections')
  const { locale } = useLocale()
  const names = useNames(ws)
  const all = useMemo(() => overdueOf(ws.states, ws.today), [ws])
  const lines = useMemo(() => (collector ? all.filter((o) => o.contract.collectorId === collector) : all), [all, collector])
  const data = useMemo(() => overdueTable(lines, names), [lines, names])
  const collectors = useMemo(
    () => [...new Set(all.map((o) => o.contract.collectorId))].map((id) => ({ value: id, label: names.userName(id) })),
    [all, names]
  )
  const sum = useMemo(() => {
    const bag = new MoneyBag()
    for (const o of lines) bag.add(o.outstanding, o.currency)
    return bag.total(ws.rates)
  }, [lines, ws.rates])
  // Deliveries behind plan, with what of the plan waits for them: the other half of "overdue".
  const late = useMemo(() => {
    const all = lateDeliveries(ws.rows.milestones, ws.stateById, ws.today)
    return collector ? all.filter((d) => d.state.contract.collectorId === collector) : all
  }, [ws, collector])
  const lateData = useMemo(() => lateMilestonesTable(late, names), [late, names])
  return (
    <Stack>
      <SectionCard
        title={t('overdue.title')}
        note={t('overdue.note')}
        actions={
          <Group gap="xs">
            <Select
              size="xs"
              w={180}
              placeholder={t('overdue.collector')}
              aria-label={t('overdue.collector')}
              data={collectors}
              value={collector}
              onChange={onCollector}
              clearable
              searchable
            />
            <CollectionsExport sheets={[data, lateData]} view={t('tabs.overdue')} />
          </Group>
        }
        empty={lines.length === 0 ? t('overdue.empty') : undefined}
        testId="overdue-list"
      >
        <Text size="sm" mb="xs" data-testid="overdue-sum">
          {t('overdue.sum', { count: lines.length, amount: formatMoney(sum.amount, sum.currency, locale) })}
        </Text>
        <DataTable data={data} label={t('overdue.title')} maxHeight={620} testId="overdue-table" />
      </SectionCard>
      <SectionCard
        title={t('late.title')}
        note={t('late.note')}
        empty={late.length === 0 ? t('late.empty') : undefined}
        testId="late-milestones"
      >
        <DataTable data={lateData} label={t('late.title')} maxHeight={420} />
      </SectionCard>
    </Stack>
  )
}

function DsoView({ ws }: { ws: PostSaleWorkspace }): React.ReactNode {
  const { t } = useTranslation('collections')
  const points = useMemo(() => dsoTrend(ws.states, { today: ws.today, months: 12, rates: ws.rates }), [ws])
  const data = useMemo(() => dsoTable(points, t, ws.today), [points, t, ws.today])
  const option = useMemo(
    () => ({
      grid: { left: 40, right: 16, top: 24, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map((p) => p.month) },
      yAxis: { type: 'value', name: t('dso.dso') },
      series: [
        {
          type: 'line',
          data: points.map((p) => (p.dso === null ? null : Math.round(p.dso))),
          smooth: false,
          symbolSize: 6,
          connectNulls: false
        }
      ]
    }),
    [points, t]
  )
  return (
    <SectionCard
      title={t('dso.title')}
      note={t('dso.note')}
      actions={<CollectionsExport sheets={[data]} view={t('tabs.dso')} />}
    >
      <Chart option={option} label={t('dso.chart')} height={260} />
      <DataTable data={data} label={t('dso.title')} testId="dso-table" />
    </SectionCard>
  )
}

function ForecastView({ ws }: { ws: PostSaleWorkspace }): React.ReactNode {
  const { t } = useTranslation('collections')
  const { locale } = useLocale()
  const names = useNames(ws)
  const f = useMemo(() => collectionsForecast(ws.states, { today: ws.today, months: 3, rates: ws.rates }), [ws])
  const data = useMemo(() => forecastTable(f.buckets, t), [f, t])
  const customers = useMemo(() => {
    const by = new Map<string, PunctualityRow>()
    for (const l of f.lines) {
      const r = by.get(l.customerId) ?? {
        customerId: l.customerId,
        punctuality: l.punctuality,
        open: 0,
        expected: 0,
        currency: l.currency
      }
      if (r.currency === l.currency) {
        r.open += l.outstanding
        r.expected += l.expected
      }
      by.set(l.customerId, r)
    }
    return [...by.values()].sort((a, b) => b.open - a.open)
  }, [f])
  const pData = useMemo(() => punctualityTable(customers, names), [customers, names])
  const option = useMemo(
    () => ({
      grid: { left: 64, right: 16, top: 36, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatMoney(v, ws.rates.base, locale) },
      legend: { top: 0, right: 0, data: [t('forecast.scheduled'), t('forecast.expected')] },
      xAxis: { type: 'category', data: f.buckets.map((b) => (b.key === 'later' ? t('forecast.later') : b.key)) },
      // Minor units in the base currency, labelled the way the reader reads money (¥128万 / ¥1.3M).
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoney(v, ws.rates.base, locale) } },
      series: [
        {
          name: t('forecast.scheduled'),
          type: 'bar',
          data: f.buckets.map((b) => convertMinor(b.scheduled.amount, b.scheduled.currency, ws.rates.base, ws.rates) ?? 0)
        },
        {
          name: t('forecast.expected'),
          type: 'bar',
          data: f.buckets.map((b) => convertMinor(b.expected.amount, b.expected.currency, ws.rates.base, ws.rates) ?? 0)
        }
      ]
    }),
    [f, t, locale, ws.rates]
  )
  return (
    <Stack>
      <SectionCard
        title={t('forecast.title')}
        note={t('forecast.note')}
        actions={<CollectionsExport sheets={[data, pData]} view={t('tabs.forecast')} />}
      >
        <Chart option={option} label={t('forecast.chart')} height={240} />
        <DataTable data={data} label={t('forecast.title')} testId="forecast-table" />
      </SectionCard>
      <SectionCard title={t('forecast.byCustomer')}>
        <DataTable data={pData} label={t('forecast.byCustomer')} maxHeight={480} />
      </SectionCard>
    </Stack>
  )
}

function ContractsView({ ws }: { ws: PostSaleWorkspace }): React.ReactNode {
  const { t } = useTranslation('collections')
  const names = useNames(ws)
  const [query, setQuery] = useLocalStorage({ key: 'collections.contracts.query', defaultValue: '' })
  const states = useMemo(() => {
    const q = query.trim().toLowerCase()
    const list = [...ws.states].sort((a, b) => b.contract.signedAt - a.contract.signedAt)
    if (!q) return list
    return list.filter(
      (s) =>
        s.contract.number.toLowerCase().includes(q) ||
        (ws.customers.get(s.contract.customerId)?.name ?? '').toLowerCase().includes(q)
    )
  }, [ws, query])
  const data = useMemo(() => contractsTable(states, names, ws.dayOf), [states, names, ws.dayOf])
  return (
    <SectionCard
      title={t('contracts.count', { count: states.length })}
      actions={
        <Group gap="xs">
          <TextInput
            size="xs"
            w={240}
            leftSection={<IconSearch size={14} />}
            placeholder={t('contracts.search')}
            aria-label={t('contracts.search')}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
          />
          <CollectionsExport sheets={[data]} view={t('tabs.contracts')} />
        </Group>
      }
      empty={ws.states.length === 0 ? t('contracts.empty') : undefined}
    >
      <DataTable data={data} label={t('contracts.title')} maxHeight={640} testId="contracts-table" />
    </SectionCard>
  )
}
