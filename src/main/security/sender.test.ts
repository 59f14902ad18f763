import { describe, expect, it } from 'vitest'
import { isAllowedSender } from './sender'

const prod = ['app://cockpit']
const dev = ['http://localhost:5173']

describe('isAllowedSender', () => {
  it('accepts our built renderer on any route', () => {
    expect(isAllowedSender('app://cockpit/index.html', prod)).toBe(true)
    expect(isAllowedSender('app://cockpit/index.html#/pipeline?stage=3', prod)).toBe(true)
    expect(isAllowedSender('APP://COCKPIT/index.html', prod)).toBe(true)
  })

  it('accepts the dev server only in development', () => {
    expect(isAllowedSender('http://localhost:5173/#/calls', dev)).toBe(true)
    expect(isAllowedSender('http://localhost:5173/', prod)).toBe(false)
    expect(isAllowedSender('app://cockpit/index.html', dev)).toBe(false)
  })

  it('refuses another port, host or scheme of the dev server', () => {
    expect(isAllowedSender('http://localhost:5174/', dev)).toBe(false)
    expect(isAllowedSender('https://localhost:5173/', dev)).toBe(false)
    expect(isAllowedSender('http://127.0.0.1:5173/', dev)).toBe(false)
    expect(isAllowedSender('http://localhost.evil.example:5173/', dev)).toBe(false)
  })

  it('refuses look-alikes of app://cockpit', () => {
    expect(isAllowedSender('app://cockpit.evil/index.html', prod)).toBe(false)
    expect(isAllowedSender('app://evil/index.html', prod)).toBe(false)
    expect(isAllowedSender('app://cockpit@evil/index.html', prod)).toBe(false)
    expect(isAllowedSender('app://user:pw@cockpit/index.html', prod)).toBe(false)
    expect(isAllowedSender('cockpit-media://cockpit/x.mp3', prod)).toBe(false)
  })

  it('refuses frames without an origin of their own', () => {
    for (const url of ['about:blank', 'data:text/html,<script>1</script>', 'blob:app://cockpit/6f1c', 'file:///etc/passwd', 'javascript:alert(1)', 'devtools://devtools/bundled/inspector.html']) {
      expect(isAllowedSender(url, prod), url).toBe(false)
    }
  })

  it('refuses a missing or unparsable URL', () => {
    expect(isAllowedSender(undefined, prod)).toBe(false)
    expect(isAllowedSender(null, prod)).toBe(false)
    expect(isAllowedSender('', prod)).toBe(false)
    expect(isAllowedSender('not a url', prod)).toBe(false)
  })
})
