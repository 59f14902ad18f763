import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { SyncBridge } from '../../src/main/sync/bridge'
import type { LocalRecordings, RecordingsProgress } from '../../src/main/sync/bridge-recordings'
import { MemoryTokenStore } from '../../src/main/sync/file-token-store'
import { customerFields, op, PASSWORD, push, type Fixture, listeningHub, type ListeningHub } from './harness'

/**
 * Recording files between laptops through the hub, by the main-process bridge over real HTTP:
 * the rep's laptop uploads the call it recorded, the manager's laptop downloads it, a manager
 * of another region gets nothing.
 */

let hub: ListeningHub
let dir: string
let fx: Fixture
let hubUrl: string
const bridges: SyncBridge[] = []

beforeAll(async () => {
  hub = await listeningHub('cockpit-bridge-rec-', (dir) => ({ dataDir: join(dir, 'hub') }))
  ;({ dir, fx, hubUrl } = hub)
}, 400_000)

afterAll(async () => {
  for (const b of bridges) b.close()
  await hub.close()
})

/** A laptop's recording folder: files by hash; imports are recorded as the real store would keep them. */
function laptopFiles(name: string): LocalRecordings & { files: Map<string, string> } {
  const root = join(dir, name)
  mkdirSync(root, { recursive: true })
  const files = new Map<string, string>()
  return {
    files,
    downloadDir: join(root, '.downloads'),
    async file(sha) {
      const path = files.get(sha)
      return path ? { path, size: readFileSync(path).length } : null
    },
    async importDownloaded(path) {
      const sha = createHash('sha256').update(readFileSync(path)).digest('hex')
      const dest = join(root, `${sha}.wav`)
      copyFileSync(path, dest)
      files.set(sha, dest)
      return { sha256: sha }
    }
  }
}

async function connected(email: string, local: LocalRecordings): Promise<{ bridge: SyncBridge; progress: RecordingsProgress[] }> {
  const bridge = new SyncBridge({ store: new MemoryTokenStore(), live: false, recordings: local })
  bridges.push(bridge)
  await bridge.connect({ hubUrl, email, password: PASSWORD })
  const progress: RecordingsProgress[] = []
  bridge.onRecordingsProgress((p) => progress.push(p))
  return { bridge, progress }
}

it('uploads the rep’s recording once and the manager’s laptop downloads it; region B gets nothing', async () => {
  const bytes = randomBytes(5 * 1024 * 1024 + 7)
  const sha = createHash('sha256').update(bytes).digest('hex')
  const rep = laptopFiles('rep')
  const recorded = join(dir, 'rep', `${sha}.wav`)
  writeFileSync(recorded, bytes)
  rep.files.set(sha, recorded)

  // The recording's metadata travels as records (the page's outbox), before its file.
  const customerId = randomUUID()
  const activityId = randomUUID()
  const pushed = await push(fx, fx.tokens.repA, [
    op('customers', customerId, customerFields(fx.teamA)),
    op('activities', activityId, { kind: 'call', customerId, dealId: null, userId: fx.users.repA, at: 1 }),
    op('recordings', randomUUID(), { sha256: sha, activityId, durationMs: 1000, channels: 1, codec: 'pcm', sizeBytes: bytes.length, originalName: 'call.wav', importedAt: 1 })
  ])
  expect(pushed.statusCode).toBe(200)

  const repLaptop = await connected(fx.emails.repA, rep)
  const up = await repLaptop.bridge.syncRecordings()
  expect(up).toMatchObject({ state: 'idle', uploads: { done: 1, total: 1 }, downloads: { done: 0, total: 0 }, bytesDone: bytes.length, bytesTotal: bytes.length })
  expect(up.lastErrorCode).toBeUndefined()
  // Progress went up chunk by chunk (4 MiB chunks: at least one report in between).
  expect(repLaptop.progress.some((p) => p.state === 'running' && p.bytesDone > 0 && p.bytesDone < bytes.length)).toBe(true)
  // Nothing left to do on a second round.
  expect(await repLaptop.bridge.syncRecordings()).toMatchObject({ uploads: { total: 0 }, downloads: { total: 0 } })

  const manager = laptopFiles('manager')
  const managerLaptop = await connected(fx.emails.managerA, manager)
  const down = await managerLaptop.bridge.syncRecordings()
  expect(down).toMatchObject({ downloads: { done: 1, total: 1 }, bytesDone: bytes.length })
  // The page's sync status shows the finished round: one file down, all its bytes.
  expect(managerLaptop.bridge.status.recordings).toEqual({ running: false, uploading: { done: 0, total: 0 }, downloading: { done: 1, total: 1 }, bytesDone: bytes.length, bytesTotal: bytes.length })
  expect(readFileSync(manager.files.get(sha)!).equals(bytes)).toBe(true)

  const other = laptopFiles('other-region')
  const otherLaptop = await connected(fx.emails.managerB, other)
  expect(await otherLaptop.bridge.syncRecordings()).toMatchObject({ downloads: { total: 0 }, uploads: { total: 0 } })
  expect(other.files.size).toBe(0)
})
