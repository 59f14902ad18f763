import { useEffect, useState } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import type { SyncStatus } from '@shared/ipc/sync'
import { getDb } from '../db/database'
import { pendingOpCount } from '../db/outbox'
import { readConflicts, readRejected, type KeptConflict, type RejectedOp } from './engine'
import { currentDownloadProgress, currentSyncStatus, holdSyncLoop, onDownloadProgress, onSyncStatus } from './loop'

/** The hub status for the UI; mounting it keeps the sync loop running. */
export function useSyncStatus(): {
  status: SyncStatus | undefined
  outbox: number
  conflicts: KeptConflict[]
  rejected: RejectedOp[]
  /** Rows a first download has brought so far; undefined when none is running. */
  downloading: number | undefined
} {
  const [status, setStatus] = useState<SyncStatus | undefined>(currentSyncStatus)
  const [downloading, setDownloading] = useState<number | undefined>(currentDownloadProgress)
  useEffect(() => {
    const off = onSyncStatus(setStatus)
    const offProgress = onDownloadProgress(setDownloading)
    const release = holdSyncLoop()
    setStatus(currentSyncStatus())
    setDownloading(currentDownloadProgress())
    return () => {
      off()
      offProgress()
      release()
    }
  }, [])
  const outbox = useLiveQuery(() => pendingOpCount(getDb()), [], 0)
  const conflicts = useLiveQuery(() => readConflicts(getDb()), [], [] as KeptConflict[])
  const rejected = useLiveQuery(() => readRejected(getDb()), [], [] as RejectedOp[])
  return { status, outbox, conflicts, rejected, downloading }
}
