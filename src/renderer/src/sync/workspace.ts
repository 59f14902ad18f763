import { modelTables } from '@shared/model'
import { getDb } from '../db/database'
import type { WorkspaceMeta } from '../db/workspace'
import { SESSION_KEY, type Session } from '../session/session'

/**
 * A workspace that starts empty and is filled by the hub: unlike an import workspace it creates
 * no default org or processes (they would be pushed as duplicates of the team's own). It belongs
 * to the account that created it: it syncs as that account on that hub, never as another.
 */
export async function startHubWorkspace(locale: 'zh-CN' | 'en-US', session: Extract<Session, { kind: 'hub' }>, now = Date.now()): Promise<void> {
  const db = getDb()
  const tables = [...modelTables.map((t) => db.table(t)), db.outbox, db.clocks, db.meta]
  await db.transaction('rw', tables, async () => {
    for (const t of tables) if (t.name !== 'meta') await t.clear()
    await db.meta.where('key').startsWith('sync.').delete()
    await db.meta.put({ key: SESSION_KEY, value: session })
    await db.meta.put({ key: 'workspace', value: { kind: 'hub', locale, openedAt: now } satisfies WorkspaceMeta })
  })
}
