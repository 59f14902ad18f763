import { beforeEach, describe, expect, it, vi } from 'vitest'
import { channels } from '../../shared/ipc'
import type { Logger } from '../services/logger'
import type { Handlers } from './dispatch'

// Electron's ipcMain, reduced to a registry the test can call into like a renderer would.
const registry = vi.hoisted(() => new Map<string, (event: unknown, request: unknown) => Promise<unknown>>())
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, request: unknown) => Promise<unknown>) => {
      if (registry.has(channel)) throw new Error(`second handler for ${channel}`)
      registry.set(channel, fn)
    },
    removeHandler: (channel: string) => registry.delete(channel)
  }
}))

const { registerIpc } = await import('./electron')

const ourContents = { id: 1 }
const strangerContents = { id: 2 }

function event(url: string | null, sender: object = ourContents) {
  return { sender, senderFrame: url === null ? null : { url } }
}

describe('registerIpc', () => {
  let info: ReturnType<typeof vi.fn>
  let warn: ReturnType<typeof vi.fn>
  let unregister: () => void

  beforeEach(() => {
    unregister?.()
    info = vi.fn(() => ({ name: 'Sales Cockpit', version: '0.1.0', platform: 'linux', systemLanguages: ['zh-CN'], runtime: 'electron' }))
    warn = vi.fn()
    unregister = registerIpc({
      handlers: { 'app.info': info } as unknown as Handlers,
      log: { warn, error: vi.fn(), info: vi.fn() } as unknown as Logger,
      allowedOrigins: ['app://cockpit'],
      isOwnWebContents: (c) => c === (ourContents as unknown)
    })
  })

  it('registers every channel of the contract, once', () => {
    expect([...registry.keys()].sort()).toEqual([...channels].sort())
  })

  it('dispatches a call from our page in our window', async () => {
    const res = await registry.get('app.info')!(event('app://cockpit/index.html#/pipeline'), {})
    expect(res).toEqual({ ok: true, value: expect.objectContaining({ runtime: 'electron' }) })
    expect(info).toHaveBeenCalledOnce()
  })

  it('still validates the request of a trusted sender', async () => {
    const res = await registry.get('app.info')!(event('app://cockpit/index.html'), { unexpected: 1 })
    expect(res).toMatchObject({ ok: false, error: { code: 'ipc.invalid-request' } })
    expect(info).not.toHaveBeenCalled()
  })

  it.each([
    ['a foreign page', event('https://evil.example/')],
    ['an opaque frame', event('about:blank')],
    ['a frame that is gone', event(null)],
    ['our page in a window we did not open', event('app://cockpit/index.html', strangerContents)],
    [
      'a frame disposed mid-call',
      {
        sender: ourContents,
        get senderFrame(): never {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed')
        }
      }
    ]
  ])('refuses %s with ipc.forbidden-sender and logs it', async (_name, e) => {
    const res = await registry.get('app.info')!(e, {})
    expect(res).toMatchObject({ ok: false, error: { code: 'ipc.forbidden-sender' } })
    expect(info).not.toHaveBeenCalled()
    expect(warn).toHaveBeenCalledWith('ipc call refused', expect.objectContaining({ channel: 'app.info' }))
  })

  it('can be unregistered', () => {
    unregister()
    expect(registry.size).toBe(0)
    unregister = () => {}
  })
})
