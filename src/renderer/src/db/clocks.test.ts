import { beforeEach, describe, expect, it } from 'vitest'
import { CockpitDb, getDb, useDb } from './database'
import { setWriteClock, write } from './write'
import { ClockReader } from './clocks'
import { outboxOps } from './outbox'
import { applyPulled, readConflicts } from '../sync/engine'
import { purgeDeparted } from '../sync/purge'
import { closeWorkspace } from './workspace'
import { formatHlc } from '@shared/sync/hlc'
import type { Customer } from '@shared/model'

/**
 * A row inserted in bulk (an import) has no clock record of its own, only its insert clock in
 * one record per bulk insert. Every reader of clocks must see it exactly as a row inserted alone:
 * the same conflicts resolved the same way, the same clocks pushed.
 */

let n = 0
let t = 0
const customer = (over: Partial<Customer> = {}): Customer => ({
  id: 'c1',
  name: '上海瑞康医疗器械有限公司',
  industry: '医疗',
  size: 'medium',
  channel: '展会',
  ownerId: 'u1',
  orgUnitId: 't1',
  tier: 'normal',
  createdAt: 1_700_000_000_000,
  ...over
})

const colleague = (rowId: string, wallMs: number, fields: Record<string, unknown>, seq = 1) => ({
  stream: 'r1',
  seq,
  op: { table: 'customers', rowId, hlc: formatHlc({ wallMs, counter: 0, node: 'colleague-laptop' }), schemaVersion: 2, fields }
})

beforeEach(() => {
  useDb(new CockpitDb(`clocks-test-${++n}`))
  t = 1_800_000_000_000
  setWriteClock(() => t++)
})

const INSERTS = {
  'inserted alone': (rows: Customer[]) =>
    write(
      async (tx) => {
        for (const r of rows) await tx.insert('customers', r)
      },
      { origin: 'import' }
    ),
  'inserted in bulk': (rows: Customer[]) => write((tx) => tx.insertMany('customers', rows), { origin: 'import' })
}

describe.each(Object.entries(INSERTS))('a row %s', (_how, insert) => {
  it('a colleague’s later edit wins, an earlier one loses, field by field', async () => {
    await insert([customer(), customer({ id: 'c2', name: '杭州云启' })])
    const insertHlc = (await outboxOps(getDb())).find((o) => o.rowId === 'c1')!.hlc
    await applyPulled(
      getDb(),
      [
        // Before the insert on the other laptop: the inserted value stays.
        colleague('c1', 1_700_000_000_000, { industry: '教育' }, 1),
        // After it: the colleague's value wins.
        colleague('c1', 1_900_000_000_000, { channel: '转介绍' }, 2)
      ],
      {}
    )
    const row = (await getDb().customers.get('c1'))!
    expect(row).toMatchObject({ industry: '医疗', channel: '转介绍', name: '上海瑞康医疗器械有限公司' })
    expect(await getDb().customers.get('c2')).toMatchObject({ name: '杭州云启', industry: '医疗' })
    const clocks = await new ClockReader(getDb()).fieldClocks('customers', 'c1', row as unknown as Record<string, unknown>)
    expect(clocks.industry).toBe(insertHlc)
    expect(clocks.channel).toBe(formatHlc({ wallMs: 1_900_000_000_000, counter: 0, node: 'colleague-laptop' }))
    // Both losses involve this laptop, so both are kept for the inbox: the colleague's older
    // industry and this laptop's channel, overwritten by the colleague's later one.
    expect(
      (await readConflicts(getDb())).map((c) => [
        c.rowId,
        c.field,
        c.value,
        c.side,
        c.hlc === insertHlc || c.winningHlc === insertHlc
      ])
    ).toEqual([
      ['c1', 'industry', '教育', 'theirs', true],
      ['c1', 'channel', '展会', 'mine', true]
    ])
  })

  it('a local edit after the insert pushes the insert clock as what it replaced, and beats an older colleague edit', async () => {
    await insert([customer(), customer({ id: 'c2' })])
    const insertHlc = (await outboxOps(getDb())).find((o) => o.rowId === 'c1')!.hlc
    await write((tx) => tx.update('customers', 'c1', { name: '瑞康医疗' }))
    const edit = (await outboxOps(getDb())).at(-1)!
    expect(edit.fields).toEqual({ name: '瑞康医疗' })
    expect(edit.seen).toEqual({ name: insertHlc })
    expect(edit.hlc > insertHlc).toBe(true)
    await applyPulled(
      getDb(),
      [
        colleague('c1', 1_799_000_000_000, { name: 'Older name', industry: '教育' }),
        colleague('c1', 1_900_000_000_000, { tier: 'key' }, 2)
      ],
      {}
    )
    expect(await getDb().customers.get('c1')).toMatchObject({ name: '瑞康医疗', industry: '医疗', tier: 'key' })
    // A second local edit of another field carries that field's insert clock, the first edit's for name.
    await write((tx) => tx.update('customers', 'c1', { size: 'large', name: '瑞康' }))
    expect((await outboxOps(getDb())).at(-1)!.seen).toEqual({ size: insertHlc, name: edit.hlc })
  })

  it('a move to another region older than the insert leaves the row; a newer one takes it away', async () => {
    await insert([customer(), customer({ id: 'c2' })])
    const insertHlc = (await outboxOps(getDb())).find((o) => o.rowId === 'c1')!.hlc
    const older = formatHlc({ wallMs: 1_700_000_000_000, counter: 0, node: 'hub' })
    const newer = formatHlc({ wallMs: 1_900_000_000_000, counter: 0, node: 'hub' })
    expect(older < insertHlc && insertHlc < newer).toBe(true)
    await purgeDeparted(getDb(), [{ table: 'customers', id: 'c1', hlc: older }])
    expect(await getDb().customers.get('c1')).toBeDefined()
    await purgeDeparted(getDb(), [{ table: 'customers', id: 'c1', hlc: newer }])
    expect(await getDb().customers.get('c1')).toBeUndefined()
  })
})

describe('bulk insert clocks', () => {
  it('an edit in the same write as the bulk insert sees the insert clock, and both survive the commit', async () => {
    await write(async (tx) => {
      await tx.insertMany('customers', [customer(), customer({ id: 'c2' })])
      await tx.update('customers', 'c2', { name: '杭州云启' })
    })
    const ops = await outboxOps(getDb())
    const insertHlc = ops.find((o) => o.rowId === 'c2')!.hlc
    expect(ops.at(-1)).toMatchObject({ rowId: 'c2', fields: { name: '杭州云启' }, seen: { name: insertHlc } })
    const row = (await getDb().customers.get('c2')) as unknown as Record<string, unknown>
    const clocks = await new ClockReader(getDb()).fieldClocks('customers', 'c2', row)
    expect(clocks).toMatchObject({ name: ops.at(-1)!.hlc, industry: insertHlc })
  })

  it('a write that fails leaves no insert clock behind, and a workspace closed and imported again reads the new clocks', async () => {
    const failed = await write(async (tx) => {
      await tx.insertMany('customers', [customer()])
      throw new Error('cut short')
    }).catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(Error)
    expect(await new ClockReader(getDb()).insertClock('customers', 'c1')).toBeUndefined()

    await write((tx) => tx.insertMany('customers', [customer()]))
    const first = (await outboxOps(getDb()))[0]!.hlc
    expect(await new ClockReader(getDb()).insertClock('customers', 'c1')).toBe(first)
    await closeWorkspace()
    expect(await new ClockReader(getDb()).insertClock('customers', 'c1')).toBeUndefined()
    t = 1_850_000_000_000
    await write((tx) => tx.insertMany('customers', [customer()]))
    const second = (await outboxOps(getDb()))[0]!.hlc
    expect(second > first).toBe(true)
    expect(await new ClockReader(getDb()).insertClock('customers', 'c1')).toBe(second)
  })

  it('keeps one clock record per bulk insert, not one per row', async () => {
    await write((tx) =>
      tx.insertMany(
        'customers',
        Array.from({ length: 300 }, (_, i) => customer({ id: `c${i}` }))
      )
    )
    expect(await getDb().clocks.count()).toBe(1)
    expect((await outboxOps(getDb())).length).toBe(300)
  })
})
