import { beforeEach, describe, expect, it } from 'vitest'
import type { Activity, Customer, PoolRule, User } from '@shared/model'
import { heldForPlan, previewReclaim } from '@shared/domain/pool'
import { CockpitDb, getDb, useDb } from './database'
import { write, setWriteClock } from './write'
import { MAX_DAILY_VISITS, resolveVisitQuota } from '@shared/domain/eight-visit'
import { createI18n } from '../app/i18n'
import { setSession } from '../session/session'
import { addColdVisit, applyReclaimRun, claimFromPool, loadPoolInput, logPlannedRideAlong, planRideAlong, reviewAuditBatch, reviewAuditFlag, RhythmError, saveVisitSplit, undoReclaimRun } from './rhythm'

const DAY = 86_400_000
const now = Date.UTC(2026, 10, 20, 6)
const TZ = 'Asia/Shanghai'
let n = 0
const cust = (id: string, over: Partial<Customer> = {}): Customer => ({
  id, name: id, industry: 'x', size: 'small', channel: 'x', ownerId: 'r1', orgUnitId: 't', tier: 'normal', createdAt: now - 300 * DAY, ...over
})
const users: User[] = [
  { id: 'r1', name: 'r1', role: 'rep', orgUnitId: 't', active: true },
  { id: 'r2', name: 'r2', role: 'rep', orgUnitId: 't', active: true },
  { id: 'm', name: 'm', role: 'team_lead', orgUnitId: 't', active: true }
]
const rule: PoolRule = { id: 'rule', orgUnitId: 't', reclaimAfterDays: 30, extensionPerTouchDays: 7, maxHoldDays: 90, holdingCap: 3, dailyClaimCap: 1, cooldownDays: 10 }
const visit = (customerId: string, daysAgo: number): Activity => ({ id: `a${n++}`, kind: 'visit', customerId, dealId: null, userId: 'r1', at: now - daysAgo * DAY, status: 'done' })

beforeEach(async () => {
  useDb(new CockpitDb(`rhythm-test-${++n}`))
  let t = now
  setWriteClock(() => t++)
  await write(async (tx) => {
    await tx.insertMany('users', users)
    await tx.insertMany('poolRules', [rule])
    await tx.insertMany('customers', [cust('cold'), cust('warm'), cust('p1', { ownerId: null, poolSince: now - 2 * DAY, previousOwnerId: 'r1' }), cust('p2', { ownerId: null, poolSince: now - 20 * DAY })])
    await tx.insertMany('activities', [visit('cold', 45), visit('warm', 3)])
  })
})

describe('rhythm repository', () => {
  it('a reclaim run moves exactly the previewed customers, with a pool_reclaim on each timeline', async () => {
    const preview = previewReclaim(await loadPoolInput(null, now, TZ))
    expect(preview.map((p) => p.customerId)).toEqual(['cold'])
    // Nobody signed in: refused, nothing moves, rather than a timeline naming the wrong person.
    await expect(applyReclaimRun(['cold'], null, TZ, now)).rejects.toMatchObject({ code: 'rhythm.signed-out' })
    expect(await getDb().customers.get('cold')).toMatchObject({ ownerId: 'r1' })
    // The manager at the keyboard runs it: the timeline names them, not a guess from the org.
    await setSession(getDb(), { kind: 'local', userId: 'm' })
    const moved = await applyReclaimRun(['cold'], null, TZ, now, (m) => `回收到公海：${m.daysSinceTouch} 天未跟进`)
    expect(moved.map((m) => m.customerId)).toEqual(['cold'])
    const c = await getDb().customers.get('cold')
    expect(c).toMatchObject({ ownerId: null, poolSince: now, previousOwnerId: 'r1' })
    const timeline = await getDb().activities.where('[customerId+at]').between(['cold', 0], ['cold', Infinity]).toArray()
    expect(timeline.find((a) => a.kind === 'pool_reclaim')).toMatchObject({ userId: 'm', from: 'r1', subject: '回收到公海：45 天未跟进' })
    // Nothing the manager did not see moves, even if the rule would take it.
    expect(await applyReclaimRun(['warm'], null, TZ, now)).toEqual([])
  })

  it('a customer on a visit plan for tomorrow stays with its owner, and a run is undone for a day unless claimed since', async () => {
    await setSession(getDb(), { kind: 'local', userId: 'm' })
    await write(async (tx) => {
      await tx.insertMany('customers', [cust('cold2'), cust('cold3')])
      await tx.insertMany('activities', [visit('cold2', 50), visit('cold3', 50), { ...visit('cold', -1), id: 'plan-cold', status: 'planned', userId: 'r2' }])
    })
    const input = await loadPoolInput(null, now, TZ)
    // Someone (not even the owner) plans to visit 'cold' tomorrow: it is left out, and said so.
    expect(previewReclaim(input).map((p) => p.customerId)).toEqual(['cold2', 'cold3'])
    expect(heldForPlan(input).map((p) => p.customerId)).toEqual(['cold'])
    // The manager excluded cold3 from the run: only cold2 moves.
    const moved = await applyReclaimRun(['cold', 'cold2'], null, TZ, now)
    expect(moved.map((m) => m.customerId)).toEqual(['cold2'])
    expect(await getDb().customers.get('cold')).toMatchObject({ ownerId: 'r1' })
    expect(await getDb().customers.get('cold3')).toMatchObject({ ownerId: 'r1' })
    // A second run, then a rep claims one of its customers before the undo.
    await write((tx) => tx.insertMany('customers', [cust('cold4'), cust('cold5')]))
    const run2 = now + 1000
    await applyReclaimRun(['cold4', 'cold5'], null, TZ, run2)
    await claimFromPool('cold5', 'r2', TZ, run2 + 10)
    const undone = await undoReclaimRun({ at: run2, userId: 'm' }, run2 + 20)
    expect(undone).toEqual({ returned: 1, claimedSince: 1 })
    expect(await getDb().customers.get('cold4')).toMatchObject({ ownerId: 'r1' })
    expect((await getDb().customers.get('cold4'))?.poolSince).toBeUndefined()
    expect(await getDb().customers.get('cold5')).toMatchObject({ ownerId: 'r2' })
    // Undone once: a second undo finds nothing left to return.
    await expect(undoReclaimRun({ at: run2, userId: 'm' }, run2 + 30)).rejects.toMatchObject({ code: 'rhythm.undo-expired' })
    // The first run, a day and a minute later: too late.
    await expect(undoReclaimRun({ at: now, userId: 'm' }, now + DAY + 60_000)).rejects.toMatchObject({ code: 'rhythm.undo-expired' })
    expect(await getDb().customers.get('cold2')).toMatchObject({ ownerId: null })
  })

  it('claims honour the cool-down and the daily cap', async () => {
    await expect(claimFromPool('p1', 'r1', TZ, now)).rejects.toMatchObject({ code: 'pool.cooldown' })
    await claimFromPool('p2', 'r2', TZ, now)
    expect(await getDb().customers.get('p2')).toMatchObject({ ownerId: 'r2' })
    const err = await claimFromPool('p1', 'r2', TZ, now + 1000).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RhythmError)
    expect((err as RhythmError).code).toBe('pool.daily_cap')
    expect(await getDb().activities.filter((a) => a.kind === 'pool_claim').count()).toBe(1)
  })

  it('a verdict carries a note, can be changed for a week with the earlier one kept, then is locked; a late-entry batch is judged in one go', async () => {
    await setSession(getDb(), { kind: 'local', userId: 'm' })
    const flag = { id: 'bulk_logged:a0', rule: 'bulk_logged' as const, activityId: 'a0', userId: 'r1', customerId: 'cold', at: now - DAY, evidence: { loggedAt: now } }
    await reviewAuditFlag(flag, 'confirmed', undefined, now, { subject: 'fake' }, '  No check-in photo  ')
    expect(await getDb().auditFlags.get(flag.id)).toMatchObject({ status: 'confirmed', note: 'No check-in photo', reviewedBy: 'm', reviewedAt: now })
    // Six days later the customer confirms the visit on the phone: the verdict changes, the first is kept.
    await reviewAuditFlag(flag, 'cleared', undefined, now + 6 * DAY, { subject: 'real' }, 'Customer confirmed by phone')
    const changed = await getDb().auditFlags.get(flag.id)
    expect(changed).toMatchObject({ status: 'cleared', note: 'Customer confirmed by phone', reviewedAt: now + 6 * DAY })
    expect(changed?.history).toEqual([{ status: 'confirmed', at: now, by: 'm', note: 'No check-in photo' }])
    const results = await getDb().activities.filter((a) => a.kind === 'audit_result').sortBy('at')
    expect(results.map((a) => [a.to, a.body])).toEqual([['confirmed', 'No check-in photo'], ['cleared', 'Customer confirmed by phone']])
    // A week after the last verdict it stands: refused, nothing written.
    await expect(reviewAuditFlag(flag, 'confirmed', undefined, now + 14 * DAY)).rejects.toMatchObject({ code: 'rhythm.verdict-locked' })
    expect(await getDb().auditFlags.get(flag.id)).toMatchObject({ status: 'cleared' })
    // A batch of three late entries: one verdict, three flags, three timeline results.
    const batch = ['a1', 'a2', 'a3'].map((id) => ({ ...flag, id: `bulk_logged:${id}`, activityId: id }))
    await reviewAuditBatch(batch, 'cleared', now, (f) => ({ subject: `real ${f.activityId}` }), 'Evening catch-up after a trade fair')
    const saved = await getDb().auditFlags.bulkGet(batch.map((f) => f.id))
    expect(saved.map((f) => [f?.status, f?.note])).toEqual(Array(3).fill(['cleared', 'Evening catch-up after a trade fair']))
  })

  it('an audit verdict saves the flag once and writes the result to the timeline', async () => {
    const flag = { id: 'far_check_in:a0', rule: 'far_check_in' as const, activityId: 'a0', userId: 'r1', customerId: 'cold', at: now - DAY, evidence: { distanceKm: 5 } }
    await reviewAuditFlag(flag, 'confirmed', 'm', now, { subject: '拜访稽核已确认：签到距离过远', body: '签到点距客户地址 5 公里。' })
    // Without a named reviewer the verdict is the signed-in person's.
    await setSession(getDb(), { kind: 'local', userId: 'm' })
    await reviewAuditFlag(flag, 'cleared', undefined, now + 1)
    const flags = await getDb().auditFlags.toArray()
    expect(flags).toHaveLength(1)
    expect(flags[0]).toMatchObject({ status: 'cleared', reviewedBy: 'm' })
    const results = await getDb().activities.filter((a) => a.kind === 'audit_result').sortBy('at')
    expect(results.map((a) => [a.subject, a.body, a.to, a.from])).toEqual([
      ['拜访稽核已确认：签到距离过远', '签到点距客户地址 5 公里。', 'confirmed', 'a0'],
      ['far_check_in:cleared', undefined, 'cleared', 'a0']
    ])
  })

  it('a cold visit goes on the plan and claims the customer when the rules allow, or says why not', async () => {
    const at = now + DAY
    const ok = await addColdVisit({ customerId: 'p2', userId: 'r2', at }, TZ, now)
    expect(ok).toMatchObject({ claimed: true, visit: { kind: 'visit', status: 'planned', visitKind: 'new', userId: 'r2', at } })
    expect((await getDb().customers.get('p2'))?.ownerId).toBe('r2')
    // r1 gave p1 up two days ago: the visit is planned, the claim waits for the cool-down.
    const cooling = await addColdVisit({ customerId: 'p1', userId: 'r1', at }, TZ, now)
    expect(cooling).toMatchObject({ claimed: false, reason: 'cooldown', until: now - 2 * DAY + 10 * DAY })
    expect((await getDb().customers.get('p1'))?.ownerId).toBeNull()
    expect(await getDb().activities.filter((a) => a.status === 'planned' && a.visitKind === 'new').count()).toBe(2)
  })

  it('a ride-along is planned on a visit and logged with the sheet and a score, credited to who is signed in', async () => {
    const v = visit('warm', -1)
    await write((tx) => tx.insert('activities', { ...v, status: 'planned' }))
    await setSession(getDb(), { kind: 'local', userId: 'm' })
    const plan = await planRideAlong({ visit: v })
    expect(plan).toMatchObject({ kind: 'ride_along', status: 'planned', userId: 'r1', otherUserId: 'm', from: v.id })
    const log = await logPlannedRideAlong({ repId: 'r1', customerId: 'warm', at: v.at, behaviour: { needsUncovered: 'budget in Q1' }, score: 4, attachedTo: plan.id }, now)
    expect(log).toMatchObject({ status: 'done', score: 4, otherUserId: 'm', from: plan.id, behaviour: { needsUncovered: 'budget in Q1' } })
    await expect(logPlannedRideAlong({ repId: 'r1', customerId: 'warm', at: v.at, behaviour: {}, score: 6 }, now)).rejects.toMatchObject({ code: 'write.invalid' })
  })

  it('a director who logs a team lead’s planned ride-along is the one credited, not the plan’s manager', async () => {
    const v = visit('warm', -1)
    await write((tx) => tx.insert('activities', { ...v, status: 'planned' }))
    await setSession(getDb(), { kind: 'local', userId: 'm' })
    const plan = await planRideAlong({ visit: v })
    await setSession(getDb(), { kind: 'local', userId: 'director' })
    const log = await logPlannedRideAlong({ repId: 'r1', customerId: 'warm', at: v.at, behaviour: {}, score: 3, attachedTo: plan.id }, now)
    expect(log.otherUserId).toBe('director')
    expect(plan.otherUserId).toBe('m')
  })

  it('nobody signed in: neither a plan nor a log is written', async () => {
    const v = visit('warm', -1)
    await write((tx) => tx.insert('activities', { ...v, status: 'planned' }))
    await expect(planRideAlong({ visit: v })).rejects.toMatchObject({ code: 'rhythm.signed-out' })
    await expect(logPlannedRideAlong({ repId: 'r1', customerId: 'warm', at: v.at, behaviour: {}, score: 3 }, now)).rejects.toMatchObject({ code: 'rhythm.signed-out' })
    expect(await getDb().activities.where('kind').equals('ride_along').count()).toBe(0)
  })
})

describe('the team visit split', () => {
  beforeEach(async () => {
    await write(async (tx) => {
      await tx.insertMany('orgUnits', [
        { id: 'reg', kind: 'region', name: 'East', parentId: null },
        { id: 't', kind: 'team', name: 'Team', parentId: 'reg' }
      ])
    })
  })

  it('is a field of the org unit: saved through write(), with an op for the hub, inherited by the team, and cleared again', async () => {
    const db = getDb()
    const opsBefore = await db.outbox.count()
    await saveVisitSplit('reg', { new: 5, follow_up: 2, closing: 1 })
    expect((await db.orgUnits.get('reg'))!.visitSplit).toEqual({ newCustomer: 5, followUp: 2, closing: 1 })
    const ops = (await db.outbox.toArray()).slice(opsBefore)
    expect(ops.some((o) => JSON.stringify(o).includes('visitSplit'))).toBe(true)
    const units = new Map((await db.orgUnits.toArray()).map((u) => [u.id, u]))
    expect(resolveVisitQuota('t', units)).toEqual({ quota: { new: 5, follow_up: 2, closing: 1 }, fromId: 'reg' })

    await saveVisitSplit('t', { new: 3, follow_up: 3, closing: 3 })
    await saveVisitSplit('reg', null)
    const after = new Map((await db.orgUnits.toArray()).map((u) => [u.id, u]))
    expect(after.get('reg')!.visitSplit).toBeUndefined()
    expect(resolveVisitQuota('t', after).quota).toEqual({ new: 3, follow_up: 3, closing: 3 })
  })

  it('refuses a total outside 1–30 with a message both languages translate, and writes nothing', async () => {
    const db = getDb()
    const opsBefore = await db.outbox.count()
    await expect(saveVisitSplit('t', { new: 0, follow_up: 0, closing: 0 })).rejects.toMatchObject({ code: 'rhythm:split.invalidTotal' })
    await expect(saveVisitSplit('t', { new: 20, follow_up: 10, closing: 1 })).rejects.toBeInstanceOf(RhythmError)
    // The schema refuses it too, whoever writes: a hand-rolled write cannot slip a bad split past the check.
    await expect(write((tx) => tx.update('orgUnits', 't', { visitSplit: { newCustomer: 31, followUp: 0, closing: 0 } }))).rejects.toMatchObject({
      details: { issues: [expect.objectContaining({ message: 'rhythm:split.invalidTotal' })] }
    })
    expect(await db.outbox.count()).toBe(opsBefore)
    expect((await db.orgUnits.get('t'))!.visitSplit).toBeUndefined()
    // The code is an i18n key: the user reads the reason in their language, with the limit in it.
    expect(createI18n('en-US').t('rhythm:split.invalidTotal', { max: MAX_DAILY_VISITS })).toBe("A day's split must add up to between 1 and 30 visits.")
    expect(createI18n('zh-CN').t('rhythm:split.invalidTotal', { max: MAX_DAILY_VISITS })).toBe('每日配比合计须在 1 到 30 访之间。')
  })
})
