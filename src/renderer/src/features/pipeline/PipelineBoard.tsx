import { createContext, memo, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react'
import { Group, Menu, NumberInput, Paper, Select, Switch, Text } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  pointerWithin,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter
} from '@dnd-kit/core'
import { IconArrowRight } from '@tabler/icons-react'
import type { Deal, SalesProcess, Stage, User } from '@shared/model'
import { HEALTH_FLAGS, stageGate, type HealthFinding, type HealthFlag } from '@shared/domain/deal-health'
import { weightedAmount } from '@shared/domain/forecast'
import { amountUnsetCount, byAmountDesc } from '@shared/domain/deal-amount'
import { isBigDeal } from '@shared/domain/cockpit-agenda'
import { inRange, periodOf } from '@shared/domain/analytics/periods'
import { daysInStage, daysSince, isOverdue } from '@shared/domain/days'
import { useWorkspaceData } from '../../app/workspace-data'
import { useMe } from '../../session/use-me'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { formatDay, formatMoney, formatMoneyExact } from '../../ui/format'
import { inOneCurrency } from '@shared/domain/currency'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { useTotalNote } from '../currency/MoneyTotal'
import { moveDealToStage } from '../../db/deals'
import { HealthBadges } from './HealthBadges'
import { StageGateModal, type PendingMove } from './StageGateModal'
import { DoorButton } from './DealsDrawer'
import { useHealthSettings, type PipelineData } from './use-pipeline-data'
import { ExportMenu } from '../export/ExportMenu'
import { boardExport } from './export-tables'
import './board.css'

const CARD_H = 118
const GAP = 6
const COLUMN_W = 272
const COLUMN_GAP = 8
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
  /** Deals in the column whose amount is not set: left out of both totals, and said so. */
  unset: number
  /** The currency the totals are in (the board's one currency, or the one they were converted into). */
  money: BoardMoney
}

/** How the board adds amounts: each deal's amount in one currency, and what the totals should say about it. */
interface BoardMoney {
  currency: string
  /** Undefined when the deal's amount is not set (left out of every total). */
  amountOf(d: Deal): number | undefined
  /** Set when amounts were converted with the rates in Settings or a rate was missing: the sentence to show. */
  note: string
}

interface Lane {
  key: string
  label: string
  columns: Column[]
  count: number
  total: number
  unset: number
  money: BoardMoney
}

type Lanes = 'none' | 'rep' | 'team'

/** What a drop zone carries: the stage a card dropped there moves to. */
interface DropData {
  stageId: string
}

/** Deals into stage columns with count, total and weighted total; deals of a vanished stage get their own column. */
function toColumns(process: SalesProcess, deals: readonly Deal[], order: (a: Deal, b: Deal) => number, money: BoardMoney): Column[] {
  const open = process.stages.filter((s) => s.kind === 'open')
  const byStage = new Map<string, Deal[]>(open.map((s) => [s.id, []]))
  const unknown: Deal[] = []
  for (const d of deals) (byStage.get(d.stageId) ?? unknown).push(d)
  const cols: Column[] = open.map((s) => ({ id: s.id, stage: s, deals: byStage.get(s.id)!, total: 0, weighted: 0, unset: 0, money }))
  if (unknown.length) cols.unshift({ id: UNKNOWN, stage: null, deals: unknown, total: 0, weighted: 0, unset: 0, money })
  for (const c of cols) {
    c.deals.sort(order)
    for (const d of c.deals) {
      const amount = money.amountOf(d)
      if (amount === undefined) {
        c.unset++
        continue
      }
      c.total += amount
      c.weighted += weightedAmount({ ...d, amount }, process)!
    }
  }
  return cols
}

/**
 * Collisions by the pointer (a card is dropped where the mouse is, not where its preview's
 * corner is); keyboard drags have no pointer and take the nearest zone to the preview.
 */
const collide: CollisionDetection = (args) => (args.pointerCoordinates ? pointerWithin(args) : closestCenter(args))

/** Keyboard drags jump a whole column left/right and a card up/down. */
const keyboardJump: KeyboardCoordinateGetter = (event, { currentCoordinates }) => {
  const dx = event.code === 'ArrowRight' ? COLUMN_W + COLUMN_GAP : event.code === 'ArrowLeft' ? -(COLUMN_W + COLUMN_GAP) : 0
  const dy = event.code === 'ArrowDown' ? CARD_H + GAP : event.code === 'ArrowUp' ? -(CARD_H + GAP) : 0
  if (!dx && !dy) return undefined
  event.preventDefault()
  return { x: currentCoordinates.x + dx, y: currentCoordinates.y + dy }
}

/** True while a card is being dragged: the cards' own arrow keys then belong to the drag. */
const dragging = { current: false }

/**
 * The stage board of one sales process: a column per open stage with count, total and
 * weighted total (each opens its deals); cards with health. Cards move by drag (@dnd-kit:
 * mouse, touch, or Space then arrows) or by keyboard: select a card, press M for "Move to…",
 * or Shift+←/→ for the previous / next stage. Forward moves pass the stage gate.
 */
export function PipelineBoard({
  data,
  onSubtitle
}: {
  data: PipelineData
  /** What the page header says about the board: the process and the deals the filters show. */
  onSubtitle?(subtitle: string | undefined): void
}): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { processes, processById, users, userById, orgUnitById, stageName } = useWorkspaceData()
  const { contains } = useScope()
  const me = useMe()
  const { locale, timeZone } = useLocale()
  const [processId, setProcessId] = useLocalStorage<string | null>({ key: 'pipeline.board.process', defaultValue: null })
  const [ownerId, setOwnerId] = useLocalStorage<string | null>({ key: 'pipeline.board.owner', defaultValue: null })
  const [minYuan, setMinYuan] = useLocalStorage<number | null>({ key: 'pipeline.board.min', defaultValue: null })
  const [close, setClose] = useLocalStorage<ClosePeriod>({ key: 'pipeline.board.close', defaultValue: 'all' })
  const [healthFilter, setHealthFilter] = useLocalStorage<HealthFlag | null>({ key: 'pipeline.board.health', defaultValue: null })
  const [bigOnly, setBigOnly] = useLocalStorage({ key: 'pipeline.board.big', defaultValue: false })
  const [sort, setSort] = useLocalStorage<SortKey>({ key: 'pipeline.board.sort', defaultValue: 'amount' })
  const [lanes, setLanes] = useLocalStorage<Lanes>({ key: 'pipeline.board.lanes', defaultValue: 'none' })
  const [pending, setPending] = useState<PendingMove | null>(null)
  const [activeDeal, setActiveDeal] = useState<Deal | null>(null)
  const [{ noTouchDays }] = useHealthSettings()

  const process = processById.get(processId ?? '') ?? processes[0]
  const { now, health } = data

  const filtered = useMemo<Deal[]>(() => {
    if (!process) return []
    const month = periodOf('month', now, timeZone)
    const quarter = periodOf('quarter', now, timeZone)
    const min = minYuan ? minYuan * 100 : 0
    return data.deals.filter(
      (d) =>
        !d.deleted &&
        d.status === 'open' &&
        d.processId === process.id &&
        // A minimum amount cannot say whether a deal without one passes: it is left out then.
        (min === 0 || (d.amount !== undefined && d.amount >= min)) &&
        (!ownerId || d.ownerId === ownerId) &&
        contains(d) &&
        // A deal without a close date closes in no period and is never overdue.
        (close !== 'month' || inRange(d.expectedCloseAt, month)) &&
        (close !== 'quarter' || inRange(d.expectedCloseAt, quarter)) &&
        (close !== 'overdue' || (d.expectedCloseAt !== undefined && isOverdue(d.expectedCloseAt, now, timeZone))) &&
        (!bigOnly || isBigDeal(d, processById)) &&
        (!healthFilter || (health.byDeal.get(d.id) ?? []).some((f) => f.flag === healthFilter))
    )
  }, [process, data.deals, contains, ownerId, minYuan, close, bigOnly, healthFilter, health, now, timeZone, processById])

  // Totals add like with like: the board's deals in one currency (converted with the rates in
  // Settings when they are in several, and then marked).
  const rates = useCurrencyRates()
  const totalNote = useTotalNote()
  const money = useMemo<BoardMoney>(() => {
    const one = inOneCurrency(filtered, rates)
    const byId = new Map(filtered.map((d, i) => [d.id, one.items[i]!.amount]))
    const note = one.converted.length || one.missing.length ? totalNote({ amount: 0, currency: one.currency, converted: one.converted, missing: one.missing }, rates) : ''
    return { currency: one.currency, amountOf: (d) => (byId.has(d.id) ? byId.get(d.id) : d.amount), note }
  }, [filtered, rates, totalNote])

  const board = useMemo<Lane[]>(() => {
    if (!process) return []
    const order =
      sort === 'amount'
        ? byAmountDesc
        : sort === 'days'
          ? (a: Deal, b: Deal) => a.stageEnteredAt - b.stageEnteredAt
          : // Deals without a close date sort last.
            (a: Deal, b: Deal) => (a.expectedCloseAt ?? Infinity) - (b.expectedCloseAt ?? Infinity) || (a.id < b.id ? -1 : 1)
    if (lanes === 'none')
      return [{ key: 'all', label: '', columns: toColumns(process, filtered, order, money), count: filtered.length, total: 0, unset: 0, money }]
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
        columns: toColumns(process, list, order, money),
        count: list.length,
        total: list.reduce((a, d) => a + (money.amountOf(d) ?? 0), 0),
        unset: amountUnsetCount(list),
        money
      }))
      .sort((a, b) => b.total - a.total)
  }, [process, filtered, sort, lanes, userById, orgUnitById, money])

  // The header counts exactly the cards on the board: this process, these filters, this scope.
  const filterCount =
    (ownerId ? 1 : 0) + (minYuan ? 1 : 0) + (close !== 'all' ? 1 : 0) + (healthFilter ? 1 : 0) + (bigOnly ? 1 : 0)
  const unsetOnBoard = amountUnsetCount(filtered)
  const shown = {
    process: process?.name ?? '',
    count: filtered.length,
    // In the board's one currency (the file's, or converted at the workspace's rates and marked).
    amount:
      formatMoney(
        filtered.reduce((a, d) => a + (money.amountOf(d) ?? 0), 0),
        money.currency,
        locale
      ) +
      (money.note ? '*' : '')
  }
  const leftOut = unsetOnBoard ? ` · ${t('dataset:amountsLeftOut', { count: unsetOnBoard })}` : ''
  const subtitle = !process
    ? undefined
    : (filterCount > 0 ? t('metrics:board.subtitleFiltered', shown) : t('metrics:board.subtitle', shown)) + leftOut
  useEffect(() => onSubtitle?.(subtitle), [subtitle, onSubtitle])

  const owners = useMemo(
    () =>
      users
        .filter((u) => u.role === 'rep' && contains({ ownerId: u.id, orgUnitId: u.orgUnitId }))
        .map((u) => ({ value: u.id, label: u.name })),
    [users, contains]
  )

  const exported = useMemo(
    () =>
      boardExport(
        board.map((l) => ({ columns: l.columns.map((c) => ({ id: c.id, name: c.stage?.name ?? t('board.unknownStage'), deals: c.deals })) })),
        { customers: data.customers, userById, orgUnitById, processById, stageName, health: { byDeal: health.byDeal, lastTouch: health.lastTouch, now } },
        t
      ),
    [board, data.customers, userById, orgUnitById, processById, stageName, health, now, t]
  )

  const requestMove = useCallback(
    (deal: Deal, toStageId: string) => {
      const p = processById.get(deal.processId)
      if (!p || toStageId === deal.stageId) return
      const gate = stageGate(p, deal.stageId, toStageId, deal.checkedCriteria)
      // The stage history names who moved the deal: the signed-in person, nobody else.
      if (!me) return
      if (gate.direction === 'back') {
        void moveDealToStage(deal.id, toStageId, { checked: [], userId: me.id })
        return
      }
      setPending({ deal, process: p, toStageId })
    },
    [processById, me]
  )

  // A small move (5 px) before a drag starts, so a click on the card's link or menu stays a click.
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, {
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
      coordinateGetter: keyboardJump
    })
  )
  const onDragStart = useCallback((e: DragStartEvent) => {
    dragging.current = true
    setActiveDeal((e.active.data.current as { deal: Deal } | undefined)?.deal ?? null)
  }, [])
  const onDragEnd = useCallback(
    (e: DragEndEvent) => {
      dragging.current = false
      setActiveDeal(null)
      const deal = (e.active.data.current as { deal: Deal } | undefined)?.deal
      const to = (e.over?.data.current as DropData | undefined)?.stageId
      if (deal && to) requestMove(deal, to)
    },
    [requestMove]
  )
  const onDragCancel = useCallback(() => {
    dragging.current = false
    setActiveDeal(null)
  }, [])
  const announcements = useMemo<Announcements>(() => {
    const dealName = (id: string | number): string => data.deals.find((d) => d.id === id)?.name ?? String(id)
    const zone = (over: { data: { current?: unknown } } | null): string => {
      const stageId = (over?.data.current as DropData | undefined)?.stageId
      return stageId && process ? stageName(process.id, stageId) : t('board.dragNowhere')
    }
    return {
      onDragStart: ({ active }) => t('board.dragPicked', { deal: dealName(active.id) }),
      onDragOver: ({ active, over }) => t('board.dragOver', { deal: dealName(active.id), stage: zone(over) }),
      onDragEnd: ({ active, over }) => t('board.dragDropped', { deal: dealName(active.id), stage: zone(over) }),
      onDragCancel: ({ active }) => t('board.dragCancelled', { deal: dealName(active.id) })
    }
  }, [data.deals, process, stageName, t])

  if (!process) return null
  const terminal = process.stages.filter((s) => s.kind !== 'open')
  const boardLabel = t('board.label', { process: process.name })
  const renderLane = (lane: Lane): React.ReactNode => (
    <div key={lane.key} style={{ paddingBottom: lanes === 'none' ? 0 : 12 }}>
      {lanes !== 'none' && (
        <Group gap="xs" mb={4} style={{ position: 'sticky', left: 0, width: 'fit-content' }}>
          <Text fw={600} size="sm">
            {lane.label}
          </Text>
          <Text size="xs" c="dimmed">
            <DoorButton title={`${lane.label} · ${t('door.count')}`} deals={() => lane.columns.flatMap((c) => c.deals)}>
              {t('board.count', { count: lane.count })} · {formatMoney(lane.total, lane.money.currency, locale)}
              {lane.money.note && <span title={lane.money.note}>*</span>}
              {lane.unset > 0 && ` (${t('dataset:amountsLeftOut', { count: lane.unset })})`}
            </DoorButton>
          </Text>
        </Group>
      )}
      <div style={{ display: 'flex', gap: COLUMN_GAP, alignItems: 'stretch' }}>
        {lane.columns.map((c) => (
          <BoardColumn
            key={c.id}
            laneKey={lane.key}
            laneLabel={lane.label}
            column={c}
            process={process}
            findings={health.byDeal}
            lastTouch={health.lastTouch}
            userById={userById}
            now={now}
            noTouchDays={noTouchDays}
            height={lanes === 'none' ? 'calc(100vh - 250px)' : laneHeight(lane)}
            onMove={requestMove}
          />
        ))}
        <div style={{ display: 'flex', flexDirection: 'column', gap: 8, width: 150, flex: '0 0 150px' }}>
          {terminal.map((s) => (
            <TerminalZone key={s.id} laneKey={lane.key} stage={s} />
          ))}
        </div>
      </div>
    </div>
  )

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
        <ExportMenu title={boardLabel} tables={exported.tables} parts={{ label: t('export:menu.oneColumn'), items: exported.parts }} />
      </Group>
      <DndContext
        sensors={sensors}
        collisionDetection={collide}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('board.dragInstructions') } }}
      >
        {lanes === 'none' ? (
          <div role="region" aria-label={boardLabel} style={{ overflowX: 'auto', paddingBottom: 4 }}>
            {board.map(renderLane)}
          </div>
        ) : (
          <LaneList label={boardLabel} lanes={board} renderLane={renderLane} />
        )}
        <DragOverlay dropAnimation={null}>{activeDeal ? <CardPreview deal={activeDeal} /> : null}</DragOverlay>
      </DndContext>
      <StageGateModal
        move={pending}
        userId={me?.id ?? ''}
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

/** Lane label, column header, borders and the gap below a lane: estimated, then measured. */
const LANE_CHROME = 92

/**
 * Swimlanes, virtualised: a lane per rep is sixty lanes of six columns in a big team; only the
 * lanes in view (plus one) are mounted, each measured once it renders.
 */
function LaneList({
  label,
  lanes,
  renderLane
}: {
  label: string
  lanes: Lane[]
  renderLane(lane: Lane): React.ReactNode
}): React.ReactNode {
  const ref = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: lanes.length,
    getScrollElement: () => ref.current,
    estimateSize: (i) => laneHeight(lanes[i]!) + LANE_CHROME,
    getItemKey: (i) => lanes[i]!.key,
    overscan: 1
  })
  return (
    <div
      ref={ref}
      role="region"
      aria-label={label}
      data-lanes={lanes.length}
      style={{ overflow: 'auto', height: 'calc(100vh - 250px)', paddingBottom: 4 }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: 'max-content' }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={row.key}
            data-index={row.index}
            ref={virtualizer.measureElement}
            style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}
          >
            {renderLane(lanes[row.index]!)}
          </div>
        ))}
      </div>
    </div>
  )
}

/** Won / lost: drop here to close (the gate asks for the reason). */
function TerminalZone({ laneKey, stage }: { laneKey: string; stage: Stage }): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { setNodeRef, isOver } = useDroppable({ id: `${laneKey}/${stage.id}`, data: { stageId: stage.id } satisfies DropData })
  const color = stage.kind === 'won' ? 'teal' : 'red'
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p="sm"
      radius="sm"
      data-stage-id={stage.id}
      data-over={isOver}
      aria-label={stage.name}
      style={{
        flex: 1,
        borderStyle: 'dashed',
        borderColor: isOver ? `var(--mantine-color-${color}-6)` : undefined,
        background: isOver ? `var(--mantine-color-${color}-light)` : undefined
      }}
    >
      <Text fw={600} size="sm" c={color}>
        {stage.name}
      </Text>
      <Text size="xs" c="dimmed">
        {t('board.closedColumn')}
      </Text>
    </Paper>
  )
}

interface ColumnProps {
  laneKey: string
  laneLabel: string
  column: Column
  process: SalesProcess
  findings: ReadonlyMap<string, HealthFinding[]>
  lastTouch: ReadonlyMap<string, number>
  userById: ReadonlyMap<string, User>
  now: number
  noTouchDays: number
  height: string | number
  onMove(deal: Deal, toStageId: string): void
}

/**
 * A stage column: the drop zone (its own hover state, so a drag re-renders only the two
 * columns it leaves and enters) around a memoised header and card list.
 */
const BoardColumn = memo(function BoardColumn(props: ColumnProps): React.ReactNode {
  const { laneKey, column } = props
  const { setNodeRef, isOver } = useDroppable({
    id: `${laneKey}/${column.id}`,
    data: { stageId: column.id } satisfies DropData,
    disabled: column.stage === null
  })
  return (
    <div
      ref={setNodeRef}
      data-stage-id={column.id}
      data-over={isOver}
      style={{
        width: COLUMN_W,
        flex: `0 0 ${COLUMN_W}px`,
        display: 'flex',
        flexDirection: 'column',
        border: `1px solid ${isOver ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'}`,
        borderRadius: 'var(--mantine-radius-sm)',
        background: isOver ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-default-hover)'
      }}
    >
      <ColumnBody {...props} />
    </div>
  )
})

const ColumnBody = memo(function ColumnBody({
  laneLabel,
  column,
  process,
  findings,
  lastTouch,
  userById,
  now,
  noTouchDays,
  height,
  onMove
}: ColumnProps): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { locale } = useLocale()
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: column.deals.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_H + GAP,
    overscan: 1,
    // A board's first paint has no measured viewport yet; assume the column fills the window.
    initialRect: { width: COLUMN_W, height: typeof height === 'number' ? height : Math.max(400, window.innerHeight - 250) }
  })
  const name = column.stage?.name ?? t('board.unknownStage')
  const title = (what: string): string => (laneLabel ? `${laneLabel} · ${name} · ${what}` : `${name} · ${what}`)

  // Stable, with the card's index passed in, so the memoised cards skip re-rendering when only
  // the column around them changes.
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
    <>
      <div
        style={{
          padding: '8px 10px',
          borderBottom: '1px solid var(--mantine-color-default-border)',
          fontSize: 'var(--mantine-font-size-xs)'
        }}
      >
        <div className="pb-row">
          <span className="pb-trunc" style={{ fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)' }}>
            {name}
          </span>
          <DoorButton title={title(t('door.count'))} deals={column.deals} className="pb-dim tabular">
            {t('board.count', { count: column.deals.length })}
          </DoorButton>
        </div>
        <div className="pb-row">
          <span className="pb-dim">
            {t('board.total')}{' '}
            <DoorButton title={title(t('board.total'))} deals={column.deals} className="tabular">
              <b style={{ color: 'var(--mantine-color-text)' }} title={column.money.note || undefined}>
                {formatMoney(column.total, column.money.currency, locale)}
                {column.money.note && '*'}
              </b>
            </DoorButton>
          </span>
          <span className="pb-dim">
            {t('board.weighted')} {column.stage ? `${column.stage.probability}% ` : ''}
            <DoorButton title={title(t('board.weighted'))} deals={column.deals} className="tabular">
              <b style={{ color: 'var(--mantine-color-text)' }} title={column.money.note || undefined}>
                {formatMoney(column.weighted, column.money.currency, locale)}
                {column.money.note && '*'}
              </b>
            </DoorButton>
          </span>
        </div>
        {column.unset > 0 && (
          <div className="pb-row">
            <span className="pb-dim pb-trunc" data-testid="column-amounts-left-out">
              {t('dataset:amountsLeftOut', { count: column.unset })}
            </span>
          </div>
        )}
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
                <CardSlot
                  deal={deal}
                  process={process}
                  findings={findings.get(deal.id) ?? NO_FINDINGS}
                  lastTouchAt={lastTouch.get(deal.id) ?? null}
                  owner={userById.get(deal.ownerId)?.name ?? '—'}
                  now={now}
                  noTouchDays={noTouchDays}
                  onMove={onMove}
                  index={row.index}
                  onFocusCard={focusCard}
                />
              </div>
            )
          })}
        </div>
      </div>
    </>
  )
})

interface CardProps {
  deal: Deal
  process: SalesProcess
  findings: HealthFinding[]
  lastTouchAt: number | null
  owner: string
  now: number
  /** Days without a touch at which the card's touch line turns orange (the stalled threshold). */
  noTouchDays: number
  onMove(deal: Deal, toStageId: string): void
  /** The card's place in its column; ↑/↓ focus the neighbour. */
  index: number
  onFocusCard(index: number): void
}

/**
 * The draggable shell: dnd-kit re-renders every draggable when the drop target changes, so the
 * hook lives here and the card inside stays memoised.
 */
function CardSlot(props: CardProps): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { deal } = props
  const { setNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: deal.id,
    data: { deal },
    attributes: { roleDescription: t('board.dragRole') }
  })
  return <DealCard {...props} dragRef={setNodeRef} listeners={listeners} attributes={attributes} isDragging={isDragging} />
}

type DragProps = Pick<ReturnType<typeof useDraggable>, 'listeners' | 'attributes'> & {
  dragRef(el: HTMLElement | null): void
  isDragging: boolean
}

const DealCard = memo(function DealCard({
  deal,
  process,
  findings,
  lastTouchAt,
  owner,
  now,
  noTouchDays,
  onMove,
  index,
  onFocusCard,
  dragRef,
  listeners,
  attributes,
  isDragging
}: CardProps & DragProps): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { t: td } = useTranslation('dataset')
  const { locale, timeZone } = useLocale()
  const navigate = useNavigate()
  const [menuOpen, setMenuOpen] = useState(false)
  const customers = useCustomerName(deal.customerId)
  const days = daysInStage(deal, now, timeZone)
  const touchDays = lastTouchAt === null ? null : daysSince(lastTouchAt, now, timeZone)

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>): void {
    if (e.target !== e.currentTarget || dragging.current) {
      listeners?.onKeyDown?.(e)
      return
    }
    if (e.key === 'm' || e.key === 'M') {
      e.preventDefault()
      setMenuOpen(true)
    } else if (e.key === 'Enter') {
      navigate(`/deals/${deal.id}`)
    } else if (e.shiftKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
      e.preventDefault()
      const idx = process.stages.findIndex((s) => s.id === deal.stageId)
      const next = process.stages[idx + (e.key === 'ArrowRight' ? 1 : -1)]
      if (next && next.kind === 'open') onMove(deal, next.id)
    } else if (e.key === 'ArrowDown' || e.key === 'j') {
      e.preventDefault()
      onFocusCard(index + 1)
    } else if (e.key === 'ArrowUp' || e.key === 'k') {
      e.preventDefault()
      onFocusCard(index - 1)
    } else listeners?.onKeyDown?.(e)
  }

  return (
    <div
      ref={dragRef}
      {...attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      data-deal-id={deal.id}
      data-dragging={isDragging}
      aria-label={`${customers} · ${deal.name}`}
      className="pb-card"
    >
      <div className="pb-row">
        <span className="pb-trunc pb-customer">{customers}</span>
        {deal.amount === undefined ? (
          <span className="pb-dim" data-amount-not-set="">
            {t('dataset:amountNotSet')}
          </span>
        ) : (
          <span className="pb-amount tabular" title={formatMoneyExact(deal.amount, deal.currency, locale)}>
            {formatMoney(deal.amount, deal.currency, locale)}
          </span>
        )}
      </div>
      <div className="pb-row">
        <Link to={`/deals/${deal.id}`} className="pb-trunc pb-link" draggable={false}>
          {deal.name}
        </Link>
        <button
          type="button"
          className="pb-move"
          aria-label={t('board.moveTo')}
          title={t('board.moveTo')}
          tabIndex={-1}
          onClick={() => setMenuOpen(true)}
        >
          <IconArrowRight size={14} />
          {menuOpen && <MoveMenu deal={deal} process={process} onMove={onMove} onClose={() => setMenuOpen(false)} />}
        </button>
      </div>
      <div className="pb-row pb-dim">
        <span className="pb-trunc">
          {owner} · {t('board.daysInStage', { days })}
        </span>
        <span className={touchDays === null || touchDays >= noTouchDays ? 'pb-warn' : undefined} style={{ flexShrink: 0 }}>
          {touchDays === null
            ? t('board.neverTouched')
            : touchDays < 1
              ? t('board.touchedToday')
              : t('board.touchDaysAgo', { count: touchDays })}
        </span>
      </div>
      <div className={deal.nextStep ? 'pb-trunc' : 'pb-trunc pb-dim pb-italic'}>
        {deal.nextStep ? t('board.nextStep', { step: deal.nextStep }) : t('board.noNextStep')}
      </div>
      <div className="pb-badges pb-row">
        <HealthBadges findings={findings} />
        {/* A CRM export often has no close date for early deals: say so rather than invent one. */}
        <span className={deal.expectedCloseAt === undefined ? 'pb-dim pb-italic' : 'pb-dim'} style={{ flexShrink: 0 }}>
          {deal.expectedCloseAt === undefined ? td('cardCloseNotSet') : td('cardCloses', { date: formatDay(deal.expectedCloseAt, locale, timeZone) })}
        </span>
      </div>
    </div>
  )
})

/**
 * "Move to…", mounted only while open (a Menu per card was most of a card's cost), anchored on a
 * stand-in over the card's arrow button.
 */
function MoveMenu({
  deal,
  process,
  onMove,
  onClose
}: {
  deal: Deal
  process: SalesProcess
  onMove(deal: Deal, toStageId: string): void
  onClose(): void
}): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const stages = [...process.stages.filter((s) => s.kind === 'open'), ...process.stages.filter((s) => s.kind !== 'open')]
  return (
    <Menu
      opened
      onChange={(o) => !o && onClose()}
      position="bottom-end"
      withinPortal
      // Mounted by the M keydown itself: Menu's default "keydown outside closes" would catch that
      // very keydown on its way to the document and close the menu at once.
      clickOutsideEvents={CLOSE_MENU_ON}
      hideDetached={false}
    >
      <Menu.Target>
        <span className="pb-anchor" />
      </Menu.Target>
      <Menu.Dropdown onClick={(e) => e.stopPropagation()} onPointerDown={(e) => e.stopPropagation()}>
        <Menu.Label>{t('board.moveTo')}</Menu.Label>
        {stages.map((s) => (
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
  )
}

const CLOSE_MENU_ON = ['mousedown', 'touchstart']

/** What follows the pointer while a card is dragged. */
function CardPreview({ deal }: { deal: Deal }): React.ReactNode {
  const { locale } = useLocale()
  const { t } = useTranslation('dataset')
  const customer = useCustomerName(deal.customerId)
  return (
    <div className="pb-overlay">
      <div className="pb-row">
        <span className="pb-trunc" style={{ fontWeight: 600 }}>
          {customer}
        </span>
        <span className="tabular" style={{ fontWeight: 700 }}>
          {deal.amount === undefined ? t('dataset:amountNotSet') : formatMoney(deal.amount, deal.currency, locale)}
        </span>
      </div>
      <div className="pb-trunc pb-dim">{deal.name}</div>
    </div>
  )
}

/** Customer names come from a context map so cards stay memoised. */
const CustomerNames = createContext<ReadonlyMap<string, string>>(new Map())
function useCustomerName(id: string | undefined): string {
  const names = useContext(CustomerNames)
  const { t } = useTranslation()
  // A deal imported without an account says so, rather than a dash that reads like a missing name.
  if (id === undefined) return t('dataset:noCustomer')
  return names.get(id) ?? '—'
}
