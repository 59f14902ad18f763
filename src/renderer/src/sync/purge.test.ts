import { describe, expect, it } from 'vitest'
import type { OrgSnapshot } from '@shared/ipc/sync'
import { CockpitDb } from '../db/database'
import { applyOrgSnapshot, purgeDeparted, rowsToPurge } from './purge'

/** The laptop-side placement rules that decide what leaves with a region (mirrors the hub's). */

const org: OrgSnapshot = {
  me: 'u-mgr',
  regions: ['r-east'],
  orgUnits: [
    { id: 'r-east', kind: 'region', name: 'East', parentId: null },
    { id: 't-sh', kind: 'team', name: 'Shanghai', parentId: 'r-east' }
  ],
  users: []
}

const rows = {
  orgUnits: [
    { id: 'r-east', kind: 'region', parentId: null },
    { id: 't-sh', kind: 'team', parentId: 'r-east' },
    // A team a colleague created on their laptop (synced as ops, unknown to the hub's tables).
    { id: 't-new', kind: 'team', parentId: 'r-east' },
    { id: 'r-north', kind: 'region', parentId: null },
    { id: 't-bj', kind: 'team', parentId: 'r-north' }
  ],
  users: [
    { id: 'u-mgr', orgUnitId: 't-sh' },
    { id: 'u-bj', orgUnitId: 't-bj' }
  ],
  customers: [
    { id: 'c-sh', orgUnitId: 't-sh' },
    { id: 'c-new', orgUnitId: 't-new' },
    { id: 'c-bj', orgUnitId: 't-bj' },
    { id: 'c-orphan', orgUnitId: 'gone' }
  ],
  deals: [
    { id: 'd-sh', orgUnitId: 't-sh', customerId: 'c-sh' },
    { id: 'd-bj', orgUnitId: 't-bj', customerId: 'c-bj' }
  ],
  contacts: [
    { id: 'p-sh', customerId: 'c-sh' },
    { id: 'p-bj', customerId: 'c-bj' }
  ],
  activities: [
    { id: 'a-sh', customerId: 'c-sh' },
    { id: 'a-bj', customerId: 'c-bj' }
  ],
  stageHistory: [{ id: 'h-bj', dealId: 'd-bj' }],
  // Placed by the first parent it names: this one hangs off a north deal though its customer is east.
  recordings: [
    { id: 'rec-sh', customerId: 'c-sh' },
    { id: 'rec-bj', dealId: 'd-bj', customerId: 'c-sh' }
  ],
  transcriptSegments: [
    { id: 'seg-sh', recordingId: 'rec-sh' },
    { id: 'seg-bj', recordingId: 'rec-bj' }
  ],
  comments: [
    { id: 'cm-sh', targetTable: 'deals', targetId: 'd-sh' },
    { id: 'cm-bj', targetTable: 'recordings', targetId: 'rec-bj' }
  ],
  // Marks: a call in the library, an edit of a comment (after the comment), a task marked done.
  libraryMarks: [
    { id: 'lib-sh', recordingId: 'rec-sh' },
    { id: 'lib-bj', recordingId: 'rec-bj' }
  ],
  commentRevisions: [
    { id: 'edit-sh', commentId: 'cm-sh' },
    { id: 'edit-bj', commentId: 'cm-bj' }
  ],
  taskCompletions: [
    { id: 'done-sh', taskId: 'a-sh' },
    { id: 'done-bj', taskId: 'a-bj' }
  ],
  transcripts: [
    { id: 'tr-sh', recordingId: 'rec-sh' },
    { id: 'tr-bj', recordingId: 'rec-bj' }
  ],
  keywordTrackers: [{ id: 'kw' }],
  targets: [
    { id: 'tg-me', scopeKind: 'user', scopeId: 'u-mgr' },
    { id: 'tg-bj', scopeKind: 'user', scopeId: 'u-bj' },
    { id: 'tg-north', scopeKind: 'orgUnit', scopeId: 'r-north' }
  ],
  salesProcesses: [{ id: 'proc' }],
  // A contract follows its deal, else its customer; its plan, milestones, collections and
  // invoices follow the contract.
  contracts: [
    { id: 'k-sh', dealId: 'd-sh', customerId: 'c-sh' },
    { id: 'k-bj', dealId: 'd-bj', customerId: 'c-sh' },
    { id: 'k-bj-nodeal', customerId: 'c-bj' }
  ],
  instalments: [
    { id: 'i-sh', contractId: 'k-sh' },
    { id: 'i-bj', contractId: 'k-bj' }
  ],
  milestones: [{ id: 'm-bj', contractId: 'k-bj-nodeal' }],
  collections: [
    { id: 'col-sh', contractId: 'k-sh' },
    { id: 'col-bj', contractId: 'k-bj' }
  ],
  invoices: [{ id: 'inv-bj', contractId: 'k-bj' }],
  usageReadings: [
    { id: 'use-sh', contractId: 'k-sh' },
    { id: 'use-bj', contractId: 'k-bj-nodeal' }
  ],
  // Hiring: a candidate for a Beijing team leaves with the region, their scores with them.
  candidates: [
    { id: 'cand-sh', orgUnitId: 't-sh' },
    { id: 'cand-bj', orgUnitId: 't-bj' }
  ],
  interviewScores: [
    { id: 'is-sh', candidateId: 'cand-sh' },
    { id: 'is-bj', candidateId: 'cand-bj' }
  ],
  coachingPlans: [
    { id: 'cp-sh', orgUnitId: 't-sh' },
    { id: 'cp-bj', orgUnitId: 't-bj' }
  ],
  interviewTemplates: [{ id: 'it-1' }]
}

describe('rowsToPurge', () => {
  it('removes every row of a region that left the scope, following each row to its parent', () => {
    const purge = rowsToPurge(rows as never, org)
    const ids = Object.fromEntries([...purge].map(([t, s]) => [t, [...s].sort()]))
    expect(ids).toEqual({
      orgUnits: ['r-north', 't-bj'],
      users: ['u-bj'],
      customers: ['c-bj', 'c-orphan'],
      deals: ['d-bj'],
      contacts: ['p-bj'],
      activities: ['a-bj'],
      stageHistory: ['h-bj'],
      recordings: ['rec-bj'],
      transcriptSegments: ['seg-bj'],
      transcripts: ['tr-bj'],
      comments: ['cm-bj'],
      libraryMarks: ['lib-bj'],
      commentRevisions: ['edit-bj'],
      taskCompletions: ['done-bj'],
      targets: ['tg-bj', 'tg-north'],
      contracts: ['k-bj', 'k-bj-nodeal'],
      instalments: ['i-bj'],
      milestones: ['m-bj'],
      collections: ['col-bj'],
      invoices: ['inv-bj'],
      usageReadings: ['use-bj'],
      candidates: ['cand-bj'],
      interviewScores: ['is-bj'],
      coachingPlans: ['cp-bj']
    })
  })

  it('keeps everything when the scope still covers it', () => {
    const purge = rowsToPurge(rows as never, { ...org, regions: ['r-east', 'r-north'], orgUnits: [...org.orgUnits, { id: 'r-north', kind: 'region', name: 'North', parentId: null }] })
    expect([...purge.keys()]).toEqual(['customers'])
    expect([...purge.get('customers')!]).toEqual(['c-orphan'])
  })
})

describe('applyOrgSnapshot', () => {
  it('writes only what changed: the org arrives every 30 s, and each write would wake every view', async () => {
    const db = new CockpitDb(`org-snapshot-${Date.now()}`)
    const snap: OrgSnapshot = {
      ...org,
      users: [{ id: 'u-mgr', name: '王芳', role: 'regional_manager', orgUnitId: 'r-east', email: 'wang@example.com', active: true }]
    }
    await applyOrgSnapshot(db, snap)
    expect((await db.users.get('u-mgr'))?.name).toBe('王芳')
    let writes = 0
    const count = (): void => void writes++
    for (const t of [db.users, db.orgUnits, db.meta]) {
      t.hook('creating', count)
      t.hook('updating', count)
    }
    await applyOrgSnapshot(db, snap)
    expect(writes).toBe(1) // the scope, which is always put
    await applyOrgSnapshot(db, { ...snap, orgUnits: [snap.orgUnits[0]!, { ...snap.orgUnits[1]!, name: '上海一队' }] })
    expect((await db.orgUnits.get('t-sh'))?.name).toBe('上海一队')
    expect(writes).toBe(3)
    db.close()
  })
})

describe('a record that left for another region', () => {
  it('takes what hangs off it, and only that', async () => {
    const { dependentsToPurge } = await import('./purge')
    const rows = {
      customers: [{ id: 'c-moved' }, { id: 'c-stays' }],
      deals: [{ id: 'd-own-team', customerId: 'c-moved', orgUnitId: 't-sh' }],
      contacts: [
        { id: 'k1', customerId: 'c-moved' },
        { id: 'k2', customerId: 'c-stays' }
      ],
      activities: [
        { id: 'a1', customerId: 'c-moved', dealId: 'd-own-team' },
        { id: 'a2', customerId: 'c-stays' }
      ],
      recordings: [
        { id: 'r-cust', customerId: 'c-moved' },
        // Placed by its deal, which did not leave.
        { id: 'r-deal', dealId: 'd-own-team', customerId: 'c-moved' },
        { id: 'r-visit', activityId: 'a1' }
      ],
      transcripts: [{ id: 't1', recordingId: 'r-cust' }, { id: 't2', recordingId: 'r-deal' }],
      auditFlags: [{ id: 'f1', activityId: 'a1' }],
      comments: [
        { id: 'm1', targetTable: 'contacts', targetId: 'k1' },
        { id: 'm4', targetTable: 'deals', targetId: 'd-own-team' }
      ],
      libraryMarks: [{ id: 'm2', recordingId: 'r-cust' }],
      commentRevisions: [{ id: 'm3', commentId: 'm1' }],
      taskCompletions: [
        { id: 'm5', taskId: 'a1' },
        { id: 'm6', taskId: 'a2' }
      ]
    }
    const gone = dependentsToPurge(rows, new Map([['customers', new Set(['c-moved'])]]))
    const flat = [...gone].flatMap(([t, ids]) => [...ids].map((id) => `${t}/${id}`)).sort()
    expect(flat).toEqual(
      [
        'customers/c-moved',
        'contacts/k1',
        'activities/a1',
        'recordings/r-cust',
        'recordings/r-visit',
        'transcripts/t1',
        'auditFlags/f1',
        'comments/m1',
        'libraryMarks/m2',
        'commentRevisions/m3',
        'taskCompletions/m5'
      ].sort()
    )
  })
})

describe('purgeDeparted', () => {
  const moveHlc = '000001763800000000:00000:admin'
  async function laptop(customerClock: string): Promise<CockpitDb> {
    const db = new CockpitDb(`purge-departed-${Math.random()}`)
    await db.customers.put({ id: 'c-moved', name: '宁波港务', orgUnitId: 't-sh' } as never)
    await db.contacts.put({ id: 'k1', customerId: 'c-moved', name: '陈静' } as never)
    await db.clocks.put({ key: 'customers/c-moved', clocks: { name: '000001700000000000:00000:rep', orgUnitId: customerClock } })
    await db.clocks.put({ key: 'contacts/k1', clocks: { name: '000001700000000000:00000:rep' } })
    return db
  }

  it('removes a record this laptop did not see move, with its contacts and their clocks', async () => {
    const db = await laptop('000001700000000000:00000:rep')
    expect(await purgeDeparted(db, [{ table: 'customers', id: 'c-moved', hlc: moveHlc }])).toEqual({ purged: 2 })
    expect(await db.customers.get('c-moved')).toBeUndefined()
    expect(await db.contacts.get('k1')).toBeUndefined()
    expect(await db.clocks.get('contacts/k1')).toBeUndefined()
  })

  it('keeps a record whose move reached this laptop through another of its regions', async () => {
    // A director of both regions: the move itself arrived in the new region's stream.
    const db = await laptop(moveHlc)
    expect(await purgeDeparted(db, [{ table: 'customers', id: 'c-moved', hlc: moveHlc }])).toEqual({ purged: 0 })
    expect(await db.customers.get('c-moved')).toBeTruthy()
    expect(await db.contacts.get('k1')).toBeTruthy()
  })

  it('counts nothing for a record this laptop never held', async () => {
    const db = await laptop('000001700000000000:00000:rep')
    expect(await purgeDeparted(db, [{ table: 'customers', id: 'c-elsewhere', hlc: moveHlc }])).toEqual({ purged: 0 })
    expect(await db.contacts.get('k1')).toBeTruthy()
  })
})
