import type { Activity, Deal, StageHistory } from '../model'
import { DAY, HOUR, MINUTE } from './calendar'
import type { ContactInfo, Ctx, Cust, DealSim, Move, OwnerSpan, ProcCtx, Rep } from './context'
import { ownerAt } from './context'
import { CHANNELS, PRODUCTS, type Product } from './data'
import { lostReview, managerNote, nextStepText, rushReason, skipReason, textOf, type NoteContext } from './notes'
import { LOSS_REASON_PAIRS, LOSS_REASON_WEIGHTS, PROCESS_DEFS, buildProcess, criterionIds } from './processes'
import { Rng, weighted } from './rng'
import { activeAt } from './org'

/** Deal size by company size; key-account deals are sized for large firms already. */
const SIZE_MULT = [0.35, 0.6, 1, 1.5, 2]
const KA_SIZE_MULT = [0.45, 0.55, 0.75, 1, 1.4]
const SIZE_INDEX: Record<string, number> = { micro: 0, small: 1, medium: 2, large: 3, enterprise: 4 }
const pickLossReason = weighted(LOSS_REASON_WEIGHTS)
const NEW_PRODUCTS = PRODUCTS.filter((p) => !p.keyAccount)
const KA_PRODUCTS = PRODUCTS.filter((p) => p.keyAccount)
const pickNewProduct = weighted([30, 30, 22, 18])
const pickKaProduct = weighted([40, 35, 25])
/** How many days before history starts deals may have been opened, so history opens mid-flow. */
const PRE_WINDOW_DAYS = 150

interface PlanMove extends Move {
  skipped?: string[]
  unchecked?: string[]
  reason?: string
}

interface Push {
  at: number
  from: number
  to: number
}

/** A simulated deal before it becomes rows; trimmed to the requested count first. */
interface Plan {
  createdAt: number
  rep: Rep
  cust: Cust
  proc: ProcCtx
  product: Product
  moves: PlanMove[]
  outcome: 'open' | 'won' | 'lost'
  closedAt: number
  lossReason: number
  amount0: number
  amount: number
  amountChange?: { at: number; from: number; to: number }
  handFlag: boolean
  pushes: Push[]
  expectedCloseAt: number
  firstExpected: number
  stalled: boolean
  lastTouch: number
  payments: { at: number; amount: number }[]
  deliveryAt: number
  owners: OwnerSpan[]
  keep: boolean
}

export function buildProcesses(ctx: Ctx): void {
  for (const def of PROCESS_DEFS) {
    const row = buildProcess(def, ctx.ids.make(ctx.startMs - 400 * DAY), ctx.L)
    const openCount = def.stages.filter((s) => s.kind === 'open').length
    ctx.processes.push({
      def,
      row,
      openCount,
      wonIdx: def.stages.findIndex((s) => s.kind === 'won'),
      lostIdx: def.stages.findIndex((s) => s.kind === 'lost')
    })
  }
}

/** Snap a time onto a working moment: a weekday between 09:00 and 18:00 local. */
function workMoment(ctx: Ctx, rng: Rng, t: number): number {
  let day = ctx.cal.day(t)
  while (!ctx.cal.isWeekday(day)) day++
  return ctx.cal.at(day, rng.int(9, 17), rng.int(0, 59))
}

function endOfDay(ctx: Ctx, t: number): number {
  return ctx.cal.at(ctx.cal.day(t), 18)
}

function roundAmount(yuan: number): number {
  const step = yuan >= 100_000 ? 1000 : 100
  return Math.max(step, Math.round(yuan / step) * step) * 100
}

export function economicContact(cust: Cust): ContactInfo {
  let best = cust.contacts[0] as ContactInfo
  for (const c of cust.contacts) if (c.row.seniority > best.row.seniority) best = c
  return best
}

export function noteCtx(ctx: Ctx, cust: Cust, contact: ContactInfo | undefined, product: string, amount?: number): NoteContext {
  const n: NoteContext = { contact: contact?.salute ?? cust.short, co: cust.short, product }
  if (amount) n.amount = amount
  return n
}

export function buildDeals(ctx: Ctx): void {
  const rng = new Rng(ctx.seed, 'deals')
  const { anchor, startMs } = ctx
  const first = startMs - PRE_WINDOW_DAYS * DAY
  const total = ctx.params.deals
  // Deals opened before history begins and closed before it are dropped, so simulate more
  // than asked for and trim uniformly afterwards.
  const candidates = Math.ceil(total * 1.4)
  const times: number[] = []
  for (let i = 0; i < candidates; i++) {
    // Pipeline creation grows ~50% over the period (density 1 + g·x, inverted CDF).
    const g = 0.5
    const x = (Math.sqrt(1 + 2 * g * rng.next() * (1 + g / 2)) - 1) / g
    times.push(first + x * (anchor - DAY - first))
  }
  times.sort((a, b) => a - b)

  const plans: Plan[] = []
  for (const raw of times) {
    const createdAt = workMoment(ctx, rng, raw)
    if (createdAt >= anchor) continue
    const pick = pickOwnerAndCustomer(ctx, rng, createdAt)
    if (!pick) continue
    const plan = simulate(ctx, rng, createdAt, pick.rep, pick.cust)
    if (plan.outcome !== 'open' && plan.closedAt < startMs) continue
    plans.push(plan)
  }
  // Trim to the requested count, uniformly, so the time profile is kept.
  let excess = plans.length - total
  if (excess > 0) {
    const order = rng.shuffle(plans.map((_, i) => i))
    for (const i of order) {
      if (excess === 0) break
      const p = plans[i] as Plan
      if (p.stalled) continue
      p.keep = false
      excess--
    }
  }
  const kept = plans.filter((p) => p.keep)
  for (const p of kept) p.cust.firstDealAt = Math.min(p.cust.firstDealAt, p.createdAt)
  handOverDepartedReps(ctx, rng, kept)
  for (const p of kept) emitDeal(ctx, rng, p)
}

function pickOwnerAndCustomer(ctx: Ctx, rng: Rng, t: number): { rep: Rep; cust: Cust } | null {
  for (let attempt = 0; attempt < 10; attempt++) {
    const rep = rng.pick(ctx.reps)
    if (!activeAt(rep, t) || rep.customers.length === 0) continue
    // Prefer a customer without an open deal (exam centres are in demand); at bench scale,
    // where customers are few for the deals, fall back to a second deal on a busy account.
    let fallback: Cust | null = null
    for (let k = 0; k < 8; k++) {
      const cust = rng.pick(rep.customers)
      if (cust.row.createdAt > t - 3 * DAY || ownerAt(cust.owners, t) !== rep) continue
      if (cust.busyUntil > t) {
        if (cust.quietFrom === Infinity) fallback = cust
        continue
      }
      if (cust.weight < 2 && rng.next() > cust.weight / 2.5 + 0.2) continue
      return { rep, cust }
    }
    if (fallback && attempt >= 2) return { rep, cust: fallback }
  }
  return null
}

function chooseProcess(ctx: Ctx, rng: Rng, cust: Cust): ProcCtx {
  const size = SIZE_INDEX[cust.row.size] ?? 2
  const ka =
    cust.row.tier !== 'normal' ||
    (size >= 3 && rng.chance(0.4)) ||
    (cust.industry.orgType === 'hospital' && size >= 2 && rng.chance(0.25))
  return ctx.processes.find((p) => p.def.key === (ka ? 'ka' : 'new')) as ProcCtx
}

function simulate(ctx: Ctx, rng: Rng, createdAt: number, rep: Rep, cust: Cust): Plan {
  const { anchor } = ctx
  const proc = chooseProcess(ctx, rng, cust)
  const stages = proc.def.stages
  const ka = proc.def.key === 'ka'
  const product = ka ? (KA_PRODUCTS[pickKaProduct(rng)] as Product) : (NEW_PRODUCTS[pickNewProduct(rng)] as Product)
  const size = SIZE_INDEX[cust.row.size] ?? 2
  // Long tail: log-normal around the product's median, scaled by company size.
  const amount0 = roundAmount(
    product.median * ((ka ? KA_SIZE_MULT : SIZE_MULT)[size] ?? 1) * Math.exp(rng.normal() * (ka ? 0.55 : 0.6))
  )
  const channel = CHANNELS.find((c) => c.name.includes(cust.row.channel)) ?? CHANNELS[0]!
  const quality = channel.quality * rep.skill * (cust.industry.key === 'exam' ? 1.25 : 1)
  const pace = Math.exp(0.12 + rng.normal() * 0.3)

  const moves: PlanMove[] = [{ at: createdAt, idx: 0 }]
  let t = createdAt
  let idx = 0
  let outcome: Plan['outcome'] = 'open'
  let closedAt = Infinity
  for (;;) {
    const st = stages[idx]!
    const rushed = st.minDays > 1 && rng.chance(0.05)
    const days = rushed
      ? rng.range(0.3, st.minDays - 0.5)
      : Math.max(st.minDays, st.expectedDays * pace * Math.exp(rng.normal() * 0.45))
    if (rng.chance(Math.min(0.6, st.lossRate / quality))) {
      // Reps hold on to dying deals: the loss is recorded well after the stage should have ended.
      const tLost = workMoment(ctx, rng, t + days * rng.range(0.7, 2.6) * DAY)
      if (tLost < anchor) {
        outcome = 'lost'
        closedAt = Math.max(tLost, t + HOUR)
      }
      break
    }
    const tNext = Math.max(workMoment(ctx, rng, t + days * DAY), t + 30 * MINUTE)
    if (tNext >= anchor) break
    let step = 1
    if (idx + 2 < proc.openCount && idx > 0 && rng.chance(0.04)) step = 2
    idx += step
    if (idx >= proc.openCount) {
      outcome = 'won'
      closedAt = tNext
      break
    }
    const move: PlanMove = { at: tNext, idx }
    if (step === 2) {
      move.skipped = [stages[idx - 1]!.id]
      move.reason = skipReason(rng, ctx.L)
    }
    if (rushed) {
      const ids = criterionIds(stages[idx]!)
      move.unchecked = [ids[rng.int(0, ids.length - 1)] as string]
      move.reason = rushReason(rng, ctx.L)
    }
    moves.push(move)
    t = tNext
  }

  const plan: Plan = {
    createdAt,
    rep,
    cust,
    proc,
    product,
    moves,
    outcome,
    closedAt,
    lossReason: outcome === 'lost' ? pickLossReason(rng) : -1,
    amount0,
    amount: amount0,
    handFlag: false,
    pushes: [],
    expectedCloseAt: 0,
    firstExpected: 0,
    stalled: false,
    lastTouch: Infinity,
    payments: [],
    deliveryAt: Infinity,
    owners: [{ rep, from: createdAt, to: Infinity }],
    keep: true
  }

  // Stalled (停滞): long in the current stage and no customer touch for 30+ days.
  if (outcome === 'open' && createdAt < anchor - 50 * DAY && rng.chance(0.2)) makeStalled(ctx, rng, plan)

  // Negotiation trims the price for a quarter of the deals that get there.
  const negotiateIdx = stages.findIndex((s) => s.id.endsWith('negotiate'))
  const negMove = moves.find((m) => m.idx === negotiateIdx)
  if (negMove && rng.chance(0.3)) {
    const up = rng.chance(0.2)
    const to = roundAmount((amount0 / 100) * (up ? rng.range(1.1, 1.4) : rng.range(0.85, 0.95)))
    if (to !== amount0) {
      plan.amountChange = { at: negMove.at + rng.int(30, 240) * MINUTE, from: amount0, to }
      plan.amount = to
    }
  }
  const threshold = proc.row.bigDealThreshold
  if (plan.amount < threshold && cust.row.tier !== 'normal' && plan.amount >= threshold * 0.4 && rng.chance(0.3))
    plan.handFlag = true

  // Reps are optimistic: the first expected close date comes early, then gets pushed.
  const remaining = stages.slice(0, proc.openCount).reduce((s, st) => s + st.expectedDays, 0)
  const pushProne = rng.chance(0.06)
  let expected = endOfDay(ctx, createdAt + remaining * (pushProne ? rng.range(0.35, 0.55) : rng.range(0.75, 1.2)) * DAY)
  plan.firstExpected = expected
  const limit = outcome === 'open' ? (plan.stalled ? plan.lastTouch : anchor) : closedAt
  while (expected < limit && plan.pushes.length < 12) {
    const at = Math.max(createdAt + HOUR, Math.min(limit - MINUTE, workMoment(ctx, rng, expected - rng.int(0, 3) * DAY)))
    const to = endOfDay(ctx, expected + (pushProne ? rng.int(7, 16) : rng.int(21, 60)) * DAY)
    plan.pushes.push({ at, from: expected, to })
    expected = to
  }
  plan.expectedCloseAt = outcome === 'won' ? endOfDay(ctx, closedAt) : expected

  // Drawn though contracts.ts now writes payments and delivery: the random stream, and every
  // deal generated after this one, stays as it was.
  if (outcome === 'won') {
    plan.deliveryAt = workMoment(ctx, rng, closedAt + rng.int(3, 14) * DAY)
    const split = rng.chance(0.55) ? [0.3, 0.7] : rng.chance(0.5) ? [0.5, 0.5] : [1]
    let at = closedAt + rng.int(5, 40) * DAY
    let paid = 0
    split.forEach((share, i) => {
      const amt = i === split.length - 1 ? plan.amount - paid : Math.round((plan.amount * share) / 100) * 100
      paid += amt
      plan.payments.push({ at: workMoment(ctx, rng, at), amount: amt })
      at += rng.int(30, 90) * DAY
    })
  }
  cust.busyUntil = Math.max(cust.busyUntil, closedAt)
  return plan
}

function makeStalled(ctx: Ctx, rng: Rng, plan: Plan): void {
  const { anchor } = ctx
  const last = plan.moves[plan.moves.length - 1] as PlanMove
  const st = plan.proc.def.stages[last.idx]!
  const target = anchor - rng.range(Math.max(38, 1.8 * st.expectedDays), Math.max(75, 3.5 * st.expectedDays)) * DAY
  if (plan.moves.length === 1) {
    if (plan.createdAt > target) return
  } else if (last.at > target) {
    // Squeeze the earlier moves so the current stage was entered long ago.
    const span = last.at - plan.createdAt
    const room = target - plan.createdAt
    if (room < span * 0.25 || room < 5 * DAY) return
    for (const m of plan.moves) m.at = plan.createdAt + Math.round(((m.at - plan.createdAt) * room) / span / MINUTE) * MINUTE
  }
  const entered = plan.moves[plan.moves.length - 1]!.at
  const latest = anchor - 31 * DAY
  if (entered > latest) return
  plan.stalled = true
  plan.lastTouch = entered + rng.next() * (latest - entered)
  plan.cust.quietFrom = Math.min(plan.cust.quietFrom, plan.lastTouch)
}

/**
 * A rep who left: open deals and their customers go to a teammate the next working day; the
 * rest of the book returns to the pool, and the rep hired in their place claims a few back.
 */
function handOverDepartedReps(ctx: Ctx, rng: Rng, plans: Plan[]): void {
  for (const gone of ctx.reps) {
    if (gone.leftAt === Infinity) continue
    const team = gone.team
    const handoverAt = workMoment(ctx, rng, gone.leftAt + DAY)
    const mates = team.reps.filter((r) => r !== gone && activeAt(r, handoverAt))
    if (mates.length === 0) continue
    const transferred = new Map<Cust, Rep>()
    for (const p of plans) {
      if (p.rep !== gone || p.closedAt <= gone.leftAt) continue
      const to = transferred.get(p.cust) ?? rng.pick(mates)
      transferred.set(p.cust, to)
      const span = p.owners[0] as OwnerSpan
      span.to = handoverAt
      p.owners.push({ rep: to, from: handoverAt, to: Infinity })
    }
    const replacement = team.reps.find((r) => r !== gone && r.hiredAt > gone.leftAt && r.hiredAt < gone.leftAt + 30 * DAY)
    let claims = 0
    for (const cust of gone.customers) {
      const span = cust.owners.find((s) => s.rep === gone && s.to === Infinity)
      if (!span) continue
      span.to = handoverAt
      const to = transferred.get(cust)
      if (to) {
        cust.owners.push({ rep: to, from: handoverAt, to: Infinity })
        cust.row.ownerId = to.user.id
        to.customers.push(cust)
        pushActivity(ctx, {
          id: '',
          kind: 'owner_change',
          customerId: cust.row.id,
          dealId: null,
          userId: team.manager.id,
          at: handoverAt,
          status: 'done',
          subject: textOf('ownerChange', ctx.L),
          from: gone.user.id,
          to: to.user.id
        })
        continue
      }
      cust.row.ownerId = null
      cust.row.poolSince = handoverAt
      cust.row.previousOwnerId = gone.user.id
      pushActivity(ctx, {
        id: '',
        kind: 'pool_reclaim',
        customerId: cust.row.id,
        dealId: null,
        userId: team.manager.id,
        at: handoverAt,
        status: 'done',
        subject: textOf('poolLeave', ctx.L),
        from: gone.user.id
      })
      // The newcomer claims a handful of the old book once the cool-down has passed.
      if (replacement && claims < 6 && cust.busyUntil < handoverAt && rng.chance(0.25)) {
        const claimAt = workMoment(ctx, rng, Math.max(replacement.hiredAt, handoverAt + 16 * DAY) + rng.int(0, 20) * DAY)
        if (claimAt < ctx.anchor) {
          claims++
          cust.owners.push({ rep: replacement, from: claimAt, to: Infinity })
          cust.row.ownerId = replacement.user.id
          delete cust.row.poolSince
          replacement.customers.push(cust)
          pushActivity(ctx, {
            id: '',
            kind: 'pool_claim',
            customerId: cust.row.id,
            dealId: null,
            userId: replacement.user.id,
            at: claimAt,
            status: 'done',
            subject: textOf('poolClaim', ctx.L),
            from: gone.user.id,
            to: replacement.user.id
          })
        }
      }
    }
  }
}

/**
 * Adds an activity row. Callers build the row with `id: ''` first (so ids lead the JSON) and
 * the id is derived here from the row's own time. Times are kept to whole seconds, which the
 * final time sort relies on.
 */
export function pushActivity(ctx: Ctx, a: Activity): Activity {
  a.at = Math.floor(a.at / 1000) * 1000
  if (a.loggedAt !== undefined) a.loggedAt = Math.floor(a.loggedAt / 1000) * 1000
  a.id = ctx.ids.make(a.loggedAt ?? a.at)
  ctx.activities.push(a)
  return a
}

function emitDeal(ctx: Ctx, rng: Rng, p: Plan): void {
  const { L, anchor, startMs, ids } = ctx
  const stages = p.proc.def.stages
  const owner = (p.owners[p.owners.length - 1] as OwnerSpan).rep
  const userAt = (t: number): string => {
    const r = ownerAt(p.owners, t) ?? owner
    return activeAt(r, t) ? r.user.id : r.team.manager.id
  }
  const contact = economicContact(p.cust)
  const nctx = noteCtx(ctx, p.cust, contact, p.product.name[L], p.amount)
  const last = p.moves[p.moves.length - 1] as PlanMove
  const stageIdx = p.outcome === 'won' ? p.proc.wonIdx : p.outcome === 'lost' ? p.proc.lostIdx : last.idx
  const stage = stages[stageIdx]!
  const threshold = p.proc.row.bigDealThreshold

  // Criteria: every milestone of the stages entered, minus those skipped over on a rushed move;
  // an open deal is part-way through the next stage's list.
  const unchecked = new Set<string>()
  for (const m of p.moves) for (const u of m.unchecked ?? []) unchecked.add(u)
  const checked: string[] = []
  // A skip with a reason counts the skipped stage's milestones as met (that is the reason).
  for (const m of p.moves) {
    const entered = [m.idx, ...(m.skipped ?? []).map((id) => stages.findIndex((s) => s.id === id))]
    for (const i of entered) for (const c of criterionIds(stages[i]!)) if (!unchecked.has(c)) checked.push(c)
  }
  if (p.outcome === 'won') checked.push(...criterionIds(stages[p.proc.wonIdx]!))
  if (p.outcome === 'open' && last.idx + 1 < p.proc.openCount) {
    const next = criterionIds(stages[last.idx + 1]!)
    const n = rng.int(0, next.length - 1)
    checked.push(...next.slice(0, n))
  }

  const probability = stage.probability
  let forecastCategory: Deal['forecastCategory'] = 'closed'
  if (p.outcome === 'open') {
    forecastCategory = probability >= 65 ? 'commit' : probability >= 30 ? 'best_case' : 'pipeline'
    // Reps round up: some best-case deals are called commit.
    if (forecastCategory === 'best_case' && rng.chance(0.12)) forecastCategory = 'commit'
  }

  const row: Deal & { amount: number } = {
    id: ids.make(p.createdAt),
    name: `${p.cust.short}${L === 0 ? ' · ' : ' - '}${p.product.name[L]}`,
    customerId: p.cust.row.id,
    ownerId: owner.user.id,
    orgUnitId: owner.team.unit.id,
    processId: p.proc.row.id,
    stageId: stage.id,
    stageEnteredAt: p.outcome === 'open' ? last.at : p.closedAt,
    amount: p.amount,
    currency: 'CNY',
    expectedCloseAt: p.expectedCloseAt,
    forecastCategory,
    status: p.outcome,
    bigDeal: p.handFlag,
    createdAt: p.createdAt,
    checkedCriteria: [...new Set(checked)],
    product: p.product.name[L]
  }
  if (p.outcome === 'open') {
    if (rng.chance(0.1)) row.probability = Math.max(5, Math.min(95, probability + rng.pick([-10, -5, 5, 10])))
    if (p.stalled && rng.chance(0.5)) row.managerForecastCategory = 'omitted'
    else if (forecastCategory === 'commit' && rng.chance(0.1)) row.managerForecastCategory = 'best_case'
    if (rng.chance(0.93)) row.nextStep = nextStepText(rng, L, nctx)
  } else {
    row.closedAt = p.closedAt
    if (p.outcome === 'lost') row.lossReason = LOSS_REASON_PAIRS[p.lossReason]![L]
    else p.cust.firstWonAt = Math.min(p.cust.firstWonAt, p.closedAt)
  }

  const sim: DealSim = {
    row,
    cust: p.cust,
    proc: p.proc,
    moves: p.moves.map((m) => ({ at: m.at, idx: m.idx })),
    createdAt: p.createdAt,
    closedAt: p.outcome === 'open' ? Infinity : p.closedAt,
    owners: p.owners,
    stalled: p.stalled,
    pushes: p.pushes.length,
    expectedLog: [{ at: p.createdAt, value: p.firstExpected }, ...p.pushes.map((x) => ({ at: x.at, value: x.to }))],
    amountLog: p.amountChange
      ? [
          { at: p.createdAt, value: p.amount0 },
          { at: p.amountChange.at, value: p.amountChange.to }
        ]
      : [{ at: p.createdAt, value: p.amount }]
  }
  ctx.deals.push(sim)
  for (const span of p.owners) span.rep.deals.push(sim)

  // Stage history: creation, every move, and the close.
  let prev: string | null = null
  for (const m of p.moves) {
    const h: StageHistory = {
      id: ids.make(m.at),
      dealId: row.id,
      fromStageId: prev,
      toStageId: stages[m.idx]!.id,
      at: m.at,
      byUserId: userAt(m.at)
    }
    if (m.skipped) h.skippedStageIds = m.skipped
    if (m.unchecked) h.uncheckedCriteria = m.unchecked
    if (m.reason) h.reason = m.reason
    ctx.stageHistory.push(h)
    prev = stages[m.idx]!.id
  }
  if (p.outcome !== 'open') {
    const h: StageHistory = {
      id: ids.make(p.closedAt),
      dealId: row.id,
      fromStageId: prev,
      toStageId: stage.id,
      at: p.closedAt,
      byUserId: userAt(p.closedAt)
    }
    if (p.outcome === 'lost') h.reason = row.lossReason as string
    ctx.stageHistory.push(h)
    sim.moves.push({ at: p.closedAt, idx: stageIdx })
  }

  // The documents a deal leaves on the timeline.
  const emit = (a: Omit<Activity, 'id' | 'customerId' | 'dealId' | 'userId'> & { userId?: string }): void => {
    if (a.at < startMs || a.at > anchor) return
    pushActivity(ctx, { id: '', customerId: p.cust.row.id, dealId: row.id, ...a, userId: a.userId ?? userAt(a.at) })
    p.cust.lastDealActivityAt = Math.max(p.cust.lastDealActivityAt, a.at)
  }
  let amountNow = p.amount0
  for (const m of p.moves) {
    if (p.amountChange && m.at >= p.amountChange.at) amountNow = p.amountChange.to
    const artefact = stages[m.idx]!.artefact
    if (!artefact) continue
    const at = m.at + rng.int(10, 180) * MINUTE
    const a: Parameters<typeof emit>[0] = {
      kind: artefact,
      at,
      loggedAt: at + rng.int(5, 90) * MINUTE,
      status: 'done',
      contactId: contact.row.id,
      subject: textOf(artefact, L, nctx)
    }
    if (artefact === 'quote' || artefact === 'contract') a.amount = amountNow
    emit(a)
  }
  if (p.amountChange) {
    const c = p.amountChange
    emit({
      kind: 'amount_change',
      at: c.at,
      status: 'done',
      subject: textOf(c.to > c.from ? 'amountUp' : 'amount', L),
      from: c.from,
      to: c.to,
      amount: c.to
    })
  }
  const bigAt =
    p.amount0 >= threshold
      ? p.createdAt + HOUR
      : p.amountChange && p.amount >= threshold
        ? p.amountChange.at + HOUR
        : p.handFlag
          ? (p.moves[1]?.at ?? p.createdAt) + 2 * HOUR
          : -1
  if (bigAt >= 0) {
    emit({ kind: 'big_deal_flag', at: bigAt, status: 'done', subject: textOf('bigDeal', L), userId: owner.team.manager.id })
    // The manager's war-room remarks on the big deal.
    const noteAt = bigAt + rng.int(1, 6) * DAY
    if (noteAt < p.closedAt)
      emit({ kind: 'note', at: noteAt, status: 'done', body: managerNote(rng, L, nctx), userId: owner.team.manager.id })
  }
  for (const push of p.pushes) {
    emit({
      kind: 'close_date_change',
      at: push.at,
      status: 'done',
      subject: textOf('closeDate', L),
      from: push.from,
      to: push.to
    })
  }
  // Payments and delivery after the signature are the contract's own records now (contracts.ts):
  // collections, milestones and invoices, which the timeline shows in their place.
  if (p.outcome === 'lost' && rng.chance(0.35)) {
    emit({ kind: 'note', at: p.closedAt + rng.int(1, 48) * HOUR, status: 'done', body: lostReview(rng, L, nctx) })
  }
  p.cust.lastDealActivityAt = Math.max(p.cust.lastDealActivityAt, p.closedAt === Infinity ? anchor : p.closedAt)
}

/**
 * Rule-based pool returns (no visit for 30 days): owned customers without deal activity
 * recently are given a reclaim date; their owner stops touching them a month before it.
 */
export function reclaimToPool(ctx: Ctx): void {
  const rng = new Rng(ctx.seed, 'pool')
  const { anchor, startMs } = ctx
  const inPool = ctx.customers.filter((c) => c.row.ownerId === null).length
  const want = Math.round(ctx.customers.length * 0.125) - inPool
  if (want <= 0) return
  const candidates = ctx.customers.filter(
    (c) =>
      c.owners.length === 1 &&
      c.owners[0]!.to === Infinity &&
      c.row.tier === 'normal' &&
      c.quietFrom === Infinity &&
      c.busyUntil < anchor - 60 * DAY &&
      c.lastDealActivityAt < anchor - 45 * DAY
  )
  rng.shuffle(candidates)
  for (const cust of candidates.slice(0, want)) {
    const span = cust.owners[0]!
    const lo = Math.max(
      startMs + 45 * DAY,
      cust.lastDealActivityAt + 32 * DAY,
      cust.row.createdAt + 32 * DAY,
      span.rep.hiredAt + 32 * DAY
    )
    const hi = anchor - DAY
    if (lo >= hi) continue
    // The reclaim job runs at night.
    const day = ctx.cal.day(lo + rng.next() * (hi - lo))
    const at = ctx.cal.at(day, 1, rng.int(0, 30))
    span.to = at
    cust.quietFrom = at - rng.int(31, 60) * DAY
    cust.row.ownerId = null
    cust.row.poolSince = at
    cust.row.previousOwnerId = span.rep.user.id
    pushActivity(ctx, {
      id: '',
      kind: 'pool_reclaim',
      customerId: cust.row.id,
      dealId: null,
      userId: span.rep.team.manager.id,
      at,
      status: 'done',
      subject: textOf('poolReclaim', ctx.L),
      from: span.rep.user.id
    })
  }
}
