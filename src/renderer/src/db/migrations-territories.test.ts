import { describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { TerritoryRule, territoryRuleKind } from '@shared/model'
import { CockpitDb, schemaHistory } from './database'

/** A v1 territory rule (cities and industries only) written before schema 14 reads as a v2 rule with empty new dimensions. */
describe('territory rules v1 → v2', () => {
  it('old rows gain empty provinces, districts, sizes and named accounts, keeping their cities and industries', async () => {
    const name = 'migrate-territories'
    const old = new Dexie(name)
    for (const s of schemaHistory.filter((s) => s.version < 14)) old.version(s.version).stores(s.stores)
    await old.open()
    await old
      .table('territoryRules')
      .add({ id: 't1', orgUnitId: 'team-hz', priority: 10, cities: ['杭州'], industries: ['医疗'] })
    old.close()
    const db = new CockpitDb(name)
    await db.open()
    const row = await db.territoryRules.get('t1')
    expect(row).toEqual({
      id: 't1',
      orgUnitId: 'team-hz',
      priority: 10,
      cities: ['杭州'],
      industries: ['医疗'],
      provinces: [],
      districts: [],
      sizes: [],
      customerIds: []
    })
    expect(TerritoryRule.safeParse(row).success).toBe(true)
    db.close()
  })

  it('a v1 op: a whole row is brought up, a partial one is left alone so it cannot blank v2 lists', () => {
    const whole = territoryRuleKind.upgradeFields!({ orgUnitId: 'x', priority: 1, cities: ['南京'], industries: [] }, 1)
    expect(whole).toMatchObject({ provinces: [], districts: [], sizes: [], customerIds: [] })
    expect(territoryRuleKind.upgradeFields!({ priority: 3 }, 1)).toEqual({ priority: 3 })
  })
})
