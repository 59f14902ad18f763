import type { Contract, UsageReading } from '../model'
import { dayOfDate } from '../domain/collections'
import type { Ctx } from './context'
import { Rng } from './rng'

/**
 * Usage of the running subscriptions, read from the product's console on the first of each
 * month: licensed seats for most, a prepaid API quota for some. A few customers are close to
 * their seat licence (an expansion), some burn their quota so fast it runs out before the term
 * (a top-up), and one whose term ends soon uses a third of its seats (a renewal at risk) — so
 * the renewals list speaks of usage on first launch. Its own random stream, generated last.
 */

type Profile = 'nearFull' | 'burning' | 'weak' | 'normal'

const SEATS: [string, string] = ['用户席位', 'User seats']
const CALLS: [string, string] = ['API 调用（次）', 'API calls']

export function buildUsage(ctx: Ctx, contracts: readonly Contract[]): UsageReading[] {
  const rng = new Rng(ctx.seed, 'usage')
  const { cal, L, anchor } = ctx
  const today = cal.day(anchor)
  const running = contracts
    .filter((c) => c.startDate && c.endDate && dayOfDate(c.startDate) <= today - 40 && dayOfDate(c.endDate) >= today)
    .sort((a, b) => a.endDate!.localeCompare(b.endDate!) || (a.id < b.id ? -1 : 1))
  const out: UsageReading[] = []
  // The one under-used customer: the first whose term ends within six weeks.
  const weakId = running.find((c) => dayOfDate(c.endDate!) - today <= 42)?.id
  // A few of each signal, spread over the list: a manager's week, not a wall of alerts.
  let nearFull = 0
  let burning = 0
  running.forEach((c, i) => {
    let profile: Profile = 'normal'
    if (c.id === weakId) profile = 'weak'
    else if (i % 7 === 1 && nearFull < 3) {
      profile = 'nearFull'
      nearFull++
    } else if (i % 7 === 3 && burning < 3) {
      profile = 'burning'
      burning++
    }
    readingsFor(c, profile)
  })
  return out

  function readingsFor(c: Contract, profile: Profile): void {
    const start = dayOfDate(c.startDate!)
    const end = dayOfDate(c.endDate!)
    const days: number[] = []
    for (let m = cal.addMonths(cal.monthStart(start), 1); m <= today; m = cal.addMonths(m, 1)) days.push(m)
    if (days.length === 0) return
    const yuan = c.amount / 100
    const reading = (
      day: number,
      metric: [string, string],
      measure: UsageReading['measure'],
      used: number,
      entitled: number
    ): void => {
      out.push({
        id: ctx.ids.make(cal.at(day, 9)),
        contractId: c.id,
        metric: metric[L],
        measure,
        date: cal.localDate(day),
        used,
        entitled,
        recordedBy: c.collectorId,
        recordedAt: cal.at(day, rng.int(9, 11), rng.int(0, 59))
      })
    }
    if (profile === 'burning') {
      // A prepaid quota spent evenly so it runs out 2–6 weeks from now, well before the term ends.
      const quota = Math.max(100_000, Math.round(yuan / 2) * 100)
      const exhaust = Math.min(today + rng.int(14, 42), end - 10)
      if (exhaust <= today) return readingsFor(c, 'normal')
      for (const day of days)
        reading(
          day,
          CALLS,
          'cumulative',
          Math.round(((quota * (day - start)) / (exhaust - start)) * rng.range(0.97, 1.01)),
          quota
        )
      return
    }
    const seats = Math.max(10, Math.min(2000, Math.round(yuan / 3000 / 5) * 5))
    // Where seat use settles (share of the licence) after a first ramp-up month.
    const settle = profile === 'nearFull' ? rng.range(0.93, 1) : profile === 'weak' ? rng.range(0.28, 0.38) : rng.range(0.6, 0.82)
    days.forEach((day, k) => {
      // Seats fill over the term for a customer who grows into the licence (full on the latest
      // reading); the others ramp up in the first months and then wobble.
      const share =
        profile === 'nearFull'
          ? settle * (0.7 + (0.3 * (k + 1)) / days.length)
          : settle * (0.6 + 0.4 * Math.min(1, (k + 1) / 3)) * rng.range(0.95, 1.03)
      reading(day, SEATS, 'level', Math.min(seats, Math.max(1, Math.round(seats * share))), seats)
    })
  }
}
