import { describe, expect, it } from 'vitest'
import { ConflictsQuery, LiveMessage } from './sync'

/**
 * The live socket's messages and the conflict inbox's query are parsed by the bridge and the hub
 * with these schemas (issue 16): a hostile or broken hub message is dropped, never acted on.
 */
describe('hub-api sync contract', () => {
  it('takes the live messages the hub sends', () => {
    expect(LiveMessage.parse({ type: 'poke', stream: 'region:east', seq: 12 })).toEqual({ type: 'poke', stream: 'region:east', seq: 12 })
    expect(LiveMessage.safeParse({ type: 'ready' }).success).toBe(true)
    expect(LiveMessage.safeParse({ type: 'reset', reason: 'moved' }).success).toBe(true)
  })

  it('refuses a poke without a usable stream or sequence, and any message of an unknown type', () => {
    for (const bad of [
      { type: 'poke', stream: 5, seq: 1 },
      { type: 'poke', stream: '', seq: 1 },
      { type: 'poke', stream: 'x'.repeat(65), seq: 1 },
      { type: 'poke', stream: 'region:east', seq: -1 },
      { type: 'poke', stream: 'region:east', seq: 1.5 },
      { type: 'poke', stream: 'region:east' },
      { type: 'shutdown' },
      null,
      'poke'
    ])
      expect(LiveMessage.safeParse(bad).success).toBe(false)
  })

  it('reads the conflict inbox cursor from a query string and refuses one that is not a count', () => {
    expect(ConflictsQuery.parse({})).toEqual({ after: 0 })
    expect(ConflictsQuery.parse({ after: '42' })).toEqual({ after: 42 })
    for (const after of ['abc', '-1', '1.5']) expect(ConflictsQuery.safeParse({ after }).success).toBe(false)
  })
})
