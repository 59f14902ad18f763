import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../ipc/dispatch'
import { createHandlers } from '../ipc/handlers'
import type { Settings } from '../../shared/ipc/app'
import type { SettingsStore } from '../services/settings-store'
import type { Logger } from '../services/logger'
import { makeTone } from './fixtures'
import { RecordingStore } from './store'

const fx = mkdtempSync(join(tmpdir(), 'rec-path-fx-'))

function handlersWith(store: RecordingStore): ReturnType<typeof createHandlers> {
  return createHandlers({
    info: { name: 'Sales Cockpit', version: '0', platform: 'linux', systemLanguages: [], userName: 'test', runtime: 'electron' },
    settings: { settings: {} as Settings, update: () => ({}) as Settings } as unknown as SettingsStore,
    log: { write: () => {}, error: () => {} } as unknown as Logger,
    recordings: store
  })
}

beforeAll(() => {
  makeTone(fx, 'call.wav', 3)
  mkdirSync(join(fx, 'a folder.wav'))
})

describe('recordings.importPath (a dropped file imported from disk)', () => {
  it('stores the file at the path, as the native dialog would, and knows it the second time', async () => {
    const store = new RecordingStore({ dir: mkdtempSync(join(tmpdir(), 'rec-path-store-')) })
    const h = handlersWith(store)
    const first = await dispatch(h, 'recordings.importPath', { fileName: 'call.wav', path: join(fx, 'call.wav') })
    expect(first.ok).toBe(true)
    if (!first.ok) return
    const v = first.value as { sha256: string; durationMs: number; format: string; duplicate: boolean }
    expect(v.format).toBe('wav')
    expect(v.duplicate).toBe(false)
    expect(Math.abs(v.durationMs - 3000)).toBeLessThan(100)
    expect((await store.originalFile(v.sha256))?.path).toMatch(new RegExp(`${v.sha256}\\.wav$`))
    const again = await dispatch(h, 'recordings.importPath', { fileName: 'copy.wav', path: join(fx, 'call.wav') })
    expect(again.ok && (again.value as { duplicate: boolean }).duplicate).toBe(true)
  })

  it('refuses a folder, a missing file, a file over the limit and a relative path, storing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-path-store-'))
    const store = new RecordingStore({ dir, maxBytes: 50_000 })
    const h = handlersWith(store)
    const codeOf = async (req: unknown): Promise<string> => {
      const r = await dispatch(h, 'recordings.importPath', req)
      return r.ok ? 'ok' : r.error.code
    }
    expect(await codeOf({ fileName: 'a folder.wav', path: join(fx, 'a folder.wav') })).toBe('recording.not-a-file')
    expect(await codeOf({ fileName: 'gone.wav', path: join(fx, 'gone.wav') })).toBe('recording.not-found')
    expect(await codeOf({ fileName: 'call.wav', path: join(fx, 'call.wav') })).toBe('recording.too-large')
    expect(await codeOf({ fileName: 'call.wav', path: 'call.wav' })).toBe('ipc.invalid-request')
    expect(await codeOf({ fileName: 'call.wav', path: join(fx, 'call.wav'), data: new Uint8Array(1) })).toBe('ipc.invalid-request')
    const stored = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())
    expect(stored).toEqual([])
  })

  it('takes Windows drive and UNC paths as absolute', async () => {
    const store = new RecordingStore({ dir: mkdtempSync(join(tmpdir(), 'rec-path-store-')) })
    const h = handlersWith(store)
    // Valid requests that reach the store (which cannot find them here), not refused at the boundary.
    for (const path of ['C:\\Users\\li\\call.wav', '\\\\nas\\calls\\call.wav']) {
      const r = await dispatch(h, 'recordings.importPath', { fileName: 'call.wav', path })
      expect(r.ok ? 'ok' : r.error.code).toBe('recording.not-found')
    }
  })
})

describe('RecordingStore layout', () => {
  it('answers for a recording it does not hold with null, and keeps downloads inside its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rec-path-store-'))
    const store = new RecordingStore({ dir })
    expect(await store.originalFile('0'.repeat(64))).toBeNull()
    expect(store.downloadDir.startsWith(dir)).toBe(true)
  })
})
