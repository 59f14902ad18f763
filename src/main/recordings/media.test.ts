import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeTone } from './fixtures'
import { mediaReply, shaFromMediaUrl } from './media'
import { RecordingStore } from './store'

async function read(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const c of stream ?? []) parts.push(c as Buffer)
  return Buffer.concat(parts)
}

describe('mediaReply', () => {
  it('serves a stored recording whole or by range, 404 otherwise', async () => {
    const fx = mkdtempSync(join(tmpdir(), 'rec-media-'))
    const store = new RecordingStore({ dir: join(fx, 'store') })
    const r = await store.importRecording(makeTone(fx, 'a.mp3', 2), 'a.mp3')
    const whole = await mediaReply(store, r.sha256, null)
    expect(whole.status).toBe(200)
    expect(whole.headers['content-type']).toBe('audio/mpeg')
    expect((await read(whole.body)).length).toBe(r.sizeBytes)
    const part = await mediaReply(store, r.sha256, 'bytes=100-199')
    expect(part.status).toBe(206)
    expect((await read(part.body)).length).toBe(100)
    expect((await mediaReply(store, '1'.repeat(64), null)).status).toBe(404)
    expect((await mediaReply(store, '../etc/passwd', null)).status).toBe(404)
  })

  it('reads the sha from cockpit-media URLs only', () => {
    const sha = 'a'.repeat(64)
    expect(shaFromMediaUrl(`cockpit-media://recording/${sha}`)).toBe(sha)
    expect(shaFromMediaUrl(`cockpit-media://other/${sha}`)).toBeNull()
    expect(shaFromMediaUrl('cockpit-media://recording/../x')).toBeNull()
  })
})
