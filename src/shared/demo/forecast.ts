import type { ForecastSnapshot } from '../model'
import type { Ctx, Rep } from './context'
import { ownerAt, stageAt, valueAt } from './context'

/**
 * Forecast snapshots as the app would have taken them: at each month's start and every
 * Monday morning, per team and region (and at each month's start per rep, so the per-rep
 * forecast accuracy has history: accuracy reads only a period's first snapshot), the month's won-so-far and the open pipeline expected
 * to close in it by forecast category, with the objective beside it. Replaying each deal's
 * stage, amount and expected close date as they were then is what makes forecast-vs-actual
 * error visible (optimistic close dates that later got pushed).
 *
 * The four sums are disjoint: commit, bestCase and pipeline each hold only the deals in that
 * category; weighted is Σ amount × stage probability over all of them.
 */
/** `wonTargets`: won-amount objectives by `${orgUnitId or userId}:${periodStart}`. */
export function buildForecastSnapshots(ctx: Ctx, wonTargets: Map<string, number>): ForecastSnapshot[] {
  const { cal, ids, anchor, startDay, anchorDay } = ctx
  const out: ForecastSnapshot[] = []
  const times: { at: number; trigger: ForecastSnapshot['trigger']; month: number }[] = []
  for (let m = cal.monthStart(startDay); m <= anchorDay; m = cal.addMonths(m, 1)) {
    if (m >= startDay) times.push({ at: cal.at(m, 8), trigger: 'period_start', month: m })
  }
  for (let d = cal.weekStart(startDay) + 7; d <= anchorDay; d += 7) {
    if (cal.monthStart(d) !== d) times.push({ at: cal.at(d, 8), trigger: 'weekly', month: cal.monthStart(d) })
  }
  times.sort((a, b) => a.at - b.at)

  const teamOf = (rep: Rep): string => rep.team.unit.id
  const regionOfTeam = new Map(ctx.teams.map((t) => [t.unit.id, t.region.unit.id]))
  for (const snap of times) {
    if (snap.at > anchor) continue
    const pStart = cal.start(snap.month)
    const pEnd = cal.start(cal.addMonths(snap.month, 1))
    const sums = new Map<string, { won: number; commit: number; bestCase: number; pipeline: number; weighted: number }>()
    // Per rep only at the month's start: weekly rep snapshots would multiply the rows by the
    // head count for a chart that never reads them.
    const perRep = snap.trigger === 'period_start'
    const bump = (id: string, field: 'won' | 'commit' | 'bestCase' | 'pipeline', amount: number, prob: number): void => {
      const s = sums.get(id) ?? { won: 0, commit: 0, bestCase: 0, pipeline: 0, weighted: 0 }
      s[field] += amount
      if (field !== 'won') s.weighted += Math.round((amount * prob) / 100)
      sums.set(id, s)
    }
    const add = (owner: Rep, field: 'won' | 'commit' | 'bestCase' | 'pipeline', amount: number, prob: number): void => {
      const unit = teamOf(owner)
      bump(unit, field, amount, prob)
      bump(regionOfTeam.get(unit) as string, field, amount, prob)
      if (perRep) bump(owner.user.id, field, amount, prob)
    }
    for (const deal of ctx.deals) {
      if (deal.createdAt > snap.at) continue
      const owner = ownerAt(deal.owners, Math.min(snap.at, deal.closedAt - 1)) ?? (deal.owners[0] as { rep: Rep }).rep
      if (deal.closedAt <= snap.at) {
        if (deal.row.status === 'won' && deal.closedAt >= pStart) add(owner, 'won', deal.row.amount, 100)
        continue
      }
      const expected = valueAt(deal.expectedLog, snap.at)
      if (expected < pStart || expected >= pEnd) continue
      const stage = deal.proc.row.stages[stageAt(deal, snap.at)]
      if (!stage) continue
      const amount = valueAt(deal.amountLog, snap.at)
      const field = stage.probability >= 65 ? 'commit' : stage.probability >= 30 ? 'bestCase' : 'pipeline'
      add(owner, field, amount, stage.probability)
    }
    const units = [...ctx.teams.map((t) => t.unit.id), ...ctx.regions.map((r) => r.unit.id)]
    const scopes: { kind: ForecastSnapshot['scopeKind']; id: string }[] = units.map((id) => ({ kind: 'orgUnit', id }))
    // Reps with a won objective that month: the ones employed long enough to carry one.
    if (perRep) for (const rep of ctx.reps) scopes.push({ kind: 'user', id: rep.user.id })
    for (const { kind, id: unit } of scopes) {
      const target = wonTargets.get(`${unit}:${cal.localDate(snap.month)}`)
      if (kind === 'user' && target === undefined) continue
      const s = sums.get(unit) ?? { won: 0, commit: 0, bestCase: 0, pipeline: 0, weighted: 0 }
      const row: ForecastSnapshot = {
        id: ids.make(snap.at),
        takenAt: snap.at,
        trigger: snap.trigger,
        period: 'month',
        periodStart: cal.localDate(snap.month),
        scopeKind: kind,
        scopeId: unit,
        won: s.won,
        commit: s.commit,
        bestCase: s.bestCase,
        pipeline: s.pipeline,
        weighted: s.weighted
      }
      if (target !== undefined) row.target = target
      out.push(row)
    }
  }
  return out
}
