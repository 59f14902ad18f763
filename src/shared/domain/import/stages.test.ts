import { describe, expect, it } from 'vitest'
import type { SalesProcess, Stage } from '../../model'
import { bareStageName, suggestStageMapping } from './stages'

const stage = (id: string, name: string, kind: Stage['kind'], probability: number): Stage => ({
  id,
  name,
  kind,
  probability,
  expectedDays: 14,
  minDays: 2,
  exitCriteria: [],
  steps: [],
  methods: []
})

/** A typical Chinese new-customer process. */
export const newCustomerProcess: SalesProcess = {
  id: 'p-new',
  name: '新客户销售流程',
  segment: 'new',
  revision: 1,
  stages: [
    stage('s1', '初步接触', 'open', 10),
    stage('s2', '需求确认', 'open', 30),
    stage('s3', '方案报价', 'open', 60),
    stage('s4', '商务谈判', 'open', 80),
    stage('won', '赢单', 'won', 100),
    stage('lost', '输单', 'lost', 0)
  ],
  abandonRules: { ageVsMedian: 3, maxPushes: 3, requireEconomicBuyer: true },
  bigDealThreshold: 100_000_000,
  currency: 'CNY',
  lossReasons: []
}

describe('suggestStageMapping', () => {
  it('maps Salesforce stage names onto a Chinese process', () => {
    const s = suggestStageMapping(
      [
        { value: 'Prospecting', count: 5, probability: 10 },
        { value: 'Needs Analysis', count: 5, probability: 20 },
        { value: 'Proposal/Price Quote', count: 5, probability: 75 },
        { value: 'Negotiation/Review', count: 5, probability: 90 },
        { value: 'Closed Won', count: 5, probability: 100 },
        { value: 'Closed Lost', count: 5, probability: 0 }
      ],
      newCustomerProcess
    )
    expect(s.map((x) => x.stageId)).toEqual(['s1', 's2', 's3', 's4', 'won', 'lost'])
    expect(s[4]!.match).toBe('won-lost')
  })

  it('maps Chinese spellings, numbered stages and won/lost words', () => {
    const s = suggestStageMapping(
      [
        { value: '1-初步接触', count: 1 },
        { value: '阶段2：需求确认（30%）', count: 1 },
        { value: '方案/报价', count: 1 },
        { value: '谈判中', count: 1 },
        { value: '成交', count: 1 },
        { value: '丢单', count: 1 },
        { value: '暂停', count: 1 }
      ],
      newCustomerProcess
    )
    expect(s.map((x) => x.stageId)).toEqual(['s1', 's2', 's3', 's4', 'won', 'lost', null])
  })

  it('uses the file probability when the name says nothing', () => {
    const s = suggestStageMapping([{ value: 'Stage X', count: 3, probability: 55 }], newCustomerProcess)
    expect(s[0]).toMatchObject({ stageId: 's3', match: 'probability' })
    const far = suggestStageMapping([{ value: 'Stage Y', count: 3, probability: 45 }], newCustomerProcess)
    expect(far[0]!.stageId).toBeNull()
  })

  it('strips numbering and percentages from names', () => {
    expect(bareStageName('03 - 方案报价')).toBe('方案报价')
    expect(bareStageName('Stage 2: Qualification')).toBe('Qualification')
    expect(bareStageName('赢单(100%)')).toBe('赢单')
  })
})
