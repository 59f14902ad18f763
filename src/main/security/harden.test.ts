import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Session, WebContents } from 'electron'
import type { Logger } from '../services/logger'
import { CONTENT_SECURITY_POLICY } from './csp'

const openExternal = vi.hoisted(() => vi.fn(() => Promise.resolve()))
vi.mock('electron', () => ({ shell: { openExternal } }))

const { hardenSession, hardenWebContents } = await import('./harden')

const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() } as unknown as Logger
const guard = { allowedOrigins: ['app://cockpit'], log }

type Callback = (...args: unknown[]) => void

function fakeSession() {
  const h: Record<string, Callback> = {}
  const ses = {
    setPermissionRequestHandler: (fn: Callback) => (h.request = fn),
    setPermissionCheckHandler: (fn: Callback) => (h.check = fn),
    setDevicePermissionHandler: (fn: Callback) => (h.device = fn),
    webRequest: {
      onBeforeRequest: (_filter: unknown, fn: Callback) => (h.before = fn),
      onHeadersReceived: (fn: Callback) => (h.headers = fn)
    }
  }
  hardenSession(ses as unknown as Session, guard)
  return h
}

function fakeContents() {
  const emitter = new EventEmitter() as EventEmitter & { open?: (d: { url: string }) => unknown }
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => (emitter.open = fn)
  })
  hardenWebContents(contents as unknown as WebContents, guard)
  return emitter
}

function navEvent(url: string, isMainFrame = true) {
  return { url, isMainFrame, preventDefault: vi.fn() }
}

beforeEach(() => openExternal.mockClear())

describe('hardenSession', () => {
  it('denies every permission request and check', () => {
    const h = fakeSession()
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn()
      h.request!({}, permission, callback, {})
      expect(callback).toHaveBeenCalledWith(false)
    }
    expect(h.check!({}, 'media', 'app://cockpit', {})).toBe(false)
    expect(h.device!({})).toBe(false)
  })

  it('cancels network requests from pages, keeps our own scheme', () => {
    const h = fakeSession()
    const decide = (url: string) => {
      const callback = vi.fn()
      h.before!({ url, resourceType: 'xhr' }, callback)
      return callback.mock.calls[0]?.[0]
    }
    expect(decide('https://cdn.example.com/x.js')).toEqual({ cancel: true })
    expect(decide('app://cockpit/assets/a.js')).toEqual({ cancel: false })
  })

  it('puts our CSP on our responses only', () => {
    const h = fakeSession()
    const ours = vi.fn()
    h.headers!({ url: 'app://cockpit/index.html', responseHeaders: { 'content-security-policy': ['default-src *'] } }, ours)
    expect(ours).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
    const theirs = vi.fn()
    h.headers!({ url: 'devtools://devtools/x', responseHeaders: {} }, theirs)
    expect(theirs).toHaveBeenCalledWith({})
  })
})

describe('hardenWebContents', () => {
  it('lets the page move within our origin', () => {
    const c = fakeContents()
    const e = navEvent('app://cockpit/index.html#/calls')
    c.emit('will-navigate', e)
    expect(e.preventDefault).not.toHaveBeenCalled()
  })

  it('stops navigation elsewhere and shows web links in the OS browser', () => {
    const c = fakeContents()
    const web = navEvent('https://example.com/customer')
    c.emit('will-navigate', web)
    expect(web.preventDefault).toHaveBeenCalled()
    expect(openExternal).toHaveBeenCalledWith('https://example.com/customer')

    const file = navEvent('file:///etc/passwd')
    c.emit('will-navigate', file)
    expect(file.preventDefault).toHaveBeenCalled()
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('stops foreign sub-frame navigation and redirects', () => {
    const c = fakeContents()
    const frame = navEvent('https://ads.example/', false)
    c.emit('will-frame-navigate', frame)
    expect(frame.preventDefault).toHaveBeenCalled()
    const redirect = navEvent('https://evil.example/')
    c.emit('will-redirect', redirect)
    expect(redirect.preventDefault).toHaveBeenCalled()
  })

  it('never opens a window; http(s) links go to the OS browser, other schemes nowhere', () => {
    const c = fakeContents()
    expect(c.open!({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://example.com/')
    expect(c.open!({ url: 'smb://fileserver/share' })).toEqual({ action: 'deny' })
    expect(c.open!({ url: 'app://cockpit/index.html' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('refuses <webview>', () => {
    const c = fakeContents()
    const e = { preventDefault: vi.fn() }
    c.emit('will-attach-webview', e, {}, {})
    expect(e.preventDefault).toHaveBeenCalled()
  })
})
