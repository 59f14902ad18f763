import { beforeEach, describe, expect, it } from 'vitest'
import type { Deal } from '@shared/model'
import { addRow, readSheet, setObjective, updateRow } from '@shared/domain/strategy-sheet'
import { CockpitDb, getDb, useDb } from './database'
import { setWriteClock, write } from './write'
import { bindSheet, createActionTasks, listSnapshots, openSheet, restoreSnapshot, takeSnapshot, type SheetTransport } from './strategy-sheets'

const T = 1_800_000_000_000
let n = 0

const deal: Deal = {
  id: 'd1',
  name: 'Ruikang CRM',
  customerId: 'c1',
  ownerId: 'u1',
  orgUnitId: 't1',
  processId: 'p1',
  stageId: 'qualify',
  stageEnteredAt: T,
  amount: 5_000_000_00,
  currency: 'CNY',
  expectedCloseAt: T + 30 * 86_400_000,
  forecastCategory: 'pipeline',
  status: 'open',
  bigDeal: true,
  createdAt: T,
  checkedCriteria: []
}

/** Two in-memory ends of a channel, as two windows' BroadcastChannels would be. */
function pipe(): [SheetTransport, SheetTransport] {
  const subs: [((u: Uint8Array) => void)[], ((u: Uint8Array) => void)[]] = [[], []]
  const end = (me: 0 | 1): SheetTransport => ({
    publish: (u) => subs[me === 0 ? 1 : 0].forEach((cb) => cb(u)),
    subscribe: (cb) => {
      subs[me].push(cb)
      return () => subs[me].splice(subs[me].indexOf(cb), 1)
    },
    close: () => {}
  })
  return [end(0), end(1)]
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20))

beforeEach(async () => {
  useDb(new CockpitDb(`sheets-test-${++n}`))
  let t = T
  setWriteClock(() => t++)
  await write((tx) => tx.insert('deals', deal))
})

describe('strategy sheet storage', () => {
  it('creates the sheet record once, and keeps edits across reopening', async () => {
    const a = await openSheet('d1', 'u1', T)
    const stop = bindSheet(a.doc, a.sheet.id, [])
    setObjective(a.doc, 'Sign phase 1')
    addRow(a.doc, 'gaps', { question: 'Who signs?' })
    stop()
    await settle()
    const b = await openSheet('d1', 'u2', T + 1)
    expect(b.sheet.id).toBe(a.sheet.id)
    expect(await getDb().strategySheets.count()).toBe(1)
    expect(readSheet(b.doc).objective).toBe('Sign phase 1')
    expect(readSheet(b.doc).gaps.map((g) => g.question)).toEqual(['Who signs?'])
    // The record went through the write path, so it will sync.
    expect(await getDb().outbox.where('table').equals('strategySheets').count()).toBe(1)
  })

  it('refuses a sheet for a deal that does not exist', async () => {
    await expect(openSheet('nope', 'u1', T)).rejects.toMatchObject({ code: 'sheet.deal-missing' })
  })

  it('two windows see each other’s edits live', async () => {
    const [ta, tb] = pipe()
    const a = await openSheet('d1', 'u1', T)
    const b = await openSheet('d1', 'u2', T)
    bindSheet(a.doc, a.sheet.id, [ta])
    bindSheet(b.doc, b.sheet.id, [tb])
    const id = addRow(a.doc, 'influences', { name: 'Wang', role: 'economic' })
    expect(readSheet(b.doc).influences.map((i) => i.id)).toEqual([id])
    updateRow(b.doc, 'influences', id, { coveredBy: 'u2' })
    expect(readSheet(a.doc).influences[0]!.coveredBy).toBe('u2')
  })

  it('turns a chosen best action into one task for its owner, however often it is asked', async () => {
    const a = await openSheet('d1', 'u1', T)
    bindSheet(a.doc, a.sheet.id, [])
    const action = addRow(a.doc, 'actions', { text: 'Meet the CFO', chosen: true, owner: 'u7', dueAt: T + 86_400_000 })
    addRow(a.doc, 'actions', { text: 'Not chosen', owner: 'u7', dueAt: T })
    expect(await createActionTasks(a.doc, deal, 'u1', T)).toBe(1)
    expect(await createActionTasks(a.doc, deal, 'u1', T)).toBe(0)
    const tasks = await getDb().activities.where('kind').equals('task').toArray()
    expect(tasks).toHaveLength(1)
    expect(tasks[0]).toMatchObject({ id: action, dealId: 'd1', otherUserId: 'u7', dueAt: T + 86_400_000, subject: 'Meet the CFO' })
    expect(readSheet(a.doc).actions[0]!.taskId).toBe(action)
  })

  it('restores a snapshot with who and when', async () => {
    const a = await openSheet('d1', 'u1', T)
    bindSheet(a.doc, a.sheet.id, [])
    setObjective(a.doc, 'Before')
    await takeSnapshot(a.sheet.id, a.doc, 'u1', T + 5)
    setObjective(a.doc, 'After')
    const [snap] = await listSnapshots(a.sheet.id)
    expect(snap).toMatchObject({ userId: 'u1', at: T + 5 })
    restoreSnapshot(a.doc, snap!)
    expect(readSheet(a.doc).objective).toBe('Before')
  })
})
