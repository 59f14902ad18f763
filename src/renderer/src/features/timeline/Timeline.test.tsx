// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { MemoryRouter, Route, Routes, useLocation } from 'react-router'
import type { Activity } from '@shared/model'
import { PreferencesProvider } from '../../app/preferences'
import type { RowContext } from './EventRow'
import { TimelineView } from './TimelineView'
import type { TimelineSource } from './use-timeline-data'

// The recording store is main's: the drop test checks what the timeline hands it.
const recordings = vi.hoisted(() => {
  class RecordingAttachedError extends Error {
    readonly code = 'recording.already-attached'
  }
  return { importCallFile: vi.fn(), RecordingAttachedError }
})
vi.mock('../../db/recordings', () => ({
  importCallFile: recordings.importCallFile,
  RecordingAttachedError: recordings.RecordingAttachedError,
  TranscriptAttachedError: class extends Error {},
  SttEmptyError: class extends Error {}
}))

const TZ = 'Asia/Shanghai'
const HOUR = 3_600_000
const DAY = 24 * HOUR
// Sun 22 Nov 2026, 12:00 in Shanghai.
const NOW = Date.UTC(2026, 10, 22, 4)

function act(p: Partial<Activity> & { id: string; at: number }): Activity {
  return { kind: 'visit', customerId: 'c1', dealId: null, userId: 'u1', status: 'done', ...p } as Activity
}

const users: Record<string, string> = { u1: '王磊', u2: '李娜', m1: 'Manager Zhao' }

function ctx(extra: Partial<RowContext> = {}): RowContext {
  return {
    locale: 'en-US',
    timeZone: TZ,
    userName: (id) => users[id] ?? '—',
    contact: () => undefined,
    deal: () => undefined,
    stageName: (_d, s) => ({ s1: 'Lead', s2: 'Proposal' })[s] ?? s,
    showDeal: false,
    ...extra
  }
}

function source(activities: Activity[], extra: Partial<TimelineSource> = {}): TimelineSource {
  return { activities, stageHistory: [], deals: [], contacts: [], customerId: 'c1', ...extra }
}

/** Where the row links took us. */
function Location(): React.ReactNode {
  const l = useLocation()
  return <div data-testid="location">{l.pathname + l.search}</div>
}

function show(src: TimelineSource, c: RowContext = ctx()): void {
  render(
    <PreferencesProvider>
      <MemoryRouter>
        <Routes>
          <Route path="*" element={<><TimelineView source={src} ctx={c} now={NOW} height={600} /><Location /></>} />
        </Routes>
      </MemoryRouter>
    </PreferencesProvider>
  )
}

const rowIds = (): string[] => [...document.querySelectorAll('[data-event-id]')].map((e) => e.getAttribute('data-event-id')!)
const headers = (): string[] => [...document.querySelectorAll('[data-day-header="row"]')].map((h) => h.textContent ?? '')

beforeAll(() => {
  // jsdom lays nothing out; the list needs a viewport to render rows into.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 2000 })
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 800 })
})
afterEach(cleanup)

const stream = [
  act({ id: 'v-old', at: NOW - 30 * DAY, body: '第一次拜访，客户确认了采购预算' }),
  act({ id: 'call-1', kind: 'call', at: NOW - DAY, connected: true, durationSec: 125, recordingId: 'rec1', subject: 'Price call' }),
  act({ id: 'note-1', kind: 'note', at: NOW - 2 * HOUR, body: '老板说下周签约 🎉 great news' }),
  act({ id: 'call-2', kind: 'call', at: NOW - 3 * HOUR, connected: false, durationSec: 0 }),
  act({ id: 'sms-1', kind: 'sms', at: NOW - 3 * HOUR, userId: 'u2', body: 'Sent the quote' })
]

describe('Timeline', () => {
  it('lists newest first, grouped under day headers in the reader’s zone', async () => {
    show(source(stream))
    await screen.findByText('5 events')
    // Same day: newest first; at 3 hours ago the call and the SMS tie on time, the call ranks first
    // in time order, so newest-first shows the SMS above it.
    expect(rowIds()).toEqual(['note-1', 'sms-1', 'call-2', 'call-1', 'v-old'])
    const h = headers()
    expect(h[0]).toMatch(/^Today · Sun 22 Nov/)
    expect(h[1]).toMatch(/^Yesterday · Sat 21 Nov/)
    expect(h[2]).toMatch(/^Fri 23 Oct/)
    expect(h[0]).toMatch(/3 events$/)
  })

  it('filters by kind group and searches Chinese by substring', async () => {
    show(source(stream))
    await screen.findByText('5 events')
    fireEvent.click(screen.getByRole('checkbox', { name: /Calls 2/ }))
    expect(await screen.findByText('2 of 5 events match')).toBeTruthy()
    expect(rowIds()).toEqual(['call-2', 'call-1'])
    fireEvent.click(screen.getByRole('checkbox', { name: /Calls 2/ }))
    await screen.findByText('5 events')

    const search = screen.getByRole('textbox', { name: 'Search the timeline' })
    // A word in the middle of a Chinese sentence: no word split would find it.
    fireEvent.change(search, { target: { value: '采购预' } })
    expect(await screen.findByText('1 of 5 events match')).toBeTruthy()
    expect(rowIds()).toEqual(['v-old'])
    // By person name, and full-width latin matches half-width.
    fireEvent.change(search, { target: { value: '李娜' } })
    expect(await screen.findByText('1 of 5 events match')).toBeTruthy()
    expect(rowIds()).toEqual(['sms-1'])
    fireEvent.change(search, { target: { value: 'ＧＲＥＡＴ' } })
    expect(await screen.findByText('1 of 5 events match')).toBeTruthy()
    expect(rowIds()).toEqual(['note-1'])
    fireEvent.change(search, { target: { value: '没有这个词' } })
    expect(await screen.findByText('Nothing matches the filters.')).toBeTruthy()
  })

  it('keeps bad input visible and in order: missing and future times, unknown kinds, huge notes, emoji', async () => {
    const huge = '很长的备注。'.repeat(1700) + 'END'
    const bad = [
      act({ id: 'no-time', at: NaN }),
      act({ id: 'epoch', at: 0, kind: 'note', body: 'from 1970' }),
      act({ id: 'typo-year', at: NOW + 365 * DAY, kind: 'note', body: '2027?' }),
      act({ id: 'old-crm', at: NOW - HOUR, kind: 'from_old_crm' as Activity['kind'] }),
      act({ id: 'huge', at: NOW - 2 * HOUR, kind: 'note', body: huge }),
      act({ id: 'emoji', at: NOW - 3 * HOUR, kind: 'note', body: '👍🏽 客户 OK ✅ Привет' })
    ]
    show(source(bad))
    await screen.findByText('6 events')
    // Future first (newest), undated last under their own header.
    expect(rowIds()).toEqual(['typo-year', 'old-crm', 'huge', 'emoji', 'epoch', 'no-time'])
    expect(headers().at(-1)).toMatch(/^Time unknown/)
    const future = document.querySelector('[data-event-id="typo-year"]')!
    expect(within(future as HTMLElement).getByText('Dated in the future')).toBeTruthy()
    expect(screen.getByText('Other (from_old_crm)')).toBeTruthy()
    expect(screen.getByText('👍🏽 客户 OK ✅ Привет')).toBeTruthy()

    // The 10,000-character note keeps its one-line height until opened, then shows all of it.
    const row = document.querySelector<HTMLElement>('[data-event-id="huge"]')!
    expect(row.style.height).toBe('52px')
    fireEvent.click(within(row).getByRole('button', { name: 'More' }))
    const open = document.querySelector<HTMLElement>('[data-event-id="huge"]')!
    expect(open.style.height).toBe('')
    expect(open.textContent).toContain('END')
    fireEvent.click(within(open).getByRole('button', { name: 'Less' }))
    expect(document.querySelector<HTMLElement>('[data-event-id="huge"]')!.style.height).toBe('52px')
  })

  it('shows coaching comments on calls as their own kind and opens the player at the moment', async () => {
    const snippet = { text: '您好，我们的预算今年有调整', startMs: 42_000 }
    show(
      source(stream, {
        callComments: [
          {
            comment: { id: 'cm1', targetTable: 'recordings', targetId: 'rec1', kind: 'comment', atMs: 95_000, authorId: 'm1', body: 'Ask about budget earlier', createdAt: NOW - 20 * HOUR },
            customerId: 'c1',
            dealId: null,
            kind: 'call_comment'
          }
        ],
        snippets: new Map([['rec1', snippet]])
      }),
      ctx({ snippet: (r) => (r === 'rec1' ? snippet : undefined) })
    )
    await screen.findByText('6 events')
    const comment = document.querySelector<HTMLElement>('[data-event-id="cm1"]')!
    expect(comment.getAttribute('data-kind')).toBe('call_comment')
    expect(within(comment).getByText('Call comment')).toBeTruthy()
    expect(within(comment).getByText('Manager Zhao')).toBeTruthy()
    fireEvent.click(within(comment).getByText('at 1:35 in the call'))
    expect(screen.getByTestId('location').textContent).toBe('/calls?recording=rec1&t=95000')

    const call = document.querySelector<HTMLElement>('[data-event-id="call-1"]')!
    fireEvent.click(within(call).getByText(/“您好，我们的预算今年有调整”/))
    expect(screen.getByTestId('location').textContent).toBe('/calls?recording=rec1&t=42000')
    fireEvent.click(call.querySelector('[data-recording-id="rec1"]')!)
    expect(screen.getByTestId('location').textContent).toBe('/calls?recording=rec1')
  })

  it('marks a task done from its row, and shows a done task as done', async () => {
    const task = act({ id: 'task-1', kind: 'task', at: NOW - HOUR, userId: 'm1', otherUserId: 'u1', dueAt: NOW + 2 * DAY, status: 'planned', subject: 'Practise the price objection' })
    const completeTask = vi.fn()
    show(source([task]), ctx({ completeTask }))
    fireEvent.click(await screen.findByRole('button', { name: 'Mark done' }))
    expect(completeTask).toHaveBeenCalledWith(expect.objectContaining({ id: 'task-1' }))
    cleanup()

    show(source([task], { taskDone: new Map([['task-1', { at: NOW - 10 * 60_000, byUserId: 'u1' }]]) }), ctx({ completeTask }))
    expect(await screen.findByText('Done Nov 22, 2026')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Mark done' })).toBeNull()
  })

  it('jumps to a date typed the reader’s way and shows it in the reader’s format', async () => {
    show(source(stream))
    await screen.findByText('5 events')
    const input = screen.getByRole('textbox', { name: 'Jump to date' })
    fireEvent.change(input, { target: { value: '2026年10月23日' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect((input as HTMLInputElement).value).toBe('Oct 23, 2026')
    fireEvent.change(input, { target: { value: '11/12/2026' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(input.getAttribute('aria-invalid')).toBe('true')
  })

  it('attaches a recording dropped onto a logged call, and only there', async () => {
    const audio = (name: string): File => ({ name, lastModified: 1, arrayBuffer: () => Promise.resolve(new Uint8Array([1, 2, 3]).buffer) }) as unknown as File
    const files = (f: File[]): { dataTransfer: { files: File[]; types: string[]; dropEffect: string } } => ({ dataTransfer: { files: f, types: ['Files'], dropEffect: 'none' } })
    recordings.importCallFile.mockReset()
    recordings.importCallFile.mockResolvedValue({ recording: { id: 'rec-new' }, duplicate: false })
    show(source(stream))
    await screen.findByText('5 events')
    const slot = (id: string): HTMLElement => document.querySelector<HTMLElement>(`[data-event-id="${id}"]`)!.closest<HTMLElement>('.tl-slot')!

    // Over the unrecorded call (on its text, not the row itself): taken and outlined.
    const target = within(document.querySelector<HTMLElement>('[data-event-id="call-2"]')!).getAllByText(/./)[0]!
    expect(fireEvent.dragOver(target, files([audio('a.mp3')]))).toBe(false)
    expect(slot('call-2').hasAttribute('data-drop-over')).toBe(true)
    // Over a call that has its recording, or a note: not taken, nothing outlined.
    expect(fireEvent.dragOver(slot('call-1').firstElementChild!, files([audio('a.mp3')]))).toBe(true)
    expect(fireEvent.dragOver(slot('note-1').firstElementChild!, files([audio('a.mp3')]))).toBe(true)
    expect(document.querySelector('[data-drop-over]')).toBeNull()
    fireEvent.drop(slot('note-1').firstElementChild!, files([audio('a.mp3')]))
    fireEvent.drop(slot('call-1').firstElementChild!, files([audio('a.mp3')]))
    expect(recordings.importCallFile).not.toHaveBeenCalled()

    const dropped = audio('call-2.m4a')
    fireEvent.drop(target, files([dropped]))
    expect(await screen.findByText(/Recording attached\./)).toBeTruthy()
    expect(recordings.importCallFile).toHaveBeenCalledTimes(1)
    // The file itself goes to the import (main reads it by path), onto the call it was dropped on.
    expect(recordings.importCallFile).toHaveBeenCalledWith(dropped, { customerId: 'c1', dealId: null, activityId: 'call-2', at: NOW - 3 * HOUR })
    fireEvent.click(screen.getByRole('link', { name: 'Open the call' }))
    expect(screen.getByTestId('location').textContent).toBe('/calls?recording=rec-new')

    // Attached meanwhile (another window): the store refuses, the reader is told why.
    recordings.importCallFile.mockRejectedValueOnce(new recordings.RecordingAttachedError())
    fireEvent.drop(slot('call-2').firstElementChild!, files([audio('again.m4a')]))
    expect(await screen.findByText('This call already has a recording.')).toBeTruthy()
  })
})
