import type { Deal, SalesProcess, StageHistory } from '../model'
import { stageReach } from './funnel'

/**
 * Calibration (概率校准): the stage-to-win rates the organisation actually achieved, from its
 * own closed deals, beside the probabilities the process assumes. A rate from a handful of
 * deals is noise, so below `minSample` closed deals a stage gets no suggestion.
 */
export interface StageCalibration {
  stageId: string
  name: string
  configured: number
  /** Closed deals that reached this stage, and how many of them were won. */
  sample: number
  won: number
  /** Observed win rate 0–1; null without closed deals. */
  observed: number | null
  /** 95% Wilson score interval for the observed rate. */
  low: number | null
  high: number | null
  /** Suggested probability 0–100, or null when the sample is too small. */
  suggested: number | null
}

export const MIN_CALIBRATION_SAMPLE = 20

/** Wilson score interval: honest at small n and near 0 or 1, unlike the normal approximation. */
export function wilson(successes: number, n: number, z = 1.96): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 }
  const p = successes / n
  const z2 = z * z
  const denom = 1 + z2 / n
  const centre = p + z2 / (2 * n)
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return { low: Math.max(0, (centre - margin) / denom), high: Math.min(1, (centre + margin) / denom) }
}

export function calibrate(
  process: SalesProcess,
  deals: readonly Deal[],
  historyByDeal: ReadonlyMap<string, readonly StageHistory[]>,
  minSample = MIN_CALIBRATION_SAMPLE
): StageCalibration[] {
  const reach = stageReach(process)
  const open = reach.open
  const sample = new Array<number>(open.length).fill(0)
  const won = new Array<number>(open.length).fill(0)
  for (const d of deals) {
    if (d.deleted || d.processId !== process.id || d.status === 'open') continue
    // Every closed deal counts once, with or without a stage history (see `stageReach`).
    const furthest = reach.furthest(d, historyByDeal.get(d.id) ?? [])
    for (let i = 0; i <= furthest; i++) {
      sample[i]!++
      if (d.status === 'won') won[i]!++
    }
  }
  return open.map((s, i) => {
    const n = sample[i]!
    const w = won[i]!
    const ci = n > 0 ? wilson(w, n) : null
    return {
      stageId: s.id,
      name: s.name,
      configured: s.probability,
      sample: n,
      won: w,
      observed: n > 0 ? w / n : null,
      low: ci?.low ?? null,
      high: ci?.high ?? null,
      suggested: n >= minSample ? Math.round((w / n) * 100) : null
    }
  })
}

/** The process's stages with the suggested probabilities adopted; stages without one keep theirs. */
export function adoptCalibration(process: SalesProcess, rows: readonly StageCalibration[]): SalesProcess['stages'] {
  const byId = new Map(rows.map((r) => [r.stageId, r.suggested]))
  return process.stages.map((s) => {
    const p = byId.get(s.id)
    return p === null || p === undefined ? s : { ...s, probability: p }
  })
}

/** The closed deals behind each stage's calibration sample (the same rules as `calibrate`). */
export function calibrationDeals(
  process: SalesProcess,
  deals: readonly Deal[],
  historyByDeal: ReadonlyMap<string, readonly StageHistory[]>
): Map<string, Deal[]> {
  const reach = stageReach(process)
  const open = reach.open
  const out = open.map(() => [] as Deal[])
  for (const d of deals) {
    if (d.deleted || d.processId !== process.id || d.status === 'open') continue
    const furthest = reach.furthest(d, historyByDeal.get(d.id) ?? [])
    for (let i = 0; i <= furthest; i++) out[i]!.push(d)
  }
  return new Map(open.map((s, i) => [s.id, out[i]!]))
}
