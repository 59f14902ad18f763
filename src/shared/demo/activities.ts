import type { Activity, VisitKind } from '../model'
import { DAY, HOUR, MINUTE } from './calendar'
import type { ContactInfo, Ctx, Cust, DealSim, Rep, TeamCtx } from './context'
import { ownerAt, stageAt } from './context'
import { offsetCoords } from './customers'
import {
  CANNED_NOTES,
  behaviourSheet,
  callNote,
  coachingNote,
  emailSubject,
  managerNote,
  phoneAsVisitNote,
  plannedVisitSubject,
  rolePlayNote,
  smsNote,
  taskNote,
  visitNote,
  wechatNote
} from './notes'
import { economicContact, noteCtx, pushActivity } from './deals'
import { activeAt } from './org'
import { Rng } from './rng'

/*
 * Visit density. The iron-army rhythm is 8 visits per rep per working day (4 new, 2
 * follow-up, 2 closing), but 18 reps × 8 × ~250 days is 36,000 visits — more than the whole
 * 25,000-row demo budget. So:
 * - the last 28 days (what the eight-visit board and its heat-map open on) and the anchor day
 *   follow the rhythm exactly;
 * - older days are thinned by a density δ(d) that ramps up over the year (0.55× → 1.45× of a
 *   base k). k is solved so the expected total lands on the scale's activity target. The ramp
 *   reads as a team that adopted the rhythm over the year, which is also what a manager
 *   rolling out the cockpit would see in their CRM history.
 * Calls, WeChat and the rest scale with the same δ.
 */
const OTHER_PER_DAY = { call: 3, wechat: 1.6, email: 0.4, sms: 0.3, task: 0.15 }
const OTHER_SUM = Object.values(OTHER_PER_DAY).reduce((a, b) => a + b, 0)
/** Team-level rows per team working day at full density: role-plays, coaching, manager notes. */
const TEAM_PER_DAY = { rolePlay: 0.6, coaching: 0.9, note: 0.2 }
const TEAM_SUM = Object.values(TEAM_PER_DAY).reduce((a, b) => a + b, 0)
const FULL_DAYS = 28
const KIND_CYCLE: readonly VisitKind[] = ['new', 'follow_up', 'new', 'closing', 'new', 'follow_up', 'new', 'closing']

type Pattern = 'far' | 'travel' | 'seniority' | 'phone' | 'copy' | 'bulk'

interface DayLists {
  closing: DealSim[]
  follow: DealSim[]
  clients: Cust[]
  prospects: Cust[]
  leads: Cust[]
}

interface VisitDraft {
  row: Activity
  cust: Cust
  contact: ContactInfo
}

function sround(rng: Rng, x: number): number {
  const f = Math.floor(x)
  return f + (rng.next() < x - f ? 1 : 0)
}

export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const r = Math.PI / 180
  const dLat = (b.lat - a.lat) * r
  const dLng = (b.lng - a.lng) * r
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLng / 2) ** 2
  return 12_742 * Math.asin(Math.sqrt(h))
}

export function buildRhythm(ctx: Ctx): void {
  const rng = new Rng(ctx.seed, 'rhythm')
  const { cal, anchorDay, startDay } = ctx
  const fullFrom = anchorDay - FULL_DAYS

  // Some Saturdays are working days (make-up days, month-end pushes), decided per team.
  for (const team of ctx.teams) {
    for (let d = startDay; d <= anchorDay; d++) {
      if (cal.weekday(d) === 5 && !cal.isHoliday(d) && rng.chance(0.22)) team.saturdays.add(d)
    }
  }
  const works = (team: TeamCtx, day: number): boolean => day === anchorDay || cal.isWeekday(day) || team.saturdays.has(day)
  const repActiveOn = (rep: Rep, day: number): boolean =>
    rep.hiredAt < cal.start(day + 1) && rep.leftAt > cal.start(day) + 18 * HOUR

  // Solve the history density so the expected row count meets the target.
  const perRep = (rep: Rep): number => 8 * rep.visitFactor + OTHER_SUM + TEAM_SUM / ctx.params.repsPerTeam
  let fixed = ctx.activities.length
  const hist: { w: number; c: number }[] = []
  for (let d = startDay; d <= anchorDay; d++) {
    let c = 0
    for (const team of ctx.teams) {
      if (!works(team, d)) continue
      for (const rep of team.reps) if (repActiveOn(rep, d)) c += perRep(rep)
    }
    if (d >= fullFrom) fixed += d === anchorDay ? c * 0.6 : c
    else hist.push({ w: 0.55 + (0.9 * (d - startDay)) / Math.max(1, fullFrom - startDay), c })
  }
  fixed += ctx.deals.filter((x) => x.stalled).length * 2
  const budget = Math.max(0, ctx.params.activities - fixed)
  const expected = (k: number): number => hist.reduce((s, h) => s + h.c * Math.min(1, k * h.w), 0)
  let lo = 0
  let hi = 4
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2
    if (expected(mid) < budget) lo = mid
    else hi = mid
  }
  const k = lo

  const patterns = plantPatterns(ctx, rng, fullFrom, works, repActiveOn)
  const copyText = new Map<Rep, string>()
  const books = new Map(ctx.reps.map((r) => [r, new RepBook(r)]))
  const leads = new Map(ctx.teams.map((t) => [t, teamLeads(t)]))

  for (let day = startDay; day <= anchorDay; day++) {
    const density = day >= fullFrom ? 1 : Math.min(1, k * (0.55 + (0.9 * (day - startDay)) / Math.max(1, fullFrom - startDay)))
    const isAnchor = day === anchorDay
    for (const team of ctx.teams) {
      if (!works(team, day)) continue
      const reps = team.reps.filter((r) => repActiveOn(r, day))
      if (reps.length === 0) continue
      const rideRep = rng.chance(isAnchor ? 1 : density * 0.9) ? rng.pick(reps) : null
      const dayLists = new Map<Rep, { lists: DayLists; visits: VisitDraft[] }>()
      const teamLeadList = leads.get(team) as Cust[]
      const leadN = leadCountAt(teamLeadList, cal.start(day))
      for (const rep of reps) {
        const lists = (books.get(rep) as RepBook).lists(cal.start(day), cal.start(day + 1), teamLeadList, leadN)
        const res = repDay(ctx, rng, rep, day, density, lists, rideRep === rep, patterns.get(rep.idx * 100_000 + day), copyText)
        dayLists.set(rep, res)
      }
      teamEvening(ctx, rng, team, day, density, dayLists)
    }
  }

  // The next working day's plan is always there, whatever the hour the demo is opened: the
  // kickoff, the review's "tomorrow" and the cold-visit finder all work from it.
  planTomorrow(ctx, rng)
  nudgeStalled(ctx, rng)
}

/** Picks the rep-days that carry each suspicious-visit pattern (risk control must find them). */
function plantPatterns(
  ctx: Ctx,
  rng: Rng,
  fullFrom: number,
  works: (t: TeamCtx, d: number) => boolean,
  repActiveOn: (r: Rep, d: number) => boolean
): Map<number, Pattern[]> {
  const out = new Map<number, Pattern[]>()
  const f = ctx.params.suspicious
  const from = ctx.anchorDay - 42
  const slots: number[] = []
  for (const rep of ctx.reps) {
    for (let d = from; d < ctx.anchorDay; d++)
      if (ctx.cal.isWeekday(d) && works(rep.team, d) && repActiveOn(rep, d)) slots.push(rep.idx * 100_000 + d)
  }
  const add = (key: number, p: Pattern): void => {
    const list = out.get(key) ?? []
    if (!list.includes(p)) list.push(p)
    out.set(key, list)
  }
  const quota: [Pattern, number][] = [
    ['far', 16],
    ['travel', 7],
    ['seniority', 14],
    ['phone', 10],
    ['bulk', 4]
  ]
  for (const [p, n] of quota) for (let i = 0; i < Math.round(n * f); i++) add(rng.pick(slots), p)
  // Copy-pasters: a couple of reps reuse one note on several days.
  const active = ctx.reps.filter((r) => r.leftAt === Infinity && r.hiredAt < ctx.cal.start(from))
  rng.shuffle(active)
  const copiers = active.slice(0, Math.max(2, Math.round(2 * f)))
  for (const rep of copiers) {
    const days: number[] = []
    for (let d = fullFrom; d < ctx.anchorDay; d++) if (ctx.cal.isWeekday(d) && works(rep.team, d)) days.push(d)
    rng.shuffle(days)
    for (const d of days.slice(0, 5)) add(rep.idx * 100_000 + d, 'copy')
  }
  return out
}

/**
 * What a rep can visit on a day. Days run forward, so each rep keeps a cursor into their deals
 * (sorted by creation) and a small set of live ones instead of rescanning everything daily.
 */
class RepBook {
  private cursor = 0
  private live: DealSim[] = []
  private readonly deals: DealSim[]

  constructor(private readonly rep: Rep) {
    this.deals = [...rep.deals].sort((a, b) => a.createdAt - b.createdAt)
  }

  /**
   * Lists for the day [from, to): only deals and customers that existed when it began, and only
   * deals still open when it ends (a deal closed today has its own stage-history event).
   */
  lists(from: number, to: number, leads: readonly Cust[], leadCount: number): DayLists {
    const rep = this.rep
    while (this.cursor < this.deals.length && (this.deals[this.cursor] as DealSim).createdAt <= from)
      this.live.push(this.deals[this.cursor++] as DealSim)
    // Lost deals drop out when closed; won ones stay a month for the payment chase.
    let keep = 0
    for (const d of this.live)
      if (from < d.closedAt || (d.row.status === 'won' && from - d.closedAt < 30 * DAY)) this.live[keep++] = d
    this.live.length = keep
    const lists: DayLists = {
      closing: [],
      follow: [],
      clients: [],
      prospects: [],
      leads: leadCount > 0 ? leads.slice(0, leadCount) : []
    }
    for (const deal of this.live) {
      if (to >= deal.cust.quietFrom || ownerAt(deal.owners, from) !== rep) continue
      if (to < deal.closedAt) {
        const idx = stageAt(deal, from)
        if (idx >= 0 && idx / Math.max(1, deal.proc.openCount - 1) >= 0.5) lists.closing.push(deal)
        else lists.follow.push(deal)
      } else if (deal.closedAt <= from) lists.closing.push(deal)
    }
    for (const cust of rep.customers) {
      if (
        cust.row.createdAt > from ||
        to >= cust.quietFrom ||
        ownerAt(cust.owners, from) !== rep ||
        ownerAt(cust.owners, to) !== rep
      )
        continue
      if (cust.firstWonAt < from) lists.clients.push(cust)
      else if (cust.firstDealAt > to) lists.prospects.push(cust)
    }
    return lists
  }
}

/** Pool leads of a team sorted by arrival, for cold visits. */
function teamLeads(team: TeamCtx): Cust[] {
  return team.customers.filter((c) => c.coldTarget).sort((a, b) => a.row.createdAt - b.row.createdAt)
}

function leadCountAt(leads: readonly Cust[], t: number): number {
  let n = 0
  while (n < leads.length && (leads[n] as Cust).row.createdAt <= t) n++
  return n
}

function pickContact(rng: Rng, cust: Cust, kind: VisitKind): ContactInfo {
  if (kind === 'closing' && rng.chance(0.6)) return economicContact(cust)
  return rng.pick(cust.contacts)
}

function repDay(
  ctx: Ctx,
  rng: Rng,
  rep: Rep,
  day: number,
  density: number,
  lists: DayLists,
  ride: boolean,
  patterns: Pattern[] | undefined,
  copyText: Map<Rep, string>
): { lists: DayLists; visits: VisitDraft[] } {
  const { cal, anchor, anchorDay, L } = ctx
  const isAnchor = day === anchorDay
  const full = density >= 1
  let n: number
  // Today's plan is what the rep reported at the morning kickoff: the full eight, or a short
  // plan from the reps who under-visit (a manager sees that before the day starts).
  if (isAnchor) n = rep.visitFactor < 1 ? 5 : 8
  else if (full)
    n = Math.round(
      8 * rep.visitFactor + (rep.visitFactor < 1 ? rng.normal() * 0.7 : rng.chance(0.7) ? 0 : rng.chance(0.5) ? 1 : -1)
    )
  else n = sround(rng, 8 * rep.visitFactor * density * rng.range(0.6, 1.4))
  n = Math.max(0, Math.min(10, n))

  // Today's kinds: the 4/2/2 cycle, cut or extended to n, in a shuffled order.
  const kinds: VisitKind[] = []
  for (let i = 0; i < n; i++) kinds.push(KIND_CYCLE[i % 8] as VisitKind)
  rng.shuffle(kinds)

  const visits: VisitDraft[] = []
  const window = 570 // 09:00–18:30
  const slot = n > 0 ? window / n : window
  const planLoggedAt = cal.at(day - 1, 21, rng.int(0, 90))
  const used = new Set<Cust>()
  for (let i = 0; i < n; i++) {
    const start = cal.at(day, 9) + Math.round(i * slot + rng.range(0, slot * 0.3)) * MINUTE
    const target = pickTarget(rng, kinds[i] as VisitKind, lists, used)
    if (!target) continue
    const { cust, deal, kind } = target
    used.add(cust)
    const contact = pickContact(rng, cust, kind)
    const nctx = noteCtx(ctx, cust, contact, deal?.row.product ?? '', deal?.row.amount)
    const durationMin = rng.int(20, Math.max(25, Math.min(70, Math.floor(slot * 0.6))))
    const planned = isAnchor && start > anchor
    const row: Activity = {
      id: '',
      kind: 'visit',
      customerId: cust.row.id,
      dealId: deal ? deal.row.id : null,
      userId: rep.user.id,
      at: Math.round(start),
      status: planned ? 'planned' : 'done',
      visitKind: kind,
      contactId: contact.row.id
    }
    if (planned) {
      row.loggedAt = planLoggedAt
      row.subject = plannedVisitSubject(L, kind, cust.short)
      if (rng.chance(0.5)) row.behaviour = behaviourSheet(rng, L, nctx, false)
    } else {
      const end = row.at + durationMin * MINUTE
      const late = rng.chance(0.15)
      const logged = late ? Math.max(end, cal.at(day, 19, rng.int(0, 150))) : end + rng.int(2, 40) * MINUTE
      row.loggedAt = Math.min(logged, anchor)
      row.recordedSeniority = contact.row.seniority
      row.checkIn = offsetCoords(cust.row.lat ?? 0, cust.row.lng ?? 0, rng.range(10, 180), rng.range(0, 2 * Math.PI))
      row.durationSec = durationMin * 60
      const note = visitNote(rng, L, kind, nctx, kind === 'follow_up' && !deal)
      row.subject = note.subject
      row.body = note.body
      if (day >= anchorDay - FULL_DAYS && rng.chance(kind === 'closing' ? 0.4 : 0.2))
        row.behaviour = behaviourSheet(rng, L, nctx, true)
    }
    visits.push({ row, cust, contact })
  }

  if (ride && visits.length > 0) {
    // The manager joins the most important visit of the day (陪访).
    const order = ['closing', 'follow_up', 'new']
    const v = [...visits].sort(
      (a, b) => order.indexOf(a.row.visitKind ?? 'new') - order.indexOf(b.row.visitKind ?? 'new')
    )[0] as VisitDraft
    const manager = rep.team.manager
    v.row.kind = 'ride_along'
    v.row.otherUserId = manager.id
    v.row.behaviour = behaviourSheet(rng, L, noteCtx(ctx, v.cust, v.contact, ''), v.row.status === 'done')
  }

  for (const p of patterns ?? []) applyPattern(ctx, rng, rep, day, p, visits, copyText)

  for (const v of visits) pushActivity(ctx, v.row)

  // Calls, WeChat, e-mail, SMS and tasks around the visits.
  const fromDeal = (d: DealSim): { cust: Cust; deal: DealSim | null } => ({
    cust: d.cust,
    deal: d.closedAt === Infinity ? d : null
  })
  const touchTargets = (): { cust: Cust; deal: DealSim | null } | null => {
    const r = rng.next()
    const dealList = r < 0.35 ? lists.closing : r < 0.65 ? lists.follow : null
    if (dealList && dealList.length > 0) return fromDeal(rng.pick(dealList))
    const custList =
      lists.clients.length > 0 && (lists.prospects.length === 0 || rng.chance(0.5)) ? lists.clients : lists.prospects
    if (custList.length > 0) return { cust: rng.pick(custList), deal: null }
    const any = lists.follow.length > 0 ? lists.follow : lists.closing
    return any.length > 0 ? fromDeal(rng.pick(any)) : null
  }
  const dayStart = cal.at(day, 8, 30)
  const other = (kind: 'call' | 'wechat' | 'email' | 'sms' | 'task', mean: number): void => {
    const count = full ? sround(rng, mean * rng.range(0.5, 1.5)) : sround(rng, mean * density * rng.range(0.5, 1.5))
    for (let i = 0; i < count; i++) {
      const target = touchTargets()
      if (!target) break
      const at = dayStart + rng.int(0, 11 * 60) * MINUTE
      if (at > anchor) continue
      const contact = rng.pick(target.cust.contacts)
      const nctx = noteCtx(ctx, target.cust, contact, target.deal?.row.product ?? '', target.deal?.row.amount)
      const base = {
        customerId: target.cust.row.id,
        dealId: target.deal ? target.deal.row.id : null,
        userId: rep.user.id,
        at,
        loggedAt: Math.min(anchor, at + rng.int(1, 20) * MINUTE)
      }
      if (kind === 'call') {
        const connected = rng.chance(0.62)
        pushActivity(ctx, {
          id: '',
          kind,
          ...base,
          status: 'done',
          contactId: contact.row.id,
          durationSec: connected ? Math.max(20, Math.min(2400, Math.round(Math.exp(5 + rng.normal() * 0.7)))) : 0,
          connected,
          body: callNote(rng, L, connected, nctx)
        })
      } else if (kind === 'wechat') {
        pushActivity(ctx, { id: '', kind, ...base, status: 'done', contactId: contact.row.id, body: wechatNote(rng, L, nctx) })
      } else if (kind === 'sms') {
        pushActivity(ctx, { id: '', kind, ...base, status: 'done', contactId: contact.row.id, body: smsNote(rng, L, nctx) })
      } else if (kind === 'email') {
        pushActivity(ctx, {
          id: '',
          kind,
          ...base,
          status: 'done',
          contactId: contact.row.id,
          subject: emailSubject(rng, L, nctx)
        })
      } else {
        const dueAt = cal.at(day + rng.int(1, 5), 18)
        pushActivity(ctx, {
          id: '',
          kind,
          ...base,
          status: dueAt <= anchor ? 'done' : 'planned',
          subject: taskNote(rng, L, nctx),
          dueAt
        })
      }
    }
  }
  other('call', OTHER_PER_DAY.call)
  other('wechat', OTHER_PER_DAY.wechat)
  other('email', OTHER_PER_DAY.email)
  other('sms', OTHER_PER_DAY.sms)
  other('task', OTHER_PER_DAY.task)
  return { lists, visits }
}

function pickTarget(
  rng: Rng,
  want: VisitKind,
  lists: DayLists,
  used: Set<Cust>
): { cust: Cust; deal: DealSim | null; kind: VisitKind } | null {
  const order: VisitKind[] =
    want === 'closing'
      ? ['closing', 'follow_up', 'new']
      : want === 'follow_up'
        ? ['follow_up', 'closing', 'new']
        : ['new', 'follow_up']
  for (const kind of order) {
    for (let attempt = 0; attempt < 4; attempt++) {
      let cust: Cust | undefined
      let deal: DealSim | null = null
      if (kind === 'closing') {
        if (lists.closing.length === 0) break
        deal = rng.pick(lists.closing)
        cust = deal.cust
      } else if (kind === 'follow_up') {
        const useDeal = lists.follow.length > 0 && (lists.clients.length === 0 || rng.chance(0.6))
        if (useDeal) {
          deal = rng.pick(lists.follow)
          cust = deal.cust
        } else if (lists.clients.length > 0) cust = rng.pick(lists.clients)
        else break
      } else {
        // A quarter of new-customer visits are cold visits to pool leads near the route.
        const cold = lists.leads.length > 0 && (lists.prospects.length === 0 || rng.chance(0.25))
        if (cold) cust = rng.pick(lists.leads)
        else if (lists.prospects.length > 0) cust = rng.pick(lists.prospects)
        else break
      }
      if (!cust || used.has(cust)) continue
      return { cust, deal, kind }
    }
  }
  return null
}

function applyPattern(
  ctx: Ctx,
  rng: Rng,
  rep: Rep,
  day: number,
  p: Pattern,
  visits: VisitDraft[],
  copyText: Map<Rep, string>
): void {
  const { L, cal } = ctx
  // Ride-alongs are left alone: the manager was there.
  const done = visits.filter((v) => v.row.status === 'done' && v.row.kind === 'visit')
  if (done.length === 0) return
  const one = (): VisitDraft => done[rng.int(done.length > 1 ? 1 : 0, done.length - 1)] as VisitDraft
  switch (p) {
    case 'far': {
      // Checked in kilometres from the customer: the visit was logged from elsewhere.
      const v = one()
      v.row.checkIn = offsetCoords(v.cust.row.lat ?? 0, v.cust.row.lng ?? 0, rng.range(3000, 12_000), rng.range(0, 2 * Math.PI))
      break
    }
    case 'travel': {
      // Two check-ins 50+ km apart ten minutes apart.
      for (let i = 0; i + 1 < done.length; i++) {
        const a = done[i] as VisitDraft
        const b = done[i + 1] as VisitDraft
        const far = farCustomer(rep, a.cust, cal.at(day, 12))
        if (!far) continue
        const contact = rng.pick(far.contacts)
        b.cust = far
        b.contact = contact
        b.row.customerId = far.row.id
        b.row.dealId = null
        b.row.visitKind = 'new'
        b.row.contactId = contact.row.id
        b.row.recordedSeniority = contact.row.seniority
        b.row.at = a.row.at + 10 * MINUTE
        b.row.loggedAt = Math.max(b.row.loggedAt ?? 0, b.row.at + 15 * MINUTE)
        a.row.durationSec = 8 * 60
        b.row.checkIn = offsetCoords(far.row.lat ?? 0, far.row.lng ?? 0, rng.range(10, 150), rng.range(0, 2 * Math.PI))
        const note = visitNote(rng, L, 'new', noteCtx(ctx, far, contact, ''))
        b.row.subject = note.subject
        b.row.body = note.body
        return
      }
      break
    }
    case 'seniority': {
      // The vice-president recorded as the president.
      for (const v of rng.shuffle([...done])) {
        const lower = v.cust.contacts.find((c) => c.row.seniority <= 4)
        if (!lower) continue
        v.contact = lower
        v.row.contactId = lower.row.id
        v.row.recordedSeniority = Math.min(5, lower.row.seniority + rng.int(1, 2))
        return
      }
      break
    }
    case 'phone': {
      // A phone call written up as a visit: no check-in, a short duration, a call beside it.
      const v = one()
      delete v.row.checkIn
      v.row.durationSec = rng.int(2, 7) * 60
      v.row.body = phoneAsVisitNote(rng, L, noteCtx(ctx, v.cust, v.contact, ''))
      pushActivity(ctx, {
        id: '',
        kind: 'call',
        customerId: v.cust.row.id,
        dealId: v.row.dealId,
        userId: rep.user.id,
        at: v.row.at - rng.int(1, 3) * MINUTE,
        loggedAt: v.row.at,
        status: 'done',
        contactId: v.contact.row.id,
        durationSec: v.row.durationSec,
        connected: true,
        body: callNote(rng, L, true, noteCtx(ctx, v.cust, v.contact, ''))
      })
      break
    }
    case 'copy': {
      // Each copy-paster has their own stock sentence.
      let text = copyText.get(rep)
      if (!text) {
        text = (CANNED_NOTES[copyText.size % CANNED_NOTES.length] as readonly [string, string])[L]
        copyText.set(rep, text)
      }
      const v = one()
      v.row.body = text
      break
    }
    case 'bulk': {
      // The whole day typed in at once, late at night (or days later).
      const nextDays = rng.chance(0.5) ? 0 : rng.int(1, 3)
      let t = cal.at(day + nextDays, 23, rng.int(0, 20))
      if (t > ctx.anchor) t = cal.at(day, 23, rng.int(0, 20))
      for (const v of done) {
        v.row.loggedAt = t
        t += rng.int(40, 150) * 1000
      }
      break
    }
  }
}

function farCustomer(rep: Rep, from: Cust, t: number): Cust | null {
  const here = { lat: from.row.lat ?? 0, lng: from.row.lng ?? 0 }
  let best: Cust | null = null
  let bestKm = 50
  for (const c of rep.team.customers) {
    if (c.row.createdAt > t || c.contacts.length === 0) continue
    const owner = ownerAt(c.owners, t)
    if (owner !== rep && !(owner === null && c.coldTarget)) continue
    if (t >= c.quietFrom) continue
    const km = haversineKm(here, { lat: c.row.lat ?? 0, lng: c.row.lng ?? 0 })
    if (km > bestKm) {
      best = c
      bestKm = km
    }
  }
  return best
}

/** Evening: role-plays, coaching comments on today's visits, the manager's notes. */
function teamEvening(
  ctx: Ctx,
  rng: Rng,
  team: TeamCtx,
  day: number,
  density: number,
  days: Map<Rep, { lists: DayLists; visits: VisitDraft[] }>
): void {
  const { cal, anchor, L } = ctx
  const manager = team.manager
  const entries: [Rep, { lists: DayLists; visits: VisitDraft[] }][] = []
  for (const e of days) if (e[1].visits.length > 0) entries.push(e)
  if (entries.length === 0) return
  if (rng.chance(TEAM_PER_DAY.rolePlay * density)) {
    const [rep, d] = rng.pick(entries)
    const pool = d.lists.closing.length > 0 ? d.lists.closing : d.lists.follow
    const deal = pool.length > 0 ? rng.pick(pool) : null
    const cust = deal ? deal.cust : (rng.pick(d.visits) as VisitDraft).cust
    const at = cal.at(day, 19, rng.int(30, 90))
    if (at <= anchor) {
      const note = rolePlayNote(rng, L, noteCtx(ctx, cust, rng.pick(cust.contacts), deal?.row.product ?? ''))
      pushActivity(ctx, {
        id: '',
        kind: 'role_play',
        customerId: cust.row.id,
        dealId: deal && deal.closedAt === Infinity ? deal.row.id : null,
        userId: rep.user.id,
        at,
        loggedAt: at + 70 * MINUTE,
        status: 'done',
        otherUserId: manager.id,
        subject: note.subject,
        body: note.body
      })
    }
  }
  const comments = sround(rng, TEAM_PER_DAY.coaching * density)
  for (let i = 0; i < comments; i++) {
    const [rep, d] = rng.pick(entries)
    const v = rng.pick(d.visits)
    if (v.row.status !== 'done') continue
    const at = cal.at(day, 20, rng.int(0, 150))
    if (at > anchor) continue
    const author = rng.chance(0.3) ? team.region.coach : manager
    pushActivity(ctx, {
      id: '',
      kind: 'coaching_comment',
      customerId: v.cust.row.id,
      dealId: v.row.dealId,
      userId: author.id,
      at,
      status: 'done',
      otherUserId: rep.user.id,
      body: coachingNote(rng, L, noteCtx(ctx, v.cust, v.contact, ''))
    })
  }
  if (rng.chance(TEAM_PER_DAY.note * density)) {
    const [, d] = rng.pick(entries)
    const pool = [...d.lists.closing, ...d.lists.follow].filter((x) => x.closedAt === Infinity)
    if (pool.length > 0) {
      const deal = rng.pick(pool)
      const at = cal.at(day, 18, rng.int(0, 120))
      if (at <= anchor)
        pushActivity(ctx, {
          id: '',
          kind: 'note',
          customerId: deal.cust.row.id,
          dealId: deal.row.id,
          userId: manager.id,
          at,
          status: 'done',
          body: managerNote(rng, L, noteCtx(ctx, deal.cust, economicContact(deal.cust), deal.row.product ?? ''))
        })
    }
  }
}

/** The next working day's plan, as the evening review leaves it. */
function planTomorrow(ctx: Ctx, rng: Rng): void {
  const { cal, anchor, anchorDay, L } = ctx
  for (const team of ctx.teams) {
    let day = anchorDay + 1
    while (!(cal.isWeekday(day) || team.saturdays.has(day))) day++
    const leads = teamLeads(team)
    for (const rep of team.reps) {
      if (!activeAt(rep, anchor)) continue
      const lists = new RepBook(rep).lists(anchor, cal.start(day + 1), leads, leadCountAt(leads, anchor))
      const n = Math.round(8 * rep.visitFactor)
      const used = new Set<Cust>()
      for (let i = 0; i < n; i++) {
        const kind = KIND_CYCLE[i % 8] as VisitKind
        const target = pickTarget(rng, kind, lists, used)
        if (!target) continue
        used.add(target.cust)
        const contact = pickContact(rng, target.cust, target.kind)
        const row: Activity = {
          id: '',
          kind: 'visit',
          customerId: target.cust.row.id,
          dealId: target.deal ? target.deal.row.id : null,
          userId: rep.user.id,
          at: cal.at(day, 9) + Math.round((i * 570) / n + rng.int(0, 20)) * MINUTE,
          loggedAt: anchor - rng.int(0, 30) * MINUTE,
          status: 'planned',
          visitKind: target.kind,
          contactId: contact.row.id,
          subject: plannedVisitSubject(L, target.kind, target.cust.short)
        }
        if (rng.chance(0.5))
          row.behaviour = behaviourSheet(rng, L, noteCtx(ctx, target.cust, contact, target.deal?.row.product ?? ''), false)
        pushActivity(ctx, row)
      }
    }
  }
}

/** Stalled deals still get the rep's unanswered calls and e-mails — but no real touch. */
function nudgeStalled(ctx: Ctx, rng: Rng): void {
  const { cal, anchor, L } = ctx
  for (const deal of ctx.deals) {
    if (!deal.stalled) continue
    const owner = ownerAt(deal.owners, anchor)
    if (!owner) continue
    const n = rng.int(0, 3)
    for (let i = 0; i < n; i++) {
      const from = deal.cust.quietFrom + 2 * DAY
      if (from >= anchor) break
      const t = from + rng.next() * (anchor - from)
      const day = cal.day(t)
      const at = cal.at(day, rng.int(9, 17), rng.int(0, 59))
      if (at > anchor) continue
      const contact = economicContact(deal.cust)
      const nctx = noteCtx(ctx, deal.cust, contact, deal.row.product ?? '')
      const base = {
        customerId: deal.cust.row.id,
        dealId: deal.row.id,
        userId: owner.user.id,
        at,
        loggedAt: at + 5 * MINUTE,
        status: 'done' as const,
        contactId: contact.row.id
      }
      if (rng.chance(0.5))
        pushActivity(ctx, {
          id: '',
          kind: 'call',
          ...base,
          durationSec: 0,
          connected: false,
          body: callNote(rng, L, false, nctx)
        })
      else pushActivity(ctx, { id: '', kind: 'email', ...base, subject: emailSubject(rng, L, nctx) })
    }
  }
}
