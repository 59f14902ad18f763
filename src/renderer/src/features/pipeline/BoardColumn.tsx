import { memo, useCallback, useRef } from 'react'
import { Paper, Text } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useTranslation } from 'react-i18next'
import { useDroppable } from '@dnd-kit/core'
import type { Deal, SalesProcess, Stage, User } from '@shared/model'
import type { HealthFinding } from '@shared/domain/deal-health'
import { useLocale } from '../../app/preferences'
import { formatMoney } from '../../ui/format'
import { DoorButton } from './DealsDrawer'
import { CardSlot } from './BoardCard'
import { CARD_H, COLUMN_W, GAP, laneHeight, type Column, type DropData, type Lane } from './board-layout'

/** One empty list for cards without findings, so their memo holds. */
const NO_FINDINGS: HealthFinding[] = []

/** Lane label, column header, borders and the gap below a lane: estimated, then measured. */
const LANE_CHROME = 92

/**
 * Swimlanes, virtualised: a lane per rep is sixty lanes of six columns in a big team; only the
 * lanes in view (plus one) are mounted, each measured once it renders.
 */
export function LaneList({
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
export function TerminalZone({ laneKey, stage }: { laneKey: string; stage: Stage }): React.ReactNode {
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
export const BoardColumn = memo(function BoardColumn(props: ColumnProps): React.ReactNode {
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

