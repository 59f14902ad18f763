import { beforeEach, describe, expect, it } from 'vitest'
import type { Deal } from '@shared/model'
import * as Y from 'yjs'
import { addRow, dealSheetId, readSheet, rowText, setObjective, setText, updateRow } from '@shared/domain/strategy-sheet'
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
    expect(await createActionTasks(a.doc, { ...deal, customerId: deal.customerId! }, 'u1', T)).toBe(1)
    expect(await createActionTasks(a.doc, { ...deal, customerId: deal.customerId! }, 'u1', T)).toBe(0)
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

describe('one sheet per deal, wherever it was created', () => {
  /** Everything one replica has for the deal's sheet: its record and its stored updates. */
  async function exportSheet(db: CockpitDb, sheetId: string): Promise<{ record: unknown; updates: Uint8Array[] }> {
    return { record: await db.strategySheets.get(sheetId), updates: (await db.sheetUpdates.where('sheetId').equals(sheetId).sortBy('seq')).map((r) => r.update) }
  }

  it('two laptops that each create the sheet offline edit one document: after the exchange nothing is lost', async () => {
    const laptopA = getDb()
    const laptopB = new CockpitDb(`sheets-test-${++n}`)
    useDb(laptopB)
    await write((tx) => tx.insert('deals', deal))
    const b = await openSheet('d1', 'u2', T + 7)
    const stopB = bindSheet(b.doc, b.sheet.id, [])
    setObjective(b.doc, 'Win phase 2')
    addRow(b.doc, 'gaps', { question: 'Budget approved?' })
    stopB()
    useDb(laptopA)
    const a = await openSheet('d1', 'u1', T)
    const stopA = bindSheet(a.doc, a.sheet.id, [])
    addRow(a.doc, 'gaps', { question: 'Who signs?' })
    addRow(a.doc, 'competitors', { competitor: 'Siemens' })
    stopA()
    await settle()
    // Same record id on both sides: the sync merges one record, not two.
    expect(a.sheet.id).toBe(dealSheetId('d1'))
    expect(b.sheet.id).toBe(a.sheet.id)

    // The exchange: B's record and updates arrive at A (as the sync and the hub deliver them).
    const fromB = await exportSheet(laptopB, b.sheet.id)
    await laptopA.sheetUpdates.bulkAdd(fromB.updates.map((update) => ({ sheetId: b.sheet.id, update })))
    const merged = await openSheet('d1', 'u1', T + 9)
    expect(await laptopA.strategySheets.where('dealId').equals('d1').count()).toBe(1)
    const content = readSheet(merged.doc)
    expect(content.objective).toBe('Win phase 2')
    expect(content.gaps.map((g) => g.question).sort()).toEqual(['Budget approved?', 'Who signs?'])
    expect(content.competitors.map((c) => c.competitor)).toEqual(['Siemens'])
  })

  it('a sheet created with a random id before keeps its content: folded into the deal’s sheet once, history included', async () => {
    const legacyId = '0190aaaa-legacy-sheet'
    await write((tx) => tx.insert('strategySheets', { id: legacyId, dealId: 'd1', createdAt: T - 1000, createdBy: 'u9' }))
    const old = new Y.Doc()
    setObjective(old, 'Old objective')
    const gap = addRow(old, 'gaps', { question: 'Who is the coach?' })
    await getDb().sheetUpdates.add({ sheetId: legacyId, update: Y.encodeStateAsUpdate(old) })
    await getDb().sheetSnapshots.add({ sheetId: legacyId, at: T - 500, userId: 'u9', state: Y.encodeStateAsUpdate(old) })

    const a = await openSheet('d1', 'u1', T)
    expect(a.sheet).toMatchObject({ id: dealSheetId('d1'), createdBy: 'u9', createdAt: T - 1000 })
    expect(a.legacyIds).toEqual([legacyId])
    expect(readSheet(a.doc).objective).toBe('Old objective')
    const stop = bindSheet(a.doc, a.sheet.id, [])
    setText(rowText(a.doc, 'gaps', gap, 'question')!, 'Who is the coach, and since when?')
    stop()
    await settle()
    const stored = await getDb().sheetUpdates.where('sheetId').equals(a.sheet.id).count()
    // Reopening folds nothing more, and an old-version laptop's later edit to the legacy sheet still arrives.
    addRow(old, 'notes', { kind: 'strength', text: 'Long relationship' })
    await getDb().sheetUpdates.add({ sheetId: legacyId, update: Y.encodeStateAsUpdate(old) })
    const again = await openSheet('d1', 'u1', T + 1)
    expect(await getDb().sheetUpdates.where('sheetId').equals(a.sheet.id).count()).toBe(stored + 1)
    const content = readSheet(again.doc)
    expect(content.gaps.map((g) => g.question)).toEqual(['Who is the coach, and since when?'])
    expect(content.notes.map((x) => x.text)).toEqual(['Long relationship'])
    expect((await listSnapshots(again.sheet.id, again.legacyIds)).map((s) => s.userId)).toEqual(['u9'])
  })
})

describe('bad input', () => {
  it('a damaged stored update is counted and skipped; the rest of the sheet still opens', async () => {
    const a = await openSheet('d1', 'u1', T)
    const stop = bindSheet(a.doc, a.sheet.id, [])
    setObjective(a.doc, 'Sign phase 1')
    stop()
    await settle()
    await getDb().sheetUpdates.add({ sheetId: a.sheet.id, update: new Uint8Array([255, 1, 2, 3, 4, 5]) })
    const b = await openSheet('d1', 'u1', T + 1)
    expect(b.damaged).toBe(1)
    expect(readSheet(b.doc).objective).toBe('Sign phase 1')
    // Nothing is thrown away: the damaged row stays for whoever can repair it.
    expect(await getDb().sheetUpdates.where('sheetId').equals(a.sheet.id).count()).toBeGreaterThanOrEqual(2)
  })

  it('a deal deleted after its sheet was made: reopening says so, and the sheet content stays stored', async () => {
    const a = await openSheet('d1', 'u1', T)
    const stop = bindSheet(a.doc, a.sheet.id, [])
    setObjective(a.doc, 'Sign phase 1')
    stop()
    await settle()
    await write((tx) => tx.update('deals', 'd1', { deleted: true }))
    // The existing record still opens (the page shows the deal-missing message from the deal row).
    const again = await openSheet('d1', 'u1', T + 2)
    expect(readSheet(again.doc).objective).toBe('Sign phase 1')
    expect(await getDb().sheetUpdates.where('sheetId').equals(a.sheet.id).count()).toBeGreaterThan(0)
  })
})
