import type { Activity } from '@shared/model'
import { getDb } from './database'
import { useWarmQuery, warmMemo } from './warm'

/**
 * The activities of some kinds, for the views that read nearly the whole table (health, new
 * customers, analytics: visits and calls are most of it). One shared live query reads the whole
 * table by primary key and each view filters its kinds from it (issue 19): through the `kind`
 * index (`anyOf`) Dexie walks a cursor and, in a live query, records every row's key for change
 * tracking — seconds on the demo's 25,000 activities when the app opened — and two live queries
 * reading the same rows would each get their own deep copy from Dexie's cache.
 */
export function useActivitiesOfKinds(kinds: readonly string[], enabled = true): Activity[] | undefined {
  const all = useWarmQuery<Activity[] | null>(enabled ? 'activities:all' : 'activities:none', () => (enabled ? getDb().activities.toArray() : null))
  return all ? warmMemo(`activities:${kinds.join(',')}`, [all], () => ofKinds(all, kinds)) : undefined
}

export function ofKinds(rows: readonly Activity[], kinds: readonly string[]): Activity[] {
  const wanted = new Set(kinds)
  return rows.filter((a) => wanted.has(a.kind))
}
