import { liveQuery } from 'dexie'
import type { SyncStatus } from '@shared/ipc/sync'
import { bridge } from '../bridge'
import { getDb } from '../db/database'
import { getWorkspaceMeta } from '../db/workspace'
import { readCursors, syncOnce, type SyncApi } from './engine'
import { maySync, readSession } from '../session/session'

/**
 * The background sync loop: runs a round (push the outbox, pull what is new) when main says the
 * hub moved, when the outbox grows, and every minute as a safety net. One round at a time; a
 * trigger during a round runs one more round after it.
 */

export const bridgeApi: SyncApi = {
  push: (req) => bridge.invoke('sync.push', req),
  pull: (req) => bridge.invoke('sync.pull', req)
}

const SAFETY_INTERVAL_MS = 60_000
const OUTBOX_DEBOUNCE_MS = 300

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

async function needed(): Promise<boolean> {
  const db = getDb()
  if ((await db.outbox.count()) > 0) return true
  const cursors = await readCursors(db)
  return Object.entries(status?.heads ?? {}).some(([s, head]) => head > (cursors[s] ?? 0)) || Object.keys(cursors).length === 0
}

/** Run a sync round now (or right after the current one). Errors surface through the status. */
export async function syncNow(): Promise<void> {
  if (running) {
    again = true
    return
  }
  running = true
  try {
    do {
      again = false
      // Only a hub workspace syncs, and only as the account it was created for: the demo and an
      // import workspace are this laptop's own, and a workspace never syncs as someone else.
      const meta = await getWorkspaceMeta()
      if (!online(status) || !meta || meta.kind !== 'hub' || !maySync(await readSession(getDb()), status)) break
      await syncOnce(getDb(), bridgeApi)
    } while (again)
  } catch {
    // The bridge already put the error code into the status the UI shows.
  } finally {
    running = false
  }
}

function start(): () => void {
  const offStatus = bridge.on('sync.status', (next) => {
    const resetsBefore = status?.resets ?? 0
    setStatus(next)
    // The hub said this user's scope changed: a round now, whose pull purges and re-downloads.
    if (online(next) && (next.resets ?? 0) > resetsBefore) void syncNow()
    else if (online(next)) {
      void needed().then((yes) => {
        if (yes) void syncNow()
      })
    }
  })
  void bridge.invoke('sync.status', {}).then(
    (s) => {
      setStatus(s)
      if (online(s)) void syncNow()
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
  const timer = setInterval(() => void syncNow(), SAFETY_INTERVAL_MS)
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
