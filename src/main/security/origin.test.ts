import { describe, expect, it } from 'vitest'
import { isBlockedRemoteRequest, isExternalLink, isOwnUrl, originOf } from './origin'

describe('originOf', () => {
  it('gives scheme://host[:port] also for custom schemes, where URL.origin is "null"', () => {
    expect(new URL('app://cockpit/index.html').origin).toBe('null')
    expect(originOf('app://cockpit/index.html')).toBe('app://cockpit')
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173')
    expect(originOf('https://example.com:443/x')).toBe('https://example.com')
  })
})

describe('isOwnUrl (navigation guard)', () => {
  it('allows in-app navigation and refuses everything else', () => {
    expect(isOwnUrl('app://cockpit/index.html#/war-room/42', ['app://cockpit'])).toBe(true)
    expect(isOwnUrl('https://salescockpit.invalid/', ['app://cockpit'])).toBe(false)
    expect(isOwnUrl('file:///C:/Windows/win.ini', ['app://cockpit'])).toBe(false)
  })
})

describe('isExternalLink', () => {
  it('hands only web links to the OS browser', () => {
    expect(isExternalLink('https://www.example.cn/company')).toBe(true)
    expect(isExternalLink('http://intranet.local/crm')).toBe(true)
    for (const url of ['file:///etc/passwd', 'smb://server/share', 'ms-msdt:/id', 'javascript:alert(1)', 'app://cockpit/', 'mailto:a@b.c', 'garbage']) {
      expect(isExternalLink(url), url).toBe(false)
    }
  })
})

describe('isBlockedRemoteRequest', () => {
  const dev = ['http://localhost:5173']

  it('lets the page reach the dev server, including the HMR socket', () => {
    expect(isBlockedRemoteRequest('http://localhost:5173/@vite/client', dev)).toBe(false)
    expect(isBlockedRemoteRequest('ws://localhost:5173/?token=x', dev)).toBe(false)
    expect(isBlockedRemoteRequest('ws://localhost:5999/', dev)).toBe(true)
  })

  it('blocks any other network request', () => {
    expect(isBlockedRemoteRequest('https://cdn.example.com/font.woff2', dev)).toBe(true)
    expect(isBlockedRemoteRequest('http://169.254.169.254/latest/meta-data', ['app://cockpit'])).toBe(true)
    expect(isBlockedRemoteRequest('wss://hub.example.com/sync', ['app://cockpit'])).toBe(true)
  })

  it('leaves our own schemes alone', () => {
    expect(isBlockedRemoteRequest('app://cockpit/assets/index.js', ['app://cockpit'])).toBe(false)
    expect(isBlockedRemoteRequest('cockpit-media://recordings/abc.mp3', ['app://cockpit'])).toBe(false)
  })
})
