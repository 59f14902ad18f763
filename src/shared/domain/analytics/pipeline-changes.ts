import type { Activity, Deal, DealStatus, SalesProcess, StageHistory } from '../../model'
import { convertMinor, type CurrencyRates } from '../currency'
import { closedAtOf } from './facts'
import type { Range } from './periods'

/**
 * What changed in the pipeline between two moments (two forecast snapshots, or Monday and now):
 * Salesforce's Pipeline Inspection, for the period's open pipeline. A snapshot stores totals,
 * not deals, so each deal's state at a moment is replayed from its own history — stage moves,
 * amount changes and close-date changes (their `from` is the value before). A deal with no
 * recorded change is taken as it is now.
 *
 * The pipeline at a moment: deals created by then, still open then, expected (then) to close in
 * the period. Every deal in either pipeline lands on exactly one line, and the lines reconcile:
 *
 *   start + added + pulled in + amount up − amount down − won − lost − pushed out = end
 *
 * A deal that left (won, lost, pushed out) leaves at the amount it had when it left; what it
 * gained or lost before that is on the amount lines. Amounts in the workspace currency.
 */
export interface AmountChange {
  at: number
  from: number
  to: number
}

export interface ChangeLogs {
  amount: Map<string, AmountChange[]>
  closeDate: Map<string, AmountChange[]>
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) ? n : undefined
}

/** Amount and close-date changes per deal, in time order. Changes whose old or new value is not a number are ignored. */
export function changeLogs(activities: Iterable<Activity>): ChangeLogs {
  const amount = new Map<string, AmountChange[]>()
  const closeDate = new Map<string, AmountChange[]>()
  for (const a of activities) {
    if (!a.dealId || (a.kind !== 'amount_change' && a.kind !== 'close_date_change')) continue
    const from = num(a.from)
    const to = num(a.to)
    if (from === undefined || to === undefined) continue
    const map = a.kind === 'amount_change' ? amount : closeDate
    const list = map.get(a.dealId)
    if (list) list.push({ at: a.at, from, to })
    else map.set(a.dealId, [{ at: a.at, from, to }])
  }
  for (const m of [amount, closeDate]) for (const list of m.values()) list.sort((x, y) => x.at - y.at)
  return { amount, closeDate }
}

export interface DealState {
  status: DealStatus
  amount: number
  /** Absent for a deal imported without a close date. */
  expectedCloseAt: number | undefined
  stageId: string
}

/** The value at `at` of a field with a change log: the `from` of the first change after `at`, else the value now. */
function valueAt(now: number, log: readonly AmountChange[] | undefined, at: number): number {
  if (!log) return now
  for (const c of log) if (c.at > at) return c.from
  return now
}

/** A deal as it stood at `at`; null before it was created. */
export function dealStateAt(deal: Deal, moves: readonly StageHistory[] | undefined, logs: ChangeLogs, at: number): DealState | null {
  if (deal.createdAt > at) return null
  const closed = closedAtOf(deal)
  const status: DealStatus = closed !== undefined && closed <= at ? deal.status : 'open'
  let stageId = deal.stageId
  if (moves && moves.length) {
    let found: string | null = null
    for (const m of moves) if (m.at <= at) found = m.toStageId
    stageId = found ?? moves[0]!.fromStageId ?? moves[0]!.toStageId
  }
  return {
    status,
    // No amount set moves no money on the bridge (it is counted as a deal, not as 0 elsewhere).
    amount: valueAt(deal.amount ?? 0, logs.amount.get(deal.id), at),
    expectedCloseAt: deal.expectedCloseAt === undefined ? undefined : valueAt(deal.expectedCloseAt, logs.closeDate.get(deal.id), at),
    stageId
  }
}

export type ChangeLine = 'added' | 'pulledIn' | 'amountUp' | 'amountDown' | 'won' | 'lost' | 'pushedOut'
export const CHANGE_LINES: readonly ChangeLine[] = ['added', 'pulledIn', 'amountUp', 'amountDown', 'won', 'lost', 'pushedOut']
/** How each line enters the reconciliation. */
export const LINE_SIGN: Record<ChangeLine, 1 | -1> = { added: 1, pulledIn: 1, amountUp: 1, amountDown: -1, won: -1, lost: -1, pushedOut: -1 }

export interface DealChange {
  deal: Deal
  /** The amount on this line (positive; the sign is the line's). */
  amount: number
  start: DealState | null
  end: DealState | null
}

export interface PipelineTotal {
  deals: DealChange[]
  amount: number
}

export interface PipelineChanges {
  start: PipelineTotal
  end: PipelineTotal
  lines: Record<ChangeLine, PipelineTotal>
  /** Deals in both pipelines now at an earlier stage of their process than at the start. */
  movedBack: DealChange[]
  /** Deals won between the two moments that were not in the starting pipeline (closed early, or created and won). */
  alsoWon: DealChange[]
  /** Currencies without a rate: their deals are left out, and the view says which rate is missing. */
  missing: string[]
}

function inPipeline(s: DealState | null, period: Range): boolean {
  return s !== null && s.status === 'open' && s.expectedCloseAt !== undefined && s.expectedCloseAt >= period.start && s.expectedCloseAt < period.end
}

export function pipelineChanges(input: {
  deals: readonly Deal[]
  historyByDeal: ReadonlyMap<string, readonly StageHistory[]>
  logs: ChangeLogs
  processes: ReadonlyMap<string, SalesProcess>
  /** The forecast period whose pipeline is compared. */
  period: Range
  from: number
  to: number
  include?: (d: Deal) => boolean
  rates: CurrencyRates
}): PipelineChanges {
  const empty = (): PipelineTotal => ({ deals: [], amount: 0 })
  const out: PipelineChanges = {
    start: empty(),
    end: empty(),
    lines: Object.fromEntries(CHANGE_LINES.map((l) => [l, empty()])) as Record<ChangeLine, PipelineTotal>,
    movedBack: [],
    alsoWon: [],
    missing: []
  }
  const missing = new Set<string>()
  const put = (t: PipelineTotal, c: DealChange): void => {
    t.deals.push(c)
    t.amount += c.amount
  }
  const stageIndex = (d: Deal, stageId: string): number => input.processes.get(d.processId)?.stages.findIndex((s) => s.id === stageId) ?? -1

  for (const deal of input.deals) {
    if (deal.deleted || (input.include && !input.include(deal))) continue
    const moves = input.historyByDeal.get(deal.id)
    const s0 = dealStateAt(deal, moves, input.logs, input.from)
    const s1 = dealStateAt(deal, moves, input.logs, input.to)
    const inStart = inPipeline(s0, input.period)
    const inEnd = inPipeline(s1, input.period)
    const closedBetween = s1 !== null && s1.status === 'won' && (s0 === null || s0.status === 'open')
    if (!inStart && !inEnd) {
      if (closedBetween) {
        const a = convertMinor(s1.amount, deal.currency, input.rates.base, input.rates)
        if (a !== undefined) out.alsoWon.push({ deal, amount: a, start: s0, end: s1 })
      }
      continue
    }
    const a0 = s0 ? convertMinor(s0.amount, deal.currency, input.rates.base, input.rates) : 0
    const a1 = s1 ? convertMinor(s1.amount, deal.currency, input.rates.base, input.rates) : 0
    if (a0 === undefined || a1 === undefined) {
      missing.add(deal.currency)
      continue
    }
    const change = (amount: number): DealChange => ({ deal, amount, start: s0, end: s1 })
    if (inStart) put(out.start, change(a0))
    if (inEnd) put(out.end, change(a1))
    if (inStart && inEnd) {
      if (a1 > a0) put(out.lines.amountUp, change(a1 - a0))
      else if (a1 < a0) put(out.lines.amountDown, change(a0 - a1))
      if (stageIndex(deal, s1!.stageId) < stageIndex(deal, s0!.stageId)) out.movedBack.push(change(a1))
      continue
    }
    if (inEnd) {
      put(deal.createdAt > input.from ? out.lines.added : out.lines.pulledIn, change(a1))
      continue
    }
    // Left the pipeline: at the amount it had at the end (closed deals keep their closing amount).
    if (a1 > a0) put(out.lines.amountUp, change(a1 - a0))
    else if (a1 < a0) put(out.lines.amountDown, change(a0 - a1))
    const line: ChangeLine = s1!.status === 'won' ? 'won' : s1!.status === 'lost' ? 'lost' : 'pushedOut'
    put(out.lines[line], change(a1))
  }
  out.missing = [...missing].sort()
  return out
}

/** start + Σ signed lines: equals `end.amount` (the reconciliation the view shows and the tests prove). */
export function reconciled(c: PipelineChanges): number {
  return CHANGE_LINES.reduce((s, l) => s + LINE_SIGN[l] * c.lines[l].amount, c.start.amount)
}
