// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { MantineProvider } from '@mantine/core'
import { I18nextProvider } from 'react-i18next'
import type { ReactNode } from 'react'
import { createI18n, type Language } from '../../app/i18n'
import { CockpitDb, getDb, useDb } from '../../db/database'
import { setWriteClock, write } from '../../db/write'

const SHA = 'c'.repeat(64)
const state = { progress: { done: 3, total: 12, lines: 5 } as { done: number; total: number; lines: number } | null, cancelled: 0 }
vi.mock('../../bridge', async (orig) => {
  const real = await orig<typeof import('../../bridge')>()
  return {
    ...real,
    bridge: {
      invoke: vi.fn(async (ch: string) => {
        if (ch === 'stt.progress') return { progress: state.progress }
        if (ch === 'stt.cancel') {
          state.cancelled++
          return { cancelled: true }
        }
        if (ch === 'stt.status') return { state: 'none' }
        // The transcription main ends when cancelled.
        if (ch === 'stt.transcribe') throw new real.BridgeError({ code: 'stt.cancelled', message: 'transcription cancelled' })
        throw new Error(`unexpected ${ch}`)
      })
    }
  }
})

const { SttRunning, SttSetup, RECOMMENDED_PACKS } = await import('./SttPanel')
const { transcribeRecording } = await import('../../db/recordings')

function Shell({ language = 'en-US', children }: { language?: Language; children: ReactNode }): ReactNode {
  return (
    <I18nextProvider i18n={createI18n(language)}>
      <MantineProvider>{children}</MantineProvider>
    </I18nextProvider>
  )
}

let n = 0
beforeEach(() => {
  useDb(new CockpitDb(`stt-panel-${++n}`))
  setWriteClock(() => 1_800_000_000_000)
  state.progress = { done: 3, total: 12, lines: 5 }
  state.cancelled = 0
})
afterEach(cleanup)

describe('speech-to-text progress and cancel', () => {
  it('shows how far main is (percent and stretches of speech) and asks main to stop', async () => {
    render(
      <Shell>
        <SttRunning sha256={SHA} />
      </Shell>
    )
    await screen.findByText('Transcribing: 25 % (3 of 12 stretches of speech, 5 lines so far)')
    fireEvent.click(screen.getByTestId('stt-cancel'))
    await waitFor(() => expect(state.cancelled).toBe(1))
  })

  it('says it in Chinese too', async () => {
    render(
      <Shell language="zh-CN">
        <SttRunning sha256={SHA} />
      </Shell>
    )
    await screen.findByText('正在转写：25%（12 段语音已完成 3 段，已得 5 行）')
  })

  it('a cancelled transcription writes nothing', async () => {
    await write((tx) =>
      tx.insert('recordings', { id: 'r1', sha256: SHA, durationMs: 60_000, channels: 2, codec: 'pcm', sizeBytes: 10, originalName: 'call.wav', importedAt: 1 })
    )
    await expect(transcribeRecording('r1', { rep: 'Rep', customer: 'Customer' })).rejects.toMatchObject({ code: 'stt.cancelled' })
    expect(await getDb().transcriptSegments.count()).toBe(0)
    expect(await getDb().transcripts.count()).toBe(0)
  })

  it('the setup names a recommended model pack per language', async () => {
    render(
      <Shell language="zh-CN">
        <SttSetup stt={{ status: { state: 'none' }, update: async () => undefined, error: null }} />
      </Shell>
    )
    expect(screen.getByTestId('stt-recommended-zh').textContent).toBe(`中文通话推荐： ${RECOMMENDED_PACKS.zh}`)
    expect(screen.getByTestId('stt-recommended-en').textContent).toBe(`英文通话推荐： ${RECOMMENDED_PACKS.en}`)
  })
})
