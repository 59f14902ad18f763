import type { Activity, Customer, Deal, OrgUnit, SalesProcess, Target, User } from '../../model'
import type { CurrencyRates } from '../currency'

/** Small hand-made workspaces for the analytics tests: Shanghai time, amounts in fen. */
export const TZ = 'Asia/Shanghai'
export const DAY = 86_400_000
/** Wall-clock time in Shanghai (UTC+8). */
export const at = (ymd: string, hour = 10): number => Date.parse(`${ymd}T${String(hour).padStart(2, '0')}:00:00+08:00`)
export const CNY_ONLY: CurrencyRates = { base: 'CNY', perUnit: {} }
export const WITH_USD: CurrencyRates = { base: 'CNY', perUnit: { USD: 7 } }
export const YUAN = 100

export const process: SalesProcess = {
  id: 'p1',
  name: 'New',
  segment: 'new',
  revision: 1,
  stages: [
    { id: 's1', name: 'Lead', kind: 'open', probability: 10, expectedDays: 10, minDays: 0, exitCriteria: [], steps: [], methods: [] },
    { id: 's2', name: 'Needs', kind: 'open', probability: 40, expectedDays: 10, minDays: 0, exitCriteria: [], steps: [], methods: [] },
    { id: 's3', name: 'Proposal', kind: 'open', probability: 70, expectedDays: 10, minDays: 0, exitCriteria: [], steps: [], methods: [] },
    { id: 'won', name: 'Won', kind: 'won', probability: 100, expectedDays: 0, minDays: 0, exitCriteria: [], steps: [], methods: [] },
    { id: 'lost', name: 'Lost', kind: 'lost', probability: 0, expectedDays: 0, minDays: 0, exitCriteria: [], steps: [], methods: [] }
  ],
  abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
  bigDealThreshold: 30_000_000,
  currency: 'CNY',
  lossReasons: []
}

export const orgUnits: OrgUnit[] = [
  { id: 'r1', kind: 'region', name: 'East', parentId: null },
  { id: 't1', kind: 'team', name: 'Shanghai', parentId: 'r1' },
  { id: 't2', kind: 'team', name: 'Hangzhou', parentId: 'r1' }
]

export const users: User[] = [
  { id: 'u1', name: 'Li', role: 'rep', orgUnitId: 't1', active: true },
  { id: 'u2', name: 'Wang', role: 'rep', orgUnitId: 't1', active: true },
  { id: 'u3', name: 'Zhao', role: 'rep', orgUnitId: 't2', active: true }
]

let seq = 0
/** A deal of rep u1 (team t1) in process p1, created on `created`; closed when `status` and `closed` are given. */
export function deal(over: Partial<Deal> & { created?: string; closed?: string; yuan?: number } = {}): Deal {
  const { created = '2024-01-05', closed, yuan = 10_000, ...rest } = over
  const status = rest.status ?? (closed ? 'won' : 'open')
  const d: Deal = {
    id: `d${++seq}`,
    name: `Deal ${seq}`,
    customerId: 'c1',
    ownerId: 'u1',
    orgUnitId: 't1',
    processId: 'p1',
    stageId: status === 'won' ? 'won' : status === 'lost' ? 'lost' : 's1',
    stageEnteredAt: at(created),
    amount: yuan * YUAN,
    currency: 'CNY',
    expectedCloseAt: closed ? at(closed) : at(created) + 30 * DAY,
    forecastCategory: status === 'open' ? 'pipeline' : 'closed',
    status,
    bigDeal: false,
    createdAt: at(created),
    checkedCriteria: [],
    ...(closed ? { closedAt: at(closed) } : {}),
    ...rest
  }
  return d
}

export function customer(over: Partial<Customer> & { id: string }): Customer {
  return {
    name: over.id,
    industry: 'Manufacturing',
    size: 'medium',
    channel: 'Referral',
    ownerId: 'u1',
    orgUnitId: 't1',
    tier: 'normal',
    city: 'Shanghai',
    createdAt: at('2024-01-01'),
    ...over
  }
}

export function monthTarget(scopeKind: Target['scopeKind'], scopeId: string, periodStart: string, yuan: number, stretchYuan?: number): Target {
  return {
    id: `tg-${scopeId}-${periodStart}`,
    scopeKind,
    scopeId,
    period: 'month',
    periodStart,
    metric: 'won_amount',
    objective: yuan * YUAN,
    ...(stretchYuan !== undefined ? { stretch: stretchYuan * YUAN } : {})
  }
}

let aseq = 0
export function visit(userId: string, when: number, over: Partial<Activity> = {}): Activity {
  return { id: `a${++aseq}`, kind: 'visit', customerId: 'c1', dealId: null, userId, at: when, status: 'done', ...over }
}
