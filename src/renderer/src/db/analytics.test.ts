import { beforeEach, describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { ANALYTICS_SETTINGS_ID } from '@shared/model'
import { DEFAULT_ANALYTICS_SETTINGS } from '@shared/domain/analytics/deal-size'
import { CockpitDb, getDb, schemaHistory, useDb } from './database'
import { setWriteClock } from './write'
import { AnalyticsSettingsError, effectiveSettings, saveAnalyticsSettings } from './analytics'
import { outboxOps } from './outbox'

let n = 0
beforeEach(() => {
  useDb(new CockpitDb(`analytics-settings-${++n}`))
  let t = Date.UTC(2026, 10, 20)
  setWriteClock(() => t++)
})

describe('analytics settings', () => {
  it('defaults in the workspace currency until someone saves them', () => {
    expect(effectiveSettings([], 'USD')).toEqual({ ...DEFAULT_ANALYTICS_SETTINGS, currency: 'USD' })
  })

  it('saves one synced row through the write path, with an op for the hub', async () => {
    await saveAnalyticsSettings({ ...DEFAULT_ANALYTICS_SETTINGS, bigFrom: 50_000_000 })
    await saveAnalyticsSettings({ ...DEFAULT_ANALYTICS_SETTINGS, bigFrom: 60_000_000, costPerVisit: 20_000 })
    const rows = await getDb().analyticsSettings.toArray()
    expect(rows).toHaveLength(1)
    expect(effectiveSettings(rows, 'CNY')).toMatchObject({ id: ANALYTICS_SETTINGS_ID, bigFrom: 60_000_000, costPerVisit: 20_000 })
    const ops = (await outboxOps(getDb())).filter((o) => o.table === 'analyticsSettings')
    expect(ops).toHaveLength(2)
    expect(ops[1]!.fields).toEqual({ bigFrom: 60_000_000, costPerVisit: 20_000 })
  })

  it('refuses bands in the wrong order with a code and writes nothing', async () => {
    await expect(saveAnalyticsSettings({ ...DEFAULT_ANALYTICS_SETTINGS, bigFrom: 1_000 })).rejects.toMatchObject({ code: 'analytics.bands-order' })
    await expect(saveAnalyticsSettings({ ...DEFAULT_ANALYTICS_SETTINGS, costPerCall: -5 })).rejects.toBeInstanceOf(AnalyticsSettingsError)
    expect(await getDb().analyticsSettings.count()).toBe(0)
    expect(await getDb().outbox.count()).toBe(0)
  })

  it('an install from schema version 3 upgrades to 7 with its data and gains the settings table', async () => {
    const name = `analytics-migrate-${++n}`
    const old = new Dexie(name)
    for (const s of schemaHistory.filter((x) => x.version <= 3)) old.version(s.version).stores(s.stores)
    await old.open()
    await old.table('keywordTrackers').add({ id: 'k', word: '价格', createdAt: 1 })
    old.close()
    const db = new CockpitDb(name)
    await db.open()
    expect(db.verno).toBeGreaterThanOrEqual(7)
    expect(await db.keywordTrackers.get('k')).toMatchObject({ word: '价格' })
    await db.analyticsSettings.put({ ...DEFAULT_ANALYTICS_SETTINGS })
    expect(await db.analyticsSettings.get(ANALYTICS_SETTINGS_ID)).toMatchObject({ smallBelow: DEFAULT_ANALYTICS_SETTINGS.smallBelow })
    db.close()
  })
})
