import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openPglite, type HubStore } from '../../src/hub/store'

/**
 * PGlite has no autovacuum, so without the store's own ANALYZE the planner never learns how
 * big a stream is and serves each pull page by reading and sorting the whole rest of the stream:
 * a new laptop's first download of 260k ops took 20-66 s instead of 5 s. What a user notices is
 * that time; what makes it is how many op log rows a page reads, which is what these check.
 */

const OPS_PER_STREAM = 20_000
const PAGE = 500

let dir: string
let store: HubStore

/** The rows the busiest step of a pull page's plan handled (the op log part of RecordsService.pullJson's statement). */
async function rowsReadForPage(db: HubStore, after: number): Promise<number> {
  const [row] = await db.query<{ 'QUERY PLAN': unknown }>(
    'EXPLAIN (ANALYZE, FORMAT JSON) SELECT seq, tbl, row_id, hlc, schema_version, fields FROM op_log WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    ['region-a', after, PAGE]
  )
  const raw = row!['QUERY PLAN']
  const plans = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[]
  return maxRows(plans[0]!.Plan)
}

interface PlanNode {
  'Actual Rows': number
  Plans?: PlanNode[]
}

function maxRows(node: PlanNode): number {
  return Math.max(node['Actual Rows'], ...(node.Plans ?? []).map(maxRows))
}

// Two regions' streams interleaved, as pushes from two regions leave them.
const SEED = `INSERT INTO op_log (stream, seq, tbl, row_id, hlc, schema_version, fields, batch_id, user_id, received_at)
  SELECT CASE WHEN g % 2 = 0 THEN 'region-a' ELSE 'region-b' END, (g + 1) / 2, 'customers', 'row-' || g, 'hlc-' || g, 1,
    jsonb_build_object('name', 'Customer ' || g, 'notes', repeat('x', 200)), 'seed', 'seed', 0
  FROM generate_series(1, $1::int * 2) g`

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cockpit-pglite-stats-'))
  store = await openPglite(join(dir, 'db'))
  await store.query(SEED, [OPS_PER_STREAM])
}, 400_000)

afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('PGlite hub: a pull page reads its own ops, not the rest of the stream', () => {
  it('on a running hub, once the op log has grown', async () => {
    // The store looks for grown tables at most once a second, after statements run.
    await vi.waitFor(async () => expect(await rowsReadForPage(store, 0)).toBeLessThanOrEqual(PAGE), { timeout: 10_000, interval: 300 })
    expect(await rowsReadForPage(store, OPS_PER_STREAM / 2)).toBeLessThanOrEqual(PAGE)
  })

  it('on a hub folder an older hub wrote (statistics are checked at open, before the first pull)', async () => {
    const folder = join(dir, 'older')
    await (await openPglite(folder)).close()
    // The older hub: plain PGlite, nothing analyzes what it adds.
    const older = await PGlite.create(folder)
    await older.query(SEED, [OPS_PER_STREAM])
    await older.close()
    const reopened = await openPglite(folder)
    try {
      expect(await rowsReadForPage(reopened, 0)).toBeLessThanOrEqual(PAGE)
      expect(await rowsReadForPage(reopened, OPS_PER_STREAM / 2)).toBeLessThanOrEqual(PAGE)
    } finally {
      await reopened.close()
    }
  })
})
