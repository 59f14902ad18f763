import { beforeAll, describe, expect, it } from 'vitest'
import type { Activity } from '@shared/model'
import { generateWorkspace } from '@shared/demo'
import { DAY_MS, monthRange } from '@shared/domain/calendar'
import { activitySignals, historyByDeal, workspaceHealth } from '@shared/domain/deal-health'
import { CockpitDb, getDb, useDb } from '../../db/database'
import { ofKinds } from '../../db/activity-kinds'
import { loadHealthActivities } from './use-pipeline-data'

/**
 * Opening reads only the activities of open deals and their customers for health (issue 19): every
 * open deal must get exactly the findings and last touch the whole activity table gives it, on the
 * demo workspace and on rows shaped as real imports are (a deal's follow-up filed under another
 * customer, a customer-level meeting with the economic buyer, pushes on a closed deal).
 */
const NOW = Date.UTC(2026, 10, 20, 6)
const TZ = 'Asia/Shanghai'
const ws = generateWorkspace({ seed: 7, anchor: NOW, locale: 'zh-CN', scale: 'demo' })

function healthOf(activities: readonly Activity[]) {
  const db = getDb()
  return Promise.all([db.deals.toArray(), db.stageHistory.toArray(), db.contacts.toArray(), db.salesProcesses.toArray()]).then(([deals, history, contacts, processes]) => {
    const buyers = new Set(contacts.filter((c) => !c.deleted && c.decisionRole === 'economic').map((c) => c.id))
    const signals = activitySignals(ofKinds(activities, ['visit', 'ride_along', 'call', 'close_date_change']), NOW, buyers)
    return workspaceHealth({ deals, processes: new Map(processes.map((p) => [p.id, p])), historyByDeal: historyByDeal(history), signals, now: NOW, timeZone: TZ, periodStart: monthRange(NOW, TZ).start })
  })
}

beforeAll(async () => {
  useDb(new CockpitDb('health-activities-test'))
  const db = getDb()
  await db.deals.bulkAdd(ws.deals)
  await db.stageHistory.bulkAdd(ws.stageHistory)
  await db.contacts.bulkAdd(ws.contacts)
  await db.salesProcesses.bulkAdd(ws.salesProcesses)
  await db.activities.bulkAdd(ws.activities)
  const open = ws.deals.filter((d) => d.status === 'open' && d.customerId !== undefined)
  const closed = ws.deals.find((d) => d.status !== 'open')!
  const other = ws.customers.find((c) => !open.some((d) => d.customerId === c.id))!
  const buyer = ws.contacts.find((c) => c.customerId === open[1]!.customerId) ?? ws.contacts[0]!
  await db.contacts.update(buyer.id, { decisionRole: 'economic' })
  const base = { userId: open[0]!.ownerId, status: 'done' as const }
  await db.activities.bulkAdd([
    // The newest touch of open[0], filed under a customer that has no open deal.
    { ...base, id: 'x-misfiled', kind: 'visit', customerId: other.id, dealId: open[0]!.id, at: NOW - DAY_MS },
    // A meeting with open[1]'s economic buyer, not tied to a deal.
    { ...base, id: 'x-buyer', kind: 'visit', customerId: buyer.customerId, dealId: null, contactId: buyer.id, at: NOW - 2 * DAY_MS },
    // Pushes on a closed deal: not an open deal's business.
    { ...base, id: 'x-closed-push', kind: 'close_date_change', customerId: closed.customerId ?? other.id, dealId: closed.id, at: NOW - 3 * DAY_MS, from: NOW, to: NOW + 30 * DAY_MS }
  ])
})

describe('loadHealthActivities', () => {
  it('gives every open deal the findings and last touch the whole activity table gives it', async () => {
    const all = await getDb().activities.toArray()
    const subset = await loadHealthActivities()
    expect(subset.length).toBeLessThan(all.length / 2)
    const full = await healthOf(all)
    const fast = await healthOf(subset)
    expect(fast.byDeal.size).toBeGreaterThan(50)
    expect(fast.byDeal).toEqual(full.byDeal)
    expect(fast.lastTouch).toEqual(full.lastTouch)
    // The misfiled visit is open[0]'s newest touch: it is read although its customer has no open deal.
    const open0 = ws.deals.find((d) => d.status === 'open' && d.customerId !== undefined)!
    expect(fast.lastTouch.get(open0.id)).toBe(NOW - DAY_MS)
  })

  it('reads each row once, so a push found through the deal and its customer counts once', async () => {
    const subset = await loadHealthActivities()
    expect(new Set(subset.map((a) => a.id)).size).toBe(subset.length)
  })
})
