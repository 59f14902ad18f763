import { CockpitDb } from '../../../src/renderer/src/db/database'
import { generateWorkspace } from '../../../src/shared/demo'
import type { Activity, Deal } from '../../../src/shared/model'
import { ScaledWorkspace } from '../scaled'

/**
 * Runs in headless Chromium. Loads the bench workspace's deals and activities into Dexie, then
 * reads them back through Dexie and through raw IndexedDB `getAll` on the same stores, in
 * alternating order, and reports the per-run times.
 */
declare global {
  interface Window {
    benchDexieLoad(runs: number, factor?: number): Promise<{ dexie: number[]; raw: number[]; deals: number; activities: number }>
  }
}

function rawReadAll(name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name)
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const idb = open.result
      const tx = idb.transaction(['deals', 'activities'], 'readonly')
      let n = 0
      const a = tx.objectStore('deals').getAll()
      const b = tx.objectStore('activities').getAll()
      a.onsuccess = () => (n += a.result.length)
      b.onsuccess = () => (n += b.result.length)
      tx.oncomplete = () => {
        idb.close()
        resolve(n)
      }
      tx.onerror = () => reject(tx.error)
    }
  })
}

window.benchDexieLoad = async (runs, factor = 1) => {
  const name = 'bench-dexie-load'
  await new CockpitDb(name).delete()
  // At `factor` > 1 (the cost curves): the bench workspace tiled, written one copy per transaction.
  const ws = new ScaledWorkspace(generateWorkspace({ anchor: Date.UTC(2026, 10, 20, 6), locale: 'zh-CN', scale: 'bench' }), factor)
  const seed = new CockpitDb(name)
  let deals = 0
  let activities = 0
  for (let k = 0; k < factor; k++) {
    const d = ws.copy<Deal>('deals', k)
    const a = ws.copy<Activity>('activities', k)
    await seed.transaction('rw', seed.deals, seed.activities, async () => {
      await seed.deals.bulkAdd(d)
      await seed.activities.bulkAdd(a)
    })
    deals += d.length
    activities += a.length
  }
  seed.close()

  const dexie: number[] = []
  const raw: number[] = []
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['dexie', 'raw'] : ['raw', 'dexie']
    for (const which of order) {
      if (which === 'dexie') {
        const db = new CockpitDb(name)
        const t0 = performance.now()
        await db.open()
        const [d, a] = await db.transaction('r', db.deals, db.activities, () => Promise.all([db.deals.toArray(), db.activities.toArray()]))
        dexie.push(performance.now() - t0)
        if (d.length + a.length === 0) throw new Error('nothing loaded')
        db.close()
      } else {
        const t0 = performance.now()
        await rawReadAll(name)
        raw.push(performance.now() - t0)
      }
    }
  }
  return { dexie, raw, deals, activities }
}
