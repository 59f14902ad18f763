// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { act, cleanup, renderHook } from '@testing-library/react'
import type { RequestOf } from '@shared/ipc'
import { setBridgeApi } from '../../bridge'
import { createFakeCockpit } from '../../bridge/fake'
import { CockpitDb, getDb, useDb } from '../../db/database'
import { setWriteClock } from '../../db/write'
import { useRecordingDrop } from './use-recording-drop'

const T = 1_800_000_000_000
const stored = (sha: string): { sha256: string; durationMs: number; channels: number; codec: string; sizeBytes: number; format: string; duplicate: boolean; peaksAvailable: boolean } => ({
  sha256: sha.repeat(64),
  durationMs: 61_000,
  channels: 2,
  codec: 'pcm_s16le',
  sizeBytes: 3,
  format: 'wav',
  duplicate: false,
  peaksAvailable: true
})
const file = (name: string, bytes = [1, 2, 3]): File => new File([new Uint8Array(bytes)], name, { lastModified: T - 60_000 })

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`recording-drop-${++n}`))
  setWriteClock(() => T)
  await getDb().users.put({ id: 'u1', name: '李雷', role: 'rep' } as never)
  await getDb().customers.put({ id: 'c1', name: '华东机电', ownerId: 'u1' } as never)
})
afterEach(() => {
  cleanup()
  setBridgeApi(undefined)
})

describe('useRecordingDrop', () => {
  it('imports a file that has a path by that path: its bytes never cross to main', async () => {
    const calls: { channel: string; req: unknown }[] = []
    const fake = createFakeCockpit({
      'recordings.importPath': (req: RequestOf<'recordings.importPath'>) => {
        calls.push({ channel: 'recordings.importPath', req })
        return stored('a')
      },
      'recordings.import': (req: RequestOf<'recordings.import'>) => {
        calls.push({ channel: 'recordings.import', req })
        return stored('b')
      }
    })
    setBridgeApi({ ...fake, pathForFile: (f: File) => Promise.resolve(`/home/li/calls/${f.name}`) })
    const { result } = renderHook(() => useRecordingDrop())
    let done: Awaited<ReturnType<typeof result.current.importFiles>> = []
    await act(async () => {
      done = await result.current.importFiles([file('call.wav')], (f) => ({ customerId: 'c1', at: f.lastModified }))
    })
    expect(calls).toEqual([{ channel: 'recordings.importPath', req: { fileName: 'call.wav', path: '/home/li/calls/call.wav' } }])
    expect(done).toHaveLength(1)
    const row = await getDb().recordings.get(done[0]!.recording.id)
    expect(row?.sha256).toBe('a'.repeat(64))
    const activity = await getDb().activities.get(row?.activityId ?? '')
    expect(activity).toMatchObject({ kind: 'call', customerId: 'c1', userId: 'u1', at: T - 60_000 })
    expect(result.current.busy).toBe(false)
  })

  it('sends the bytes of a file with no path, one file after another, each heard as it lands', async () => {
    const sent: number[][] = []
    let sha = 0
    setBridgeApi(
      createFakeCockpit({
        'recordings.import': (req: RequestOf<'recordings.import'>) => {
          sent.push([...req.data])
          return stored(String(++sha))
        }
      })
    )
    const { result } = renderHook(() => useRecordingDrop())
    const heard: string[] = []
    await act(async () => {
      await result.current.importFiles([file('one.wav', [1]), file('two.wav', [2, 2])], () => ({ customerId: 'c1', at: T }), (d, f) => heard.push(`${f.name}:${d.duplicate}`))
    })
    expect(sent).toEqual([[1], [2, 2]])
    expect(heard).toEqual(['one.wav:false', 'two.wav:false'])
    expect(await getDb().recordings.count()).toBe(2)
  })

  it('stops at the first refused file, says why, and is no longer busy', async () => {
    setBridgeApi({
      ...createFakeCockpit({
        'recordings.importPath': () => {
          throw Object.assign(new Error('folder'), { code: 'recording.not-a-file' })
        }
      }),
      pathForFile: () => Promise.resolve('/home/li/calls')
    })
    const { result } = renderHook(() => useRecordingDrop())
    let code = ''
    await act(async () => {
      await result.current.importFiles([file('calls'), file('later.wav')], () => ({ customerId: 'c1', at: T })).catch((e: { code: string }) => (code = e.code))
    })
    expect(code).toBe('recording.not-a-file')
    expect(result.current.busy).toBe(false)
    expect(await getDb().recordings.count()).toBe(0)
  })
})
