import { describe, expect, it } from 'vitest'
import { accuracyByRep } from '../domain/forecast'
import { generateWorkspace } from './index'

const ANCHOR = Date.parse('2026-11-18T10:30:00+08:00')
const ws = generateWorkspace({ seed: 42, anchor: ANCHOR, locale: 'zh-CN', scale: 'demo' })

describe('demo forecast snapshots per rep', () => {
  const repSnaps = ws.forecastSnapshots.filter((s) => s.scopeKind === 'user')
  const reps = ws.users.filter((u) => u.role === 'rep')

  it('each rep with a won objective has a month-start snapshot, with that objective beside it', () => {
    const objectives = ws.targets.filter((t) => t.scopeKind === 'user' && t.metric === 'won_amount' && t.period === 'month')
    // Months whose start the demo covers (the teams have a month-start snapshot): every rep
    // objective of such a month has its snapshot too.
    const covered = new Set(
      ws.forecastSnapshots.filter((s) => s.scopeKind === 'orgUnit' && s.trigger === 'period_start').map((s) => s.periodStart)
    )
    const started = objectives.filter((t) => covered.has(t.periodStart))
    expect(started.length).toBeGreaterThan(12 * 10)
    for (const t of started) {
      const s = repSnaps.filter((x) => x.scopeId === t.scopeId && x.periodStart === t.periodStart)
      expect(s).toHaveLength(1)
      expect(s[0]).toMatchObject({ trigger: 'period_start', period: 'month', target: t.objective, won: 0 })
    }
    expect(repSnaps.every((s) => s.trigger === 'period_start' && s.takenAt <= ANCHOR)).toBe(true)
  })

  it("a team's call is its reps' calls: rep snapshots never add up to more than the team's", () => {
    for (const s of ws.forecastSnapshots) {
      if (s.scopeKind !== 'orgUnit' || s.trigger !== 'period_start') continue
      const mine = repSnaps.filter(
        (r) => r.periodStart === s.periodStart && reps.some((u) => u.id === r.scopeId && u.orgUnitId === s.scopeId)
      )
      if (mine.length === 0) continue
      for (const field of ['commit', 'bestCase', 'pipeline', 'weighted'] as const) {
        expect(mine.reduce((n, r) => n + r[field], 0)).toBeLessThanOrEqual(s[field])
      }
    }
  })

  it('gives the per-rep accuracy history: most reps have several past months, over- and under-calls both occur', () => {
    const wonByRep = new Map<string, Map<string, number>>()
    for (const d of ws.deals) {
      if (d.status !== 'won' || d.closedAt === undefined) continue
      const month = new Date(d.closedAt + 8 * 3_600_000).toISOString().slice(0, 8) + '01'
      const perRep = wonByRep.get(d.ownerId) ?? new Map<string, number>()
      perRep.set(month, (perRep.get(month) ?? 0) + d.amount!)
      wonByRep.set(d.ownerId, perRep)
    }
    // A month with nothing won is an actual of zero, as the forecast view counts it.
    for (const s of repSnaps) {
      const perRep = wonByRep.get(s.scopeId) ?? new Map<string, number>()
      if (!perRep.has(s.periodStart)) perRep.set(s.periodStart, 0)
      wonByRep.set(s.scopeId, perRep)
    }
    const rows = accuracyByRep(
      ws.forecastSnapshots,
      wonByRep,
      reps.map((u) => u.id),
      { closedBefore: '2026-11-01' }
    )
    expect(rows.filter((r) => r.periods >= 6).length).toBeGreaterThan(reps.length / 2)
    expect(rows.some((r) => r.error > 0)).toBe(true)
    expect(rows.some((r) => r.error < 0)).toBe(true)
  })

  it('is deterministic', () => {
    const again = generateWorkspace({ seed: 42, anchor: ANCHOR, locale: 'zh-CN', scale: 'demo' })
    expect(again.forecastSnapshots.filter((s) => s.scopeKind === 'user')).toEqual(repSnaps)
  })
})
