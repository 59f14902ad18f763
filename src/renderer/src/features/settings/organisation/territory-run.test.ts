import { beforeEach, describe, expect, it } from 'vitest'
import type { Customer, TerritoryRule } from '@shared/model'
import { CockpitDb, getDb, useDb } from '../../../db/database'
import { setWriteClock, write } from '../../../db/write'
import { applyTerritories, previewTerritories } from './territory-run'

/**
 * A territory run as the app applies it: exactly the preview, through the write path (one op
 * per customer and a hand-over follow-up by the manager); refused to a role without the
 * territory permission; and a workspace that changed since the preview is not written.
 */
let n = 0
const cust = (id: string, over: Partial<Customer> = {}): Customer => ({
  id,
  name: id,
  industry: '制造',
  size: 'medium',
  channel: '展会',
  ownerId: null,
  orgUnitId: 'sh',
  tier: 'normal',
  createdAt: 1_700_000_000_000,
  ...over
})
const rule: TerritoryRule = { id: 'hz', orgUnitId: 'hz', ownerId: 'r-hz', priority: 1, provinces: [], cities: ['杭州'], districts: [], industries: [], sizes: [], customerIds: [] }

beforeEach(async () => {
  useDb(new CockpitDb(`territory-run-${++n}`))
  let t = 1_800_000_000_000
  setWriteClock(() => t++)
  await write(async (tx) => {
    await tx.insert('users', { id: 'r-hz', name: '陈芳', role: 'rep', orgUnitId: 'hz', active: true })
    await tx.insert('territoryRules', rule)
    await tx.insert('customers', cust('a', { address: '杭州市西湖区文三路90号' }))
    await tx.insert('customers', cust('b'))
  })
  await getDb().outbox.clear()
})

describe('applying a territory run', () => {
  it('writes exactly the previewed moves, stamped with the manager', async () => {
    const run = await previewTerritories()
    expect(run.moves).toEqual([{ customerId: 'a', from: 'sh', to: 'hz', ownerTo: 'r-hz' }])
    expect(run.unmatched).toEqual(['b'])
    expect(await applyTerritories(run, { id: 'mgr', role: 'regional_manager' })).not.toBe('changed')
    expect(await getDb().customers.get('a')).toMatchObject({ orgUnitId: 'hz', ownerId: 'r-hz' })
    expect(await getDb().customers.get('b')).toMatchObject({ orgUnitId: 'sh', ownerId: null })
    const handover = (await getDb().activities.toArray()).map((x) => [x.customerId, x.kind, x.userId, x.to])
    expect(handover).toEqual([['a', 'owner_change', 'mgr', 'r-hz']])
    expect((await getDb().outbox.toArray()).map((o) => o.table).sort()).toEqual(['activities', 'customers'])
  })

  it('a team lead may not run territories: nothing is written', async () => {
    const run = await previewTerritories()
    await expect(applyTerritories(run, { id: 'tl', role: 'team_lead' })).rejects.toMatchObject({ code: 'write.forbidden', details: { permission: 'territory.edit' } })
    expect(await getDb().customers.get('a')).toMatchObject({ orgUnitId: 'sh', ownerId: null })
    expect(await getDb().outbox.count()).toBe(0)
  })

  it('a customer claimed by a colleague since the preview: nothing is written, the caller previews again', async () => {
    const run = await previewTerritories()
    await write((tx) => tx.update('customers', 'a', { ownerId: 'someone', orgUnitId: 'sh' }))
    await getDb().outbox.clear()
    expect(await applyTerritories(run, { id: 'mgr', role: 'regional_manager' })).toBe('changed')
    expect(await getDb().customers.get('a')).toMatchObject({ ownerId: 'someone' })
    expect(await getDb().outbox.count()).toBe(0)
  })
})
