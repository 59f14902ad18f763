import { previewTerritoryRun, territoryRunChanges, type TerritoryInput, type TerritoryRun } from '@shared/domain/territories'
import { can } from '@shared/domain/permissions'
import type { UserRole } from '@shared/model/user'
import { getDb } from '../../../db/database'
import { write, WriteError } from '../../../db/write'

/**
 * A territory run as the app does it: the preview reads the workspace and asks the shared
 * rules; applying computes the run again and writes it only when it moves exactly the same
 * customers and deals the manager saw (a sync round or a colleague's edit in between means a
 * new preview first). Writes go through the write path, stamped with the signed-in person.
 */

export async function loadTerritoryInput(): Promise<TerritoryInput> {
  const db = getDb()
  const [rules, customers, deals, users, orgUnits, poolRules] = await Promise.all([
    db.territoryRules.toArray(),
    db.customers.toArray(),
    db.deals.where('status').equals('open').toArray(),
    db.users.toArray(),
    db.orgUnits.toArray(),
    db.poolRules.toArray()
  ])
  return {
    rules: rules.filter((r) => !r.deleted),
    customers,
    deals,
    users,
    orgUnits: orgUnits.filter((u) => !u.deleted),
    poolRules
  }
}

export async function previewTerritories(): Promise<TerritoryRun> {
  return previewTerritoryRun(await loadTerritoryInput())
}

/** What a run writes, comparable between two previews. */
export function runKey(run: TerritoryRun): string {
  return JSON.stringify([run.moves, run.dealMoves])
}

export async function applyTerritories(
  previewed: TerritoryRun,
  me: { id: string; role: UserRole }
): Promise<TerritoryRun | 'changed'> {
  // The run reassigns whole territories: the territory permission, not only the records'.
  if (!can(me.role, 'territory.edit'))
    throw new WriteError('write.forbidden', `${me.role} may not run territories`, {
      table: 'territoryRules',
      permission: 'territory.edit',
      role: me.role
    })
  const run = await previewTerritories()
  if (runKey(run) !== runKey(previewed)) return 'changed'
  const changes = territoryRunChanges(run, { actorId: me.id, now: Date.now() })
  await write(async (tx) => {
    for (const c of changes.customers) await tx.update('customers', c.id, c.patch)
    for (const d of changes.deals) await tx.update('deals', d.id, d.patch)
    for (const a of changes.activities) await tx.insert('activities', a)
  })
  return run
}
