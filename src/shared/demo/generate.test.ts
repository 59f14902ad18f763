import { describe, expect, it } from 'vitest'
import { isCustomerTouch, modelKinds, modelTables, type Activity, type Deal, type SalesProcess } from '../model'
import { generateWorkspace } from './index'

// A Wednesday morning in Shanghai: part of today's plan is done, the rest is still planned.
const ANCHOR = Date.parse('2026-11-18T10:30:00+08:00')
const OFFSET = 8 * 3_600_000
const DAY = 86_400_000
const localDay = (t: number): number => Math.floor((t + OFFSET) / DAY)
const minuteOfDay = (t: number): number => Math.floor(((t + OFFSET) % DAY) / 60_000)
const weekday = (day: number): number => (day + 3) % 7 // 0 = Monday
const ANCHOR_DAY = localDay(ANCHOR)

const ws = generateWorkspace({ seed: 42, anchor: ANCHOR, locale: 'zh-CN', scale: 'demo' })
const en = generateWorkspace({ seed: 42, anchor: ANCHOR, locale: 'en-US', scale: 'demo' })

function km(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const r = Math.PI / 180
  const h =
    Math.sin(((b.lat - a.lat) * r) / 2) ** 2 +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lng - a.lng) * r) / 2) ** 2
  return 12_742 * Math.asin(Math.sqrt(h))
}

function index<T extends { id: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.id, r]))
}

const customers = index(ws.customers)
const contacts = index(ws.contacts)
const users = index(ws.users)
const deals = index(ws.deals)
const processes = index(ws.salesProcesses)
const reps = ws.users.filter((u) => u.role === 'rep')
const activeReps = reps.filter((u) => u.active)
const isVisit = (a: Activity): boolean => a.kind === 'visit' || a.kind === 'ride_along'
const doneVisits = ws.activities.filter((a) => isVisit(a) && a.status === 'done')
const stageOf = (d: Deal): SalesProcess['stages'][number] => processes.get(d.processId)!.stages.find((s) => s.id === d.stageId)!

describe('demo workspace: shape', () => {
  it('every row of every table validates against its schema', () => {
    for (const table of modelTables) {
      const schema = modelKinds[table].schema
      for (const row of ws[table] as unknown[]) {
        const res = schema.safeParse(row)
        if (!res.success) throw new Error(`${table}: ${JSON.stringify(row)}\n${res.error.message}`)
      }
    }
  })

  it('ids are unique across the whole workspace', () => {
    const seen = new Set<string>()
    for (const table of modelTables) for (const row of ws[table] as { id: string }[]) seen.add(row.id)
    const total = modelTables.reduce((n, t) => n + ws[t].length, 0)
    expect(seen.size).toBe(total)
  })

  it('has the demo region: 3 teams of 6 active reps, a manager each, a director and a coach', () => {
    const region = ws.orgUnits.filter((o) => o.kind === 'region')
    const teams = ws.orgUnits.filter((o) => o.kind === 'team')
    expect(region.map((r) => r.name)).toEqual(['华东大区'])
    expect(teams.map((t) => t.city).sort()).toEqual(['上海', '南京', '杭州'])
    for (const team of teams) {
      expect(activeReps.filter((r) => r.orgUnitId === team.id)).toHaveLength(6)
      expect(ws.users.filter((u) => u.role === 'team_lead' && u.orgUnitId === team.id)).toHaveLength(1)
    }
    expect(ws.users.filter((u) => u.role === 'director')).toHaveLength(1)
    expect(ws.users.filter((u) => u.role === 'coach')).toHaveLength(1)
    expect(new Set(ws.users.map((u) => u.title))).toEqual(
      new Set(['销售代表', '高级销售代表', '销售经理', '大区总监', '销售教练'])
    )
  })

  it('counts land in the demo ranges', () => {
    expect(ws.customers).toHaveLength(1200)
    expect(ws.deals.length).toBeGreaterThanOrEqual(570)
    expect(ws.deals.length).toBeLessThanOrEqual(630)
    expect(ws.activities.length).toBeGreaterThan(23_000)
    expect(ws.activities.length).toBeLessThan(27_000)
    const perCustomer = new Map<string, number>()
    for (const c of ws.contacts) perCustomer.set(c.customerId, (perCustomer.get(c.customerId) ?? 0) + 1)
    expect(perCustomer.size).toBe(1200)
    expect(Math.min(...perCustomer.values())).toBeGreaterThanOrEqual(1)
    expect(Math.max(...perCustomer.values())).toBeLessThanOrEqual(4)
    const big = ws.deals.filter((d) => d.bigDeal || d.amount! >= processes.get(d.processId)!.bigDealThreshold)
    expect(big.length).toBeGreaterThanOrEqual(28)
    expect(big.length).toBeLessThanOrEqual(60)
    const byStatus = (s: Deal['status']): number => ws.deals.filter((d) => d.status === s).length
    expect(byStatus('open')).toBeGreaterThan(120)
    expect(byStatus('won')).toBeGreaterThan(120)
    expect(byStatus('lost')).toBeGreaterThan(120)
  })

  it('deal amounts are integer fen with a long tail', () => {
    const amounts = ws.deals.map((d) => d.amount!).sort((a, b) => a - b)
    const median = amounts[Math.floor(amounts.length / 2)]!
    const p95 = amounts[Math.floor(amounts.length * 0.95)]!
    expect(median).toBeGreaterThan(3_000_000) // > ¥30k
    expect(median).toBeLessThan(15_000_000) // < ¥150k
    expect(p95 / median).toBeGreaterThan(4)
    for (const d of ws.deals) expect(d.currency).toBe('CNY')
  })
})

describe('demo workspace: determinism', () => {
  it('same inputs give byte-identical output; another seed gives another workspace', () => {
    const again = generateWorkspace({ seed: 42, anchor: ANCHOR, locale: 'zh-CN', scale: 'demo' })
    expect(JSON.stringify(again)).toBe(JSON.stringify(ws))
    const other = generateWorkspace({ seed: 43, anchor: ANCHOR, locale: 'zh-CN', scale: 'demo' })
    expect(other.customers[0]!.name).not.toBe(ws.customers[0]!.name)
    expect(JSON.stringify(other.deals)).not.toBe(JSON.stringify(ws.deals))
  })

  it('zh-CN and en-US are the same workspace with different text', () => {
    for (const table of modelTables)
      expect((en[table] as { id: string }[]).map((r) => r.id)).toEqual((ws[table] as { id: string }[]).map((r) => r.id))
    expect(en.deals.map((d) => d.amount)).toEqual(ws.deals.map((d) => d.amount))
  })
})

describe('demo workspace: referential integrity', () => {
  it('every deal points at a real customer, rep owner, process and stage; orgUnit is the owner team', () => {
    for (const d of ws.deals) {
      const owner = users.get(d.ownerId)!
      expect(customers.has(d.customerId!)).toBe(true)
      expect(owner.role).toBe('rep')
      expect(d.orgUnitId).toBe(owner.orgUnitId)
      expect(stageOf(d)).toBeDefined()
    }
  })

  it('every activity points at a real customer, user, deal of that customer and contact of that customer', () => {
    for (const a of ws.activities) {
      expect(customers.has(a.customerId)).toBe(true)
      expect(users.has(a.userId)).toBe(true)
      if (a.dealId) expect(deals.get(a.dealId)?.customerId).toBe(a.customerId)
      if (a.contactId) expect(contacts.get(a.contactId)?.customerId).toBe(a.customerId)
      if (a.otherUserId) expect(users.has(a.otherUserId)).toBe(true)
    }
  })

  it('stage histories are chains that end at the deal’s current stage', () => {
    const byDeal = new Map<string, typeof ws.stageHistory>()
    for (const h of ws.stageHistory) byDeal.set(h.dealId, [...(byDeal.get(h.dealId) ?? []), h])
    expect(byDeal.size).toBe(ws.deals.length)
    for (const d of ws.deals) {
      const rows = byDeal.get(d.id)!
      expect(rows[0]!.fromStageId).toBeNull()
      expect(rows[0]!.at).toBe(d.createdAt)
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i]!.fromStageId).toBe(rows[i - 1]!.toStageId)
        expect(rows[i]!.at).toBeGreaterThanOrEqual(rows[i - 1]!.at)
      }
      const last = rows[rows.length - 1]!
      expect(last.toStageId).toBe(d.stageId)
      expect(last.at).toBe(d.stageEnteredAt)
    }
    const skips = ws.stageHistory.filter((h) => h.skippedStageIds?.length)
    expect(skips.length).toBeGreaterThan(3)
    for (const h of skips) expect(h.reason).toBeTruthy()
  })

  it('status, close date, loss reason, forecast category and criteria agree with the stage', () => {
    for (const d of ws.deals) {
      const stage = stageOf(d)
      const process = processes.get(d.processId)!
      expect(stage.kind).toBe(d.status)
      if (d.status === 'open') {
        expect(d.closedAt).toBeUndefined()
        expect(d.forecastCategory).not.toBe('closed')
      } else {
        expect(d.closedAt).toBe(d.stageEnteredAt)
        expect(d.forecastCategory).toBe('closed')
      }
      if (d.status === 'lost') expect(process.lossReasons).toContain(d.lossReason)
      // Criteria only of stages up to the next one.
      const idx = process.stages.indexOf(stage)
      const allowed = new Set(
        process.stages
          .slice(0, d.status === 'open' ? idx + 2 : process.stages.length)
          .flatMap((s) => s.exitCriteria.map((c) => c.id))
      )
      for (const c of d.checkedCriteria) expect(allowed.has(c)).toBe(true)
      if (d.status === 'open' && stage.probability >= 65) expect(['commit', 'best_case']).toContain(d.forecastCategory)
      if (d.status === 'open' && stage.probability < 30) expect(d.forecastCategory).toBe('pipeline')
    }
  })
})

describe('demo workspace: time', () => {
  it('nothing done happens after the anchor; everything is inside the 12 months', () => {
    for (const a of ws.activities) {
      expect(a.at).toBeGreaterThanOrEqual(ws.meta.historyStart)
      if (a.status !== 'planned') expect(a.at).toBeLessThanOrEqual(ANCHOR)
      if (a.at > ANCHOR) expect(a.status).toBe('planned')
      if (a.loggedAt !== undefined) expect(a.loggedAt).toBeLessThanOrEqual(ANCHOR)
    }
    expect(ANCHOR - ws.meta.historyStart).toBeGreaterThan(360 * DAY)
    expect(ANCHOR - ws.meta.historyStart).toBeLessThan(367 * DAY)
    for (const d of ws.deals) expect(d.stageEnteredAt).toBeLessThanOrEqual(ANCHOR)
  })

  it('no follow-up precedes the customer or the deal it is about', () => {
    for (const a of ws.activities) {
      expect(a.at).toBeGreaterThanOrEqual(customers.get(a.customerId)!.createdAt)
      if (a.dealId) expect(a.at).toBeGreaterThanOrEqual(deals.get(a.dealId)!.createdAt)
    }
  })

  it('visits happen on working days between 09:00 and 18:30 Shanghai time', () => {
    for (const v of ws.activities.filter(isVisit)) {
      expect(weekday(localDay(v.at))).toBeLessThan(6)
      expect(minuteOfDay(v.at)).toBeGreaterThanOrEqual(9 * 60)
      expect(minuteOfDay(v.at)).toBeLessThanOrEqual(18 * 60 + 30)
    }
    const saturdays = doneVisits.filter((v) => weekday(localDay(v.at)) === 5)
    expect(saturdays.length).toBeGreaterThan(0)
    expect(saturdays.length).toBeLessThan(doneVisits.length * 0.1)
  })

  it('open deals mostly expect to close in the future; pushed deals carry their close-date changes', () => {
    const open = ws.deals.filter((d) => d.status === 'open')
    expect(open.filter((d) => d.expectedCloseAt! >= ANCHOR).length / open.length).toBeGreaterThan(0.85)
    const pushes = new Map<string, number>()
    for (const a of ws.activities.filter((x) => x.kind === 'close_date_change')) {
      expect(typeof a.from).toBe('number')
      expect(a.to as number).toBeGreaterThan(a.from as number)
      pushes.set(a.dealId!, (pushes.get(a.dealId!) ?? 0) + 1)
    }
    expect([...pushes.values()].filter((n) => n >= 3).length).toBeGreaterThanOrEqual(15)
  })
})

describe('demo workspace: the eight-visit rhythm', () => {
  const from = ANCHOR_DAY - 28
  const recent = doneVisits.filter((v) => localDay(v.at) >= from && localDay(v.at) < ANCHOR_DAY)
  // A team's working days: weekdays plus the Saturdays anyone in the team visited on.
  const teamDays = new Map<string, Set<number>>()
  for (const v of recent) {
    const team = users.get(v.userId)!.orgUnitId
    const set = teamDays.get(team) ?? new Set<number>()
    set.add(localDay(v.at))
    teamDays.set(team, set)
  }
  const perRep = activeReps.map((rep) => {
    const mine = recent.filter((v) => v.userId === rep.id)
    const days = [...(teamDays.get(rep.orgUnitId) ?? [])].filter((d) => rep.hiredAt! < (d + 1) * DAY - OFFSET).length
    const count = (k: string): number => mine.filter((v) => v.visitKind === k).length / days
    return { rep, perDay: mine.length / days, new: count('new'), follow: count('follow_up'), closing: count('closing') }
  })

  it('normal reps average ~8 visits per working day, split 4 new / 2 follow-up / 2 closing', () => {
    const tenured = perRep.filter((r) => r.perDay >= 6.5 && r.rep.hiredAt! < ANCHOR - 200 * DAY)
    expect(tenured.length).toBeGreaterThanOrEqual(12)
    const mean = (f: (r: (typeof perRep)[number]) => number): number => tenured.reduce((s, r) => s + f(r), 0) / tenured.length
    expect(mean((r) => r.perDay)).toBeGreaterThan(7.6)
    expect(mean((r) => r.perDay)).toBeLessThan(8.4)
    expect(mean((r) => r.new)).toBeGreaterThan(3.5)
    expect(mean((r) => r.new)).toBeLessThan(4.6)
    expect(mean((r) => r.follow)).toBeGreaterThan(1.6)
    expect(mean((r) => r.follow)).toBeLessThan(2.5)
    expect(mean((r) => r.closing)).toBeGreaterThan(1.5)
    expect(mean((r) => r.closing)).toBeLessThan(2.4)
  })

  it('two or three reps clearly under-visit', () => {
    const low = perRep.filter((r) => r.perDay < 6)
    expect(low.length).toBeGreaterThanOrEqual(2)
    expect(low.length).toBeLessThanOrEqual(3)
    for (const r of low) expect(r.perDay).toBeLessThan(5.8)
  })

  it('older history is thinner than the last four weeks', () => {
    const old = doneVisits.filter((v) => localDay(v.at) < ANCHOR_DAY - 300).length
    const last = doneVisits.filter((v) => localDay(v.at) >= ANCHOR_DAY - 65 && localDay(v.at) < ANCHOR_DAY - 0).length
    expect(old).toBeGreaterThan(300)
    expect(old).toBeLessThan(last)
  })

  it('today every active rep has a plan, partly done by the anchor', () => {
    const today = ws.activities.filter((a) => isVisit(a) && localDay(a.at) === ANCHOR_DAY)
    for (const rep of activeReps) {
      const mine = today.filter((a) => a.userId === rep.id)
      expect(mine.filter((a) => a.status === 'planned').length).toBeGreaterThanOrEqual(3)
      expect(mine.filter((a) => a.status === 'done').length).toBeGreaterThanOrEqual(1)
      for (const a of mine) if (a.status === 'planned') expect(a.checkIn).toBeUndefined()
    }
  })

  it('managers ride along with a behaviour control sheet; evenings have role-plays and coaching', () => {
    const rides = ws.activities.filter((a) => a.kind === 'ride_along')
    expect(rides.length).toBeGreaterThan(100)
    for (const r of rides) {
      expect(users.get(r.otherUserId!)!.role).toBe('team_lead')
      expect(users.get(r.userId)!.role).toBe('rep')
      expect(r.behaviour?.objective).toBeTruthy()
    }
    expect(ws.activities.filter((a) => a.kind === 'role_play').length).toBeGreaterThan(50)
    expect(ws.activities.filter((a) => a.kind === 'coaching_comment').length).toBeGreaterThan(50)
  })

  it('normal visits check in next to the customer and record the contact met', () => {
    const near = doneVisits.filter(
      (v) => v.checkIn && km(v.checkIn, customers.get(v.customerId) as { lat: number; lng: number }) < 0.5
    )
    expect(near.length / doneVisits.length).toBeGreaterThan(0.98)
    for (const v of doneVisits) {
      expect(v.contactId).toBeDefined()
      expect(v.recordedSeniority).toBeDefined()
    }
  })
})

describe('demo workspace: what a manager must catch', () => {
  const recentDone = doneVisits.filter((v) => localDay(v.at) >= ANCHOR_DAY - 42)

  it('check-ins kilometres away from the customer', () => {
    const far = recentDone.filter(
      (v) => v.checkIn && km(v.checkIn, customers.get(v.customerId) as { lat: number; lng: number }) > 2.5
    )
    expect(far.length).toBeGreaterThanOrEqual(10)
  })

  it('two check-ins 50 km apart ten minutes apart', () => {
    let pairs = 0
    const byRep = new Map<string, Activity[]>()
    for (const v of recentDone) if (v.checkIn) byRep.set(v.userId, [...(byRep.get(v.userId) ?? []), v])
    for (const list of byRep.values()) {
      list.sort((a, b) => a.at - b.at)
      for (let i = 1; i < list.length; i++) {
        const a = list[i - 1]!
        const b = list[i]!
        if (b.at - a.at <= 15 * 60_000 && km(a.checkIn!, b.checkIn!) >= 45) pairs++
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(4)
  })

  it('recorded seniority above the contact’s real one', () => {
    const inflated = recentDone.filter((v) => v.recordedSeniority! > contacts.get(v.contactId!)!.seniority)
    expect(inflated.length).toBeGreaterThanOrEqual(10)
  })

  it('phone calls written up as visits: no check-in, a call at the same moment', () => {
    const phoney = recentDone.filter((v) => !v.checkIn)
    expect(phoney.length).toBeGreaterThanOrEqual(8)
    const calls = ws.activities.filter((a) => a.kind === 'call' && a.connected)
    for (const v of phoney)
      expect(calls.some((c) => c.customerId === v.customerId && Math.abs(c.at - v.at) <= 5 * 60_000)).toBe(true)
  })

  it('the same note reused word for word on visits to different customers', () => {
    const byBody = new Map<string, Activity[]>()
    for (const v of recentDone) if (v.body) byBody.set(v.body, [...(byBody.get(v.body) ?? []), v])
    const reused = [...byBody.values()].filter((vs) => new Set(vs.map((v) => v.customerId)).size >= 3)
    expect(reused.length).toBeGreaterThanOrEqual(2)
    // …and only those: ordinary notes are specific enough not to collide.
    expect(reused.length).toBeLessThanOrEqual(4)
  })

  it('a day of visits logged in bulk late at night', () => {
    const bulk = new Map<string, number>()
    for (const v of recentDone) {
      const late = minuteOfDay(v.loggedAt!) >= 23 * 60 || localDay(v.loggedAt!) > localDay(v.at)
      if (late) bulk.set(`${v.userId}:${localDay(v.at)}`, (bulk.get(`${v.userId}:${localDay(v.at)}`) ?? 0) + 1)
    }
    expect([...bulk.values()].filter((n) => n >= 4).length).toBeGreaterThanOrEqual(3)
  })

  it('stalled deals: long in stage and no customer touch for 30+ days', () => {
    const lastTouch = new Map<string, number>()
    for (const a of ws.activities)
      if (isCustomerTouch(a) && a.at <= ANCHOR) lastTouch.set(a.customerId, Math.max(lastTouch.get(a.customerId) ?? 0, a.at))
    const stalled = ws.deals.filter((d) => {
      if (d.status !== 'open') return false
      const stage = stageOf(d)
      return ANCHOR - d.stageEnteredAt > stage.expectedDays * DAY && ANCHOR - (lastTouch.get(d.customerId!) ?? 0) > 30 * DAY
    })
    expect(stalled.length).toBeGreaterThanOrEqual(8)
    // Healthy deals are touched: most open deals had a touch in the last 30 days.
    const open = ws.deals.filter((d) => d.status === 'open')
    expect(open.filter((d) => ANCHOR - (lastTouch.get(d.customerId!) ?? 0) <= 30 * DAY).length / open.length).toBeGreaterThan(0.75)
  })

  it('a rep who left: inactive, no customers or open deals, the book back in the pool', () => {
    const gone = reps.filter((r) => !r.active)
    expect(gone).toHaveLength(1)
    const rep = gone[0]!
    expect(rep.leftAt).toBeLessThan(ANCHOR)
    expect(ws.customers.filter((c) => c.ownerId === rep.id)).toHaveLength(0)
    expect(ws.deals.filter((d) => d.ownerId === rep.id && d.status === 'open')).toHaveLength(0)
    expect(ws.customers.filter((c) => c.ownerId === null && c.previousOwnerId === rep.id).length).toBeGreaterThan(10)
    expect(ws.activities.filter((a) => a.userId === rep.id && a.at > rep.leftAt!)).toHaveLength(0)
  })

  it('10–15% of customers sit in the public pool', () => {
    const pool = ws.customers.filter((c) => c.ownerId === null)
    expect(pool.length / ws.customers.length).toBeGreaterThanOrEqual(0.1)
    expect(pool.length / ws.customers.length).toBeLessThanOrEqual(0.15)
    for (const c of pool) expect(c.poolSince).toBeDefined()
    for (const c of ws.customers.filter((x) => x.ownerId !== null)) expect(users.get(c.ownerId!)!.active).toBe(true)
    // Nobody has an open deal on a pool customer.
    const poolIds = new Set(pool.map((c) => c.id))
    expect(ws.deals.filter((d) => d.status === 'open' && poolIds.has(d.customerId!))).toHaveLength(0)
  })
})

describe('demo workspace: customers, targets, rules', () => {
  it('customers: real city coordinates, districts in the address, channels, tiers, hospitals and exam centres', () => {
    const centres: Record<string, { lat: number; lng: number }> = {
      上海: { lat: 31.23, lng: 121.47 },
      杭州: { lat: 30.27, lng: 120.15 },
      南京: { lat: 32.06, lng: 118.8 }
    }
    for (const c of ws.customers) {
      expect(km({ lat: c.lat!, lng: c.lng! }, centres[c.city!]!)).toBeLessThan(90)
      expect(c.address).toMatch(/^(上海市|杭州市|南京市).+(区|新区).+号/)
    }
    expect(new Set(ws.customers.map((c) => c.channel))).toEqual(new Set(['展会', '转介绍', '官网', '电销', '地推', '合作伙伴']))
    const strategic = ws.customers.filter((c) => c.tier === 'strategic').length
    expect(strategic).toBeGreaterThan(2)
    expect(strategic).toBeLessThan(30)
    expect(ws.customers.filter((c) => c.industry === '医院').length).toBeGreaterThan(30)
    expect(ws.customers.filter((c) => /医院/.test(c.name)).length).toBeGreaterThan(20)
  })

  it('physical-exam centres are a growing segment', () => {
    const exam = new Set(ws.customers.filter((c) => c.industry === '体检中心').map((c) => c.id))
    const dealsOf = (from: number, to: number): number =>
      ws.deals.filter((d) => exam.has(d.customerId!) && d.createdAt >= from && d.createdAt < to).length
    const h = ws.meta.historyStart
    const half = (ANCHOR - h) / 2
    expect(dealsOf(h + half, ANCHOR)).toBeGreaterThan(2 * dealsOf(h, h + half))
  })

  it('targets: monthly won amount and visits per rep, team and region; weekly 40, daily 8; most reps stretch', () => {
    const month = '2026-11-01'
    const monthTargets = ws.targets.filter((t) => t.period === 'month' && t.periodStart === month)
    for (const rep of activeReps) {
      const won = monthTargets.find((t) => t.scopeId === rep.id && t.metric === 'won_amount')
      expect(won?.objective).toBeGreaterThan(0)
      expect(monthTargets.some((t) => t.scopeId === rep.id && t.metric === 'visits')).toBe(true)
      const today = ws.targets.find((t) => t.period === 'day' && t.scopeId === rep.id && t.periodStart === '2026-11-18')
      expect(today?.objective).toBe(8)
      const week = ws.targets.find((t) => t.period === 'week' && t.scopeId === rep.id && t.periodStart === '2026-11-16')
      expect(week?.objective).toBe(40)
    }
    for (const unit of ws.orgUnits)
      expect(monthTargets.some((t) => t.scopeId === unit.id && t.metric === 'won_amount')).toBe(true)
    const months = new Set(ws.targets.filter((t) => t.period === 'month').map((t) => t.periodStart))
    expect(months.size).toBe(13)
    const stretched = activeReps.filter((r) =>
      monthTargets.some((t) => t.scopeId === r.id && t.metric === 'won_amount' && (t.stretch ?? 0) > t.objective)
    )
    expect(stretched.length / activeReps.length).toBeGreaterThan(0.6)
  })

  it('forecast snapshots per team and region: month starts and Mondays, with the objective beside them', () => {
    const units = ws.orgUnits.map((o) => o.id)
    const starts = ws.forecastSnapshots.filter((s) => s.trigger === 'period_start')
    for (const unit of units) expect(starts.filter((s) => s.scopeId === unit).length).toBeGreaterThanOrEqual(12)
    for (const s of starts) expect(s.won).toBe(0)
    for (const s of ws.forecastSnapshots) {
      expect(s.takenAt).toBeLessThanOrEqual(ANCHOR)
      expect(s.target).toBeGreaterThan(0)
      // Won so far never exceeds what the month finally brought in.
      const wonInMonth = ws.deals
        .filter(
          (d) => d.status === 'won' && d.closedAt! >= Date.parse(`${s.periodStart}T00:00:00+08:00`) && d.closedAt! <= s.takenAt
        )
        .filter((d) => s.scopeId === d.orgUnitId || ws.orgUnits.find((o) => o.id === d.orgUnitId)?.parentId === s.scopeId)
      expect(s.won).toBeLessThanOrEqual(wonInMonth.reduce((n, d) => n + d.amount!, 0) + 1)
    }
    expect(ws.forecastSnapshots.filter((s) => s.trigger === 'weekly').length).toBeGreaterThan(40 * units.length)
  })

  it('pool rules per team reclaim after 30 days', () => {
    const teams = ws.orgUnits.filter((o) => o.kind === 'team')
    expect(ws.poolRules.map((r) => r.orgUnitId).sort()).toEqual(teams.map((t) => t.id).sort())
    for (const r of ws.poolRules) expect(r.reclaimAfterDays).toBe(30)
  })

  it('two sales processes with rising probabilities, exit criteria and a big-deal threshold', () => {
    expect(ws.salesProcesses.map((p) => p.name).sort()).toEqual(['大客户销售流程', '新客户销售流程'])
    for (const p of ws.salesProcesses) {
      const open = p.stages.filter((s) => s.kind === 'open')
      expect(open.length).toBeGreaterThanOrEqual(6)
      for (let i = 1; i < open.length; i++) expect(open[i]!.probability).toBeGreaterThan(open[i - 1]!.probability)
      for (const s of open) expect(s.exitCriteria.length).toBeGreaterThan(0)
      expect(p.stages.filter((s) => s.kind === 'won')).toHaveLength(1)
      expect(p.stages.filter((s) => s.kind === 'lost')).toHaveLength(1)
      expect(p.bigDealThreshold).toBeGreaterThanOrEqual(30_000_000)
      expect(p.lossReasons).toContain('价格过高')
    }
  })
})

describe('demo workspace: language', () => {
  const CJK = /[\u4e00-\u9fff]/
  const ASCII = /^[\x20-\x7e]+$/

  it('zh-CN: names and texts are Chinese', () => {
    for (const u of ws.users) expect(u.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/)
    for (const c of ws.customers) expect(c.name).toMatch(CJK)
    for (const c of ws.contacts) expect(c.name).toMatch(CJK)
    for (const p of ws.salesProcesses) for (const s of p.stages) expect(s.name).toMatch(CJK)
    const bodies = ws.activities.filter((a) => a.body).slice(0, 500)
    for (const a of bodies) expect(a.body).toMatch(CJK)
  })

  it('en-US: names are ASCII pinyin, texts are English', () => {
    for (const u of en.users) expect(u.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/)
    for (const rows of [en.customers, en.contacts, en.orgUnits, en.deals]) for (const r of rows) expect(r.name).toMatch(ASCII)
    for (const c of en.customers) expect(`${c.industry} ${c.channel} ${c.address} ${c.city}`).toMatch(ASCII)
    for (const p of en.salesProcesses)
      for (const s of p.stages) expect(`${s.name} ${s.exitCriteria.map((c) => c.label).join(' ')}`).toMatch(ASCII)
    for (const a of en.activities) for (const text of [a.subject, a.body]) if (text) expect(text).not.toMatch(CJK)
    expect(en.users.map((u) => u.title)).toContain('Sales Rep')
  })
})

describe('anchor variations', () => {
  it('an evening anchor already has tomorrow’s plan; a Sunday anchor still has today’s', () => {
    const evening = generateWorkspace({
      seed: 5,
      anchor: Date.parse('2026-11-19T19:30:00+08:00'),
      locale: 'zh-CN',
      scale: 'demo'
    })
    const tomorrow = localDay(Date.parse('2026-11-20T12:00:00+08:00'))
    const planned = evening.activities.filter((a) => a.kind === 'visit' && a.status === 'planned' && localDay(a.at) === tomorrow)
    expect(new Set(planned.map((a) => a.userId)).size).toBe(18)

    const sunday = Date.parse('2026-11-22T09:00:00+08:00')
    const ws2 = generateWorkspace({ seed: 5, anchor: sunday, locale: 'en-US', scale: 'demo' })
    const today = ws2.activities.filter((a) => a.kind === 'visit' && localDay(a.at) === localDay(sunday))
    expect(new Set(today.map((a) => a.userId)).size).toBe(18)
  })

  it('another time zone shifts the working hours with it', () => {
    const utc = generateWorkspace({ seed: 5, anchor: ANCHOR, locale: 'en-US', scale: 'demo', timeZone: 'UTC' })
    const visits = utc.activities.filter((a) => a.kind === 'visit')
    for (const v of visits.slice(0, 2000)) expect(Math.floor((v.at % DAY) / 60_000)).toBeGreaterThanOrEqual(9 * 60)
  })
})
