import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { CockpitError } from '../../shared/ipc/define'
import type { DemoCall } from '../../shared/ipc/recordings'
import type { RecordingStore } from './store'

/** What scripts/demo-calls/make.mjs writes beside the audio. */
const Manifest = z.object({
  version: z.literal(1),
  calls: z.array(
    z.object({
      id: z.string().regex(/^[\w-]{1,40}$/),
      file: z.string().regex(/^[\w-]{1,40}\.ogg$/),
      transcript: z.string().regex(/^[\w-]{1,40}\.vtt$/),
      title: z.string().max(200),
      skill: z.string().max(60),
      great: z.boolean()
    })
  )
})

/**
 * The folder of the shipped demo calls: `resources/demo-calls` packaged as an extra resource
 * (`<resources>/demo-calls`), beside the built app in development, or the repo's own folder
 * when the browser harness runs from the repo root.
 */
export function demoCallsDir(): string | null {
  const candidates = [
    process.env['COCKPIT_DEMO_CALLS'],
    typeof process.resourcesPath === 'string' ? join(process.resourcesPath, 'demo-calls') : undefined,
    resolve(__dirname, '../../resources/demo-calls'),
    resolve(process.cwd(), 'resources/demo-calls')
  ]
  for (const c of candidates) if (c && existsSync(join(c, 'manifest.json'))) return c
  return null
}

/**
 * Import every demo call through the real store (hash, probe, peaks, voice activity) and hand
 * back what the page needs to attach them. Content-addressed, so running it again is cheap:
 * each file is only hashed and found to be a duplicate.
 */
export async function importDemoCalls(store: RecordingStore, dir = demoCallsDir()): Promise<DemoCall[]> {
  if (!dir) throw new CockpitError('recording.demo-missing', 'the demo calls are not installed')
  let manifest
  try {
    manifest = Manifest.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')))
  } catch (e) {
    throw new CockpitError('recording.demo-missing', `demo manifest unreadable: ${e instanceof Error ? e.message : String(e)}`)
  }
  const out: DemoCall[] = []
  for (const call of manifest.calls) {
    const r = await store.importRecording(join(dir, call.file), call.file)
    out.push({
      id: call.id,
      title: call.title,
      skill: call.skill,
      great: call.great,
      sha256: r.sha256,
      durationMs: r.durationMs,
      channels: r.channels,
      codec: r.codec,
      sizeBytes: r.sizeBytes,
      fileName: call.file,
      transcriptName: call.transcript,
      transcript: await readFile(join(dir, call.transcript), 'utf8')
    })
  }
  return out
}
