import { beforeEach, describe, expect, it } from 'vitest'
import type { Deal, SalesProcess } from '@shared/model'
import { emptyForecast } from '@shared/domain/forecast'
import { CockpitDb, getDb, useDb } from './database'
import { setWriteClock, write } from './write'
import { DealWriteError, moveDealToStage, setForecastCategory, takeForecastSnapshot } from './deals'

const T = 1_800_000_000_000
let n = 0

const stage = (id: string, kind: 'open' | 'won' | 'lost', criteria: string[] = []): SalesProcess['stages'][number] => ({
  id,
  name: id,
  kind,
  probability: kind === 'won' ? 100 : 20,
  expectedDays: 14,
  minDays: 2,
  exitCriteria: criteria.map((c) => ({ id: c, label: c })),
  steps: [],
  methods: []
})

const process: SalesProcess = {
  id: 'p1',
  name: 'New',
  segment: 'new',
  revision: 1,
  stages: [
    stage('qualify', 'open', ['q1']),
    stage('needs', 'open', ['n1', 'n2']),
    stage('propose', 'open', ['p1']),
    stage('won', 'won'),
    stage('lost', 'lost')
  ],
  abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
  bigDealThreshold: 30_000_000,
  currency: 'CNY',
  lossReasons: ['价格过高']
}

const deal: Deal = {
  id: 'd1',
  name: '瑞康 CRM',
  customerId: 'c1',
  ownerId: 'u1',
  orgUnitId: 't1',
  processId: 'p1',
  stageId: 'qualify',
  stageEnteredAt: T - 10 * 86_400_000,
  amount: 50_000_00,
  currency: 'CNY',
  expectedCloseAt: T + 30 * 86_400_000,
  forecastCategory: 'pipeline',
  status: 'open',
  bigDeal: false,
  createdAt: T - 20 * 86_400_000,
  checkedCriteria: ['q1']
}

beforeEach(async () => {
  useDb(new CockpitDb(`deals-test-${++n}`))
  let t = T
  setWriteClock(() => t++)
  await write(async (tx) => {
    await tx.insert('salesProcesses', process)
    await tx.insert('deals', deal)
  })
})

describe('moveDealToStage', () => {
  it('stops a forward move with unchecked criteria and no reason, writing nothing', async () => {
    await expect(moveDealToStage('d1', 'needs', { checked: ['n1'], userId: 'm1', at: T })).rejects.toMatchObject({
      code: 'deal.reason-required'
    })
    expect((await getDb().deals.get('d1'))?.stageId).toBe('qualify')
    expect(await getDb().stageHistory.count()).toBe(0)
  })

  it('moves with every criterion checked, and records nothing unusual', async () => {
    const r = await moveDealToStage('d1', 'needs', { checked: ['n1', 'n2'], userId: 'm1', at: T })
    expect(r).toEqual({ direction: 'forward', skippedStageIds: [], uncheckedCriteria: [] })
    const d = await getDb().deals.get('d1')
    expect(d).toMatchObject({ stageId: 'needs', stageEnteredAt: T, checkedCriteria: ['q1', 'n1', 'n2'] })
    const [h] = await getDb().stageHistory.toArray()
    expect(h).toMatchObject({ fromStageId: 'qualify', toStageId: 'needs', byUserId: 'm1' })
    expect(h).not.toHaveProperty('uncheckedCriteria')
  })

  it('a skip with a reason records the skipped stage and the unchecked gates', async () => {
    await moveDealToStage('d1', 'propose', { checked: ['p1'], reason: '客户总经理直接要方案', userId: 'm1', at: T })
    const [h] = await getDb().stageHistory.toArray()
    expect(h).toMatchObject({ skippedStageIds: ['needs'], uncheckedCriteria: ['n1', 'n2'], reason: '客户总经理直接要方案' })
    // The op for the history row is in the outbox with the deal's.
    const tables = (await getDb().outbox.toArray()).map((o) => o.table)
    expect(tables).toEqual(expect.arrayContaining(['deals', 'stageHistory']))
  })

  it('lost needs a loss reason and closes the deal', async () => {
    await expect(moveDealToStage('d1', 'lost', { checked: [], userId: 'm1', at: T })).rejects.toBeInstanceOf(DealWriteError)
    await moveDealToStage('d1', 'lost', { checked: [], reason: '价格过高', userId: 'm1', at: T })
    expect(await getDb().deals.get('d1')).toMatchObject({ status: 'lost', lossReason: '价格过高', closedAt: T })
    await expect(moveDealToStage('d1', 'needs', { checked: [], userId: 'm1' })).rejects.toMatchObject({ code: 'deal.closed' })
  })

  it('moving back needs no gate', async () => {
    await moveDealToStage('d1', 'needs', { checked: ['n1', 'n2'], userId: 'm1', at: T })
    const r = await moveDealToStage('d1', 'qualify', { checked: [], userId: 'm1', at: T + 1 })
    expect(r.direction).toBe('back')
  })
})

describe('forecast writes', () => {
  it('keeps the rep call when the manager overrides', async () => {
    await setForecastCategory('d1', 'commit', 'rep')
    await setForecastCategory('d1', 'best_case', 'manager')
    expect(await getDb().deals.get('d1')).toMatchObject({ forecastCategory: 'commit', managerForecastCategory: 'best_case' })
  })

  it('takes a manual snapshot through the write path', async () => {
    const s = await takeForecastSnapshot({
      scopeKind: 'orgUnit',
      scopeId: 't1',
      period: 'month',
      periodStart: '2027-01-01',
      figures: { ...emptyForecast(), won: 100, commit: 200 },
      at: T
    })
    expect(await getDb().forecastSnapshots.get(s.id)).toMatchObject({ trigger: 'manual', won: 100, commit: 200 })
  })
})

describe('calibration writes', () => {
  it('adopts probabilities as a new process revision', async () => {
    const { adoptStageProbabilities } = await import('./deals')
    await adoptStageProbabilities('p1', new Map([['needs', 33]]))
    const p = await getDb().salesProcesses.get('p1')
    expect(p?.revision).toBe(2)
    expect(p?.stages.find((s) => s.id === 'needs')?.probability).toBe(33)
    expect(p?.stages.find((s) => s.id === 'qualify')?.probability).toBe(20)
  })
})
