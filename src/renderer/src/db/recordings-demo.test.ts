import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { generateWorkspace } from '@shared/demo'
import type { DemoCall } from '@shared/ipc/recordings'
import { CockpitDb, getDb, useDb } from './database'
import { setWriteClock } from './write'
import { loadWorkspace, type WorkspaceRows } from './workspace'
import { attachDemoCalls, DEMO_TRACKERS } from './recordings-demo'
import { attachTranscript, searchAllTranscripts, TranscriptAttachedError, transcriptOf } from './recordings'
import { coachingSessions, libraryMarks, loadTrackers, saveTrackers } from './coaching'
import { coachingProgress } from '@shared/domain/coaching'

const NOW = Date.UTC(2026, 10, 20, 8)
const dir = resolve(__dirname, '../../../../resources/demo-calls')
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
  calls: { id: string; file: string; transcript: string; sha256: string; durationMs: number; title: string; skill: string; great: boolean }[]
}
/** What main answers for `recordings.demoCalls`, built from the shipped files. */
const demoCalls: DemoCall[] = manifest.calls.map((c) => ({
  id: c.id,
  title: c.title,
  skill: c.skill,
  great: c.great,
  sha256: c.sha256,
  durationMs: c.durationMs,
  channels: 2,
  codec: 'Opus',
  sizeBytes: 1000,
  fileName: c.file,
  transcriptName: c.transcript,
  transcript: readFileSync(join(dir, c.transcript), 'utf8')
}))

const ws = generateWorkspace({ anchor: NOW, locale: 'zh-CN', scale: 'demo' })
// Only what the demo calls attach to: loading the whole demo per test is slow in fake IndexedDB.
const rows: WorkspaceRows = { orgUnits: ws.orgUnits, users: ws.users, customers: ws.customers, contacts: ws.contacts, deals: ws.deals, scorecardTemplates: ws.scorecardTemplates }

let n = 0
beforeEach(async () => {
  useDb(new CockpitDb(`demo-calls-test-${++n}`))
  setWriteClock(() => NOW)
  await loadWorkspace(rows, { kind: 'demo', locale: 'zh-CN', openedAt: NOW, scale: 'demo' })
})

describe('demo calls in the demo workspace', () => {
  it('become call activities on open deals, spread over reps, with their exact transcripts', async () => {
    expect(await attachDemoCalls(demoCalls, NOW)).toBe(12)
    const db = getDb()
    const recordings = await db.recordings.toArray()
    expect(recordings).toHaveLength(12)
    const reps = new Set<string>()
    for (const r of recordings) {
      const a = (await db.activities.get(r.activityId!))!
      expect([a.kind, a.recordingId, a.customerId, a.dealId]).toEqual(['call', r.id, r.customerId, r.dealId])
      expect((await db.deals.get(r.dealId!))!.status).toBe('open')
      expect(a.at).toBeLessThan(NOW)
      expect(a.at).toBeGreaterThan(NOW - 8 * 86_400_000)
      reps.add(a.userId)
      const lines = await transcriptOf(r.id)
      expect(lines.length).toBeGreaterThanOrEqual(15)
      expect(lines.at(-1)!.endMs).toBeLessThanOrEqual(r.durationMs)
    }
    expect(reps.size).toBeGreaterThanOrEqual(6)
    // Search finds the moments; trackers are set up for the coach; great calls are in the library.
    expect((await searchAllTranscripts('决策人')).length).toBeGreaterThanOrEqual(6)
    expect(await loadTrackers()).toEqual(DEMO_TRACKERS)
    const marks = await libraryMarks()
    expect(marks.map((m) => m.skill).sort()).toEqual(['需求挖掘', '推进', '异议处理'].sort())
    // Each says why it is there.
    expect(marks.every((m) => (m.note ?? '').length > 10)).toBe(true)
    // A coaching history: the 16-character tracker has reps at every step, the opening left to start on.
    const progress = [...coachingProgress(await coachingSessions()).values()]
    expect(progress.map((p) => [p.skill, p.step, p.history.length]).sort()).toEqual(
      [
        ['需求挖掘', 'do', 4],
        ['价值呈现', 'show', 2],
        ['异议处理', 'explain', 3],
        ['推进', 'tell', 1]
      ].sort()
    )
    expect(progress.every((p) => p.history.every((h) => h.at < NOW && h.note))).toBe(true)
    // Demo rows are local sample data: nothing for the team hub.
    expect(await db.outbox.count()).toBe(0)
  })

  it('is idempotent: opening again attaches nothing twice', async () => {
    await attachDemoCalls(demoCalls, NOW)
    expect(await attachDemoCalls(demoCalls, NOW + 1000)).toBe(0)
    expect(await getDb().recordings.count()).toBe(12)
  })
})

describe('replacing a transcript', () => {
  it('refuses a second transcript unless asked, then shows and finds only the new one', async () => {
    await attachDemoCalls(demoCalls.slice(0, 1), NOW)
    const r = (await getDb().recordings.toArray())[0]!
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v 销售>我们换一个说法：总拥有成本\n'
    await expect(attachTranscript(r.id, 'new.vtt', vtt)).rejects.toBeInstanceOf(TranscriptAttachedError)
    expect(await attachTranscript(r.id, 'new.vtt', vtt, { replace: true })).toBe(1)
    expect((await transcriptOf(r.id)).map((s) => s.text)).toEqual(['我们换一个说法：总拥有成本'])
    expect(await searchAllTranscripts('预算')).toEqual([])
    expect((await searchAllTranscripts('总拥有成本')).length).toBe(1)
  })
})

describe('keyword trackers', () => {
  it('are synced records: saving adds and removes rows through the write path', async () => {
    await saveTrackers(['折扣', '预算'], { now: NOW })
    await saveTrackers(['预算', '销售易'], { now: NOW + 1 })
    expect(await loadTrackers()).toEqual(['预算', '销售易'])
    const rows = await getDb().keywordTrackers.toArray()
    expect(rows.find((r) => r.word === '折扣')!.deleted).toBe(true)
    const ops = await getDb().outbox.where('table').equals('keywordTrackers').count()
    expect(ops).toBe(4)
  })
})
