import { WORKSPACE_SETTINGS_ID, type Activity, type AuditFlag, type BehaviourSheet, type PoolRule, type Target, type VisitKind } from '@shared/model'
import type { NewCustomerBasis } from '@shared/domain/new-customers'
import { newId } from '@shared/ids'
import { checkClaim, plannedCustomers, previewReclaim, RECLAIM_ACTIVITY_KINDS, RECLAIM_UNDONE, undoableRuns, type ClaimRefusal, type PoolRules, type ReclaimCandidate } from '@shared/domain/pool'
import { DAY_MS, startOfDay } from '@shared/domain/calendar'
import { quotaToSplit, visitSplitError, type VisitQuota } from '@shared/domain/eight-visit'
import type { RiskFlag } from '@shared/domain/visit-risk'
import { getDb } from './database'
import { write, type WriteTx } from './write'
import { nextVerdict, type Verdict, type VerdictRefusal } from '@shared/domain/audit-verdicts'

/**
 * Repository functions of the team rhythm: every change the rhythm views make (claims, reclaim
 * runs, planned visits, audit verdicts, rules and targets) goes through `write()`, so each is
 * validated, atomic and carries its outbox ops.
 */

export class RhythmError extends Error {
  constructor(
    public readonly code: `pool.${ClaimRefusal}` | 'rhythm.not-found' | 'rhythm.signed-out' | 'rhythm.undo-expired' | VerdictRefusal | NonNullable<ReturnType<typeof visitSplitError>>,
    public readonly until?: number
  ) {
    super(code)
  }
}

/**
 * Load what a reclaim run needs for the given teams (null: every team). `timeZone` decides what
 * "today and tomorrow" are for the customers on a visit plan, which a run leaves alone.
 */
export async function loadPoolInput(teamIds: ReadonlySet<string> | null, now: number, timeZone: string) {
  const db = getDb()
  const [customers, activities, users, rules, openDeals] = await Promise.all([
    db.customers.toArray(),
    // Only hand-overs and touches decide a reclaim: read those kinds through the index, not the table.
    db.activities.where('kind').anyOf(RECLAIM_ACTIVITY_KINDS).toArray(),
    db.users.toArray(),
    db.poolRules.toArray(),
    db.deals.where('status').equals('open').toArray()
  ])
  // A customer with a deal in progress is being worked: the no-touch rule must not take it
  // away mid-deal (a departed owner's customers still go back).
  const exempt = new Set(openDeals.flatMap((d) => (!d.deleted && d.customerId !== undefined ? [d.customerId] : [])))
  const scoped = customers.filter((c) => !c.deleted && (teamIds === null || teamIds.has(c.orgUnitId)))
  const ruleMap = new Map<string, PoolRules>()
  for (const r of rules) if (!r.deleted) ruleMap.set(r.orgUnitId, r)
  // The planned visits come with the touches (same kinds), so no second read.
  const planned = plannedCustomers(activities, now, timeZone)
  return { customers: scoped, activities, users: new Map(users.map((u) => [u.id, u])), rules: ruleMap, now, allUsers: users, exempt, planned }
}

/**
 * Apply a reclaim run. Only customers the manager saw in the preview move, and only if the rule
 * still says so now (a rep may have visited one in between): the run is recomputed inside the
 * write, so preview and apply agree by construction. `describe` words each move for the
 * customer's timeline in the manager's language (the code stays machine-readable in `from`).
 */
export async function applyReclaimRun(
  previewIds: readonly string[],
  teamIds: ReadonlySet<string> | null,
  timeZone: string,
  now = Date.now(),
  describe: (m: ReclaimCandidate) => string = (m) => `${m.reason}: ${m.daysSinceTouch}/${m.allowedDays}`
): Promise<ReclaimCandidate[]> {
  const shown = new Set(previewIds)
  return write(async (tx) => {
    // Each timeline says who ran the reclaim: nobody signed in, nobody to name (no guessing).
    const actor = tx.actor
    if (!actor) throw new RhythmError('rhythm.signed-out')
    const input = await loadPoolInput(teamIds, now, timeZone)
    const moving = previewReclaim(input).filter((c) => shown.has(c.customerId))
    const byId = new Map(input.customers.map((c) => [c.id, c]))
    for (const m of moving) {
      const c = byId.get(m.customerId)!
      await tx.update('customers', c.id, { ownerId: null, poolSince: now, previousOwnerId: m.ownerId })
      await tx.insert('activities', {
        id: newId(),
        kind: 'pool_reclaim',
        customerId: c.id,
        dealId: null,
        userId: actor,
        at: now,
        loggedAt: now,
        status: 'done',
        subject: describe(m),
        from: m.ownerId
      })
    }
    return moving
  })
}

/**
 * Undo a reclaim run of the last day: each customer still in the pool from that run goes back to
 * the owner it was taken from; one claimed (or moved) since stays where it is. Each return is a
 * note on the customer's timeline (pointing at the reclaim it undoes), so a run is undone once.
 * `describe` words the note in the manager's language.
 */
export async function undoReclaimRun(
  run: { at: number; userId: string },
  now = Date.now(),
  describe: (ownerId: string) => string = (ownerId) => `${RECLAIM_UNDONE}: ${ownerId}`
): Promise<{ returned: number; claimedSince: number }> {
  return write(async (tx) => {
    const actor = tx.actor
    if (!actor) throw new RhythmError('rhythm.signed-out')
    if (now - run.at > DAY_MS) throw new RhythmError('rhythm.undo-expired')
    const db = getDb()
    const reclaims = await db.activities.where('at').equals(run.at).filter((a) => a.kind === 'pool_reclaim' && a.userId === run.userId).toArray()
    const ids = new Set(reclaims.map((a) => a.id))
    const undoneNotes = await db.activities
      .where('at')
      .between(run.at, now, true, true)
      .filter((a) => a.kind === 'note' && a.to === RECLAIM_UNDONE && typeof a.from === 'string' && ids.has(a.from))
      .toArray()
    const customers = new Map((await db.customers.bulkGet(reclaims.map((a) => a.customerId))).flatMap((c) => (c ? [[c.id, c] as const] : [])))
    const found = undoableRuns([...reclaims, ...undoneNotes], customers, now).find((r) => r.at === run.at && r.userId === run.userId)
    if (!found) throw new RhythmError('rhythm.undo-expired')
    let returned = 0
    for (const m of found.moves) {
      if (m.state !== 'returnable') continue
      await tx.update('customers', m.customerId, { ownerId: m.ownerId, poolSince: undefined })
      await tx.insert('activities', {
        id: newId(),
        kind: 'note',
        customerId: m.customerId,
        dealId: null,
        userId: actor,
        at: now,
        loggedAt: now,
        status: 'done',
        subject: describe(m.ownerId),
        from: m.activityId,
        to: RECLAIM_UNDONE
      })
      returned++
    }
    return { returned, claimedSince: found.moves.filter((m) => m.state === 'claimed_since').length }
  })
}

/** A rep takes a customer from the pool, within the team's caps and the cool-down. */
export async function claimFromPool(customerId: string, userId: string, timeZone: string, now = Date.now()): Promise<void> {
  await write(async (tx) => {
    const db = getDb()
    const customer = await db.customers.get(customerId)
    if (!customer) throw new RhythmError('rhythm.not-found')
    const rule = (await db.poolRules.where('orgUnitId').equals(customer.orgUnitId).toArray()).find((r) => !r.deleted)
    const holding = await db.customers.where('ownerId').equals(userId).filter((c) => !c.deleted).count()
    const from = startOfDay(now, timeZone)
    const claimedToday = await db.activities
      .where('[userId+at]')
      .between([userId, from], [userId, now], true, true)
      .filter((a) => a.kind === 'pool_claim')
      .count()
    const check = checkClaim(customer, userId, { rule, holding, claimedToday, now })
    if (!check.ok) throw new RhythmError(`pool.${check.reason}`, check.until)
    await tx.update('customers', customerId, { ownerId: userId, poolSince: undefined })
    await tx.insert('activities', {
      id: newId(),
      kind: 'pool_claim',
      customerId,
      dealId: null,
      userId,
      at: now,
      loggedAt: now,
      status: 'done',
      ...(customer.previousOwnerId ? { from: customer.previousOwnerId } : {})
    })
  })
}

/** Put a visit on a rep's plan (cold visits from the pool finder, tomorrow's plan). */
export async function addPlannedVisit(p: { customerId: string; userId: string; at: number; visitKind: VisitKind; subject?: string }): Promise<Activity> {
  return write((tx) =>
    tx.insert('activities', {
      id: newId(),
      kind: 'visit',
      customerId: p.customerId,
      dealId: null,
      userId: p.userId,
      at: p.at,
      status: 'planned',
      visitKind: p.visitKind,
      ...(p.subject ? { subject: p.subject } : {})
    })
  )
}

/**
 * The manager's verdict on a flagged visit ("the visit was fake": confirmed, "was real":
 * cleared) with its note: the flag is saved (by its stable id, so re-running the rules never
 * duplicates it) and the result lands on the customer's timeline, worded by the caller (`text`)
 * in the manager's language; the verdict itself stays in `to`. A verdict can be changed for a
 * week (domain/audit-verdicts.ts), the earlier one kept in the flag's history.
 */
export async function reviewAuditFlag(
  flag: RiskFlag & { sampled?: boolean },
  verdict: Verdict,
  reviewerId: string | undefined,
  now = Date.now(),
  text?: { subject: string; body?: string },
  note?: string
): Promise<AuditFlag> {
  return write(async (tx) => judgeInTx(tx, flag, verdict, reviewerId ?? tx.actor, now, text, note))
}

/**
 * One verdict on a whole late-entry batch (the visits a rep typed in together): every flag of
 * the batch is judged alike, in one write — all or none.
 */
export async function reviewAuditBatch(
  flags: readonly (RiskFlag & { sampled?: boolean })[],
  verdict: Verdict,
  now = Date.now(),
  text: (f: RiskFlag) => { subject: string; body?: string },
  note?: string
): Promise<AuditFlag[]> {
  return write(async (tx) => {
    const out: AuditFlag[] = []
    for (const f of flags) out.push(await judgeInTx(tx, f, verdict, tx.actor, now, text(f), note))
    return out
  })
}

async function judgeInTx(
  tx: WriteTx,
  flag: RiskFlag & { sampled?: boolean },
  verdict: Verdict,
  reviewerId: string | undefined,
  now: number,
  text: { subject: string; body?: string } | undefined,
  note: string | undefined
): Promise<AuditFlag> {
  const existing = await getDb().auditFlags.get(flag.id)
  const row = nextVerdict(existing, flag, verdict, { ...(reviewerId ? { reviewerId } : {}), ...(note ? { note } : {}), now })
  if (typeof row === 'string') throw new RhythmError(row)
  const saved = await tx.upsert('auditFlags', row)
  // A note removed on a change: clear it rather than keep the old one.
  if (!row.note && existing?.note) await tx.update('auditFlags', row.id, { note: undefined })
  const body = [text?.body, row.note].filter(Boolean).join('\n')
  await tx.insert('activities', {
    id: newId(),
    kind: 'audit_result',
    customerId: flag.customerId,
    dealId: null,
    userId: reviewerId ?? flag.userId,
    at: now,
    loggedAt: now,
    status: 'done',
    subject: text?.subject ?? `${flag.rule}:${verdict}`,
    ...(body ? { body } : {}),
    from: flag.activityId,
    to: verdict
  })
  return saved
}

export async function savePoolRule(rule: PoolRule): Promise<PoolRule> {
  return write((tx) => tx.upsert('poolRules', rule))
}

/** Create or change one target; an empty objective removes it. */
export async function saveTarget(target: Omit<Target, 'id'> & { id?: string }): Promise<void> {
  await write(async (tx) => {
    const id = target.id ?? newId()
    if (target.objective <= 0 && target.id) {
      await tx.remove('targets', id)
      return
    }
    await tx.upsert('targets', { ...target, id })
  })
}

export type ColdVisitOutcome = { visit: Activity; claimed: true } | { visit: Activity; claimed: false; reason: ClaimRefusal | 'not-found'; until?: number }

/**
 * One click in the cold-visit finder: the visit goes on the rep's plan next to the appointment
 * it is near, and the rep takes the customer from the pool if the rules allow. A refused claim
 * does not undo the visit — knocking on a pool customer's door is allowed, owning it is what
 * the caps limit — so the caller says why the claim did not happen.
 */
export async function addColdVisit(p: { customerId: string; userId: string; at: number; subject?: string }, timeZone: string, now = Date.now()): Promise<ColdVisitOutcome> {
  const visit = await addPlannedVisit({ ...p, visitKind: 'new' })
  try {
    await claimFromPool(p.customerId, p.userId, timeZone, now)
    return { visit, claimed: true }
  } catch (e) {
    if (!(e instanceof RhythmError)) throw e
    const reason = e.code === 'rhythm.not-found' ? 'not-found' : (e.code.slice('pool.'.length) as ClaimRefusal)
    return { visit, claimed: false, reason, ...(e.until !== undefined ? { until: e.until } : {}) }
  }
}

/** A manager plans to join a rep's visit: a planned ride-along on the visit's customer and time. */
export async function planRideAlong(p: { visit: Pick<Activity, 'id' | 'customerId' | 'userId' | 'at' | 'dealId'> }): Promise<Activity> {
  return write((tx) => {
    // The manager who will ride along is the one planning it: the signed-in person, never a guess.
    if (!tx.actor) throw new RhythmError('rhythm.signed-out')
    return tx.insert('activities', {
      id: newId(),
      kind: 'ride_along',
      customerId: p.visit.customerId,
      dealId: p.visit.dealId,
      userId: p.visit.userId,
      otherUserId: tx.actor,
      at: p.visit.at,
      status: 'planned',
      from: p.visit.id
    })
  })
}

/**
 * Log a ride-along that happened, with the behaviour control sheet and the manager's score.
 * Activities are append-only, so the log is a new record pointing (`from`) at the planned
 * ride-along or the rep's visit it joined; an attached ride-along is coaching on that visit,
 * not a visit of its own, so the eight-visit tally does not count it twice.
 * The manager credited is the signed-in person logging what they saw, not whoever the plan
 * named: a director who joins a team lead's planned ride-along logs it as their own.
 */
export async function logPlannedRideAlong(p: {
  repId: string
  customerId: string
  dealId?: string | null
  at: number
  behaviour: BehaviourSheet
  score: number
  body?: string
  attachedTo?: string
}, now = Date.now()): Promise<Activity> {
  return write(async (tx) => {
    if (!tx.actor) throw new RhythmError('rhythm.signed-out')
    return tx.insert('activities', {
      id: newId(),
      kind: 'ride_along',
      customerId: p.customerId,
      dealId: p.dealId ?? null,
      userId: p.repId,
      otherUserId: tx.actor,
      at: p.at,
      loggedAt: now,
      status: 'done',
      behaviour: p.behaviour,
      score: p.score,
      ...(p.body ? { body: p.body } : {}),
      ...(p.attachedTo ? { from: p.attachedTo } : {})
    })
  })
}

/**
 * Set a team's (or region's) daily visit split, or clear it (null) so the unit inherits again.
 * A field of the org unit like any other, so it reaches the hub and every manager's board.
 * A bad split is refused with an i18n key as the code, before anything is written.
 */
export async function saveVisitSplit(orgUnitId: string, quota: VisitQuota | null): Promise<void> {
  if (quota) {
    const error = visitSplitError(quota)
    if (error) throw new RhythmError(error)
  }
  await write(async (tx) => {
    await tx.update('orgUnits', orgUnitId, { visitSplit: quota ? quotaToSplit(quota) : undefined })
  })
}

/** The team's definition of a new customer (workspace-wide, so every view counts alike). */
export async function saveNewCustomerBasis(basis: NewCustomerBasis): Promise<void> {
  await write(async (tx) => {
    await tx.upsert('workspaceSettings', { id: WORKSPACE_SETTINGS_ID, newCustomerBasis: basis })
  })
}

/**
 * A team's objective spread over its reps, saved together in one write: all the reps'
 * objectives, or none. An existing rep target keeps its id (and its stretch).
 */
export async function saveSpreadTargets(
  period: Target['period'],
  periodStart: string,
  metric: Target['metric'],
  objectives: ReadonlyMap<string, number>
): Promise<void> {
  await write(async (tx) => {
    const db = getDb()
    const existing = await db.targets.where('periodStart').equals(periodStart).filter((x) => !x.deleted && x.scopeKind === 'user' && x.period === period && x.metric === metric).toArray()
    const byRep = new Map(existing.map((x) => [x.scopeId, x]))
    for (const [repId, objective] of objectives) {
      const cur = byRep.get(repId)
      if (cur) await tx.update('targets', cur.id, { objective })
      else await tx.insert('targets', { id: newId(), scopeKind: 'user', scopeId: repId, period, periodStart, metric, objective })
    }
  })
}
