import { useEffect, useState } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import type { SyncStatus } from '@shared/ipc/sync'
import { getDb } from '../db/database'
import { readConflicts, readRejected, type KeptConflict, type RejectedOp } from './engine'
import { currentSyncStatus, holdSyncLoop, onSyncStatus } from './loop'

/** The hub status for the UI; mounting it keeps the sync loop running. */
export function useSyncStatus(): { status: SyncStatus | undefined; outbox: number; conflicts: KeptConflict[]; rejected: RejectedOp[] } {
  const [status, setStatus] = useState<SyncStatus | undefined>(currentSyncStatus)
  useEffect(() => {
    const off = onSyncStatus(setStatus)
    const release = holdSyncLoop()
    setStatus(currentSyncStatus())
    return () => {
      off()
      release()
    }
  }, [])
  const outbox = useLiveQuery(() => getDb().outbox.count(), [], 0)
  const conflicts = useLiveQuery(() => readConflicts(getDb()), [], [] as KeptConflict[])
  const rejected = useLiveQuery(() => readRejected(getDb()), [], [] as RejectedOp[])
  return { status, outbox, conflicts, rejected }
}
