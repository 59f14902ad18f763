import { describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { generateWorkspace } from '@shared/demo'
import { CockpitDb, schemaHistory } from './database'

/**
 * Schema version 5 adds the post-sale tables. A laptop on version 3 (before them) keeps its
 * data and gets empty, indexed post-sale tables; a laptop on 5 keeps its contracts and finds
 * them by deal, customer and collector, and their children by contract.
 */
const sample = generateWorkspace({ anchor: Date.UTC(2026, 10, 20, 6), locale: 'zh-CN', scale: 'demo' })

describe('schema version 5: contracts and what hangs off them', () => {
  it('an install from before it gets the tables, empty and indexed, with its data intact', async () => {
    const name = `migrate-post-sale-a-${Date.now()}`
    const old = new Dexie(name)
    for (const s of schemaHistory.filter((x) => x.version < 5)) old.version(s.version).stores(s.stores)
    await old.open()
    await old.table('deals').bulkAdd(sample.deals.slice(0, 50))
    old.close()
    const db = new CockpitDb(name)
    await db.open()
    expect(db.verno).toBeGreaterThanOrEqual(5)
    expect(await db.deals.count()).toBe(50)
    for (const t of [db.contracts, db.instalments, db.milestones, db.collections, db.invoices]) expect(await t.count()).toBe(0)
    const c = sample.contracts[0]!
    await db.contracts.add(c)
    expect(await db.contracts.where('dealId').equals(c.dealId!).count()).toBe(1)
    db.close()
  })

  it('an install on it keeps its contracts, reachable by deal, customer, collector and contract', async () => {
    const name = `migrate-post-sale-b-${Date.now()}`
    const old = new Dexie(name)
    for (const s of schemaHistory.filter((x) => x.version <= 5)) old.version(s.version).stores(s.stores)
    await old.open()
    const contracts = sample.contracts.slice(0, 20)
    const ids = new Set(contracts.map((c) => c.id))
    await old.table('contracts').bulkAdd(contracts)
    await old.table('instalments').bulkAdd(sample.instalments.filter((i) => ids.has(i.contractId)))
    await old.table('collections').bulkAdd(sample.collections.filter((i) => ids.has(i.contractId)))
    old.close()
    const db = new CockpitDb(name)
    await db.open()
    const c = contracts[0]!
    expect(await db.contracts.where('customerId').equals(c.customerId).count()).toBeGreaterThan(0)
    expect(await db.contracts.where('collectorId').equals(c.collectorId).count()).toBeGreaterThan(0)
    expect(await db.instalments.where('contractId').equals(c.id).count()).toBe(sample.instalments.filter((i) => i.contractId === c.id).length)
    expect(await db.collections.where('contractId').anyOf([...ids]).count()).toBe(sample.collections.filter((i) => ids.has(i.contractId)).length)
    db.close()
  })
})

describe('schema version 13: usage readings', () => {
  it('an install from before it keeps its contracts and gets an empty usage table, read by contract', async () => {
    const name = `migrate-usage-${Date.now()}`
    const old = new Dexie(name)
    for (const s of schemaHistory.filter((x) => x.version < 13)) old.version(s.version).stores(s.stores)
    await old.open()
    const contracts = sample.contracts.slice(0, 10)
    await old.table('contracts').bulkAdd(contracts)
    old.close()
    const db = new CockpitDb(name)
    await db.open()
    expect(db.verno).toBeGreaterThanOrEqual(13)
    expect(await db.contracts.count()).toBe(10)
    expect(await db.usageReadings.count()).toBe(0)
    const readings = sample.usageReadings.slice(0, 30)
    expect(readings.length).toBeGreaterThan(0)
    await db.usageReadings.bulkAdd(readings)
    const c = readings[0]!.contractId
    expect(await db.usageReadings.where('contractId').equals(c).count()).toBe(readings.filter((r) => r.contractId === c).length)
    db.close()
  })
})
