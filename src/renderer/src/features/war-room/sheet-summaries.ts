import * as Y from 'yjs'
import { readSheet, type StrategySheetContent } from '@shared/domain/strategy-sheet'
import { getDb } from '../../db/database'

/**
 * Each sheet read from its stored updates, by deal id; sheets are few (big deals only). A deal
 * with a legacy random-id sheet besides its derived one reads as their merge, as opening shows it.
 */
export async function loadSheetSummaries(): Promise<Map<string, StrategySheetContent>> {
  const db = getDb()
  const sheets = (await db.strategySheets.toArray()).filter((s) => !s.deleted)
  const docs = new Map<string, Y.Doc>()
  for (const s of sheets) {
    let doc = docs.get(s.dealId)
    if (!doc) docs.set(s.dealId, (doc = new Y.Doc()))
    for (const row of await db.sheetUpdates.where('sheetId').equals(s.id).sortBy('seq')) {
      try {
        Y.applyUpdate(doc, row.update)
      } catch {
        // A damaged update is reported when the sheet is opened; the list shows the rest.
      }
    }
  }
  const out = new Map<string, StrategySheetContent>()
  for (const [dealId, doc] of docs) {
    out.set(dealId, readSheet(doc))
    doc.destroy()
  }
  return out
}
