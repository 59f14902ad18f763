import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CockpitError } from '../../shared/ipc'
import { dispatch } from './dispatch'
import { createHandlers } from './handlers'
import { SettingsStore } from '../services/settings-store'
import { Logger } from '../services/logger'

function handlers(): ReturnType<typeof createHandlers> {
  const dir = mkdtempSync(join(tmpdir(), 'dispatch-'))
  return createHandlers({
    info: { name: 'Sales Cockpit', version: '0.1.0', platform: 'linux', systemLanguages: ['zh-CN'], runtime: 'harness' },
    settings: new SettingsStore(dir),
    log: new Logger(dir)
  })
}

describe('the IPC boundary', () => {
  it('answers a valid call', async () => {
    const r = await dispatch(handlers(), 'app.setSettings', { language: 'en-US' })
    expect(r).toEqual({ ok: true, value: { language: 'en-US', theme: 'auto' } })
  })

  it('refuses malformed arguments with a code naming the field, and changes nothing', async () => {
    const h = handlers()
    const r = await dispatch(h, 'app.setSettings', { language: 'klingon' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('ipc.invalid-request')
      expect(r.error.params).toEqual({ field: 'language' })
    }
    expect(await dispatch(h, 'app.getSettings', {})).toEqual({ ok: true, value: { language: null, theme: 'auto' } })
  })

  it('refuses extra fields, wrong types and non-objects', async () => {
    const h = handlers()
    for (const bad of [{ theme: 'dark', admin: true }, { theme: 42 }, 'dark', [1, 2], null]) {
      const r = await dispatch(h, 'app.setSettings', bad)
      if (bad === null) continue // an absent body means "no arguments", which is a valid empty patch
      expect(r.ok, JSON.stringify(bad)).toBe(false)
    }
    const parse = await dispatch(h, 'io.parseTable', { fileName: 'x.csv', data: 'not bytes' })
    expect(parse.ok).toBe(false)
  })

  it('refuses unknown channels, including prototype names', async () => {
    for (const channel of ['app.format-disk', '__proto__', 'constructor', 'toString']) {
      const r = await dispatch(handlers(), channel, {})
      expect(r).toMatchObject({ ok: false, error: { code: 'ipc.unknown-channel' } })
    }
  })

  it('passes handler error codes through, and hides unexpected errors behind ipc.internal', async () => {
    const h = handlers()
    h['app.info'] = () => {
      throw new CockpitError('import.empty-file', 'empty', { file: 'a.csv' })
    }
    expect(await dispatch(h, 'app.info', {})).toEqual({
      ok: false,
      error: { code: 'import.empty-file', message: 'empty', params: { file: 'a.csv' } }
    })
    h['app.info'] = () => {
      throw new TypeError('boom')
    }
    expect(await dispatch(h, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'ipc.internal' } })
  })

  it('a real parse error reaches the page as its code', async () => {
    const r = await dispatch(handlers(), 'io.parseTable', { fileName: 'empty.csv', data: new Uint8Array() })
    expect(r).toMatchObject({ ok: false, error: { code: 'import.empty-file' } })
  })
})
