import { describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { modelKinds, modelTables } from '@shared/model'
import { generateWorkspace } from '@shared/demo'
import { CockpitDb, kindStores, LOCAL_STORES, schemaHistory } from './database'

/**
 * Upgrades from every schema version this database ever had. A laptop may skip releases, so
 * each historical version is installed with data, then opened with the current code: the rows
 * must still be there, valid against today's schemas and reachable through today's indexes.
 */
const sample = generateWorkspace({ anchor: Date.UTC(2026, 10, 20, 6), locale: 'zh-CN', scale: 'demo' })

describe('database migrations', () => {
  it('versions only ever increase', () => {
    const versions = schemaHistory.map((s) => s.version)
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
    expect(new Set(versions).size).toBe(versions.length)
  })

  it('the current schema has a table for every model kind, plus outbox, clocks and meta', () => {
    // Dexie keeps tables from earlier versions, so a later entry lists only what it adds or changes.
    const latest = Object.assign({}, ...schemaHistory.map((s) => s.stores)) as Record<string, string>
    for (const t of [...modelTables, 'outbox', 'clocks', 'meta', 'sheetUpdates']) expect(latest, t).toHaveProperty(t)
  })

  it('the newest schema is the model files\' indexes, and version 15 changed no index any earlier version declared', async () => {
    const latest = schemaHistory[schemaHistory.length - 1]!
    expect(latest.stores).toEqual({ ...kindStores(), ...LOCAL_STORES })
    const before = Object.assign({}, ...schemaHistory.filter((s) => s.version < 15).map((s) => s.stores)) as Record<string, string>
    const at15 = schemaHistory.find((s) => s.version === 15)!.stores
    for (const [table, spec] of Object.entries(before)) expect(at15[table], table).toBe(spec)
    // The opened database answers by exactly the indexes each model file declares.
    const db = new CockpitDb(`kind-indexes-${Date.now()}`)
    await db.open()
    for (const t of modelTables) {
      const schema = db.table(t).schema
      expect(schema.primKey.name, t).toBe('id')
      expect(schema.indexes.map((i) => i.src).sort(), t).toEqual([...modelKinds[t].indexes].sort())
    }
    db.close()
  })

  for (const [i, step] of schemaHistory.entries()) {
    it(`upgrades an install from schema version ${step.version}`, async () => {
      const name = `migrate-from-${step.version}`
      const old = new Dexie(name)
      for (const s of schemaHistory.slice(0, i + 1)) old.version(s.version).stores(s.stores)
      await old.open()
      const tables = Object.keys(step.stores).filter((t) => t in modelKinds) as (keyof typeof modelKinds)[]
      for (const t of tables) {
        const rows = (sample as unknown as Record<string, unknown[]>)[t] ?? []
        if (rows.length) await old.table(t).bulkAdd(rows.slice(0, 200))
      }
      old.close()

      const db = new CockpitDb(name)
      await db.open()
      expect(db.verno).toBe(schemaHistory[schemaHistory.length - 1]!.version)
      for (const t of tables) {
        const expected = Math.min(200, ((sample as unknown as Record<string, unknown[]>)[t] ?? []).length)
        const rows = await db.table(t).toArray()
        expect(rows.length, t).toBe(expected)
        for (const row of rows) expect(modelKinds[t].schema.safeParse(row).success, `${t} row valid`).toBe(true)
      }
      // The indexes the views use answer on upgraded data.
      const someDeal = (await db.deals.limit(1).toArray())[0]
      if (someDeal) expect(await db.deals.where('customerId').equals(someDeal.customerId!).count()).toBeGreaterThan(0)
      const someActivity = (await db.activities.limit(1).toArray())[0]
      if (someActivity) {
        expect(
          await db.activities.where('[customerId+at]').between([someActivity.customerId, 0], [someActivity.customerId, Infinity]).count()
        ).toBeGreaterThan(0)
      }
      db.close()
    })
  }

  it('version 6: a v3 install gains the product catalogue and the exchange rates, and holds deals without a customer or close date', async () => {
    const name = 'migrate-3-to-6'
    const old = new Dexie(name)
    for (const st of schemaHistory.filter((x) => x.version <= 3)) old.version(st.version).stores(st.stores)
    await old.open()
    const deal = sample.deals[0]!
    await old.table('deals').bulkAdd([deal])
    old.close()

    const db = new CockpitDb(name)
    await db.open()
    // Through v6 to the latest version (v7, analytics settings, came after on main).
    expect(db.verno).toBe(schemaHistory[schemaHistory.length - 1]!.version)
    const { customerId: _c, expectedCloseAt: _e, ...bare } = deal
    const prospect = { ...bare, id: 'prospect-1', stagePathUnknown: true as const }
    expect(modelKinds.deals.schema.safeParse(prospect).success).toBe(true)
    await db.deals.add(prospect)
    // IndexedDB leaves a row without the key out of that index: no customer, no close-date range.
    expect(await db.deals.where('customerId').equals(deal.customerId!).count()).toBe(1)
    expect(await db.deals.where('expectedCloseAt').above(0).count()).toBe(1)
    expect(await db.deals.count()).toBe(2)
    await db.products.add({ id: 'p1', name: 'GTX Pro', series: 'GTX', listPrice: 455_000, currency: 'USD' })
    await db.currencyRates.add({ id: 'rate-USD-CNY', currency: 'USD', base: 'CNY', rate: 7.1, setAt: 1 })
    expect(await db.products.where('name').equals('GTX Pro').count()).toBe(1)
    expect(await db.currencyRates.where('currency').equals('USD').count()).toBe(1)
    await db.workspaceSettings.put({ id: 'workspace', totalsCurrency: 'USD' })
    expect((await db.workspaceSettings.get('workspace'))?.totalsCurrency).toBe('USD')
    db.close()
  })
})

describe('schema version 4: roles v2', () => {
  it('a v1 manager becomes the regional manager on a region and the team lead on a team; other roles stay', async () => {
    const name = `migrate-roles-${Date.now()}`
    const old = new Dexie(name)
    for (const s of schemaHistory.filter((s) => s.version < 4)) old.version(s.version).stores(s.stores)
    await old.open()
    await old.table('orgUnits').bulkAdd([
      { id: 'r', kind: 'region', name: '华东大区', parentId: null },
      { id: 't', kind: 'team', name: '上海一组', parentId: 'r' }
    ])
    await old.table('users').bulkAdd([
      { id: 'm-region', name: '王芳', role: 'manager', orgUnitId: 'r', active: true },
      { id: 'm-team', name: '李强', role: 'manager', orgUnitId: 't', active: true },
      { id: 'rep', name: '张伟', role: 'rep', orgUnitId: 't', active: true },
      { id: 'dir', name: '赵敏', role: 'director', orgUnitId: 'r', active: true }
    ])
    old.close()
    const db = new CockpitDb(name)
    await db.open()
    const roles = Object.fromEntries((await db.users.toArray()).map((u) => [u.id, u.role]))
    expect(roles).toEqual({ 'm-region': 'regional_manager', 'm-team': 'team_lead', rep: 'rep', dir: 'director' })
    for (const u of await db.users.toArray()) expect(modelKinds.users.schema.safeParse(u).success).toBe(true)
    db.close()
  })
})
