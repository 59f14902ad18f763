import { createContext, memo, useCallback, useContext, useMemo, useRef, useState } from 'react'
import { ActionIcon, Anchor, Group, Menu, NumberInput, Paper, Select, Switch, Text, Tooltip } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { IconArrowRight } from '@tabler/icons-react'
import type { Deal, SalesProcess, Stage, User } from '@shared/model'
import { HEALTH_FLAGS, stageGate, type HealthFinding, type HealthFlag } from '@shared/domain/deal-health'
import { dealProbability } from '@shared/domain/forecast'
import { isBigDeal } from '@shared/domain/cockpit-agenda'
import { DAY_MS, localDate, monthRange } from '@shared/domain/calendar'
import { useWorkspaceData } from '../../app/workspace-data'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { Money } from '../../ui/Money'
import { moveDealToStage } from '../../db/deals'
import { HealthBadges } from './HealthBadges'
import { StageGateModal, type PendingMove } from './StageGateModal'
import type { PipelineData } from './use-pipeline-data'

const CARD_H = 118
const GAP = 6
const COLUMN_W = 272
const UNKNOWN = '__unknown__'
/** One empty list for cards without findings, so their memo holds. */
const NO_FINDINGS: HealthFinding[] = []

type ClosePeriod = 'all' | 'month' | 'quarter' | 'overdue'
type SortKey = 'amount' | 'days' | 'close'

interface Column {
  id: string
  stage: Stage | null
  deals: Deal[]
  total: number
  weighted: number
}

interface Lane {
  key: string
  label: string
  columns: Column[]
  count: number
  total: number
}

type Lanes = 'none' | 'rep' | 'team'

/** Deals into stage columns with count, total and weighted total; deals of a vanished stage get their own column. */
function toColumns(process: SalesProcess, deals: readonly Deal[], order: (a: Deal, b: Deal) => number): Column[] {
  const open = process.stages.filter((s) => s.kind === 'open')
  const byStage = new Map<string, Deal[]>(open.map((s) => [s.id, []]))
  const unknown: Deal[] = []
  for (const d of deals) (byStage.get(d.stageId) ?? unknown).push(d)
  const cols: Column[] = open.map((s) => ({ id: s.id, stage: s, deals: byStage.get(s.id)!, total: 0, weighted: 0 }))
  if (unknown.length) cols.unshift({ id: UNKNOWN, stage: null, deals: unknown, total: 0, weighted: 0 })
  for (const c of cols) {
    c.deals.sort(order)
    for (const d of c.deals) {
      c.total += d.amount
      c.weighted += Math.round((d.amount * dealProbability(d, process)) / 100)
    }
  }
  return cols
}

/** Who the stage history records as having moved the deal: the first manager in the workspace. */
export function actingUserId(users: readonly User[], fallback: string): string {
  return users.find((u) => u.active && (u.role === 'manager' || u.role === 'director' || u.role === 'admin'))?.id ?? fallback
}

/**
 * The stage board of one sales process: a column per open stage with count, total and
 * weighted total; cards with health. Cards move by drag (native HTML5 drag and drop for now —
 * @dnd-kit should replace it for touch and accessible drag) or by keyboard: select a card,
 * press M for "Move to…", or Shift+←/→ for the previous / next stage. Forward moves pass the
 * stage gate.
 */
export function PipelineBoard({ data }: { data: PipelineData }): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { processes, processById, users, userById, orgUnitById } = useWorkspaceData()
  const { contains } = useScope()
  const { timeZone } = useLocale()
  const [processId, setProcessId] = useLocalStorage<string | null>({ key: 'pipeline.board.process', defaultValue: null })
  const [ownerId, setOwnerId] = useLocalStorage<string | null>({ key: 'pipeline.board.owner', defaultValue: null })
  const [minYuan, setMinYuan] = useLocalStorage<number | null>({ key: 'pipeline.board.min', defaultValue: null })
  const [close, setClose] = useLocalStorage<ClosePeriod>({ key: 'pipeline.board.close', defaultValue: 'all' })
  const [healthFilter, setHealthFilter] = useLocalStorage<HealthFlag | null>({ key: 'pipeline.board.health', defaultValue: null })
  const [bigOnly, setBigOnly] = useLocalStorage({ key: 'pipeline.board.big', defaultValue: false })
  const [sort, setSort] = useLocalStorage<SortKey>({ key: 'pipeline.board.sort', defaultValue: 'amount' })
  const [lanes, setLanes] = useLocalStorage<Lanes>({ key: 'pipeline.board.lanes', defaultValue: 'none' })
  const [pending, setPending] = useState<PendingMove | null>(null)
  const [dragOver, setDragOver] = useState<string | null>(null)

  const process = processById.get(processId ?? '') ?? processes[0]
  const { now, health } = data

  const filtered = useMemo<Deal[]>(() => {
    if (!process) return []
    const month = monthRange(now, timeZone)
    // The quarter: back to its first month, forward three months.
    const m = Number(localDate(month.start, timeZone).slice(5, 7)) - 1
    const qStart = monthRange(month.start - (m % 3) * 28 * DAY_MS, timeZone).start
    const qEnd = monthRange(qStart + 3 * 31 * DAY_MS, timeZone).start
    const min = minYuan ? minYuan * 100 : 0
    return data.deals.filter(
      (d) =>
        !d.deleted &&
        d.status === 'open' &&
        d.processId === process.id &&
        contains(d) &&
        (!ownerId || d.ownerId === ownerId) &&
        d.amount >= min &&
        (close !== 'month' || (d.expectedCloseAt >= month.start && d.expectedCloseAt < month.end)) &&
        (close !== 'quarter' || (d.expectedCloseAt >= qStart && d.expectedCloseAt < qEnd)) &&
        (close !== 'overdue' || d.expectedCloseAt < now) &&
        (!bigOnly || isBigDeal(d, processById)) &&
        (!healthFilter || (health.byDeal.get(d.id) ?? []).some((f) => f.flag === healthFilter))
    )
  }, [process, data.deals, contains, ownerId, minYuan, close, bigOnly, healthFilter, health, now, timeZone, processById])

  const board = useMemo<Lane[]>(() => {
    if (!process) return []
    const order =
      sort === 'amount'
        ? (a: Deal, b: Deal) => b.amount - a.amount
        : sort === 'days'
          ? (a: Deal, b: Deal) => a.stageEnteredAt - b.stageEnteredAt
          : (a: Deal, b: Deal) => a.expectedCloseAt - b.expectedCloseAt
    if (lanes === 'none')
      return [{ key: 'all', label: '', columns: toColumns(process, filtered, order), count: filtered.length, total: 0 }]
    const groups = new Map<string, Deal[]>()
    for (const d of filtered) {
      const key = lanes === 'rep' ? d.ownerId : d.orgUnitId
      const list = groups.get(key)
      if (list) list.push(d)
      else groups.set(key, [d])
    }
    const label = (key: string): string => (lanes === 'rep' ? userById.get(key)?.name : orgUnitById.get(key)?.name) ?? '—'
    return [...groups.entries()]
      .map(([key, list]) => ({
        key,
        label: label(key),
        columns: toColumns(process, list, order),
        count: list.length,
        total: list.reduce((a, d) => a + d.amount, 0)
      }))
      .sort((a, b) => b.total - a.total)
  }, [process, filtered, sort, lanes, userById, orgUnitById])

  const owners = useMemo(
    () =>
      users
        .filter((u) => u.role === 'rep' && contains({ ownerId: u.id, orgUnitId: u.orgUnitId }))
        .map((u) => ({ value: u.id, label: u.name })),
    [users, contains]
  )

  const requestMove = useCallback(
    (deal: Deal, toStageId: string) => {
      const p = processById.get(deal.processId)
      if (!p || toStageId === deal.stageId) return
      const gate = stageGate(p, deal.stageId, toStageId, deal.checkedCriteria)
      if (gate.direction === 'back') {
        void moveDealToStage(deal.id, toStageId, { checked: [], userId: actingUserId(users, deal.ownerId) })
        return
      }
      setPending({ deal, process: p, toStageId })
    },
    [processById, users]
  )

  const onDrop = (stageId: string) => (e: React.DragEvent) => {
    e.preventDefault()
    setDragOver(null)
    const id = e.dataTransfer.getData('application/x-deal-id')
    const deal = data.deals.find((d) => d.id === id)
    if (deal) requestMove(deal, stageId)
  }
  const dropProps = (stageId: string, target: string): React.HTMLAttributes<HTMLDivElement> => ({
    onDragOver: (e) => {
      if (!e.dataTransfer.types.includes('application/x-deal-id')) return
      e.preventDefault()
      e.dataTransfer.dropEffect = 'move'
      if (dragOver !== target) setDragOver(target)
    },
    onDragLeave: (e) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragOver(null)
    },
    onDrop: onDrop(stageId)
  })

  if (!process) return null
  const terminal = process.stages.filter((s) => s.kind !== 'open')

  return (
    <CustomerNames.Provider value={data.customers}>
      <Group mb="sm" gap="sm" wrap="wrap">
        <Select
          aria-label={t('board.process')}
          size="xs"
          w={200}
          value={process.id}
          onChange={(v) => setProcessId(v)}
          allowDeselect={false}
          data={processes.map((p) => ({ value: p.id, label: p.name }))}
        />
        <Select
          aria-label={t('filters.owner')}
          placeholder={t('filters.owner')}
          size="xs"
          w={140}
          clearable
          searchable
          value={ownerId}
          onChange={setOwnerId}
          data={owners}
        />
        <NumberInput
          aria-label={t('filters.amountMin')}
          placeholder={t('filters.amountMin')}
          size="xs"
          w={140}
          min={0}
          step={10_000}
          thousandSeparator=","
          value={minYuan ?? ''}
          onChange={(v) => setMinYuan(typeof v === 'number' ? v : null)}
        />
        <Select
          aria-label={t('filters.close')}
          size="xs"
          w={120}
          value={close}
          onChange={(v) => setClose((v as ClosePeriod | null) ?? 'all')}
          allowDeselect={false}
          data={[
            { value: 'all', label: t('filters.closeAll') },
            { value: 'month', label: t('filters.closeMonth') },
            { value: 'quarter', label: t('filters.closeQuarter') },
            { value: 'overdue', label: t('filters.closeOverdue') }
          ]}
        />
        <Select
          aria-label={t('filters.health')}
          placeholder={t('filters.health')}
          size="xs"
          w={130}
          clearable
          value={healthFilter}
          onChange={(v) => setHealthFilter(v as HealthFlag | null)}
          data={HEALTH_FLAGS.map((f) => ({ value: f, label: t(`flags.${f}`) }))}
        />
        <Select
          aria-label={t('filters.sort')}
          size="xs"
          w={130}
          value={sort}
          onChange={(v) => setSort((v as SortKey | null) ?? 'amount')}
          allowDeselect={false}
          data={[
            { value: 'amount', label: t('filters.sortAmount') },
            { value: 'days', label: t('filters.sortDays') },
            { value: 'close', label: t('filters.sortClose') }
          ]}
        />
        <Select
          aria-label={t('filters.lanes')}
          size="xs"
          w={130}
          value={lanes}
          onChange={(v) => setLanes((v as Lanes | null) ?? 'none')}
          allowDeselect={false}
          data={[
            { value: 'none', label: t('filters.lanesNone') },
            { value: 'rep', label: t('filters.lanesRep') },
            { value: 'team', label: t('filters.lanesTeam') }
          ]}
        />
        <Switch size="xs" label={t('filters.bigOnly')} checked={bigOnly} onChange={(e) => setBigOnly(e.currentTarget.checked)} />
        <Text size="xs" c="dimmed" ml="auto">
          {t('board.moveHint')}
        </Text>
      </Group>
      <div role="region" aria-label={t('board.label', { process: process.name })} style={{ overflowX: 'auto', paddingBottom: 4 }}>
        {board.map((lane) => (
          <div key={lane.key} style={{ marginBottom: lanes === 'none' ? 0 : 12 }}>
            {lanes !== 'none' && (
              <Group gap="xs" mb={4} style={{ position: 'sticky', left: 0 }}>
                <Text fw={600} size="sm">
                  {lane.label}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('board.count', { count: lane.count })} · <Money minor={lane.total} size="xs" />
                </Text>
              </Group>
            )}
            <div style={{ display: 'flex', gap: 8, alignItems: 'stretch' }}>
              {lane.columns.map((c) => (
                <BoardColumn
                  key={c.id}
                  column={c}
                  process={process}
                  findings={health.byDeal}
                  lastTouch={health.lastTouch}
                  userById={userById}
                  now={now}
                  height={lanes === 'none' ? 'calc(100vh - 250px)' : laneHeight(lane)}
                  highlighted={dragOver === `${lane.key}/${c.id}`}
                  dropProps={c.stage ? dropProps(c.id, `${lane.key}/${c.id}`) : {}}
                  onMove={requestMove}
                />
              ))}
              <div style={{ display: 'flex', flexDirection: 'column', gap: 8, width: 150, flex: '0 0 150px' }}>
                {terminal.map((s) => {
                  const over = dragOver === `${lane.key}/${s.id}`
                  const color = s.kind === 'won' ? 'teal' : 'red'
                  return (
                    <Paper
                      key={s.id}
                      withBorder
                      p="sm"
                      radius="sm"
                      {...dropProps(s.id, `${lane.key}/${s.id}`)}
                      data-stage-id={s.id}
                      aria-label={s.name}
                      style={{
                        flex: 1,
                        borderStyle: 'dashed',
                        borderColor: over ? `var(--mantine-color-${color}-6)` : undefined,
                        background: over ? `var(--mantine-color-${color}-light)` : undefined
                      }}
                    >
                      <Text fw={600} size="sm" c={color}>
                        {s.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('board.closedColumn')}
                      </Text>
                    </Paper>
                  )
                })}
              </div>
            </div>
          </div>
        ))}
      </div>
      <StageGateModal
        move={pending}
        userId={pending ? actingUserId(users, pending.deal.ownerId) : ''}
        onClose={() => setPending(null)}
      />
    </CustomerNames.Provider>
  )
}

/** A swimlane is as tall as its fullest column, up to three cards; beyond that it scrolls. */
function laneHeight(lane: Lane): number {
  const most = Math.max(1, ...lane.columns.map((c) => c.deals.length))
  return Math.min(3, most) * (CARD_H + GAP) + 12
}

interface ColumnProps {
  column: Column
  process: SalesProcess
  findings: ReadonlyMap<string, HealthFinding[]>
  lastTouch: ReadonlyMap<string, number>
  userById: ReadonlyMap<string, User>
  now: number
  height: string | number
  highlighted: boolean
  dropProps: React.HTMLAttributes<HTMLDivElement>
  onMove(deal: Deal, toStageId: string): void
}

function BoardColumn({
  column,
  process,
  findings,
  lastTouch,
  userById,
  now,
  height,
  highlighted,
  dropProps,
  onMove
}: ColumnProps): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: column.deals.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_H + GAP,
    overscan: 4
  })
  const name = column.stage?.name ?? t('board.unknownStage')

  // Stable, with the card's index passed in, so the memoised cards skip re-rendering when only
  // the column around them changes (a drag hovering over the board re-renders every column).
  const focusCard = useCallback(
    (index: number): void => {
      const deal = column.deals[index]
      if (!deal) return
      virtualizer.scrollToIndex(index, { align: 'auto' })
      requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-deal-id="${deal.id}"]`)?.focus())
    },
    [column.deals, virtualizer]
  )

  return (
    <Paper
      withBorder
      radius="sm"
      {...dropProps}
      data-stage-id={column.id}
      style={{
        width: COLUMN_W,
        flex: `0 0 ${COLUMN_W}px`,
        display: 'flex',
        flexDirection: 'column',
        background: highlighted ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-default-hover)',
        borderColor: highlighted ? 'var(--mantine-primary-color-filled)' : undefined
      }}
    >
      <div style={{ padding: '8px 10px', borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text fw={600} size="sm" truncate>
            {name}
          </Text>
          <Text size="xs" c="dimmed" className="tabular">
            {t('board.count', { count: column.deals.length })}
          </Text>
        </Group>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text size="xs" c="dimmed">
            {t('board.total')} <Money minor={column.total} size="xs" fw={600} c="var(--mantine-color-text)" />
          </Text>
          <Text size="xs" c="dimmed">
            {t('board.weighted')} {column.stage ? `${column.stage.probability}% ` : ''}
            <Money minor={column.weighted} size="xs" fw={600} c="var(--mantine-color-text)" />
          </Text>
        </Group>
      </div>
      <div
        ref={scrollRef}
        role="list"
        aria-label={name}
        style={{ height, minHeight: CARD_H + 12, overflowY: 'auto', padding: 6 }}
      >
        {column.deals.length === 0 && (
          <Text size="xs" c="dimmed" ta="center" mt="md">
            {t('board.empty')}
          </Text>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => {
            const deal = column.deals[row.index]!
            return (
              <div
                key={deal.id}
                role="listitem"
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: CARD_H,
                  transform: `translateY(${row.start}px)`
                }}
              >
                <DealCard
                  deal={deal}
                  process={process}
                  findings={findings.get(deal.id) ?? NO_FINDINGS}
                  lastTouchAt={lastTouch.get(deal.id) ?? null}
                  owner={userById.get(deal.ownerId)?.name ?? '—'}
                  now={now}
                  onMove={onMove}
                  index={row.index}
                  onFocusCard={focusCard}
                />
              </div>
            )
          })}
        </div>
      </div>
    </Paper>
  )
}

interface CardProps {
  deal: Deal
  process: SalesProcess
  findings: HealthFinding[]
  lastTouchAt: number | null
  owner: string
  now: number
  onMove(deal: Deal, toStageId: string): void
  /** The card's place in its column; ↑/↓ focus the neighbour. */
  index: number
  onFocusCard(index: number): void
}

const DealCard = memo(function DealCard({
  deal,
  process,
  findings,
  lastTouchAt,
  owner,
  now,
  onMove,
  index,
  onFocusCard
}: CardProps): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const navigate = useNavigate()
  const [menuOpen, setMenuOpen] = useState(false)
  const customers = useCustomerName(deal.customerId)
  const days = Math.max(0, Math.floor((now - deal.stageEnteredAt) / DAY_MS))
  const touchDays = lastTouchAt === null ? null : Math.max(0, Math.floor((now - lastTouchAt) / DAY_MS))
  const idx = process.stages.findIndex((s) => s.id === deal.stageId)
  const openStages = process.stages.filter((s) => s.kind === 'open')

  function onKeyDown(e: React.KeyboardEvent): void {
    if (e.target !== e.currentTarget) return
    if (e.key === 'm' || e.key === 'M') {
      e.preventDefault()
      setMenuOpen(true)
    } else if (e.key === 'Enter') {
      navigate(`/deals/${deal.id}`)
    } else if (e.shiftKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
      e.preventDefault()
      const next = process.stages[idx + (e.key === 'ArrowRight' ? 1 : -1)]
      if (next && next.kind === 'open') onMove(deal, next.id)
    } else if (e.key === 'ArrowDown' || e.key === 'j') {
      e.preventDefault()
      onFocusCard(index + 1)
    } else if (e.key === 'ArrowUp' || e.key === 'k') {
      e.preventDefault()
      onFocusCard(index - 1)
    }
  }

  return (
    <Paper
      withBorder
      radius="sm"
      p={8}
      h={CARD_H}
      tabIndex={0}
      draggable
      data-deal-id={deal.id}
      aria-label={`${customers} · ${deal.name}`}
      onKeyDown={onKeyDown}
      onDragStart={(e) => {
        e.dataTransfer.setData('application/x-deal-id', deal.id)
        e.dataTransfer.effectAllowed = 'move'
      }}
      className="deal-card"
      style={{ cursor: 'grab', display: 'flex', flexDirection: 'column', gap: 2, overflow: 'hidden' }}
    >
      <Group justify="space-between" wrap="nowrap" gap={6}>
        <Text size="sm" fw={600} truncate style={{ minWidth: 0 }}>
          {customers}
        </Text>
        <Money minor={deal.amount} currency={deal.currency} size="sm" fw={700} style={{ flexShrink: 0 }} />
      </Group>
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Anchor component={Link} to={`/deals/${deal.id}`} size="xs" truncate style={{ minWidth: 0 }} draggable={false}>
          {deal.name}
        </Anchor>
        <Menu opened={menuOpen} onChange={setMenuOpen} position="bottom-end" withinPortal>
          <Menu.Target>
            <Tooltip label={t('board.moveTo')} openDelay={400}>
              <ActionIcon size="xs" variant="subtle" color="gray" aria-label={t('board.moveTo')} tabIndex={-1}>
                <IconArrowRight size={14} />
              </ActionIcon>
            </Tooltip>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t('board.moveTo')}</Menu.Label>
            {[...openStages, ...process.stages.filter((s) => s.kind !== 'open')].map((s) => (
              <Menu.Item
                key={s.id}
                disabled={s.id === deal.stageId}
                c={s.kind === 'won' ? 'teal' : s.kind === 'lost' ? 'red' : undefined}
                onClick={() => onMove(deal, s.id)}
              >
                {s.name}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
      <Group justify="space-between" wrap="nowrap" gap={6}>
        <Text size="xs" c="dimmed" truncate style={{ minWidth: 0 }}>
          {owner} · {t('board.daysInStage', { days })}
        </Text>
        <Text size="xs" c={touchDays === null || touchDays >= 14 ? 'orange.8' : 'dimmed'} style={{ flexShrink: 0 }}>
          {touchDays === null
            ? t('board.neverTouched')
            : touchDays < 1
              ? t('board.touchedToday')
              : t('board.touchDaysAgo', { count: touchDays })}
        </Text>
      </Group>
      <Text size="xs" truncate c={deal.nextStep ? undefined : 'dimmed'} fs={deal.nextStep ? undefined : 'italic'}>
        {deal.nextStep ? t('board.nextStep', { step: deal.nextStep }) : t('board.noNextStep')}
      </Text>
      <div style={{ marginTop: 'auto' }}>
        <HealthBadges findings={findings} />
      </div>
    </Paper>
  )
})

/** Customer names come from a context map so cards stay memoised. */
const CustomerNames = createContext<ReadonlyMap<string, string>>(new Map())
function useCustomerName(id: string): string {
  return useContext(CustomerNames).get(id) ?? '—'
}
