import type { Collection, CollectionMethod, Contract, Instalment, Invoice, Milestone, MilestoneKind } from '../model'
import { dayOfDate } from '../domain/collections'
import type { Ctx, DealSim } from './context'
import { Rng } from './rng'

/**
 * After the signature: every won deal of the demo gets a contract with a payment plan,
 * delivery milestones, invoices and collections (回款), shaped like a real region's books —
 * most customers pay on time, some are slow, some pay in parts, a few stop paying; some
 * deliveries and acceptances run late, so some instalments wait and others are overdue.
 * Its own random stream, so the rest of the demo is unchanged by it.
 */

export interface PostSaleRows {
  contracts: Contract[]
  instalments: Instalment[]
  milestones: Milestone[]
  collections: Collection[]
  invoices: Invoice[]
}

type Habit = 'prompt' | 'slow' | 'partial' | 'stops'

const TERMS: Record<string, [string, string]> = {
  full: ['合同签订后15日内一次性付清。', 'Paid in full within 15 days of signing.'],
  twoStep: ['签约后15日内付30%，验收合格后30日内付70%。', '30% within 15 days of signing, 70% within 30 days of acceptance.'],
  threeStep: [
    '签约后15日内付30%，验收合格后30日内付60%，质保金10%于验收满一年后支付。',
    '30% within 15 days of signing, 60% within 30 days of acceptance, 10% retention one year after acceptance.'
  ],
  subscription: ['年度订阅：服务开始后15日内付50%，满半年付50%。', 'Annual subscription: 50% within 15 days of the start, 50% after six months.']
}

const LABELS: Record<string, [string, string]> = {
  full: ['全款', 'Full payment'],
  first: ['首付款', 'Down payment'],
  acceptance: ['验收款', 'Acceptance payment'],
  retention: ['质保金', 'Retention'],
  half1: ['上半年服务费', 'First half-year fee'],
  half2: ['下半年服务费', 'Second half-year fee']
}

const NOTES: [string, string][] = [
  ['客户财务走完审批流程后付款。', 'Paid once their finance approval went through.'],
  ['对方采购说月底统一付款。', 'Their purchasing pays everything at month end.'],
  ['先付一部分，余款下月。', 'Part now, the rest next month.'],
  ['银行承兑汇票，六个月期。', 'Six-month bank acceptance bill.']
]

export function buildContracts(ctx: Ctx): PostSaleRows {
  const rng = new Rng(ctx.seed, 'contracts')
  const { cal, L, anchor } = ctx
  const today = cal.day(anchor)
  const out: PostSaleRows = { contracts: [], instalments: [], milestones: [], collections: [], invoices: [] }
  const habits = new Map<string, Habit>()
  const habitOf = (customerId: string): Habit => {
    let h = habits.get(customerId)
    if (!h) {
      const r = rng.next()
      h = r < 0.55 ? 'prompt' : r < 0.82 ? 'slow' : r < 0.95 ? 'partial' : 'stops'
      habits.set(customerId, h)
    }
    return h
  }
  const date = (day: number): string => cal.localDate(day)
  const workday = (day: number): number => {
    let d = day
    while (!cal.isWeekday(d)) d++
    return d
  }
  const moment = (day: number): number => cal.at(day, rng.int(9, 17), rng.int(0, 59))
  const won = ctx.deals.filter((d) => d.row.status === 'won' && d.closedAt <= anchor).sort((a, b) => a.closedAt - b.closedAt)
  const perYear = new Map<number, number>()

  for (const deal of won) contractFor(deal)
  return out

  function contractFor(deal: DealSim): void {
    const d = deal.row
    const customerId = d.customerId
    if (customerId === undefined) return
    const signDay = cal.day(deal.closedAt)
    const year = Number(date(signDay).slice(0, 4))
    const n = (perYear.get(year) ?? 0) + 1
    perYear.set(year, n)
    const id = ctx.ids.make(deal.closedAt)
    const yuan = d.amount / 100
    // Subscriptions are the renewals of next year: more of them among the oldest signings.
    const subscription = rng.chance(signDay < cal.day(anchor) - 300 ? 0.6 : 0.3)
    const shape = subscription ? 'subscription' : yuan < 100_000 ? 'full' : yuan < 500_000 ? 'twoStep' : 'threeStep'
    const contract: Contract = {
      id,
      number: `HT-${year}-${String(n).padStart(4, '0')}`,
      name: d.name,
      customerId,
      dealId: d.id,
      collectorId: d.ownerId,
      orgUnitId: d.orgUnitId,
      amount: d.amount,
      currency: d.currency,
      signedAt: deal.closedAt,
      terms: TERMS[shape]![L],
      status: 'active',
      createdAt: deal.closedAt + rng.int(10, 120) * 60_000,
      createdBy: d.ownerId
    }
    const startDay = signDay + rng.int(5, 14)
    if (subscription) {
      contract.startDate = date(startDay)
      contract.endDate = date(cal.shiftMonths(startDay, 12) - 1)
    }
    out.contracts.push(contract)

    // Milestones: planned from the signature; 40 % of them slip, a few by weeks.
    const milestones: Milestone[] = []
    const milestone = (kind: MilestoneKind, plannedDay: number): { m: Milestone; plannedDay: number } => {
      let slip = rng.chance(0.4) ? rng.int(2, 25) : rng.chance(0.2) ? -rng.int(1, 3) : 0
      // Acceptance (验收) that should have happened in the last weeks and has not: the 60–70 %
      // gated on it is held up — the classic way a B2B project's money gets stuck.
      if (kind === 'acceptance' && (shape === 'twoStep' || shape === 'threeStep') && plannedDay < today && plannedDay >= today - 60 && rng.chance(0.5)) {
        slip = today - plannedDay + rng.int(3, 20)
      }
      const actualDay = plannedDay + slip
      const m: Milestone = { id: ctx.ids.make(cal.start(plannedDay)), contractId: id, kind, seq: milestones.length + 1, plannedDate: date(plannedDay) }
      if (actualDay <= today && plannedDay <= today + 3) m.actualDate = date(Math.min(actualDay, today))
      milestones.push(m)
      return { m, plannedDay }
    }
    milestone('kickoff', workday(signDay + rng.int(3, 10)))
    const delivery = milestone('delivery', workday(signDay + rng.int(25, 60)))
    const accepted = milestone('acceptance', workday(delivery.plannedDay + rng.int(12, 30)))
    const acceptance = accepted.m
    if (shape === 'threeStep') milestone('go_live', workday(accepted.plannedDay + rng.int(5, 14)))
    out.milestones.push(...milestones)

    // The plan, and each line's due day as things stand (an acceptance not reached: no due day).
    const acceptedDay = acceptance.actualDate ? dayOfDate(acceptance.actualDate) : null
    const plan: { ins: Instalment; dueDay: number | null; amount: number }[] = []
    const add = (label: string, bp: number, due: { day: number } | { afterAcceptance: number }): void => {
      const ins: Instalment = { id: ctx.ids.make(deal.closedAt + plan.length + 1), contractId: id, seq: plan.length + 1, label: LABELS[label]![L], percentBp: bp }
      let dueDay: number | null
      if ('day' in due) {
        ins.dueDate = date(due.day)
        dueDay = due.day
      } else {
        ins.milestoneId = acceptance.id
        ins.daysAfter = due.afterAcceptance
        dueDay = acceptedDay === null ? null : acceptedDay + due.afterAcceptance
      }
      plan.push({ ins, dueDay, amount: Math.round((d.amount * bp) / 10_000) })
    }
    if (shape === 'full') add('full', 10_000, { day: signDay + 15 })
    else if (shape === 'twoStep') {
      add('first', 3000, { day: signDay + 15 })
      add('acceptance', 7000, { afterAcceptance: 30 })
    } else if (shape === 'threeStep') {
      add('first', 3000, { day: signDay + 15 })
      add('acceptance', 6000, { afterAcceptance: 30 })
      add('retention', 1000, { day: accepted.plannedDay + 365 })
    } else {
      add('half1', 5000, { day: startDay + 15 })
      add('half2', 5000, { day: cal.shiftMonths(startDay, 6) })
    }
    // Shares round; the biggest share (the last of equals) takes the residue, as resolveSchedule does.
    const planned = plan.reduce((s, p) => s + p.amount, 0)
    let biggest = 0
    plan.forEach((p, i) => {
      if (p.amount >= plan[biggest]!.amount) biggest = i
    })
    plan[biggest]!.amount += d.amount - planned
    for (const p of plan) out.instalments.push(p.ins)

    // Collections by the customer's habit; nothing after today.
    const habit = habitOf(customerId)
    let stopped = false
    plan.forEach((p, i) => {
      if (p.dueDay === null || stopped) return
      const parts: { day: number; amount: number }[] = []
      if (habit === 'prompt') parts.push({ day: p.dueDay + rng.int(-6, 4), amount: p.amount })
      else if (habit === 'slow') parts.push({ day: p.dueDay + rng.int(8, 50), amount: p.amount })
      else if (habit === 'partial') {
        const first = Math.round((p.amount * rng.range(0.4, 0.7)) / 10_000) * 10_000
        parts.push({ day: p.dueDay + rng.int(0, 20), amount: first })
        parts.push({ day: p.dueDay + rng.int(35, 110), amount: p.amount - first })
      } else {
        // Stops paying after the first instalment (a dispute, a budget cut).
        parts.push({ day: p.dueDay + rng.int(5, 30), amount: p.amount })
        if (i === 0) stopped = true
      }
      for (const part of parts) {
        const payDay = workday(Math.max(part.day, signDay + 1))
        if (payDay > today || part.amount <= 0) continue
        const at = moment(payDay)
        if (at > anchor) continue
        // Invoice ahead of the money (增值税专用发票 for most B2B customers).
        const issuedDay = Math.max(signDay, payDay - rng.int(3, 12))
        out.invoices.push({
          id: ctx.ids.make(cal.start(issuedDay)),
          contractId: id,
          number: `FP${date(issuedDay).replace(/-/g, '')}${String(out.invoices.length + 1).padStart(4, '0')}`,
          amount: part.amount,
          currency: d.currency,
          issuedAt: cal.at(issuedDay, rng.int(9, 17)),
          kind: rng.chance(0.85) ? 'vat_special' : 'vat_normal',
          instalmentId: p.ins.id,
          createdBy: d.ownerId
        })
        const method: CollectionMethod = rng.chance(0.8) ? 'bank_transfer' : 'acceptance_bill'
        const c: Collection = {
          id: ctx.ids.make(at),
          contractId: id,
          amount: part.amount,
          currency: d.currency,
          receivedAt: at,
          method,
          recordedBy: d.ownerId,
          recordedAt: Math.min(anchor, at + rng.int(1, 48) * 3_600_000)
        }
        if (rng.chance(0.5)) c.instalmentId = p.ins.id
        if (habit !== 'prompt' && rng.chance(0.3)) c.note = NOTES[rng.int(0, NOTES.length - 1)]![L]
        if (method === 'acceptance_bill') c.note = NOTES[3]![L]
        out.collections.push(c)
      }
    })
  }
}
