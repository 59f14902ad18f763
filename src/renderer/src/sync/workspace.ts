import { modelTables } from '@shared/model'
import { getDb } from '../db/database'
import type { WorkspaceMeta } from '../db/workspace'

/**
 * A workspace that starts empty and is filled by the hub: unlike an import workspace it creates
 * no default org or processes (they would be pushed as duplicates of the team's own).
 */
export async function startHubWorkspace(locale: 'zh-CN' | 'en-US', now = Date.now()): Promise<void> {
  const db = getDb()
  const tables = [...modelTables.map((t) => db.table(t)), db.outbox, db.clocks, db.meta]
  await db.transaction('rw', tables, async () => {
    for (const t of tables) if (t.name !== 'meta') await t.clear()
    for (const key of ['sync.cursors', 'sync.conflicts', 'sync.rejected', 'sync.scope', 'sync.conflictsAfter', 'sync.conflictsSeen']) await db.meta.delete(key)
    await db.meta.put({ key: 'workspace', value: { kind: 'hub', locale, openedAt: now } satisfies WorkspaceMeta })
  })
}
