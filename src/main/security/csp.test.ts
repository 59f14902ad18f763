import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, META_CONTENT_SECURITY_POLICY, withContentSecurityPolicy } from './csp'

function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources])
  )
}

describe('CONTENT_SECURITY_POLICY', () => {
  const policy = parse(CONTENT_SECURITY_POLICY)

  it('has every directive of the baseline with exactly its sources', () => {
    expect(Object.fromEntries(policy)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'media-src': ["'self'", 'blob:', 'cockpit-media:'],
      'connect-src': ["'self'"],
      'font-src': ["'self'", 'data:'],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"]
    })
  })

  it('never allows eval, inline script or remote hosts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic/)
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'")
    for (const [name, sources] of policy) {
      for (const s of sources) expect(s, `${name} ${s}`).not.toMatch(/^(https?:|wss?:|\*)/)
    }
  })

  it('is the string built from CSP_DIRECTIVES', () => {
    expect(parse(CONTENT_SECURITY_POLICY).size).toBe(Object.keys(CSP_DIRECTIVES).length)
  })

  it('is the same policy as the meta tag in the renderer page', () => {
    const html = resolve(__dirname, '../../renderer/index.html')
    if (!existsSync(html)) return
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(html, 'utf8'))
    expect(meta?.[1]).toBe(META_CONTENT_SECURITY_POLICY)
  })
})

describe('withContentSecurityPolicy', () => {
  it('replaces any policy header, whatever its spelling, and keeps the others', () => {
    const out = withContentSecurityPolicy({
      'content-security-policy': ["default-src *"],
      'Content-Security-Policy-Report-Only': ["script-src 'none'"],
      'Content-Type': ['text/html']
    })
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] })
  })

  it('adds the policy when the server sent no headers', () => {
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] })
  })
})
