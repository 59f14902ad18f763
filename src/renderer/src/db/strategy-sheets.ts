import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import type { Activity, StrategySheet } from '@shared/model'
import { newId } from '@shared/ids'
import { dealSheetId, readSheet, replaceContent, updateRow, type StrategySheetContent } from '@shared/domain/strategy-sheet'
import { getDb, type SheetSnapshotRow } from './database'
import { write, WriteError } from './write'
import { linkDoc, type SheetTransport } from './strategy-sheets-live'

export { broadcastTransport, type SheetTransport } from './strategy-sheets-live'

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

/**
 * The sheet record for a deal, created through the write path the first time it is opened. Its
 * id is derived from the deal (`dealSheetId`), so two laptops that each create it offline write
 * the same record and the same document. Sheets created before that have random ids: they are
 * returned as `legacyIds`, and their content is folded into the derived one on open.
 */
export async function ensureSheetRecord(dealId: string, userId: string, now: number): Promise<{ sheet: StrategySheet; legacyIds: string[] }> {
  const db = getDb()
  const id = dealSheetId(dealId)
  const legacyIds = (await db.strategySheets.where('dealId').equals(dealId).toArray())
    .filter((s) => s.id !== id && !s.deleted)
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    .map((s) => s.id)
  const existing = await db.strategySheets.get(id)
  if (existing) return { sheet: existing, legacyIds }
  const deal = await db.deals.get(dealId)
  if (!deal || deal.deleted) throw new SheetError('sheet.deal-missing', `deal ${dealId} not found`)
  try {
    // The oldest legacy sheet's creator and date stay the sheet's, so the war room's "since" doesn't jump.
    const oldest = legacyIds.length ? await db.strategySheets.get(legacyIds[0]!) : undefined
    const sheet = await write((tx) => tx.insert('strategySheets', { id, dealId, createdAt: oldest?.createdAt ?? now, createdBy: oldest?.createdBy ?? userId }))
    return { sheet, legacyIds }
  } catch (e) {
    // Another window created it a moment ago.
    const raced = e instanceof WriteError && e.code === 'write.exists' ? await db.strategySheets.get(id) : undefined
    if (raced) return { sheet: raced, legacyIds }
    throw e
  }
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
 * Keep `doc` stored and shared: every change (local or received) is appended to the log, local
 * ones are published, received ones applied (see strategy-sheets-live.ts). Storing received
 * updates too is harmless (Yjs ignores what it already has) and keeps what the hub relayed when
 * we go offline. Returns the detach function.
 */
export function bindSheet(doc: Y.Doc, sheetId: string, transports: SheetTransport[], onPersistError?: (e: unknown) => void, awareness?: Awareness): () => void {
  const db = getDb()
  const onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === FROM_STORAGE) return
    db.sheetUpdates.add({ sheetId, update }).catch((e: unknown) => onPersistError?.(e))
  }
  doc.on('update', onUpdate)
  const unlink = linkDoc(doc, transports, awareness)
  return () => {
    unlink()
    doc.off('update', onUpdate)
  }
}

/**
 * Open a deal's sheet: record and document. What legacy (random-id) documents of the same deal
 * hold and the derived one lacks is appended to the derived one's log, once: Yjs merges the two
 * histories as if they had always been one document, so no row or text is lost.
 */
export async function openSheet(dealId: string, userId: string, now: number): Promise<{ sheet: StrategySheet; legacyIds: string[] } & LoadedSheet> {
  const { sheet, legacyIds } = await ensureSheetRecord(dealId, userId, now)
  const loaded = await loadSheetDoc(sheet.id)
  for (const legacyId of legacyIds) {
    const legacy = await loadSheetDoc(legacyId)
    loaded.damaged += legacy.damaged
    const missing = Y.encodeStateAsUpdate(legacy.doc, Y.encodeStateVector(loaded.doc))
    legacy.doc.destroy()
    // Two bytes is an update carrying nothing: already folded.
    if (missing.byteLength <= 2) continue
    Y.applyUpdate(loaded.doc, missing, FROM_STORAGE)
    await getDb().sheetUpdates.add({ sheetId: sheet.id, update: missing })
  }
  return { sheet, legacyIds, ...loaded }
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

/** Newest first; a migrated sheet's history includes its legacy documents' snapshots. */
export async function listSnapshots(sheetId: string, legacyIds: readonly string[] = []): Promise<SheetSnapshotRow[]> {
  const rows = await getDb().sheetSnapshots.where('sheetId').anyOf([sheetId, ...legacyIds]).toArray()
  return rows.sort((a, b) => b.at - a.at || (b.seq ?? 0) - (a.seq ?? 0))
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
    // The flag's activity lives on the customer's timeline; a deal without a customer has none yet.
    if (deal.customerId === undefined) return
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
