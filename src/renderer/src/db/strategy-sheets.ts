import * as Y from 'yjs'
import type { Activity, StrategySheet } from '@shared/model'
import { newId } from '@shared/ids'
import { readSheet, replaceContent, updateRow, type StrategySheetContent } from '@shared/domain/strategy-sheet'
import { getDb, type SheetSnapshotRow } from './database'
import { write, WriteError } from './write'

/**
 * Strategy sheets on this machine. The `strategySheets` record (which deal has a sheet) goes
 * through the one write path; the content is a Y.Doc whose updates are stored as the CRDT's own
 * append-only log in `sheetUpdates`. We keep that log ourselves rather than through y-dexie:
 * y-dexie needs its addon in the database constructor and hangs the Y.Doc off the record as a
 * prototype property, which the zod-validated write path and the sync op log don't know; and
 * the team hub will want the raw updates anyway.
 */

/** Marks updates that came from storage, so they aren't written back. */
const FROM_STORAGE = Symbol('storage')
/** Above this many stored updates, loading folds them into one to keep opening fast. */
const COMPACT_AFTER = 500

export type SheetErrorCode = 'sheet.load-failed' | 'sheet.deal-missing'

export class SheetError extends Error {
  constructor(public readonly code: SheetErrorCode, message: string) {
    super(message)
  }
}

/** The sheet record for a deal, created through the write path the first time it is opened. */
export async function ensureSheetRecord(dealId: string, userId: string, now: number): Promise<StrategySheet> {
  const db = getDb()
  const existing = (await db.strategySheets.where('dealId').equals(dealId).toArray()).filter((s) => !s.deleted)
  // Two devices may each have created one offline; the oldest wins so both open the same content.
  if (existing.length) return existing.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))[0]!
  const deal = await db.deals.get(dealId)
  if (!deal || deal.deleted) throw new SheetError('sheet.deal-missing', `deal ${dealId} not found`)
  return write((tx) => tx.insert('strategySheets', { id: newId(), dealId, createdAt: now, createdBy: userId }))
}

export interface LoadedSheet {
  doc: Y.Doc
  /** Stored updates that could not be applied (damaged); the rest of the sheet still loads. */
  damaged: number
}

/** Replay a sheet's stored updates into a fresh Y.Doc. */
export async function loadSheetDoc(sheetId: string): Promise<LoadedSheet> {
  const db = getDb()
  const rows = await db.sheetUpdates.where('sheetId').equals(sheetId).sortBy('seq')
  const doc = new Y.Doc()
  let damaged = 0
  for (const row of rows) {
    try {
      Y.applyUpdate(doc, row.update, FROM_STORAGE)
    } catch {
      damaged++
    }
  }
  if (damaged === 0 && rows.length > COMPACT_AFTER) {
    const lastSeq = rows[rows.length - 1]!.seq!
    const merged = Y.encodeStateAsUpdate(doc)
    await db.transaction('rw', db.sheetUpdates, async () => {
      await db.sheetUpdates.where('sheetId').equals(sheetId).and((r) => (r.seq ?? 0) <= lastSeq).delete()
      await db.sheetUpdates.add({ sheetId, update: merged })
    })
  }
  return { doc, damaged }
}

/**
 * How a sheet's updates travel between replicas that are open at the same time. Another window
 * on this machine uses a BroadcastChannel; the team hub will plug in through the same shape.
 */
export interface SheetTransport {
  publish(update: Uint8Array): void
  /** Returns the unsubscribe function. */
  subscribe(onUpdate: (update: Uint8Array) => void): () => void
  close(): void
}

export function broadcastTransport(sheetId: string): SheetTransport {
  const channel = new BroadcastChannel(`strategy-sheet:${sheetId}`)
  return {
    publish: (update) => channel.postMessage(update),
    subscribe: (onUpdate) => {
      const listener = (e: MessageEvent): void => {
        if (e.data instanceof Uint8Array) onUpdate(e.data)
      }
      channel.addEventListener('message', listener)
      return () => channel.removeEventListener('message', listener)
    },
    close: () => channel.close()
  }
}

/**
 * Keep `doc` stored and shared: every change (local or received) is appended to the log, local
 * ones are published, received ones applied. Storing received updates too is harmless (Yjs
 * ignores what it already has) and is what a hub transport needs. Returns the detach function.
 */
export function bindSheet(doc: Y.Doc, sheetId: string, transports: SheetTransport[], onPersistError?: (e: unknown) => void): () => void {
  const db = getDb()
  const onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === FROM_STORAGE) return
    db.sheetUpdates.add({ sheetId, update }).catch((e: unknown) => onPersistError?.(e))
    for (const t of transports) if (origin !== t) t.publish(update)
  }
  doc.on('update', onUpdate)
  const unsubscribes = transports.map((t) => t.subscribe((u) => Y.applyUpdate(doc, u, t)))
  // Whoever else is open gets everything we have, in case they loaded before our last writes.
  const state = Y.encodeStateAsUpdate(doc)
  for (const t of transports) t.publish(state)
  return () => {
    doc.off('update', onUpdate)
    for (const u of unsubscribes) u()
  }
}

/** Open a deal's sheet: record, document, stamped with the current schema version. */
export async function openSheet(dealId: string, userId: string, now: number): Promise<{ sheet: StrategySheet } & LoadedSheet> {
  const sheet = await ensureSheetRecord(dealId, userId, now)
  const loaded = await loadSheetDoc(sheet.id)
  return { sheet, ...loaded }
}

/**
 * Chosen best actions with an owner and a due date become tasks in the owner's deal timeline.
 * The task's id is the action's id, so two windows (or two devices) doing this at once create
 * one task, not two; the action then remembers its task.
 */
export async function createActionTasks(
  doc: Y.Doc,
  deal: { id: string; customerId: string; name: string },
  assignedBy: string,
  now: number
): Promise<number> {
  const pending = readSheet(doc).actions.filter((a) => a.chosen && a.owner !== '' && a.dueAt !== null && a.taskId === '')
  let created = 0
  for (const a of pending) {
    const task: Activity = {
      id: a.id,
      kind: 'task',
      customerId: deal.customerId,
      dealId: deal.id,
      userId: assignedBy || a.owner,
      otherUserId: a.owner,
      at: now,
      loggedAt: now,
      dueAt: a.dueAt!,
      status: 'planned',
      subject: (a.text.trim() || deal.name).slice(0, 300)
    }
    try {
      await write((tx) => tx.insert('activities', task))
      created++
    } catch (e) {
      if (!(e instanceof WriteError && e.code === 'write.exists')) throw e
    }
    updateRow(doc, 'actions', a.id, { taskId: task.id })
  }
  return created
}

// ---------- history ----------

export async function takeSnapshot(sheetId: string, doc: Y.Doc, userId: string, now: number): Promise<void> {
  await getDb().sheetSnapshots.add({ sheetId, at: now, userId, state: Y.encodeStateAsUpdate(doc) })
}

export async function listSnapshots(sheetId: string): Promise<SheetSnapshotRow[]> {
  const rows = await getDb().sheetSnapshots.where('sheetId').equals(sheetId).sortBy('seq')
  return rows.reverse()
}

export function snapshotContent(row: SheetSnapshotRow): StrategySheetContent {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, row.state)
  return readSheet(doc)
}

/** Restore as forward edits, so whatever others do meanwhile merges instead of being wiped. */
export function restoreSnapshot(doc: Y.Doc, row: SheetSnapshotRow): void {
  replaceContent(doc, snapshotContent(row))
}

// ---------- the manual big-deal flag ----------

/**
 * Flag or unflag a deal as big by hand (a deal under the process threshold can still need the
 * war room). The change and its `big_deal_flag` activity are written together, so the deal's
 * timeline says who flagged it and when.
 */
export async function setBigDealFlag(dealId: string, bigDeal: boolean, userId: string, subject: string, now: number): Promise<void> {
  await write(async (tx) => {
    const deal = await getDb().deals.get(dealId)
    if (!deal || deal.deleted) throw new SheetError('sheet.deal-missing', `deal ${dealId} not found`)
    if (deal.bigDeal === bigDeal) return
    await tx.update('deals', dealId, { bigDeal })
    await tx.insert('activities', {
      id: newId(),
      kind: 'big_deal_flag',
      customerId: deal.customerId,
      dealId,
      userId,
      at: now,
      loggedAt: now,
      status: 'done',
      subject: subject.slice(0, 300),
      from: deal.bigDeal ? 1 : 0,
      to: bigDeal ? 1 : 0
    })
  })
}
