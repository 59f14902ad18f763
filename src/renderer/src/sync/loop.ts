import { liveQuery } from 'dexie'
import type { SyncStatus } from '@shared/ipc/sync'
import { bridge } from '../bridge'
import { getDb } from '../db/database'
import { getWorkspaceMeta } from '../db/workspace'
import { syncOnce, type SyncApi } from './engine'
import { maySync, readSession } from '../session/session'

/**
 * The background sync loop, a transport and an applier: it runs a round (push the outbox, pull
 * what is new) when the outbox holds edits or main says the page is behind (`status.behind`,
 * main/sync/round.ts: only main sees the hub's pokes and resets, so only main judges; the page
 * keeps no cursor logic). One round at a time; after a round it looks again, and an explicit
 * `syncNow` during a round runs one more round after it.
 */

export const bridgeApi: SyncApi = {
  push: (req) => bridge.invoke('sync.push', req),
  pull: (req) => bridge.invoke('sync.pull', req)
}

/** A round that failed (offline, an error) is tried again this often while there is still a reason to. */
const RETRY_INTERVAL_MS = 60_000
const OUTBOX_DEBOUNCE_MS = 300
const MAX_ROUNDS_IN_A_ROW = 20

let status: SyncStatus | undefined
const listeners = new Set<(s: SyncStatus | undefined) => void>()
let users = 0
let teardown: (() => void) | undefined
let running = false
let again = false

function online(s: SyncStatus | undefined): boolean {
  return s?.state === 'syncing' || s?.state === 'upToDate'
}

function setStatus(next: SyncStatus): void {
  status = next
  for (const l of listeners) l(next)
}

/** A round is wanted: edits wait in the outbox, or main says the hub has what this page lacks. */
async function wanted(): Promise<boolean> {
  const outbox = await getDb().outbox.count()
  // Read after the await: the newest status main sent, including one that came during the count.
  return online(status) && (outbox > 0 || status?.behind === true)
}

let checking = false

/**
 * Run a round if one is wanted and none is running (a running round looks again when it ends).
 * One look at a time: a look in flight reads the newest status when its count comes back, so a
 * second status event meanwhile must not start a second round.
 */
async function syncIfWanted(): Promise<void> {
  if (running || checking) return
  checking = true
  const yes = await wanted().catch(() => false)
  checking = false
  if (yes) await syncNow()
}

/** Run a sync round now (or right after the current one). Errors surface through the status. */
export async function syncNow(): Promise<void> {
  if (running) {
    again = true
    return
  }
  running = true
  let rounds = 0
  try {
    do {
      again = false
      // A judgement that never settles must not spin: the next status event or the retry tick goes on.
      if (++rounds > MAX_ROUNDS_IN_A_ROW) break
      // Only a hub workspace syncs, and only as the account it was created for: the demo and an
      // import workspace are this laptop's own, and a workspace never syncs as someone else.
      const meta = await getWorkspaceMeta()
      if (!online(status) || !meta || meta.kind !== 'hub' || !maySync(await readSession(getDb()), status)) break
      await syncOnce(getDb(), bridgeApi)
    } while (again || (await wanted()))
  } catch {
    // The bridge already put the error code into the status the UI shows.
  } finally {
    running = false
  }
}

function start(): () => void {
  // A poke, a reset (whose round purges and re-downloads by the new scope) or the minute's
  // refresh all reach the page the same way: main's status says behind.
  const offStatus = bridge.on('sync.status', (next) => {
    setStatus(next)
    void syncIfWanted()
  })
  void bridge.invoke('sync.status', {}).then(
    (s) => {
      setStatus(s)
      void syncIfWanted()
    },
    () => {}
  )
  let debounce: ReturnType<typeof setTimeout> | undefined
  const outbox = liveQuery(() => getDb().outbox.count()).subscribe({
    next: (n) => {
      if (n === 0 || !online(status)) return
      clearTimeout(debounce)
      debounce = setTimeout(() => void syncNow(), OUTBOX_DEBOUNCE_MS)
    },
    error: () => {}
  })
  const timer = setInterval(() => void syncIfWanted(), RETRY_INTERVAL_MS)
  return () => {
    offStatus()
    outbox.unsubscribe()
    clearTimeout(debounce)
    clearInterval(timer)
  }
}

/** Start the loop (ref-counted, so every status view can hold it); returns the release. */
export function holdSyncLoop(): () => void {
  if (!bridge.available) return () => {}
  if (users++ === 0) teardown = start()
  return () => {
    if (--users === 0) {
      teardown?.()
      teardown = undefined
    }
  }
}

export function currentSyncStatus(): SyncStatus | undefined {
  return status
}

export function onSyncStatus(listener: (s: SyncStatus | undefined) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

let downloading: number | undefined
const progressListeners = new Set<(n: number | undefined) => void>()

/** Rows received by a first download so far (undefined when none is running), for the header. */
export function setDownloadProgress(n: number | undefined): void {
  downloading = n
  for (const l of progressListeners) l(n)
}

export function currentDownloadProgress(): number | undefined {
  return downloading
}

export function onDownloadProgress(listener: (n: number | undefined) => void): () => void {
  progressListeners.add(listener)
  return () => progressListeners.delete(listener)
}

/** After connect/disconnect the caller already has the new status; share it at once. */
export function publishSyncStatus(s: SyncStatus): void {
  setStatus(s)
}
