import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { modelTables, type ModelTable } from '../../src/shared/model'
import { parentTables, REGION_RULES } from '../../src/shared/model/placement'
import type { OrgSnapshot } from '../../src/shared/ipc/sync'
import { GLOBAL_STREAM } from '../../src/shared/hub-api/sync'
import { createUser, orgView, scopeOf } from '../../src/hub/org'
import { RecordsService } from '../../src/hub/records'
import { openPglite } from '../../src/hub/store'
import { rowsToPurge } from '../../src/renderer/src/sync/purge'
import { makeFixture, op, PASSWORD, type Fixture } from './harness'

/**
 * One placement table, two consumers: for every record kind (and every parent a kind may be
 * placed through), a row is pushed to the hub in region A and one in region B, built from
 * nothing but the kind's declared placement. The hub's streams for them and the laptop's purge
 * verdict for a region-A manager must agree row by row: a new kind is covered the day it is declared.
 */

let fx: Fixture
let adminId: string

beforeAll(async () => {
  fx = await makeFixture(await openPglite(mkdtempSync(join(tmpdir(), 'cockpit-agree-'))))
  adminId = (
    await createUser(fx.store, {
      email: 'admin-agree@example.com',
      name: 'Admin',
      role: 'admin',
      orgUnitId: fx.regionA,
      password: PASSWORD
    })
  ).id
}, 400_000)

afterAll(async () => {
  await fx?.hub.app.close()
  await fx?.store.close()
})

/** Every kind, each after the kinds its rows are placed through. */
function parentsFirst(): ModelTable[] {
  const out: ModelTable[] = []
  const visit = (t: ModelTable, path: Set<ModelTable>): void => {
    if (out.includes(t) || path.has(t)) return
    for (const p of parentTables(t)) visit(p, new Set([...path, t]))
    out.push(t)
  }
  for (const t of modelTables) visit(t, new Set())
  return out
}

describe('hub placement and laptop purge', () => {
  it('agree for every kind, through every parent it may be placed by', async () => {
    const rows: Partial<Record<ModelTable, (Record<string, unknown> & { id: string })[]>> = {}
    const first = new Map<string, string>()
    const pushed: { table: ModelTable; id: string }[] = []
    for (const region of ['A', 'B'] as const) {
      const team = region === 'A' ? fx.teamA : fx.teamB
      const regionId = region === 'A' ? fx.regionA : fx.regionB
      const ops: ReturnType<typeof op>[] = []
      for (const table of parentsFirst()) {
        const rule = REGION_RULES[table]
        const variants: Record<string, unknown>[] = []
        switch (rule.kind) {
          case 'unit':
            variants.push({ [rule.field]: team })
            break
          case 'orgUnit':
            variants.push({ kind: 'team', parentId: regionId })
            break
          case 'ref':
            for (const [field, parent] of rule.refs) variants.push({ [field]: first.get(`${parent}/${region}`) })
            break
          case 'target':
            variants.push({ targetTable: 'deals', targetId: first.get(`deals/${region}`) })
            break
          case 'scoped':
            variants.push(
              { scopeKind: 'orgUnit', scopeId: team },
              { scopeKind: 'user', scopeId: region === 'A' ? fx.users.managerA : fx.users.managerB }
            )
            break
          case 'global':
            break
        }
        variants.forEach((fields, i) => {
          const id = `agree-${table}-${region}-${i}`
          for (const v of Object.values(fields)) expect(v, `${table} has a parent row to hang off`).toBeDefined()
          if (!first.has(`${table}/${region}`)) first.set(`${table}/${region}`, id)
          // An interview score is its interviewer's alone; the admin pushes it as the interviewer.
          const extra = table === 'interviewScores' ? { interviewerId: adminId } : {}
          ops.push(op(table, id, { ...fields, ...extra }, { node: 'agree' }))
          rows[table] = [...(rows[table] ?? []), { id, ...fields, ...extra }]
          pushed.push({ table, id })
        })
      }
      const scope = (await scopeOf(fx.store, adminId))!
      await new RecordsService(fx.store)
        .push(scope, { clientId: 'agree-laptop', batchId: `agree-${region}`, ops })
        .catch((e: { details?: unknown }) => {
          throw new Error(JSON.stringify(e.details))
        })
    }
    const streams = new Map(
      (
        await fx.store.query<{ tbl: string; row_id: string; stream: string }>(
          `SELECT tbl, row_id, stream FROM row_streams WHERE row_id LIKE 'agree-%'`
        )
      ).map((r) => [`${r.tbl}/${r.row_id}`, r.stream])
    )
    const manager = (await scopeOf(fx.store, fx.users.managerA))!
    const org = (await orgView(fx.store, manager)) as OrgSnapshot
    // The hub's org as a laptop that held both regions stored it, with the people the scoped rows name.
    rows.orgUnits!.push(
      ...[fx.regionA, fx.regionB].map((id) => ({ id, kind: 'region' })),
      { id: fx.teamA, kind: 'team', parentId: fx.regionA },
      { id: fx.teamB, kind: 'team', parentId: fx.regionB }
    )
    rows.users!.push({ id: fx.users.managerA, orgUnitId: fx.teamA }, { id: fx.users.managerB, orgUnitId: fx.teamB })
    const purged = rowsToPurge(rows, org)
    const verdicts = pushed.map(({ table, id }) => {
      const stream = streams.get(`${table}/${id}`)
      return {
        row: `${table}/${id}`,
        hub: stream === GLOBAL_STREAM || org.regions.includes(stream ?? '') ? 'held' : 'not held',
        laptop: purged.get(table)?.has(id) ? 'not held' : 'held'
      }
    })
    expect(verdicts.filter((v) => v.hub !== v.laptop)).toEqual([])
    // Both sides of the line are exercised for every placed kind.
    for (const table of modelTables.filter((t) => REGION_RULES[t].kind !== 'global')) {
      expect(
        verdicts
          .filter((v) => v.row.startsWith(`${table}/`))
          .map((v) => v.hub)
          .sort(),
        table
      ).toContain('held')
      expect(
        verdicts
          .filter((v) => v.row.startsWith(`${table}/`))
          .map((v) => v.hub)
          .sort(),
        table
      ).toContain('not held')
    }
  })
})
