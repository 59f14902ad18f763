import { describe, expect, it } from 'vitest'
import { forecastAccuracyReport, forecastPeriod } from '../domain/forecast'
import { localDate, monthRange } from '../domain/calendar'
import { generateWorkspace } from './index'

/**
 * Issue 14 on the demo workspace: the forecast view's accuracy chart, per-rep table, by-week
 * chart and banner come from one report, and must agree on any day of the month. Before: on
 * 7 December about a third of the reps showed "+¥90万" beside "−82%" (the amount summed every
 * month, the percentage averaged only months with a win), and the banner judged a whole-month
 * call against one week of wins ("over-call 491%").
 */
const TZ = 'Asia/Shanghai'
const days = ['2026-12-01T09:00:00+08:00', '2026-12-07T10:00:00+08:00', '2026-12-31T22:30:00+08:00']
const sign = (x: number | null): number => (x === null ? 0 : Math.sign(x))

describe.each(days)('forecast accuracy on the demo workspace at %s', (iso) => {
  const now = Date.parse(iso)
  const ws = generateWorkspace({ anchor: now, locale: 'zh-CN', scale: 'demo' })
  const region = ws.orgUnits.find((o) => o.parentId === null)!
  const reps = ws.users.filter((u) => u.role === 'rep').map((u) => u.id)
  const report = forecastAccuracyReport({
    deals: ws.deals,
    snapshots: ws.forecastSnapshots,
    scopeId: region.id,
    include: () => true,
    repIds: reps,
    now,
    timeZone: TZ
  })

  it('judges only closed months: the six before this one', () => {
    expect(report.months).toEqual(['2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01'])
    expect(report.scope.length).toBeGreaterThanOrEqual(5)
    expect(report.scope.every((p) => p.periodStart < '2026-12-01')).toBe(true)
    expect(report.byRep.every((r) => r.periodStarts.every((m) => report.months.includes(m)))).toBe(true)
  })

  it('the banner is the chart’s last bar, and every figure has one sign', () => {
    expect(report.last).toEqual(report.scope.at(-1))
    expect(report.last!.periodStart).toBe('2026-11-01')
    for (const p of report.scope) expect(sign(p.errorRatio)).toBe(Math.sign(p.error))
    for (const w of report.byWeek) expect(sign(w.errorRatio)).toBe(Math.sign(w.error))
    expect(report.byRep.length).toBeGreaterThan(10)
    for (const r of report.byRep) {
      expect(sign(r.errorRatio)).toBe(Math.sign(r.error))
      expect(r.error).toBe(r.called - r.actual)
    }
  })

  it("a month's actual is the forecast's own won figure for that month", () => {
    for (const p of report.scope) {
      const start = Date.parse(`${p.periodStart}T00:00:00+08:00`)
      const won = forecastPeriod(ws.deals, new Map(ws.salesProcesses.map((x) => [x.id, x])), start, monthRange(start, TZ).end).won
      expect(p.actual).toBe(won)
    }
  })

  it("this month is progress, not accuracy: its call and what is won so far, and the day of the month", () => {
    const { current } = report
    expect(current.periodStart).toBe(localDate(monthRange(now, TZ).start, TZ))
    expect(current.day).toBe(Number(iso.slice(8, 10)))
    expect(current.days).toBe(31)
    expect(current.called).not.toBeNull()
    const start = monthRange(now, TZ).start
    expect(current.wonSoFar).toBe(
      forecastPeriod(ws.deals, new Map(ws.salesProcesses.map((x) => [x.id, x])), start, monthRange(now, TZ).end).won
    )
  })
})
