import { describe, expect, it } from 'vitest'
import type { TFunction } from 'i18next'
import type { Recording } from '@shared/model'
import type { CallMetrics } from '@shared/domain/call-metrics'
import { callsTable } from './export-tables'

const rec = (id: string, title?: string): Recording => ({
  id,
  sha256: id.repeat(64).slice(0, 64),
  durationMs: 600_000,
  channels: 2,
  codec: 'pcm',
  sizeBytes: 1,
  originalName: `${id}.wav`,
  importedAt: 1,
  ...(title ? { title } : {})
})
const stereo: CallMetrics = {
  durationMs: 600_000,
  lanes: {
    repTalkMs: 1,
    customerTalkMs: 1,
    talkRatio: 0.62,
    longestRepMonologueMs: 83_240,
    longestCustomerMonologueMs: 1,
    switchesPerMinute: 4.25,
    patienceMs: 1260
  },
  words: { repQuestions: 7, questionsPerHour: 42, fillers: 0, keywords: {} }
}
const mono: CallMetrics = { durationMs: 600_000, lanes: null, lanesMissing: 'mono', words: null, wordsMissing: 'no-transcript' }

describe('the call list export', () => {
  it('carries each call’s conversation figures in export units, empty where a call cannot have them', () => {
    const metrics = new Map([
      ['a', stereo],
      ['b', mono]
    ])
    const table = callsTable(
      'Calls',
      [rec('a', 'Pricing follow-up'), rec('b')],
      {
        activityOf: () => undefined,
        customerName: () => undefined,
        userName: () => undefined,
        scoreOf: () => null,
        metricsOf: (id) => metrics.get(id)
      },
      ((k: string) => k) as unknown as TFunction
    )
    const [a, b] = table.rows
    expect(a).toMatchObject({
      subject: 'Pricing follow-up',
      talkRatio: 0.62,
      longestRepMonologueS: 83.2,
      switchesPerMinute: 4.25,
      patienceS: 1.3,
      questionsPerHour: 42
    })
    expect(b).toMatchObject({
      subject: null,
      talkRatio: null,
      longestRepMonologueS: null,
      patienceS: null,
      questionsPerHour: null
    })
  })
})
