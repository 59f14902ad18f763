import { beforeEach, describe, expect, it } from 'vitest'
import { recordingKind } from '@shared/model/recording'
import { CockpitDb, getDb, useDb } from './database'
import { retitleCall } from './recordings'
import { write, WriteError } from './write'

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`recordings-title-${++n}`))
  await write((tx) =>
    tx.insert('recordings', { id: 'r1', sha256: 'c'.repeat(64), durationMs: 1000, channels: 2, codec: 'pcm', sizeBytes: 1, originalName: 'rec-0042.wav', importedAt: 1 })
  )
})

describe('a call’s own title', () => {
  it('is kept, synced as a field of the recording (kind version 2), and cleared back to the default', async () => {
    expect(recordingKind.version).toBe(2)
    await retitleCall('r1', '  Pricing follow-up  ')
    expect((await getDb().recordings.get('r1'))?.title).toBe('Pricing follow-up')
    await retitleCall('r1', '   ')
    expect((await getDb().recordings.get('r1'))?.title).toBeUndefined()
  })

  it('too long a title is refused with a code and the old title stays', async () => {
    await retitleCall('r1', 'Pricing follow-up')
    const e = await retitleCall('r1', 'x'.repeat(121)).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(WriteError)
    expect((e as WriteError).code).toBe('write.invalid')
    expect((await getDb().recordings.get('r1'))?.title).toBe('Pricing follow-up')
  })
})
