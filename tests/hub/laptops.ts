import { SyncBridge } from '../../src/main/sync/bridge'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { CockpitDb } from '../../src/renderer/src/db/database'
import type { SyncApi } from '../../src/renderer/src/sync/engine'
import { PASSWORD } from './harness'

export interface TestLaptop {
  db: CockpitDb
  api: SyncApi
}

/**
 * Laptops signed in to a listening hub through the real sync bridge (no live socket), each with
 * its own IndexedDB, for tests that sync two people's edits. `close()` signs every bridge out.
 */
export function testLaptops(prefix: string): { open: (hubUrl: string, email: string) => Promise<TestLaptop>; close: () => void } {
  const bridges: SyncBridge[] = []
  return {
    async open(hubUrl, email) {
      const b = new SyncBridge({ store: new MemoryTokenStore(), live: false })
      bridges.push(b)
      await b.connect({ hubUrl, email, password: PASSWORD })
      return {
        db: new CockpitDb(`${prefix}-${bridges.length}-${Date.now()}`),
        api: { push: (r) => b.push(r.ops, r.remaining), pull: (r) => b.pull(r.cursors, r.conflictsAfter) }
      }
    },
    close() {
      for (const b of bridges) b.close()
    }
  }
}
