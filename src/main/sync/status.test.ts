import { describe, expect, it } from 'vitest'
import { idleRecordingsProgress } from './bridge-recordings'
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

  it('names the account signed in, and forgets it when another account or hub is configured or on disconnect', () => {
    const signed = run(configured, { type: 'connecting' }, { type: 'signedIn', userId: 'u-li' }, configured, { type: 'online' })
    expect(signed.userId).toBe('u-li')
    expect(nextStatus(signed, { type: 'configured', hubUrl: 'http://127.0.0.1:4780', email: 'wang@example.com', secretStorage: 'os-encrypted' }).userId).toBeUndefined()
    expect(nextStatus(signed, { type: 'disconnected' }).userId).toBeUndefined()
  })

  it('a poke ahead of the page marks it syncing and remembers the head', () => {
    const s = run(configured, { type: 'online' }, { type: 'poke', stream: 'r1', seq: 7 }, { type: 'poke', stream: 'r1', seq: 4 })
    expect(s).toMatchObject({ state: 'syncing', heads: { r1: 7 } })
  })

  it('carries main’s judgement of whether the page is behind, without changing what the header says; a disconnect forgets it', () => {
    const s = run(configured, { type: 'online' }, { type: 'judged', behind: true })
    expect(s).toMatchObject({ state: 'upToDate', behind: true })
    expect(nextStatus(s, { type: 'judged', behind: false }).behind).toBe(false)
    expect(nextStatus(s, { type: 'disconnected' }).behind).toBeUndefined()
    // Before any connection there is nothing to be behind of.
    expect(nextStatus(initialStatus, { type: 'judged', behind: true }).behind).toBeUndefined()
  })

  it('offline keeps the error code until the next success clears it', () => {
    const off = run(configured, { type: 'online' }, { type: 'offline', code: 'sync.offline' })
    expect(off).toMatchObject({ state: 'offline', lastErrorCode: 'sync.offline' })
    expect(nextStatus(off, { type: 'done', at: 9, behind: false })).toMatchObject({ state: 'upToDate', lastErrorCode: undefined })
    expect(nextStatus(off, { type: 'error', code: 'auth.bad-credentials' })).toMatchObject({ state: 'offline', lastErrorCode: 'auth.bad-credentials' })
  })

  it('recording transfers show as counts per direction and bytes, and an error of one file', () => {
    const running = run(configured, { type: 'online' }, {
      type: 'recordings',
      progress: { state: 'running', uploads: { done: 1, total: 2 }, downloads: { done: 0, total: 3 }, bytesDone: 4_000, bytesTotal: 10_000 }
    })
    expect(running.recordings).toEqual({ running: true, uploading: { done: 1, total: 2 }, downloading: { done: 0, total: 3 }, bytesDone: 4_000, bytesTotal: 10_000 })
    // Records sync state is untouched by file transfers.
    expect(running.state).toBe('upToDate')
    const ended = nextStatus(running, {
      type: 'recordings',
      progress: { state: 'idle', uploads: { done: 2, total: 2 }, downloads: { done: 2, total: 3 }, bytesDone: 10_500, bytesTotal: 10_000, lastErrorCode: 'recordings.hash-mismatch', lastRunAt: 9 }
    })
    // Bytes counted twice (a chunk the hub already had) never show as more than the whole.
    expect(ended.recordings).toEqual({ running: false, uploading: { done: 2, total: 2 }, downloading: { done: 2, total: 3 }, bytesDone: 10_000, bytesTotal: 10_000, lastErrorCode: 'recordings.hash-mismatch' })
    expect(nextStatus(initialStatus, { type: 'recordings', progress: idleRecordingsProgress })).toEqual(initialStatus)
  })

  it('a reset from the hub counts up and asks the page for a round', () => {
    const s = run(configured, { type: 'online' }, { type: 'reset' })
    expect(s).toMatchObject({ state: 'syncing', resets: 1 })
    expect(nextStatus(s, { type: 'reset' }).resets).toBe(2)
    expect(nextStatus(initialStatus, { type: 'reset' })).toEqual(initialStatus)
  })

  it('nothing moves a disconnected bridge but connecting again', () => {
    const s = run(configured, { type: 'online' }, { type: 'disconnected' })
    expect(s).toEqual(initialStatus)
    expect(nextStatus(s, { type: 'offline', code: 'sync.offline' })).toEqual(initialStatus)
    expect(nextStatus(s, { type: 'busy' })).toEqual(initialStatus)
    expect(nextStatus(s, { type: 'done', at: 1, behind: false })).toEqual(initialStatus)
  })
})
