import { describe, expect, it } from 'vitest'
import { funnel } from '../../src/shared/domain/funnel'
import { adoptCalibration, calibrate } from '../../src/shared/domain/calibration'
import { forecastPeriod } from '../../src/shared/domain/forecast'
import { monthRange } from '../../src/shared/domain/calendar'
import { crmProcess, crmShapedExpected as expected, crmShapedWorkspace } from '../fixtures/crm-shaped-workspace'

/**
 * Issue 14: a workspace whose closed deals come from a CRM export (won and lost rows, no stage
 * history) read "first stage to won: 100%", "weakest conversion: only 100%", and calibration
 * suggested 100% for every stage — one click on "adopt" would have set every probability to
 * 100%. The expected figures are worked by hand in the fixture.
 */
const NOW = Date.parse('2026-12-07T10:00:00+08:00')
const TZ = 'Asia/Shanghai'
const ws = crmShapedWorkspace({ now: NOW, repA: 'rep-a', repB: 'rep-b', orgUnitId: 'team-1' })
const noHistory = new Map()

describe('figures of a CRM-shaped workspace (closed deals without history)', () => {
  const f = funnel(crmProcess, ws.deals, noHistory)

  it('the funnel counts every closed deal once: reach, conversion, open and the weakest stage', () => {
    expect(f.stages.map((s) => s.reached)).toEqual(expected.reached)
    f.stages.forEach((s, i) => {
      const c = expected.conversion[i]!
      if (c === null) expect(s.conversion).toBeNull()
      else expect(s.conversion).toBeCloseTo(c, 10)
    })
    expect(f.stages.map((s) => s.open)).toEqual(expected.open)
    expect(f.diagnosis.leak?.stageId).toBe(expected.leak.stageId)
    expect(f.diagnosis.leak?.conversion).toBeCloseTo(expected.leak.conversion, 10)
    expect(f.sample).toEqual(expected.sample)
  })

  it('the win rate is won over closed, for the team and for each rep', () => {
    expect(f.wonConversion).toBeCloseTo(expected.winRate, 10)
    const a = funnel(crmProcess, ws.deals.filter((d) => d.ownerId === 'rep-a'), noHistory)
    const b = funnel(crmProcess, ws.deals.filter((d) => d.ownerId === 'rep-b'), noHistory)
    expect(a.wonConversion).toBeCloseTo(expected.winRateByRep.A, 10)
    expect(b.wonConversion).toBeCloseTo(expected.winRateByRep.B, 10)
  })

  it('calibration suggests the rates the team achieved, and adopting them sets no stage to 100%', () => {
    const rows = calibrate(crmProcess, ws.deals, noHistory)
    expect(rows.map((r) => ({ stageId: r.stageId, sample: r.sample, won: r.won, suggested: r.suggested }))).toEqual(
      expected.calibration
    )
    const adopted = adoptCalibration(crmProcess, rows).filter((s) => s.kind === 'open')
    expect(adopted.map((s) => s.probability)).toEqual([35, 50, 67, 86])
  })

  it("this month's forecast leaves the open deals without a close date out, and nothing breaks on them", () => {
    const { start, end } = monthRange(NOW, TZ)
    const month = forecastPeriod(ws.deals, new Map([[crmProcess.id, crmProcess]]), start, end)
    expect(month.openTotal).toBe(expected.forecast.openTotal)
    expect(month.weighted).toBe(expected.forecast.weighted)
    expect(month.dealCount).toBe(expected.forecast.dealCount)
    // Closed rows two years back are in their own months, not this one.
    expect(month.won).toBe(0)
  })
})
