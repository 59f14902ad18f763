import { useCallback, useEffect, useMemo, useState } from 'react'
import { useLocalStorage } from '@mantine/hooks'
import { useTranslation } from 'react-i18next'
import type { Deal } from '@shared/model'
import { stageGate, type HealthFlag } from '@shared/domain/deal-health'
import { amountUnsetCount } from '@shared/domain/deal-amount'
import { activeBoardFilters, boardDeals, boardLanes, type BoardClose, type BoardLanes, type BoardSort } from '@shared/domain/pipeline-board'
import { inOneCurrency } from '@shared/domain/currency'
import { useWorkspaceData } from '../../app/workspace-data'
import { useMe } from '../../session/use-me'
import { useScope } from '../../app/scope'
import { useLocale } from '../../app/preferences'
import { formatMoney } from '../../ui/format'
import { useCurrencyRates } from '../currency/use-currency-rates'
import { useTotalNote } from '../currency/MoneyTotal'
import { moveDealToStage } from '../../db/deals'
import type { PendingMove } from './StageGateModal'
import type { PipelineData } from './use-pipeline-data'
import { boardExport } from './export-tables'
import type { BoardMoney, Lane } from './board-layout'

/**
 * The board's state: the filters (kept per user in local storage), the deals they keep, the
 * lanes and columns with their totals in one currency, the header's subtitle, and a move
 * request that goes through the stage gate when it goes forward.
 */
export function usePipelineBoard(data: PipelineData, onSubtitle?: (subtitle: string | undefined) => void) {
  const { t } = useTranslation('pipeline')
  const { processes, processById, users, userById, orgUnitById, stageName } = useWorkspaceData()
  const { contains } = useScope()
  const me = useMe()
  const { locale, timeZone } = useLocale()
  const [processId, setProcessId] = useLocalStorage<string | null>({ key: 'pipeline.board.process', defaultValue: null })
  const [ownerId, setOwnerId] = useLocalStorage<string | null>({ key: 'pipeline.board.owner', defaultValue: null })
  const [minYuan, setMinYuan] = useLocalStorage<number | null>({ key: 'pipeline.board.min', defaultValue: null })
  const [close, setClose] = useLocalStorage<BoardClose>({ key: 'pipeline.board.close', defaultValue: 'all' })
  const [healthFilter, setHealthFilter] = useLocalStorage<HealthFlag | null>({ key: 'pipeline.board.health', defaultValue: null })
  const [bigOnly, setBigOnly] = useLocalStorage({ key: 'pipeline.board.big', defaultValue: false })
  const [sort, setSort] = useLocalStorage<BoardSort>({ key: 'pipeline.board.sort', defaultValue: 'amount' })
  const [lanes, setLanes] = useLocalStorage<BoardLanes>({ key: 'pipeline.board.lanes', defaultValue: 'none' })
  const [pending, setPending] = useState<PendingMove | null>(null)

  const process = processById.get(processId ?? '') ?? processes[0]
  const { now, health } = data

  const filtered = useMemo<Deal[]>(
    () =>
      process
        ? boardDeals(
            data.deals,
            { processId: process.id, ownerId, minYuan, close, health: healthFilter, bigOnly },
            { now, timeZone, contains, processById, findingsByDeal: health.byDeal }
          )
        : [],
    [process, data.deals, contains, ownerId, minYuan, close, bigOnly, healthFilter, health, now, timeZone, processById]
  )

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

  const board = useMemo<Lane[]>(
    () =>
      process
        ? boardLanes(process, filtered, {
            sort,
            lanes,
            money,
            label: (key) => (lanes === 'rep' ? userById.get(key)?.name : orgUnitById.get(key)?.name) ?? '—'
          })
        : [],
    [process, filtered, sort, lanes, userById, orgUnitById, money]
  )

  // The header counts exactly the cards on the board: this process, these filters, this scope.
  const filterCount = activeBoardFilters({ ownerId, minYuan, close, health: healthFilter, bigOnly })
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

  return {
    process,
    processes,
    board,
    owners,
    exported,
    requestMove,
    pending,
    closeGate: () => setPending(null),
    me,
    filters: {
      setProcessId,
      ownerId,
      setOwnerId,
      minYuan,
      setMinYuan,
      close,
      setClose,
      healthFilter,
      setHealthFilter,
      bigOnly,
      setBigOnly,
      sort,
      setSort,
      lanes,
      setLanes
    }
  }
}

export type BoardFilterState = ReturnType<typeof usePipelineBoard>['filters']
