import { modelTables, type ModelTable } from '@shared/model'
import { newId } from '@shared/ids'
import type { UserRole } from '@shared/model/user'
import type { GenerateStep, Workspace } from '@shared/demo'
import { getDb } from './database'
import { write } from './write'
import { localProfileRow, SESSION_KEY, setSession } from '../session/session'

export interface WorkspaceMeta {
  kind: 'demo' | 'import' | 'hub'
  locale: string
  openedAt: number
  /** Demo workspaces: what they were generated from, so they can be regenerated exactly. */
  seed?: number
  anchor?: number
  scale?: 'demo' | 'bench'
}

const WORKSPACE_KEY = 'workspace'

export async function getWorkspaceMeta(): Promise<WorkspaceMeta | undefined> {
  return (await getDb().meta.get(WORKSPACE_KEY))?.value as WorkspaceMeta | undefined
}

export type WorkspaceRows = Partial<Record<ModelTable, readonly unknown[]>>

/**
 * Load a whole generated workspace (the demo or the bench workspace).
 * This is the one write that bypasses the outbox, on purpose: demo data is local sample data,
 * never to be pushed to a team hub, and it is validated by the generator's own tests. Anything
 * a user creates or imports goes through `write()`.
 *
 * With `onRows`, the rows go in several transactions so the page can paint a progress bar between
 * them (issue 19): the first one clears everything and forgets the previous workspace, the last one
 * names the new one, so a load cut short leaves no workspace (the first-launch choice shows again)
 * rather than half of one. Without it, one transaction.
 */
export async function loadWorkspace(rows: WorkspaceRows, meta: WorkspaceMeta, onRows?: (written: number, total: number) => Promise<void> | void): Promise<void> {
  const db = getDb()
  const tables = [...modelTables.map((t) => db.table(t)), db.outbox, db.clocks, db.meta]
  const clear = async (): Promise<void> => {
    for (const t of tables) if (t.name !== 'meta') await t.clear()
    // Whoever used the previous workspace is not who uses this one.
    await db.meta.delete(SESSION_KEY)
  }
  if (!onRows) {
    await db.transaction('rw', tables, async () => {
      await clear()
      for (const name of modelTables) {
        const list = rows[name]
        if (list && list.length) await db.table(name).bulkAdd(list as unknown[])
      }
      await db.meta.put({ key: WORKSPACE_KEY, value: meta })
    })
    return
  }
  await db.transaction('rw', tables, async () => {
    await clear()
    await db.meta.delete(WORKSPACE_KEY)
  })
  const total = modelTables.reduce((n, name) => n + (rows[name]?.length ?? 0), 0)
  let written = 0
  await onRows(0, total)
  for (const name of modelTables) {
    const list = rows[name] ?? []
    for (let i = 0; i < list.length; i += LOAD_CHUNK) {
      const chunk = list.slice(i, i + LOAD_CHUNK)
      await db.table(name).bulkAdd(chunk as unknown[])
      written += chunk.length
      await onRows(written, total)
    }
  }
  await db.meta.put({ key: WORKSPACE_KEY, value: meta })
}

/** Rows per transaction when loading with progress: few enough commits, a paint every few hundred ms. */
const LOAD_CHUNK = 4_000

/** The org a fresh import workspace starts with, in the UI language; renamed in settings later. */
const DEFAULT_ORG = {
  'zh-CN': { region: '我的大区', team: '我的团队' },
  'en-US': { region: 'My region', team: 'My team' }
} as const

/**
 * Start a workspace for a CRM import: no data, but what an import needs to land somewhere —
 * the two default sales processes and one region with one team, in the UI language. Unlike the
 * demo these are the user's own records (they will be edited and shared with the team hub),
 * so they go through `write()` and reach the outbox. One transaction: the workspace appears
 * (the meta row the app waits for) only together with its processes and org.
 */
export async function startEmptyWorkspace(locale: 'zh-CN' | 'en-US', now = Date.now(), profile?: { name: string; role: UserRole }): Promise<void> {
  // Loaded before the transaction: awaiting anything but Dexie inside one would commit it early.
  const { PROCESS_DEFS, buildProcess } = await import('@shared/demo/processes')
  const L = locale === 'zh-CN' ? 0 : 1
  const names = DEFAULT_ORG[locale]
  const db = getDb()
  const tables = [...modelTables.map((t) => db.table(t)), db.outbox, db.clocks, db.meta]
  await db.transaction('rw', tables, async () => {
    for (const t of tables) if (t.name !== 'meta') await t.clear()
    await db.meta.delete(SESSION_KEY)
    const me = await write(
      async (tx) => {
        const region = await tx.insert('orgUnits', { id: newId(), kind: 'region', name: names.region, parentId: null })
        const team = await tx.insert('orgUnits', { id: newId(), kind: 'team', name: names.team, parentId: region.id })
        for (const def of PROCESS_DEFS) await tx.insert('salesProcesses', buildProcess(def, newId(), L))
        // The person at the keyboard, in their own org: every change they make names them.
        return profile ? await tx.insert('users', localProfileRow(profile, { regionId: region.id, teamId: team.id }, now)) : undefined
      },
      { origin: 'local' }
    )
    if (me) await setSession(db, { kind: 'local', userId: me.id })
    await db.meta.put({ key: WORKSPACE_KEY, value: { kind: 'import', locale, openedAt: now } satisfies WorkspaceMeta })
  })
}

/** Forget the local workspace entirely (asks first in the UI). */
export async function closeWorkspace(): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.tables, async () => {
    for (const t of db.tables) if (t.name !== 'meta') await t.clear()
    await db.meta.delete(WORKSPACE_KEY)
    await db.meta.delete(SESSION_KEY)
    // Cursors, refused edits, kept conflicts and the scope belonged to that workspace too.
    await db.meta.where('key').startsWith('sync.').delete()
  })
}

/** Where opening the demo is: a step (generating one part, writing rows) and the share done, 0–1. */
export interface DemoProgress {
  step: GenerateStep | 'write'
  /** Rows written so far and in all, while writing. */
  written?: number
  total?: number
  fraction: number
}

/** The bar's split: generating is about two fifths of the time, writing the rest. */
const GENERATE_SHARE = 0.4

/** Let the page paint (the progress bar) before the next piece of work. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    // A hidden window gets no animation frames: the timer keeps the load going there.
    const timer = setTimeout(resolve, 100)
    if (typeof requestAnimationFrame === 'function')
      requestAnimationFrame(() =>
        setTimeout(() => {
          clearTimeout(timer)
          resolve()
        }, 0)
      )
  })
}

/**
 * Generate and open the demo workspace in the UI language, anchored on today. `onProgress` hears
 * each generator stage and each batch of rows written, with the page painted between them.
 */
export async function openDemoWorkspace(locale: 'zh-CN' | 'en-US', now = Date.now(), onProgress?: (p: DemoProgress) => void): Promise<void> {
  const { generateWorkspaceSteps, GENERATE_STEPS } = await import('@shared/demo')
  const weights = GENERATE_STEPS.reduce((n, s) => n + s.weight, 0)
  const steps = generateWorkspaceSteps({ anchor: now, locale, scale: 'demo' })
  let done = 0
  let ws: Workspace | undefined
  for (;;) {
    const r = steps.next()
    if (r.done) {
      ws = r.value
      break
    }
    done += GENERATE_STEPS.find((s) => s.id === r.value)?.weight ?? 0
    onProgress?.({ step: r.value, fraction: (GENERATE_SHARE * done) / weights })
    if (onProgress) await nextPaint()
  }
  await loadWorkspace(
    ws as unknown as WorkspaceRows,
    { kind: 'demo', locale, openedAt: now, seed: ws.meta.seed, anchor: now, scale: 'demo' },
    onProgress
      ? async (written, total) => {
          onProgress({ step: 'write', written, total, fraction: GENERATE_SHARE + (1 - GENERATE_SHARE) * (total ? written / total : 1) })
          await nextPaint()
        }
      : undefined
  )
  // The demo is seen through its regional director's eyes; the header switches to anyone else in it.
  const director = demoProfile(ws.users)
  if (director) await setSession(getDb(), { kind: 'local', userId: director.id })
  // The recorded calls come in the background, after the cockpit shows (main imports the audio).
  void import('./recordings-demo').then((m) => m.startDemoCalls(now))
}

/** Who the demo opens as: the first region's director (the person the cockpit is built for). */
export function demoProfile<U extends { id: string; role: UserRole; active: boolean }>(users: readonly U[]): U | undefined {
  return users.find((u) => u.role === 'director' && u.active) ?? users.find((u) => u.role !== 'rep' && u.active)
}
