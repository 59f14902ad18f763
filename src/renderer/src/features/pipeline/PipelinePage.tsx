import { useDeferredValue, useEffect, useMemo, useState } from 'react'
import { Anchor, Badge, Group, SegmentedControl, Select, Switch, Text, TextInput } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { IconChartFunnel, IconChartLine, IconLayoutKanban, IconList, IconSearch } from '@tabler/icons-react'
import { byAmountDesc } from '@shared/domain/deal-amount'
import { normalizeForSearch } from '@shared/domain/search'
import { isBigDeal } from '@shared/domain/cockpit-agenda'
import { getDb } from '../../db/database'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { PageHeader } from '../../ui/PageHeader'
import { NewDealButton } from '../records/NewRecordButtons'
import { VirtualList } from '../../ui/VirtualList'
import { ListHeader } from '../../ui/ListHeader'
import { Money } from '../../ui/Money'
import { useCloseDate } from '../dataset/use-close-date'
import { sumMoney } from '@shared/domain/currency'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { formatTotal } from '../currency/MoneyTotal'
import { PipelineBoard } from './PipelineBoard'
import { FunnelView } from './FunnelView'
import { ForecastView } from './ForecastView'
import { DealsDoorProvider } from './DealsDrawer'
import { usePipelineData } from './use-pipeline-data'
import { ExportMenu } from '../export/ExportMenu'
import { dealsTable } from '../export/tables'
import { useWarmQuery } from '../../db/warm'

type PipelineView = 'board' | 'list' | 'funnel' | 'forecast'

const ROW = 44
const NO_CUSTOMERS = new Map<string, string>()

/**
 * The pipeline: the stage board (default), the deal list, the funnel and the forecast, one
 * switch away from each other; the chosen view is remembered.
 */
export function PipelinePage(): React.ReactNode {
  const { t } = useTranslation()
  const [view, setView] = useLocalStorage<PipelineView>({ key: 'pipeline.view', defaultValue: 'board' })
  const data = usePipelineData()
  const { contains } = useScope()
  const { locale } = useLocale()
  const open = useMemo(() => data?.deals.filter((d) => !d.deleted && d.status === 'open' && contains(d)), [data, contains])
  const rates = useCurrencyRates()
  const openTotal = useMemo(() => sumMoney(open ?? [], rates), [open, rates])
  // The board and the list say what they show (process, filters); funnel and forecast span
  // every process of the scope, and say so.
  const [listSubtitle, setListSubtitle] = useState<string | undefined>(undefined)
  const [boardSubtitle, setBoardSubtitle] = useState<string | undefined>(undefined)

  return (
    <div>
      <PageHeader
        title={t('pipeline.title')}
        subtitle={
          view === 'list'
            ? listSubtitle
            : view === 'board'
              ? boardSubtitle
              : open
                ? t('metrics:pipeline.allProcesses', { count: open.length, amount: formatTotal(openTotal, locale) })
                : undefined
        }
        right={
          <Group gap="sm" wrap="nowrap">
            <NewDealButton />
            <SegmentedControl
              aria-label={t('pipeline:viewLabel')}
              size="xs"
              value={view}
              onChange={(v) => setView(v as PipelineView)}
              data={[
                { value: 'board', label: <ViewLabel icon={<IconLayoutKanban size={14} />} text={t('pipeline:views.board')} /> },
                { value: 'list', label: <ViewLabel icon={<IconList size={14} />} text={t('pipeline:views.list')} /> },
                { value: 'funnel', label: <ViewLabel icon={<IconChartFunnel size={14} />} text={t('pipeline:views.funnel')} /> },
                { value: 'forecast', label: <ViewLabel icon={<IconChartLine size={14} />} text={t('pipeline:views.forecast')} /> }
              ]}
            />
          </Group>
        }
      />
      <DealsDoorProvider customers={data?.customers ?? NO_CUSTOMERS}>
        {view === 'board' && data && <PipelineBoard data={data} onSubtitle={setBoardSubtitle} />}
        {view === 'list' && <DealList onSubtitle={setListSubtitle} />}
        {view === 'funnel' && data && <FunnelView data={data} />}
        {view === 'forecast' && data && <ForecastView data={data} />}
      </DealsDoorProvider>
    </div>
  )
}

function ViewLabel({ icon, text }: { icon: React.ReactNode; text: string }): React.ReactNode {
  return (
    <Group gap={4} wrap="nowrap">
      {icon}
      <span>{text}</span>
    </Group>
  )
}

/** Every deal in scope, filterable as you type; filters are remembered. */
function DealList({ onSubtitle }: { onSubtitle(s: string | undefined): void }): React.ReactNode {
  const { t } = useTranslation()
  const { locale } = useLocale()
  const closeDate = useCloseDate()
  const noCustomer = t('dataset:noCustomer')
  const { userById, orgUnitById, processes, processById, stageName } = useWorkspaceData()
  const { contains } = useScope()
  const [status, setStatus] = useLocalStorage({ key: 'pipeline.status', defaultValue: 'open' })
  const [processId, setProcessId] = useLocalStorage<string | null>({ key: 'pipeline.process', defaultValue: null })
  const [bigOnly, setBigOnly] = useLocalStorage({ key: 'pipeline.bigOnly', defaultValue: false })
  const [query, setQuery] = useLocalStorage({ key: 'pipeline.query', defaultValue: '' })
  const deferredQuery = useDeferredValue(query)

  // The same warm queries as the board's (use-pipeline-data): a switch to the list reads nothing again.
  const deals = useWarmQuery('deals', () => getDb().deals.toArray())
  const customers = useWarmQuery(
    'customerNames',
    async () => new Map((await getDb().customers.toArray()).map((c) => [c.id, c.name]))
  )

  const rows = useMemo(() => {
    if (!deals || !customers) return null
    const q = normalizeForSearch(deferredQuery)
    return deals
      .filter(
        (d) =>
          !d.deleted &&
          contains(d) &&
          (status === 'all' || d.status === status) &&
          (!processId || d.processId === processId) &&
          (!bigOnly || isBigDeal(d, processById)) &&
          (!q ||
            normalizeForSearch(d.name).includes(q) ||
            normalizeForSearch((d.customerId && customers.get(d.customerId)) || '').includes(q) ||
            normalizeForSearch(userById.get(d.ownerId)?.name ?? '').includes(q))
      )
      .sort(byAmountDesc)
  }, [deals, customers, deferredQuery, contains, status, processId, bigOnly, processById, userById])

  const rates = useCurrencyRates()
  const total = useMemo(() => sumMoney(rows ?? [], rates), [rows, rates])
  const subtitle = rows
    ? t('pipeline.total', { count: rows.length, amount: formatTotal(total, locale) }) + (total.unset ? ` · ${t('dataset:amountsLeftOut', { count: total.unset })}` : '')
    : undefined
  useEffect(() => onSubtitle(subtitle), [subtitle, onSubtitle])

  return (
    <div>
      <Group mb="sm" gap="sm">
        <TextInput
          aria-label={t('pipeline.filter')}
          placeholder={t('pipeline.filter')}
          leftSection={<IconSearch size={16} />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={260}
          size="xs"
        />
        <SegmentedControl
          aria-label={t('pipeline.status')}
          size="xs"
          value={status}
          onChange={setStatus}
          data={[
            { value: 'open', label: t('deal.open') },
            { value: 'won', label: t('deal.won') },
            { value: 'lost', label: t('deal.lost') },
            { value: 'all', label: t('pipeline.all') }
          ]}
        />
        <Select
          aria-label={t('deal.process')}
          placeholder={t('deal.process')}
          size="xs"
          clearable
          value={processId}
          onChange={setProcessId}
          data={processes.map((p) => ({ value: p.id, label: p.name }))}
          w={200}
        />
        <Switch label={t('pipeline.bigOnly')} checked={bigOnly} onChange={(e) => setBigOnly(e.currentTarget.checked)} size="xs" />
        <Group ml="auto">
          <ExportMenu
            title={t('pipeline:views.list')}
            disabled={!rows}
            tables={() => [
              dealsTable(
                t('pipeline:views.list'),
                rows ?? [],
                { customers: customers ?? NO_CUSTOMERS, userById, orgUnitById, processById, stageName },
                t
              )
            ]}
          />
        </Group>
      </Group>
      {rows && rows.length === 0 && <Text c="dimmed">{t('pipeline.empty')}</Text>}
      {rows && rows.length > 0 && (
        <ListHeader
          columns={[
            { label: t('deal.customer'), flex: 3 },
            { label: t('deal.stage'), flex: 1.2 },
            { label: t('deal.owner'), flex: 1 },
            { label: t('deal.closeDate'), flex: 1 },
            { label: '', flex: 0.6 },
            { label: t('deal.amount'), flex: 1, align: 'right' }
          ]}
        />
      )}
      {rows && rows.length > 0 && (
        <VirtualList
          label={t('pipeline.title')}
          items={rows}
          rowHeight={ROW}
          height="calc(100vh - 280px)"
          getKey={(d) => d.id}
          renderRow={(d) => (
            <Group
              h={ROW}
              px="xs"
              gap="sm"
              wrap="nowrap"
              style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
            >
              <div style={{ flex: 3, minWidth: 0 }}>
                <Anchor component={Link} to={`/deals/${d.id}`} size="sm" fw={500} truncate display="block">
                  {d.name}
                </Anchor>
                <Text size="xs" c="dimmed" truncate>
                  {d.customerId === undefined ? noCustomer : customers?.get(d.customerId)}
                </Text>
              </div>
              <Text size="sm" style={{ flex: 1.2 }} truncate>
                {stageName(d.processId, d.stageId)}
              </Text>
              <Anchor component={Link} to={`/reps/${d.ownerId}`} size="sm" style={{ flex: 1 }} truncate>
                {userById.get(d.ownerId)?.name ?? '—'}
              </Anchor>
              <Text size="xs" c="dimmed" style={{ flex: 1 }} className="tabular">
                {closeDate(d.status === 'open' ? d.expectedCloseAt : (d.closedAt ?? d.expectedCloseAt))}
              </Text>
              <div style={{ flex: 0.6 }}>
                {isBigDeal(d, processById) && (
                  <Badge size="xs" color="grape" variant="light">
                    {t('deal.big')}
                  </Badge>
                )}
              </div>
              <Money minor={d.amount} currency={d.currency} size="sm" fw={600} style={{ flex: 1, textAlign: 'right' }} />
            </Group>
          )}
        />
      )}
    </div>
  )
}
