import { describe, expect, it } from 'vitest'
import { initialStatus, nextStatus, type StatusEvent } from './status'

const run = (...events: StatusEvent[]) => events.reduce(nextStatus, initialStatus)
const configured: StatusEvent = { type: 'configured', hubUrl: 'http://127.0.0.1:4780', email: 'li@example.com', secretStorage: 'os-encrypted' }

describe('sync status', () => {
  it('goes connecting → up to date, and syncing while work is pending', () => {
    expect(run(configured, { type: 'connecting' }).state).toBe('connecting')
    expect(run(configured, { type: 'connecting' }, { type: 'online' }).state).toBe('upToDate')
    const busy = run(configured, { type: 'online' }, { type: 'pending', pending: 3 })
    expect(busy).toMatchObject({ state: 'syncing', pending: 3 })
    expect(nextStatus(busy, { type: 'done', at: 5, pending: 0, behind: false })).toMatchObject({ state: 'upToDate', pending: 0, lastSyncAt: 5 })
    expect(nextStatus(busy, { type: 'done', at: 5, pending: 0, behind: true }).state).toBe('syncing')
  })

  it('a poke ahead of the page marks it syncing and remembers the head', () => {
    const s = run(configured, { type: 'online' }, { type: 'poke', stream: 'r1', seq: 7 }, { type: 'poke', stream: 'r1', seq: 4 })
    expect(s).toMatchObject({ state: 'syncing', heads: { r1: 7 } })
  })

  it('offline keeps the error code until the next success clears it', () => {
    const off = run(configured, { type: 'online' }, { type: 'offline', code: 'sync.offline' })
    expect(off).toMatchObject({ state: 'offline', lastErrorCode: 'sync.offline' })
    expect(nextStatus(off, { type: 'done', at: 9, behind: false })).toMatchObject({ state: 'upToDate', lastErrorCode: undefined })
    expect(nextStatus(off, { type: 'error', code: 'auth.bad-credentials' })).toMatchObject({ state: 'offline', lastErrorCode: 'auth.bad-credentials' })
  })

  it('nothing moves a disconnected bridge but connecting again', () => {
    const s = run(configured, { type: 'online' }, { type: 'disconnected' })
    expect(s).toEqual(initialStatus)
    expect(nextStatus(s, { type: 'offline', code: 'sync.offline' })).toEqual(initialStatus)
    expect(nextStatus(s, { type: 'busy' })).toEqual(initialStatus)
    expect(nextStatus(s, { type: 'done', at: 1, behind: false })).toEqual(initialStatus)
  })
})
