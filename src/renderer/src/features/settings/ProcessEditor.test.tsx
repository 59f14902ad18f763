import { describe, expect, it } from 'vitest'
import type { SalesProcess } from '@shared/model'
import { processProblems } from './ProcessEditor'

const stage = (id: string, kind: 'open' | 'won' | 'lost', probability = 20): SalesProcess['stages'][number] => ({
  id,
  name: id,
  kind,
  probability,
  expectedDays: 10,
  minDays: 1,
  exitCriteria: [],
  steps: [],
  methods: []
})
const base: SalesProcess = {
  id: 'p',
  name: 'New',
  segment: 'new',
  revision: 1,
  stages: [stage('a', 'open'), stage('won', 'won', 100), stage('lost', 'lost', 0)],
  abandonRules: { ageVsMedian: 2, maxPushes: 3, requireEconomicBuyer: false },
  bigDealThreshold: 1,
  currency: 'CNY',
  lossReasons: []
}

describe('processProblems (bad input is named before anything is saved)', () => {
  it('accepts a sound process', () => {
    expect(processProblems(base)).toEqual([])
  })
  it('names duplicate stage names, probabilities outside 0–100 and a process without open stages', () => {
    expect(
      processProblems({ ...base, stages: [stage('a', 'open'), { ...stage('b', 'open'), name: 'a' }, ...base.stages.slice(1)] })
    ).toContain('duplicateNames')
    expect(processProblems({ ...base, stages: [stage('a', 'open', 140), ...base.stages.slice(1)] })).toContain('probability')
    expect(processProblems({ ...base, stages: base.stages.slice(1) })).toContain('tooFewStages')
    expect(processProblems({ ...base, stages: [{ ...stage('a', 'open'), minDays: 30 }, ...base.stages.slice(1)] })).toContain(
      'days'
    )
  })
})
