import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPglite, openPostgres, type HubStore } from '../../src/hub/store'
import { customerFields, dealFields, makeFixture, op, pull, push, type Fixture } from './harness'

/**
 * Contracts and what hangs off them ride in the region stream of their deal (else their
 * customer), exactly like stage history hangs off its deal: a region-B manager can neither
 * write them for a region-A deal nor read them. PGlite always; PostgreSQL with DATABASE_URL.
 */

interface Rejected {
  details?: { rejected: { code: string }[] }
}

const stores: [string, () => Promise<HubStore>][] = [['PGlite', () => openPglite(mkdtempSync(join(tmpdir(), 'cockpit-hub-postsale-')))]]
if (process.env.DATABASE_URL) stores.push(['PostgreSQL', () => openPostgres(process.env.DATABASE_URL!)])

for (const [label, open] of stores) {
  describe(`post-sale records on the hub (${label})`, () => {
    let fx: Fixture
    beforeAll(async () => {
      fx = await makeFixture(await open())
    }, 60_000)
    afterAll(async () => {
      await fx?.hub.app.close()
      await fx?.store.close()
    })

    const contract = (fields: Record<string, unknown>) => ({
      number: 'HT-2026-0001',
      collectorId: fx.users.repA,
      orgUnitId: fx.teamA,
      amount: 1_200_000,
      currency: 'CNY',
      signedAt: 1_763_800_000_000,
      status: 'active',
      createdAt: 1_763_800_000_000,
      createdBy: fx.users.managerA,
      ...fields
    })

    it('a contract, its plan, milestone, collection, invoice and usage reading travel in the region stream of their deal', async () => {
      const customerId = randomUUID()
      const dealId = randomUUID()
      const contractId = randomUUID()
      const milestoneId = randomUUID()
      const ops = [
        op('customers', customerId, customerFields(fx.teamA)),
        op('deals', dealId, { ...dealFields(fx.teamA, customerId), status: 'won', ownerId: fx.users.repA }),
        op('contracts', contractId, contract({ customerId, dealId })),
        op('milestones', milestoneId, { contractId, kind: 'acceptance', seq: 1, plannedDate: '2026-07-01' }),
        op('instalments', randomUUID(), { contractId, seq: 1, percentBp: 10_000, milestoneId, daysAfter: 30 }),
        op('collections', randomUUID(), { contractId, amount: 200_000, currency: 'CNY', receivedAt: 1_763_900_000_000, method: 'bank_transfer', recordedBy: fx.users.repA, recordedAt: 1_763_900_000_000 }),
        op('invoices', randomUUID(), { contractId, number: 'FP-1', amount: 200_000, currency: 'CNY', issuedAt: 1_763_850_000_000, kind: 'vat_special', createdBy: fx.users.repA }),
        op('usageReadings', randomUUID(), { contractId, metric: 'seats', measure: 'level', date: '2026-06-01', used: 46, entitled: 50, recordedBy: fx.users.repA, recordedAt: 1_763_900_000_000 })
      ]
      const res = await push(fx, fx.tokens.repA, ops)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().streams).toHaveProperty(fx.regionA)
      const head = res.json().streams[fx.regionA] as number
      const pulled = (await pull(fx, fx.tokens.managerA, fx.regionA, head - ops.length)).json()
      expect(pulled.ops.map((o: { op: { table: string } }) => o.op.table)).toEqual(['customers', 'deals', 'contracts', 'milestones', 'instalments', 'collections', 'invoices', 'usageReadings'])
      expect((await pull(fx, fx.tokens.managerB, fx.regionA)).statusCode).toBe(403)

      // Region B can add nothing to it, and a later edit of a child alone is placed by the stored contract.
      for (const bad of [
        op('collections', randomUUID(), { contractId, amount: 1, currency: 'CNY', receivedAt: 1, method: 'cash', recordedBy: fx.users.managerB, recordedAt: 1 }),
        op('usageReadings', randomUUID(), { contractId, metric: 'seats', measure: 'level', date: '2026-06-02', used: 1, recordedBy: fx.users.managerB, recordedAt: 1 }),
        op('contracts', contractId, { amount: 1 }),
        op('contracts', randomUUID(), contract({ customerId, dealId, collectorId: fx.users.managerB, orgUnitId: fx.teamB }))
      ]) {
        const r = await push(fx, fx.tokens.managerB, [bad])
        expect([r.statusCode, (r.json() as Rejected).details?.rejected[0]?.code]).toEqual([422, 'sync.out-of-scope'])
      }
      const edit = await push(fx, fx.tokens.managerA, [op('milestones', milestoneId, { actualDate: '2026-07-03' })])
      expect(edit.statusCode).toBe(200)
      expect(edit.json().streams).toHaveProperty(fx.regionA)
    })

    it('a rep writes contracts and collections only of deals they own; the regional manager any in the region', async () => {
      const customerId = randomUUID()
      const theirs = randomUUID()
      const mine = randomUUID()
      const contractId = randomUUID()
      // The manager's region holds a deal owned by the manager, with its contract.
      const setup = await push(fx, fx.tokens.managerA, [
        op('customers', customerId, customerFields(fx.teamA)),
        op('deals', theirs, { ...dealFields(fx.teamA, customerId), status: 'won', ownerId: fx.users.managerA }),
        op('deals', mine, { ...dealFields(fx.teamA, customerId), status: 'won', ownerId: fx.users.repA }),
        op('contracts', contractId, contract({ customerId, dealId: theirs, number: 'HT-OWN-1' }))
      ])
      expect(setup.statusCode, setup.body).toBe(200)
      // The rep, in scope of the region, may not edit it, record a collection on it, or move it onto their deal.
      for (const bad of [
        op('contracts', contractId, { amount: 1 }),
        op('collections', randomUUID(), { contractId, amount: 1, currency: 'CNY', receivedAt: 1, method: 'cash', recordedBy: fx.users.repA, recordedAt: 1 }),
        op('usageReadings', randomUUID(), { contractId, metric: 'seats', measure: 'level', date: '2026-06-02', used: 1, recordedBy: fx.users.repA, recordedAt: 1 }),
        op('contracts', contractId, { dealId: mine }),
        op('contracts', randomUUID(), contract({ customerId, dealId: theirs, number: 'HT-OWN-2' }))
      ]) {
        const r = await push(fx, fx.tokens.repA, [bad])
        const rejected = (r.json() as { details?: { rejected: { code: string; permission?: string }[] } }).details?.rejected[0]
        expect([r.statusCode, rejected?.code, rejected?.permission]).toEqual([422, 'sync.forbidden', 'postSale.others'])
      }
      // Their own deal's contract, with its plan in the same push: accepted.
      const own = randomUUID()
      const ok = await push(fx, fx.tokens.repA, [
        op('contracts', own, contract({ customerId, dealId: mine, number: 'HT-OWN-3' })),
        op('instalments', randomUUID(), { contractId: own, seq: 1, percentBp: 10_000, dueDate: '2026-09-01' })
      ])
      expect(ok.statusCode, ok.body).toBe(200)
      // The regional manager edits either.
      const lead = await push(fx, fx.tokens.managerA, [op('contracts', own, { terms: '30 days' }), op('contracts', contractId, { terms: '60 days' })])
      expect(lead.statusCode, lead.body).toBe(200)
    })

    it('a contract without a deal goes with its customer; one pointing at nothing known is refused', async () => {
      const customerId = randomUUID()
      await push(fx, fx.tokens.managerB, [op('customers', customerId, customerFields(fx.teamB))])
      const ok = await push(fx, fx.tokens.managerB, [op('contracts', randomUUID(), contract({ customerId, collectorId: fx.users.managerB, orgUnitId: fx.teamB }))])
      expect(ok.statusCode, ok.body).toBe(200)
      expect(ok.json().streams).toHaveProperty(fx.regionB)
      // Main's hub answers a row hanging off nothing it has like one outside the regions (it never says which).
      const orphan = await push(fx, fx.tokens.managerB, [op('instalments', randomUUID(), { contractId: randomUUID(), seq: 1, amount: 1, dueDate: '2026-07-01' })])
      expect([orphan.statusCode, (orphan.json() as Rejected).details?.rejected[0]?.code]).toEqual([422, 'sync.out-of-scope'])
    })
  })
}
