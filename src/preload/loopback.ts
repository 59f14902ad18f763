import { createCockpitApi } from './api'

/**
 * The browser harness's stand-in for the Electron preload: the same `window.cockpit`, with
 * requests sent to the harness server on 127.0.0.1 instead of over Electron IPC. Bytes travel
 * as base64 inside JSON, tagged so main gets the Uint8Array back.
 */
function encode(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    let binary = ''
    const chunk = 0x8000
    for (let i = 0; i < value.length; i += chunk) binary += String.fromCharCode(...value.subarray(i, i + chunk))
    return { __bytes: btoa(binary) }
  }
  if (Array.isArray(value)) return value.map(encode)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]))
  }
  return value
}

function reviveBytes(_k: string, v: unknown): unknown {
  if (v && typeof v === 'object' && typeof (v as { __bytes?: unknown }).__bytes === 'string' && Object.keys(v).length === 1) {
    return Uint8Array.from(atob((v as { __bytes: string }).__bytes), (c) => c.charCodeAt(0))
  }
  return v
}

const api = createCockpitApi({
  async invoke(channel, request) {
    const res = await fetch(`/__cockpit/invoke/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(encode(request ?? {}))
    })
    // Bytes in a reply (an .xlsx built by main) come back tagged like the ones we send; only
    // such a reply pays for the reviver (sync pulls and waveform peaks are large).
    const text = await res.text()
    return text.includes('"__bytes":') ? JSON.parse(text, reviveBytes) : JSON.parse(text)
  },
  on(event, listener) {
    const source = new EventSource(`/__cockpit/events?event=${encodeURIComponent(event)}`)
    source.onmessage = (m) => listener(JSON.parse(m.data))
    return () => source.close()
  },
  // No paths in a browser: the file streams to the harness, which answers with where it put it.
  async pathForFile(file) {
    const res = await fetch(`/__cockpit/upload?name=${encodeURIComponent(file.name)}`, { method: 'PUT', body: file })
    if (!res.ok) return null
    const answer = (await res.json()) as { path?: unknown }
    return typeof answer.path === 'string' ? answer.path : null
  }
})

Object.defineProperty(window, 'cockpit', { value: api, writable: false, configurable: false })
