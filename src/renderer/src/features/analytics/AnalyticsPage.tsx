import { useMemo } from 'react'
import { Alert, Group, Loader, Stack, Tabs, Text } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import type { TFunction } from 'i18next'
import type { Activity } from '@shared/model'
import { compare } from '@shared/domain/analytics/periods'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { PageHeader } from '../../ui/PageHeader'
import { DealsDoorProvider } from '../pipeline/DealsDrawer'
import { useAnalyticsActivities, useAnalyticsData, type AnalyticsData } from './use-analytics-data'
import { AUDIENCES, periodChoice, useSavedView, type Audience } from './saved-view'
import { scopedData } from './scope-data'
import { PeriodControl, usePeriodLabel } from './PeriodControl'
import { ExportMenu } from '../export/ExportMenu'
import type { ViewTable } from '../export/document'
import type { Locale } from '../../ui/format'
import { AnalyticsExportProvider, useNewRegistry, type AnalyticsExportRegistry } from './export-registry'
import { analyticsTable, kpiTable } from './export-tables'
import { OriginalDealsProvider } from './door'
import { LeadershipView } from './LeadershipView'
import { ManagerView } from './ManagerView'
import { RepView } from './RepView'
import { TrendsView } from './TrendsView'
import { ChannelsView } from './ChannelsView'
import { DealSizeView } from './DealSizeView'
import { ChangesView } from './ChangesView'
import type { ViewProps } from './view-props'

/** Views that need the follow-ups (visits, calls, changes); the others open without loading them. */
const NEEDS_ACTIVITIES: ReadonlySet<Audience> = new Set(['manager', 'rep', 'trends', 'dealSize', 'changes'])

const VIEWS: Record<Audience, (p: ViewProps) => React.ReactNode> = {
  leadership: LeadershipView,
  manager: ManagerView,
  rep: RepView,
  trends: TrendsView,
  channels: ChannelsView,
  dealSize: DealSizeView,
  changes: ChangesView
}

/**
 * Analytics for three audiences (leadership, front-line managers, reps) and the analyses behind
 * them: trends and segments, channel quality, deal-size economics and pipeline changes. The
 * chosen view is in the address (?view=…), each view remembers its period and choices.
 */
export function AnalyticsPage(): React.ReactNode {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const [last, setLast] = useLocalStorage<string>({ key: 'analytics.audience', defaultValue: 'leadership', getInitialValueInEffect: false })
  const asked = params.get('view') ?? last
  const audience: Audience = (AUDIENCES as readonly string[]).includes(asked) ? (asked as Audience) : 'leadership'
  const data = useAnalyticsData()
  const activities = useAnalyticsActivities(NEEDS_ACTIVITIES.has(audience))
  return (
    <div>
      <PageHeader title={t('common:analytics.title')} />
      <AudienceTabs
        audience={audience}
        onChange={(a) => {
          setLast(a)
          setParams({ view: a }, { replace: true })
        }}
      />
      {data ? <AnalyticsDashboard data={data} audience={audience} activities={activities} /> : <Loader size="sm" mt="md" />}
    </div>
  )
}

function AudienceTabs({ audience, onChange }: { audience: Audience; onChange(a: Audience): void }): React.ReactNode {
  const { t } = useTranslation('analytics')
  return (
    <Tabs value={audience} onChange={(v) => v && onChange(v as Audience)} mb="sm">
      <Tabs.List>
        {AUDIENCES.map((a) => (
          <Tabs.Tab key={a} value={a}>
            {t(`views.${a}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  )
}

/** One audience's view with its period control, over data already loaded (the page's, or the bench's). */
export function AnalyticsDashboard({ data, audience, activities }: { data: AnalyticsData; audience: Audience; activities: Activity[] | null }): React.ReactNode {
  const { t } = useTranslation('analytics')
  const { timeZone, locale } = useLocale()
  const { orgUnits, users } = useWorkspaceData()
  const registry = useNewRegistry()
  const periodLabel = usePeriodLabel()
  const { scope, members, contains } = useScope()
  const { view, update, setExtra, reset } = useSavedView(audience)
  const choice = useMemo(() => periodChoice(view, data.now, timeZone), [view, data.now, timeZone])
  const cmp = useMemo(() => compare(choice, data.now, timeZone), [choice, data.now, timeZone])
  const scoped = useMemo(
    () => scopedData({ deals: data.deals, customers: data.customers, activities, scope, members, contains, orgUnits, users }),
    [data.deals, data.customers, activities, scope, members, contains, orgUnits, users]
  )
  const View = VIEWS[audience]
  // The file is named for the view and its period; the export stamps the scope itself.
  const title = [t('common:analytics.title'), t(`views.${audience}`), ...(audience !== 'changes' ? [periodLabel(choice.grain, choice)] : [])].join(' · ')
  const exportMenu = (
    <ExportMenu
      title={title}
      tables={() => shownTables(registry, t(`views.${audience}`), locale, t)}
      charts={() => registry.list().flatMap((e) => (e.kind === 'chart' ? [e.chart] : []))}
    />
  )
  return (
    <AnalyticsExportProvider registry={registry}>
      <OriginalDealsProvider value={data.original}>
        <DealsDoorProvider customers={data.customerNames}>
          <Stack gap="sm" data-testid={`analytics-${audience}`}>
            <Group justify={audience !== 'changes' ? 'space-between' : 'flex-end'} align="flex-start" wrap="nowrap">
              {audience !== 'changes' && <PeriodControl view={view} choice={choice} comparison={cmp} onChange={update} onReset={reset} />}
              {exportMenu}
            </Group>
            {data.missing.length > 0 && (
              <Alert color="red" variant="light" py={6} data-testid="analytics-missing-rates">
                <Text size="sm">{t('missingRates', { currencies: data.missing.join(', '), base: data.rates.base })}</Text>
              </Alert>
            )}
            {data.converted.length > 0 && (
              <Text size="xs" c="dimmed">
                {t('convertedNote', { currencies: data.converted.join(', '), base: data.rates.base })}
              </Text>
            )}
            <View data={data} scoped={scoped} choice={choice} cmp={cmp} view={view} setExtra={setExtra} />
          </Stack>
        </DealsDoorProvider>
      </OriginalDealsProvider>
    </AnalyticsExportProvider>
  )
}

/** What the view shows now, in screen order: its headline cards as one table, then each figure table. */
function shownTables(registry: AnalyticsExportRegistry, viewName: string, locale: Locale, t: TFunction): ViewTable[] {
  const entries = registry.list()
  const kpis = entries.flatMap((e) => (e.kind === 'kpi' ? [e.figure] : []))
  return [...(kpis.length > 0 ? [kpiTable(viewName, kpis, locale, t)] : []), ...entries.flatMap((e) => (e.kind === 'table' ? [analyticsTable(e.model)] : []))]
}
