import { beforeEach, describe, expect, it, vi } from 'vitest'
import { generateWorkspace, generateWorkspaceSteps, GENERATE_STEPS } from '@shared/demo'
import { CockpitDb, getDb, useDb } from './database'
import { getWorkspaceMeta, loadWorkspace, openDemoWorkspace, type DemoProgress, type WorkspaceRows } from './workspace'

// The demo's recorded calls are started after it opens; they need the main process, not here.
vi.mock('./recordings-demo', () => ({ startDemoCalls: () => undefined }))

const NOW = Date.UTC(2026, 2, 18, 2)
/** Generated once: the demo takes seconds on a loaded machine. */
let generated: ReturnType<typeof generateWorkspace> | undefined
const demo = (): ReturnType<typeof generateWorkspace> => (generated ??= generateWorkspace({ anchor: NOW, locale: 'zh-CN', scale: 'demo' }))
let n = 0
beforeEach(() => {
  useDb(new CockpitDb(`workspace-demo-progress-${++n}`))
})

describe('opening the demo with a progress bar (issue 19)', () => {
  it('the step-by-step generator yields every stage in order and makes the same workspace', () => {
    const steps = generateWorkspaceSteps({ anchor: NOW, locale: 'zh-CN', scale: 'demo' })
    const seen: string[] = []
    let r = steps.next()
    while (!r.done) {
      seen.push(r.value)
      r = steps.next()
    }
    expect(seen).toEqual(GENERATE_STEPS.map((s) => s.id))
    expect(JSON.stringify(r.value)).toBe(JSON.stringify(demo()))
  })

  it('reports every stage and every batch of rows, the share only growing to 100%, and writes every row', async () => {
    const seen: DemoProgress[] = []
    await openDemoWorkspace('zh-CN', NOW, (p) => seen.push(p))
    expect(seen.filter((p) => p.step !== 'write').map((p) => p.step)).toEqual(GENERATE_STEPS.map((s) => s.id))
    const writes = seen.filter((p) => p.step === 'write')
    // The demo's ~35,000 rows go in several batches, each one heard.
    expect(writes.length).toBeGreaterThan(5)
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.fraction).toBeGreaterThanOrEqual(seen[i - 1]!.fraction)
    const last = writes.at(-1)!
    expect(last.fraction).toBe(1)
    expect(last.written).toBe(last.total)
    const ws = demo()
    const db = getDb()
    expect(await db.activities.count()).toBe(ws.activities.length)
    expect(await db.deals.count()).toBe(ws.deals.length)
    expect(last.total).toBe(Object.entries(ws).reduce((s, [k, v]) => s + (k !== 'meta' && Array.isArray(v) ? v.length : 0), 0))
    expect((await getWorkspaceMeta())?.kind).toBe('demo')
  })

  it('a load cut short leaves no workspace (the first-launch choice), not half of one', async () => {
    const ws = demo()
    await loadWorkspace(ws as unknown as WorkspaceRows, { kind: 'demo', locale: 'zh-CN', openedAt: NOW })
    expect(await getWorkspaceMeta()).toBeDefined()
    let batches = 0
    await expect(
      loadWorkspace(ws as unknown as WorkspaceRows, { kind: 'demo', locale: 'zh-CN', openedAt: NOW }, () => {
        if (++batches === 3) throw new Error('window closed')
      })
    ).rejects.toThrow('window closed')
    expect(await getWorkspaceMeta()).toBeUndefined()
  })
})
