import { describe, expect, it } from 'vitest'
import type { Activity, Deal } from '../../model'
import { generateWorkspace } from '../../demo'
import { monthRange, startOfDay, DAY_MS } from '../calendar'
import { visitsToday } from '../cockpit-agenda'
import { historyByDeal } from '../deal-health'
import { forecastDeals, forecastPeriod } from '../forecast'
import { funnel } from '../funnel'
import { leaderboard } from '../heroes'
import { actualsByRep, periodRange } from '../targets'
import { inBaseCurrency, moneyKnown, outcomes } from './facts'
import { forecastVsTarget } from './leadership'
import { conversionBy, outcomesByRep, visitBehaviour } from './manager'
import { rankings } from './rep'
import { monthlyTrend } from './trends'
import { periodOf, periodsBack } from './periods'

/**
 * Figures that Analytics shows and another part of the cockpit also shows — the forecast page,
 * the funnel page, the heroes' leaderboard and kickoff targets (rhythm), the home's visits today —
 * must agree on the same data. Run on the demo workspace plus the rows real imports bring: a won
 * deal imported without a close time, a won deal in dollars, a deleted won deal.
 */
const TZ = 'Asia/Shanghai'
const ANCHOR = Date.parse('2026-03-18T10:00:00+08:00')
const ws = generateWorkspace({ seed: 7, anchor: ANCHOR, locale: 'zh-CN', scale: 'demo' })
const rates = { base: 'CNY', perUnit: { USD: 7.1 } }
const month = monthRange(ANCHOR, TZ)

const template = ws.deals.find((d) => d.status === 'won' && !d.deleted)!
const odd: Deal[] = [
  // Imported closed deal: no close time, counted on its expected close date (the forecast's rule).
  { ...template, id: 'imported-won', closedAt: undefined, expectedCloseAt: month.start + 3 * DAY_MS, amount: 1_234_500 },
  {
    ...template,
    id: 'usd-won',
    currency: 'USD',
    amount: 1_000_000,
    closedAt: month.start + 4 * DAY_MS,
    expectedCloseAt: month.start + 4 * DAY_MS
  },
  { ...template, id: 'deleted-won', deleted: true, closedAt: month.start + 5 * DAY_MS, expectedCloseAt: month.start + 5 * DAY_MS }
]
const raw = [...ws.deals, ...odd]
// Analytics converts once into the workspace currency; the other views are given the same deals.
const deals = inBaseCurrency(raw, rates).deals
const history = historyByDeal(ws.stageHistory)
const processById = new Map(ws.salesProcesses.map((p) => [p.id, p]))
const reps = ws.users.filter((u) => u.role === 'rep')
const activities: Activity[] = ws.activities

describe('analytics agrees with the rest of the cockpit', () => {
  it('won this month: leadership, the forecast page, heroes/kickoff actuals, the manager’s reps and the trend are one figure', () => {
    const lead = outcomes(deals, month, rates)
    expect(lead.won.map((d) => d.id)).toEqual(expect.arrayContaining(['imported-won', 'usd-won']))
    expect(lead.won.map((d) => d.id)).not.toContain('deleted-won')
    const won = moneyKnown(lead.wonAmount)!
    expect(won).toBeGreaterThan(0)

    // Forecast page (ForecastView): forecastPeriod over the month.
    expect(forecastPeriod(deals, processById, month.start, month.end).won).toBe(won)
    expect(
      forecastDeals(deals, month.start, month.end)
        .won.map((d) => d.id)
        .sort()
    ).toEqual(lead.won.map((d) => d.id).sort())
    // Leadership's forecast-vs-target card calls the same function.
    const fvt = forecastVsTarget({
      deals,
      processes: processById,
      range: month,
      include: () => true,
      targets: ws.targets,
      owners: [],
      rates,
      timeZone: TZ
    })
    expect(fvt.figures.won).toBe(won)

    // Heroes card and kickoff (rhythm): actualsByRep over the month, per rep.
    const actuals = actualsByRep({ deals, activities }, month.start, month.end, { rates })
    const byRep = outcomesByRep([...new Set(deals.map((d) => d.ownerId))], deals, month, rates)
    for (const row of byRep) expect(actuals.get(row.repId)?.won_amount ?? 0, row.repId).toBe(moneyKnown(row.wonAmount) ?? 0)
    expect([...actuals.values()].reduce((s, a) => s + a.won_amount, 0)).toBe(won)

    // Trends: the month's point of the won-amount trend.
    const months = periodsBack('month', ANCHOR, 2, TZ)
    const trend = monthlyTrend('won_amount', months, { deals, customers: ws.customers, rates })
    expect(trend.at(-1)!.value).toBe(won)
  })

  it('the rep view ranks with the heroes’ leaderboard, on the same actuals', () => {
    const range = periodRange('month', ANCHOR - 31 * DAY_MS, TZ)
    const actuals = actualsByRep({ deals, activities }, range.start, range.end, { rates })
    const peers = new Set(reps.map((u) => u.id))
    const board = leaderboard(actuals, 'won_amount', peers)
    expect(board.length).toBeGreaterThan(3)
    for (const row of board) {
      const mine = rankings(actuals, row.userId, peers).find((r) => r.metric === 'won_amount')!
      expect(mine.rank, row.userId).toBe(row.rank)
      expect(mine.value).toBe(row.value)
    }
  })

  it('stage conversion over all history is the funnel page’s funnel', () => {
    const p = ws.salesProcesses[0]!
    const all = { start: 0, end: ANCHOR + DAY_MS }
    const team = ws.orgUnits.find((u) => u.kind === 'team')!
    const mine = deals.filter((d) => d.orgUnitId === team.id && !d.deleted)
    const [row] = conversionBy([{ id: team.id, deals: mine }], p, history, all)
    expect(row!.funnel).toEqual(
      funnel(
        p,
        mine.filter((d) => d.processId === p.id),
        history
      )
    )
  })

  it('visits made on a past day: the manager view, the trend, kickoff actuals and the home’s visits done agree', () => {
    const yesterday = startOfDay(ANCHOR, TZ) - DAY_MS
    const day = { start: yesterday, end: yesterday + DAY_MS }
    const rows = visitBehaviour({
      reps,
      activities,
      deals,
      customerById: new Map(ws.customers.map((c) => [c.id, c])),
      range: day,
      timeZone: TZ,
      now: ANCHOR
    })
    const made = rows.reduce((s, r) => s + r.visits, 0)
    expect(made).toBeGreaterThan(0)
    const actuals = actualsByRep({ deals, activities }, day.start, day.end, { rates })
    expect([...actuals.values()].reduce((s, a) => s + a.visits, 0)).toBe(made)
    const home = visitsToday(reps, activities, yesterday + 12 * 3_600_000, TZ)
    for (const h of home) expect(h.done, h.user.id).toBe(rows.find((r) => r.repId === h.user.id)?.visits ?? 0)
    const trend = monthlyTrend('visits', [periodOf('month', yesterday, TZ)], {
      deals,
      customers: ws.customers,
      activities,
      rates
    })
    const inMonth = visitBehaviour({
      reps,
      activities,
      deals,
      customerById: new Map(),
      range: periodOf('month', yesterday, TZ),
      timeZone: TZ,
      now: ANCHOR
    })
    expect(trend[0]!.value).toBe(inMonth.reduce((s, r) => s + r.visits, 0))
  })
})
