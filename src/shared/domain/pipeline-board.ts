import type { Deal, SalesProcess, Stage } from '../model'
import type { HealthFinding, HealthFlag } from './deal-health'
import { weightedAmount } from './forecast'
import { amountUnsetCount, byAmountDesc } from './deal-amount'
import { isBigDeal } from './cockpit-agenda'
import { inRange, periodOf } from './analytics/periods'
import { isOverdue } from './days'

/**
 * The stage board's rules: which open deals its filters keep, how a column orders its cards,
 * and what each column and swimlane adds up to. The board component only draws the result.
 */
export type BoardClose = 'all' | 'month' | 'quarter' | 'overdue'
export type BoardSort = 'amount' | 'days' | 'close'
export type BoardLanes = 'none' | 'rep' | 'team'

/** The column id of deals whose stage is no longer in the process (a stage deleted or renamed away). */
export const UNKNOWN_STAGE = '__unknown__'

export interface BoardFilters {
  processId: string
  ownerId: string | null
  /** Minimum amount in yuan as typed (null or 0: no minimum). */
  minYuan: number | null
  close: BoardClose
  health: HealthFlag | null
  bigOnly: boolean
}

export interface BoardFilterContext {
  now: number
  timeZone: string
  /** The chosen scope (team, rep or everything). */
  contains(deal: Deal): boolean
  processById: ReadonlyMap<string, SalesProcess>
  findingsByDeal: ReadonlyMap<string, readonly HealthFinding[]>
}

/** The open deals of the process that pass every filter, in the scope. */
export function boardDeals(deals: readonly Deal[], f: BoardFilters, ctx: BoardFilterContext): Deal[] {
  const month = periodOf('month', ctx.now, ctx.timeZone)
  const quarter = periodOf('quarter', ctx.now, ctx.timeZone)
  const min = f.minYuan ? f.minYuan * 100 : 0
  return deals.filter(
    (d) =>
      !d.deleted &&
      d.status === 'open' &&
      d.processId === f.processId &&
      // A minimum amount cannot say whether a deal without one passes: it is left out then.
      (min === 0 || (d.amount !== undefined && d.amount >= min)) &&
      (!f.ownerId || d.ownerId === f.ownerId) &&
      ctx.contains(d) &&
      // A deal without a close date closes in no period and is never overdue.
      (f.close !== 'month' || inRange(d.expectedCloseAt, month)) &&
      (f.close !== 'quarter' || inRange(d.expectedCloseAt, quarter)) &&
      (f.close !== 'overdue' || (d.expectedCloseAt !== undefined && isOverdue(d.expectedCloseAt, ctx.now, ctx.timeZone))) &&
      (!f.bigOnly || isBigDeal(d, ctx.processById)) &&
      (!f.health || (ctx.findingsByDeal.get(d.id) ?? []).some((x) => x.flag === f.health))
  )
}

/** How many filters narrow the board (the process is not a filter: the board always shows one). */
export function activeBoardFilters(f: Omit<BoardFilters, 'processId'>): number {
  return (f.ownerId ? 1 : 0) + (f.minYuan ? 1 : 0) + (f.close !== 'all' ? 1 : 0) + (f.health ? 1 : 0) + (f.bigOnly ? 1 : 0)
}

/** A column's card order: largest first, longest in stage first, or soonest close first (no close date last). */
export function boardOrder(sort: BoardSort): (a: Deal, b: Deal) => number {
  if (sort === 'amount') return byAmountDesc
  if (sort === 'days') return (a, b) => a.stageEnteredAt - b.stageEnteredAt
  return (a, b) => (a.expectedCloseAt ?? Infinity) - (b.expectedCloseAt ?? Infinity) || (a.id < b.id ? -1 : 1)
}

/** Each deal's amount in the board's one currency; undefined when the amount is not set (left out of every total). */
export type AmountOf = (d: Deal) => number | undefined

export interface BoardColumn<M> {
  id: string
  stage: Stage | null
  deals: Deal[]
  total: number
  weighted: number
  /** Deals in the column whose amount is not set: left out of both totals, and said so. */
  unset: number
  money: M
}

export interface BoardLane<M> {
  key: string
  label: string
  columns: BoardColumn<M>[]
  count: number
  total: number
  unset: number
  money: M
}

/** Deals into stage columns with count, total and weighted total; deals of a vanished stage get their own column first. */
export function boardColumns<M extends { amountOf: AmountOf }>(
  process: SalesProcess,
  deals: readonly Deal[],
  order: (a: Deal, b: Deal) => number,
  money: M
): BoardColumn<M>[] {
  const open = process.stages.filter((s) => s.kind === 'open')
  const byStage = new Map<string, Deal[]>(open.map((s) => [s.id, []]))
  const unknown: Deal[] = []
  for (const d of deals) (byStage.get(d.stageId) ?? unknown).push(d)
  const cols: BoardColumn<M>[] = open.map((s) => ({ id: s.id, stage: s, deals: byStage.get(s.id)!, total: 0, weighted: 0, unset: 0, money }))
  if (unknown.length) cols.unshift({ id: UNKNOWN_STAGE, stage: null, deals: unknown, total: 0, weighted: 0, unset: 0, money })
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
 * The board as lanes: one lane of every deal, or a swimlane per rep or per team, the largest
 * total first. `label` names a lane's rep or team.
 */
export function boardLanes<M extends { amountOf: AmountOf }>(
  process: SalesProcess,
  deals: readonly Deal[],
  opts: { sort: BoardSort; lanes: BoardLanes; money: M; label(key: string): string }
): BoardLane<M>[] {
  const { lanes, money } = opts
  const order = boardOrder(opts.sort)
  if (lanes === 'none') return [{ key: 'all', label: '', columns: boardColumns(process, deals, order, money), count: deals.length, total: 0, unset: 0, money }]
  const groups = new Map<string, Deal[]>()
  for (const d of deals) {
    const key = lanes === 'rep' ? d.ownerId : d.orgUnitId
    const list = groups.get(key)
    if (list) list.push(d)
    else groups.set(key, [d])
  }
  return [...groups.entries()]
    .map(([key, list]) => ({
      key,
      label: opts.label(key),
      columns: boardColumns(process, list, order, money),
      count: list.length,
      total: list.reduce((a, d) => a + (money.amountOf(d) ?? 0), 0),
      unset: amountUnsetCount(list),
      money
    }))
    .sort((a, b) => b.total - a.total)
}
