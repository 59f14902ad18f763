import type { PoolRule, ScorecardTemplate, Target, TerritoryRule } from '../model'
import { DAY } from './calendar'
import type { Ctx, Rep } from './context'
import { INDUSTRIES } from './data'
import { Rng } from './rng'

/** Won-amount objectives are rounded to ¥10,000 (in fen), as managers set them. */
const WAN = 1_000_000

/**
 * Targets (双目标): monthly won amount, visits and new customers per rep, team and region for
 * every month the history touches; weekly and daily visit targets per rep (40 / 8). Most reps
 * also state a stretch target of their own.
 */
export function buildTargets(ctx: Ctx): Target[] {
  const rng = new Rng(ctx.seed, 'targets')
  const { cal, ids, startDay, anchorDay } = ctx
  const out: Target[] = []
  const add = (t: Omit<Target, 'id'>, day: number): void => {
    out.push({ id: ids.make(cal.start(day) - 3 * DAY), ...t })
  }

  // What a rep month has been worth, so objectives are demanding but within reach.
  let won = 0
  for (const d of ctx.deals) if (d.row.status === 'won' && d.closedAt >= ctx.startMs) won += d.row.amount
  let repMonths = 0
  for (const rep of ctx.reps)
    repMonths += Math.max(0, Math.min(rep.leftAt, ctx.anchor) - Math.max(rep.hiredAt, ctx.startMs)) / (30.4 * DAY)
  const perRepMonth = won / Math.max(1, repMonths)
  const level = new Map<Rep, number>()
  for (const rep of ctx.reps) level.set(rep, rng.range(0.95, 1.25))

  const workdays = (from: number, to: number): number => {
    let n = 0
    for (let d = from; d < to; d++) if (cal.isWeekday(d)) n++
    return n
  }
  const activeDays = (rep: Rep, from: number, to: number): number => {
    const a = Math.max(from, cal.day(rep.hiredAt))
    const b = Math.min(to, rep.leftAt === Infinity ? to : cal.day(rep.leftAt))
    return Math.max(0, b - a)
  }

  for (let m = cal.monthStart(startDay); m <= anchorDay; m = cal.addMonths(m, 1)) {
    const next = cal.addMonths(m, 1)
    const periodStart = cal.localDate(m)
    const wd = workdays(m, next)
    const byRegion = new Map<string, { won: number; visits: number }>()
    for (const team of ctx.teams) {
      let teamWon = 0
      let teamVisits = 0
      for (const rep of team.reps) {
        if (activeDays(rep, m, next) < 10) continue
        // A rep in the first three months carries half a quota while ramping up.
        const ramp = cal.start(m) - rep.hiredAt < 90 * DAY ? 0.5 : 1
        const objective = Math.max(5, Math.round((perRepMonth * (level.get(rep) ?? 1) * ramp) / WAN)) * WAN
        const wonTarget: Omit<Target, 'id'> = {
          scopeKind: 'user',
          scopeId: rep.user.id,
          period: 'month',
          periodStart,
          metric: 'won_amount',
          objective
        }
        if (rep.stretch) wonTarget.stretch = Math.round((objective * rng.range(1.2, 1.6)) / WAN) * WAN
        add(wonTarget, m)
        const visits: Omit<Target, 'id'> = {
          scopeKind: 'user',
          scopeId: rep.user.id,
          period: 'month',
          periodStart,
          metric: 'visits',
          objective: 8 * wd
        }
        if (rep.stretch) visits.stretch = 10 * wd
        add(visits, m)
        const fresh: Omit<Target, 'id'> = {
          scopeKind: 'user',
          scopeId: rep.user.id,
          period: 'month',
          periodStart,
          metric: 'new_customers',
          objective: 6
        }
        if (rep.stretch) fresh.stretch = rng.int(8, 12)
        add(fresh, m)
        teamWon += objective
        teamVisits += 8 * wd
      }
      const agg = byRegion.get(team.region.unit.id) ?? { won: 0, visits: 0 }
      byRegion.set(team.region.unit.id, agg)
      agg.won += teamWon
      agg.visits += teamVisits
      add(
        {
          scopeKind: 'orgUnit',
          scopeId: team.unit.id,
          period: 'month',
          periodStart,
          metric: 'won_amount',
          objective: teamWon,
          stretch: Math.round((teamWon * 1.2) / WAN) * WAN
        },
        m
      )
      add(
        { scopeKind: 'orgUnit', scopeId: team.unit.id, period: 'month', periodStart, metric: 'visits', objective: teamVisits },
        m
      )
    }
    for (const region of ctx.regions) {
      const agg = byRegion.get(region.unit.id) ?? { won: 0, visits: 0 }
      add(
        {
          scopeKind: 'orgUnit',
          scopeId: region.unit.id,
          period: 'month',
          periodStart,
          metric: 'won_amount',
          objective: agg.won,
          stretch: Math.round((agg.won * 1.15) / WAN) * WAN
        },
        m
      )
      add(
        { scopeKind: 'orgUnit', scopeId: region.unit.id, period: 'month', periodStart, metric: 'visits', objective: agg.visits },
        m
      )
    }
  }

  // Weekly visit targets across the year (the compliance heat-map's denominator)…
  for (let w = cal.weekStart(startDay); w <= anchorDay; w += 7) {
    const wd = workdays(w, w + 5)
    if (wd === 0) continue
    for (const rep of ctx.reps) {
      if (activeDays(rep, w, w + 5) < 3) continue
      const t: Omit<Target, 'id'> = {
        scopeKind: 'user',
        scopeId: rep.user.id,
        period: 'week',
        periodStart: cal.localDate(w),
        metric: 'visits',
        objective: 8 * wd
      }
      if (rep.stretch) t.stretch = 10 * wd
      add(t, w)
    }
  }
  // …and daily ones for the rhythm board's four weeks and today.
  for (let d = anchorDay - 28; d <= anchorDay; d++) {
    if (!cal.isWeekday(d) && d !== anchorDay) continue
    for (const rep of ctx.reps) {
      if (activeDays(rep, d, d + 1) < 1) continue
      const t: Omit<Target, 'id'> = {
        scopeKind: 'user',
        scopeId: rep.user.id,
        period: 'day',
        periodStart: cal.localDate(d),
        metric: 'visits',
        objective: 8
      }
      if (rep.stretch) t.stretch = 10
      add(t, d)
    }
  }
  return out
}

/** Pool rules per team: back to the pool after 30 days without a visit, as in the seeds. */
export function buildPoolRules(ctx: Ctx): PoolRule[] {
  return ctx.teams.map((team) => ({
    id: ctx.ids.make(ctx.startMs - 300 * DAY),
    orgUnitId: team.unit.id,
    reclaimAfterDays: 30,
    extensionPerTouchDays: 7,
    maxHoldDays: 180,
    holdingCap: 80,
    dailyClaimCap: 5,
    cooldownDays: 15
  }))
}

/**
 * Territories: a team owns its city; where two teams share a city they split it by industry
 * (the more specific rule has the lower priority number and wins). An empty industry list
 * means every industry.
 */
export function buildTerritoryRules(ctx: Ctx): TerritoryRule[] {
  return ctx.teams.map((team) => ({
    id: ctx.ids.make(ctx.startMs - 300 * DAY),
    orgUnitId: team.unit.id,
    name: team.unit.name,
    priority: team.industries ? 10 : 100,
    provinces: [],
    cities: [team.city.name[ctx.L]],
    districts: [],
    industries: team.industries ? INDUSTRIES.filter((i) => team.industries?.includes(i.key)).map((i) => i.name[ctx.L]) : [],
    sizes: [],
    customerIds: []
  }))
}

/** One call scorecard the coach scores recordings against; skills follow the coaching method. */
export function buildScorecardTemplates(ctx: Ctx): ScorecardTemplate[] {
  const L = ctx.L
  const q = (id: string, zh: string, en: string, type: 'scale' | 'yes_no', weight: number, skillZh: string, skillEn: string) => ({
    id,
    label: L === 0 ? zh : en,
    type,
    weight,
    skill: L === 0 ? skillZh : skillEn
  })
  return [
    {
      id: ctx.ids.make(ctx.startMs - 200 * DAY),
      name: L === 0 ? '销售通话评分卡' : 'Sales call scorecard',
      questions: [
        q(
          'opening',
          '开场白：说明来意并确认对方时间',
          'Opening: states the purpose and checks the time',
          'scale',
          15,
          '开场',
          'Opening'
        ),
        q(
          'discovery',
          '需求挖掘：追问业务现状与痛点',
          'Discovery: probes the business and its pains',
          'scale',
          25,
          '需求挖掘',
          'Discovery'
        ),
        q(
          'value',
          '价值呈现：用案例讲清收益',
          'Value: uses cases to make the benefit concrete',
          'scale',
          20,
          '价值呈现',
          'Value'
        ),
        q(
          'objection',
          '异议处理：价格与竞品问题应对得当',
          'Objections: handles price and competitor questions',
          'scale',
          20,
          '异议处理',
          'Objection handling'
        ),
        q('next-step', '约定了明确的下一步', 'Agreed a concrete next step', 'yes_no', 20, '推进', 'Advancing')
      ]
    }
  ]
}
