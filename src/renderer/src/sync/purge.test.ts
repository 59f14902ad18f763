import { describe, expect, it } from 'vitest'
import type { OrgSnapshot } from '@shared/ipc/sync'
import { rowsToPurge } from './purge'

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
    { id: 'cm-bj', targetTable: 'recordings', targetId: 'rec-bj' },
    // Marks: a call in the library, an edit of a comment, a task marked done.
    { id: 'lib-sh', targetTable: 'callLibrary', targetId: 'rec-sh' },
    { id: 'lib-bj', targetTable: 'callLibrary', targetId: 'rec-bj' },
    { id: 'edit-sh', targetTable: 'commentEdits', targetId: 'cm-sh' },
    { id: 'edit-bj', targetTable: 'commentEdits', targetId: 'cm-bj' },
    { id: 'done-sh', targetTable: 'taskDone', targetId: 'a-sh' },
    { id: 'done-bj', targetTable: 'taskDone', targetId: 'a-bj' }
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
  invoices: [{ id: 'inv-bj', contractId: 'k-bj' }]
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
      comments: ['cm-bj', 'done-bj', 'edit-bj', 'lib-bj'],
      targets: ['tg-bj', 'tg-north'],
      contracts: ['k-bj', 'k-bj-nodeal'],
      instalments: ['i-bj'],
      milestones: ['m-bj'],
      collections: ['col-bj'],
      invoices: ['inv-bj']
    })
  })

  it('keeps everything when the scope still covers it', () => {
    const purge = rowsToPurge(rows as never, { ...org, regions: ['r-east', 'r-north'], orgUnits: [...org.orgUnits, { id: 'r-north', kind: 'region', name: 'North', parentId: null }] })
    expect([...purge.keys()]).toEqual(['customers'])
    expect([...purge.get('customers')!]).toEqual(['c-orphan'])
  })
})
