import { useCallback, useRef, useSyncExternalStore } from 'react'
import { liveQuery, type Subscription } from 'dexie'
import { getDb, type CockpitDb } from './database'

/**
 * Live queries and derivations that stay warm between visits (issue 19: switching sections
 * must not show a blank page while the same deals are read and the same health is computed
 * again). A query is shared by every view that asks for it by the same key and kept subscribed
 * for a while after its last view unmounts, so a return to a section paints at once with the
 * current rows: Dexie re-runs the query only when what it read has changed.
 */

interface Entry {
  value: unknown
  ready: boolean
  error?: unknown
  listeners: Set<() => void>
  sub?: Subscription
  idle?: ReturnType<typeof setTimeout>
}

/** Per database: a workspace switch (or a test's fresh database) starts cold. */
const queries = new WeakMap<CockpitDb, Map<string, Entry>>()
const memos = new WeakMap<CockpitDb, Map<string, { deps: readonly unknown[]; value: unknown }>>()

let keepMs = 5 * 60_000
/** How long a query nobody shows stays subscribed (tests shorten it). */
export function setWarmKeepMs(ms: number): void {
  keepMs = ms
}

function entriesOf(db: CockpitDb): Map<string, Entry> {
  let m = queries.get(db)
  if (!m) queries.set(db, (m = new Map()))
  return m
}

function entryFor(db: CockpitDb, key: string, querier: () => unknown): Entry {
  const all = entriesOf(db)
  let entry = all.get(key)
  // A query that failed is tried again by the next view that asks once nobody shows the error.
  if (entry && !(entry.error && entry.listeners.size === 0)) return entry
  const e: Entry = { value: undefined, ready: false, listeners: new Set() }
  all.set(key, e)
  e.sub = liveQuery(querier).subscribe({
    next: (v) => {
      e.value = v
      e.ready = true
      for (const l of [...e.listeners]) l()
    },
    error: (err: unknown) => {
      // The views showing it now hear the error; the next one to ask starts over.
      e.error = err
      for (const l of [...e.listeners]) l()
    }
  })
  entry = e
  return entry
}

function release(db: CockpitDb, key: string, e: Entry): void {
  if (e.listeners.size > 0) return
  const drop = (): void => {
    if (e.listeners.size > 0) return
    e.sub?.unsubscribe()
    const all = entriesOf(db)
    if (all.get(key) === e) all.delete(key)
  }
  if (keepMs <= 0 || e.error) return drop()
  e.idle = setTimeout(drop, keepMs)
  ;(e.idle as { unref?: () => void }).unref?.()
}

/**
 * `useLiveQuery` that stays warm: `key` names the query and everything it depends on (two views
 * asking the same thing pass the same key). Undefined until the first result, like useLiveQuery.
 */
export function useWarmQuery<T>(key: string, querier: () => Promise<T> | T): T | undefined {
  const db = getDb()
  const subscribe = useCallback(
    (onChange: () => void) => {
      const e = entryFor(db, key, querier)
      if (e.idle) clearTimeout(e.idle)
      e.idle = undefined
      e.listeners.add(onChange)
      return () => {
        e.listeners.delete(onChange)
        release(db, key, e)
      }
    },
    // The key names the query: a new querier closure for the same key is the same query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [db, key]
  )
  const snapshot = useCallback(() => {
    const e = entriesOf(db).get(key)
    return e?.ready ? (e.value as T) : undefined
  }, [db, key])
  const value = useSyncExternalStore(subscribe, snapshot, snapshot)
  const e = entriesOf(db).get(key)
  if (e?.error) throw e.error
  // While a new key loads (another day, another period), the last result stays on screen, as
  // useLiveQuery does: no blank frame between two days of the same board.
  const last = useRef<{ db: CockpitDb; value: T } | undefined>(undefined)
  if (value !== undefined) last.current = { db, value }
  return value !== undefined ? value : last.current?.db === db ? last.current.value : undefined
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]))
}

/**
 * A derivation remembered across mounts: recomputed only when one of `deps` changed (by
 * identity), so the health of 10,000 deals is not computed again on every return to a section.
 * `fn` must depend on nothing but `deps`.
 */
export function warmMemo<T>(key: string, deps: readonly unknown[], fn: () => T): T {
  const db = getDb()
  let m = memos.get(db)
  if (!m) memos.set(db, (m = new Map()))
  const hit = m.get(key)
  if (hit && sameDeps(hit.deps, deps)) return hit.value as T
  const value = fn()
  m.set(key, { deps, value })
  return value
}
