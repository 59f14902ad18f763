import { describe, expect, it } from 'vitest'
import { insecureHubUrl } from './url'

describe('hub addresses that would send the password in the clear', () => {
  it('plain http to another machine is flagged', () => {
    for (const url of ['http://10.0.0.5:4780', 'http://hub.example.com', 'http://192.168.1.20:4780/', ' http://hub.corp.internal:8080 ', 'http://[2001:db8::1]:4780']) expect([url, insecureHubUrl(url)]).toEqual([url, true])
  })

  it('https anywhere, and plain http on this computer, are not', () => {
    for (const url of ['https://hub.example.com', 'https://10.0.0.5', 'http://127.0.0.1:4780', 'http://localhost:4780', 'http://127.0.0.2', 'http://[::1]:4780', 'http://app.localhost', 'not a url']) expect([url, insecureHubUrl(url)]).toEqual([url, false])
  })
})
