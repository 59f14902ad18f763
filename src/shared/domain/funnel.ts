import type { Deal, SalesProcess, Stage, StageHistory } from '../model'
import { DAY_MS } from './calendar'

/**
 * How far along its process each deal got — the one rule behind the funnel's reach, the
 * conversions, the win rate and the calibration sample, so every closed deal counts once in
 * all of them, whether it came with a stage history or not (a CRM export has none):
 * - a won deal reached every open stage of its process;
 * - otherwise the furthest open stage its history names (moved into or out of) or it sits
 *   in now (`deal.stageId`: an import sets a lost deal's stage to the one it was lost from);
 * - a lost deal that names no open stage at all (lost on the board with no history kept, or an
 *   export that does not say) reached the process's first stage: it was a deal, and it was lost.
 * Before this rule a lost deal without history counted nowhere, so an imported workspace read
 * "first stage to won: 100%" and calibration suggested 100% for every stage.
 */
export interface StageReach {
  /** The process's open stages, in order. */
  open: Stage[]
  /** Index of the furthest open stage the deal reached; -1 when none (an open deal in a stage the process no longer has). */
  furthest(deal: Pick<Deal, 'status' | 'stageId'>, history: readonly StageHistory[]): number
}

export function stageReach(process: SalesProcess): StageReach {
  const open = process.stages.filter((s) => s.kind === 'open')
  const index = new Map(open.map((s, i) => [s.id, i]))
  const at = (id: string | null): number => (id === null ? -1 : (index.get(id) ?? -1))
  return {
    open,
    furthest(deal, history) {
      if (deal.status === 'won') return open.length - 1
      let furthest = at(deal.stageId)
      for (const h of history) furthest = Math.max(furthest, at(h.toStageId), at(h.fromStageId))
      return deal.status === 'lost' ? Math.max(0, furthest) : furthest
    }
  }
}

/**
 * The funnel (销售漏斗) of one process: how many deals reach each stage, stage-to-stage
 * conversion, days per stage, and the shape diagnosis — a funnel "pregnant" at one stage shows
 * where deals pile up, and that stage's steps and methods are the skill to coach.
 */
export interface FunnelStage {
  stageId: string
  name: string
  /** Deals that ever reached this stage (or a later one). */
  reached: number
  /** reached(next) / reached(this); null for the last open stage or when none reached it. */
  conversion: number | null
  /** Open deals in the stage now, and their amount. */
  open: number
  openAmount: number
  /** Open deals here whose amount is not set: counted in `open`, left out of `openAmount`. */
  openAmountUnset: number
  /** Days per completed stay in the stage. */
  avgDays: number | null
  medianDays: number | null
  stays: number
  expectedDays: number
  /** Open deals here relative to what the process's expected durations predict (1 = as expected). */
  pileUp: number | null
}

export interface FunnelDiagnosis {
  /** The stage where deals pile up most beyond the expected shape; null when the shape is sound. */
  bulge: { stageId: string; name: string; ratio: number; steps: string[]; methods: string[] } | null
  /** The weakest stage-to-stage conversion, for the "leaky" reading. */
  leak: { stageId: string; name: string; conversion: number } | null
}

/** Which deals the funnel is computed from, so the page can show its sample and rule. */
export interface FunnelSample {
  /** Deals of the process counted (every open, won and lost one in scope, not deleted). */
  deals: number
  open: number
  won: number
  lost: number
  /** Closed deals without a stage history, placed by the rule in `stageReach`. */
  wonWithoutHistory: number
  lostWithoutHistory: number
  /** Open deals in a stage the process no longer has: in no stage's reach. */
  outside: number
}

export interface Funnel {
  stages: FunnelStage[]
  /**
   * Win rate: won / (won + lost) over the process's closed deals — every one reached the first
   * stage, so this is also "first stage to won" and equals calibration's first-stage rate.
   * Open deals are left out: they are not decided yet. Null without closed deals.
   */
  wonConversion: number | null
  sample: FunnelSample
  diagnosis: FunnelDiagnosis
}

/** A pile-up at or above this ratio of the expected share is called a bulge. */
export const BULGE_RATIO = 1.4
/** Below this many open deals the shape says nothing. */
export const MIN_OPEN_FOR_SHAPE = 10

export function funnel(
  process: SalesProcess,
  deals: readonly Deal[],
  historyByDeal: ReadonlyMap<string, readonly StageHistory[]>
): Funnel {
  const reach = stageReach(process)
  const open = reach.open
  const openIdx = new Map(open.map((s, i) => [s.id, i]))
  const reached = new Array<number>(open.length).fill(0)
  const openCount = new Array<number>(open.length).fill(0)
  const openAmount = new Array<number>(open.length).fill(0)
  const openAmountUnset = new Array<number>(open.length).fill(0)
  const stays: number[][] = open.map(() => [])
  const sample: FunnelSample = { deals: 0, open: 0, won: 0, lost: 0, wonWithoutHistory: 0, lostWithoutHistory: 0, outside: 0 }
  for (const d of deals) {
    if (d.deleted || d.processId !== process.id) continue
    sample.deals++
    const rows = historyByDeal.get(d.id) ?? []
    const furthest = reach.furthest(d, rows)
    if (d.status === 'won') {
      sample.won++
      if (rows.length === 0) sample.wonWithoutHistory++
    } else if (d.status === 'lost') {
      sample.lost++
      if (rows.length === 0) sample.lostWithoutHistory++
    } else {
      sample.open++
      if (furthest < 0) sample.outside++
    }
    for (let i = 0; i <= furthest; i++) reached[i]!++
    if (d.status === 'open') {
      const i = openIdx.get(d.stageId)
      if (i !== undefined) {
        openCount[i]!++
        // A deal without an amount is counted, its money left out (not read as 0 by anything else).
        if (d.amount !== undefined) openAmount[i]! += d.amount
        else openAmountUnset[i]!++
      }
    }
    for (let i = 0; i + 1 < rows.length; i++) {
      const k = openIdx.get(rows[i]!.toStageId)
      if (k !== undefined) stays[k]!.push((rows[i + 1]!.at - rows[i]!.at) / DAY_MS)
    }
  }
  // Little's law: deals in a stage ∝ arrivals × time spent. Arrivals are the deals that reached
  // it; the time is what the process expects. Compare the actual open share with that.
  const weight = open.map((s, i) => reached[i]! * Math.max(1, s.expectedDays))
  const wSum = weight.reduce((a, b) => a + b, 0)
  const openSum = openCount.reduce((a, b) => a + b, 0)
  const stages: FunnelStage[] = open.map((s, i) => {
    const list = stays[i]!.sort((a, b) => a - b)
    const m = list.length >> 1
    const expectedShare = wSum > 0 ? weight[i]! / wSum : 0
    return {
      stageId: s.id,
      name: s.name,
      reached: reached[i]!,
      conversion: i + 1 < open.length && reached[i]! > 0 ? reached[i + 1]! / reached[i]! : null,
      open: openCount[i]!,
      openAmount: openAmount[i]!,
      openAmountUnset: openAmountUnset[i]!,
      avgDays: list.length ? list.reduce((a, b) => a + b, 0) / list.length : null,
      medianDays: list.length ? (list.length % 2 ? list[m]! : (list[m - 1]! + list[m]!) / 2) : null,
      stays: list.length,
      expectedDays: s.expectedDays,
      pileUp: openSum >= MIN_OPEN_FOR_SHAPE && expectedShare > 0 ? openCount[i]! / openSum / expectedShare : null
    }
  })
  let bulge: FunnelDiagnosis['bulge'] = null
  for (const s of stages) {
    if (s.pileUp !== null && s.pileUp >= BULGE_RATIO && (!bulge || s.pileUp > bulge.ratio)) {
      const st = open.find((x) => x.id === s.stageId)!
      bulge = { stageId: s.stageId, name: s.name, ratio: s.pileUp, steps: st.steps, methods: st.methods }
    }
  }
  let leak: FunnelDiagnosis['leak'] = null
  for (const s of stages) {
    // A stage everyone leaves forward is no leak ("weakest conversion: only 100%" said nothing).
    if (s.conversion !== null && s.conversion < 1 && s.reached >= 5 && (!leak || s.conversion < leak.conversion)) {
      leak = { stageId: s.stageId, name: s.name, conversion: s.conversion }
    }
  }
  const closed = sample.won + sample.lost
  return { stages, wonConversion: closed > 0 ? sample.won / closed : null, sample, diagnosis: { bulge, leak } }
}

/** The deals behind one open stage's figures in `funnel`. */
export interface FunnelStageDeals {
  /** Deals that reached the stage: the "reached" count, the conversion's denominator. */
  reached: Deal[]
  /** Of those, the ones that reached the next open stage (or were won from the last): the conversion's numerator. */
  movedOn: Deal[]
  /** Open in the stage now. */
  open: Deal[]
  /** Deals with at least one completed stay in the stage: what the average and median days are computed from. */
  stayed: Deal[]
}

/**
 * The deals behind the funnel's figures, per open stage, by the same rules as `funnel`, so
 * each figure opens to its deals; plus the won and all closed deals behind the win rate.
 */
export function funnelDeals(
  process: SalesProcess,
  deals: readonly Deal[],
  historyByDeal: ReadonlyMap<string, readonly StageHistory[]>
): Map<string, FunnelStageDeals> & { won: Deal[]; closed: Deal[] } {
  const reach = stageReach(process)
  const open = reach.open
  const openIdx = new Map(open.map((s, i) => [s.id, i]))
  const out: FunnelStageDeals[] = open.map(() => ({ reached: [], movedOn: [], open: [], stayed: [] }))
  const won: Deal[] = []
  const closed: Deal[] = []
  for (const d of deals) {
    if (d.deleted || d.processId !== process.id) continue
    const rows = historyByDeal.get(d.id) ?? []
    const furthest = reach.furthest(d, rows)
    if (d.status === 'won') won.push(d)
    if (d.status !== 'open') closed.push(d)
    for (let i = 0; i <= furthest; i++) {
      out[i]!.reached.push(d)
      // The last open stage has no conversion (null in `funnel`), so nothing moved on from it.
      if (i < furthest) out[i]!.movedOn.push(d)
    }
    if (d.status === 'open') {
      const i = openIdx.get(d.stageId)
      if (i !== undefined) out[i]!.open.push(d)
    }
    // A stay is complete when a later move follows it, as in `funnel`; a deal counts once per stage.
    let seen: Set<number> | null = null
    for (let i = 0; i + 1 < rows.length; i++) {
      const k = openIdx.get(rows[i]!.toStageId)
      if (k === undefined || seen?.has(k)) continue
      ;(seen ??= new Set()).add(k)
      out[k]!.stayed.push(d)
    }
  }
  return Object.assign(new Map(open.map((s, i) => [s.id, out[i]!])), { won, closed })
}
