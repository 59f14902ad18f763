import { useCallback, useMemo, useState } from 'react'
import { Group, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent
} from '@dnd-kit/core'
import type { Deal } from '@shared/model'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { formatMoney } from '../../ui/format'
import { StageGateModal } from './StageGateModal'
import { DoorButton } from './DealsDrawer'
import { useHealthSettings, type PipelineData } from './use-pipeline-data'
import { usePipelineBoard } from './use-pipeline-board'
import { BoardToolbar } from './BoardToolbar'
import { BoardColumn, LaneList, TerminalZone } from './BoardColumn'
import { CardPreview, CustomerNames } from './BoardCard'
import { COLUMN_GAP, collide, dragging, keyboardJump, laneHeight, type DropData, type Lane } from './board-layout'
import './board.css'

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
  const { userById, stageName } = useWorkspaceData()
  const { locale } = useLocale()
  const [activeDeal, setActiveDeal] = useState<Deal | null>(null)
  const [{ noTouchDays }] = useHealthSettings()
  const { process, processes, board, owners, exported, requestMove, pending, closeGate, me, filters } = usePipelineBoard(data, onSubtitle)
  const { lanes } = filters
  const { now, health } = data

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
      <BoardToolbar process={process} processes={processes} owners={owners} filters={filters} boardLabel={boardLabel} exported={exported} />
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
      <StageGateModal move={pending} userId={me?.id ?? ''} onClose={closeGate} />
    </CustomerNames.Provider>
  )
}
