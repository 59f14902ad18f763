import {
  planDeparture,
  planRepMove,
  type DeparturePlan,
  type DepartureRule,
  type OrgBook,
  type RepMovePlan
} from '@shared/domain/org-changes'
import { periodOf } from '@shared/domain/periods'
import type { ModelTable } from '@shared/model'
import { getDb } from '../../../db/database'
import { write, type WriteTx } from '../../../db/write'
import type { OrgBackend } from './org-backend'

/**
 * Moving a rep and a rep leaving, as the app runs them: the book is read from the workspace, the
 * plan computed by the shared rules (what the preview shows), and the same plan applied. On a
 * hub the person's place and account are the hub's (its org route, which checks scope), and
 * goes first: a move the hub refuses changes nothing; the customers and deals then follow
 * through the write path, stamped with the signed-in person, and the hub moves them and what
 * hangs off them to the new region's stream.
 */

export async function loadBook(): Promise<OrgBook> {
  const db = getDb()
  const [users, orgUnits, customers, deals, targets, poolRules] = await Promise.all([
    db.users.toArray(),
    db.orgUnits.toArray(),
    db.customers.toArray(),
    db.deals.toArray(),
    db.targets.toArray(),
    db.poolRules.toArray()
  ])
  return { users, orgUnits: orgUnits.filter((u) => !u.deleted), customers, deals, targets, poolRules }
}

export async function previewRepMove(input: {
  repId: string
  toUnitId: string
  actorId: string
  timeZone: string
}): Promise<RepMovePlan> {
  const now = Date.now()
  return planRepMove(await loadBook(), { ...input, now, periodStart: periodOf('month', now, input.timeZone).key })
}

export async function previewDeparture(input: { repId: string; rule: DepartureRule; actorId: string }): Promise<DeparturePlan> {
  return planDeparture(await loadBook(), { ...input, now: Date.now() })
}

async function applyPlan(tx: WriteTx, plan: RepMovePlan | DeparturePlan, withUser: boolean): Promise<void> {
  for (const ch of plan.changes) {
    if (ch.table === 'users' && !withUser) {
      // The hub's org route owns the team and the account; the rest (when they left) is a
      // record field and travels as an op, or the hub would never know the date.
      const { orgUnitId: _team, active: _active, ...rest } = ch.patch
      if (Object.keys(rest).length) await tx.update('users', ch.id, rest)
      continue
    }
    await tx.update(ch.table as ModelTable, ch.id, ch.patch as never)
  }
  for (const a of plan.activities) await tx.insert('activities', a)
}

/**
 * Applies a move as previewed. The plan is computed again from the workspace as it is now and
 * must move the same customers and deals as the preview did; if something changed in between
 * (a sync round, a colleague's edit), nothing is applied and the caller shows the new preview.
 */
export async function applyRepMove(
  backend: OrgBackend,
  previewed: RepMovePlan,
  input: { actorId: string; timeZone: string; hasAccount?: boolean }
): Promise<RepMovePlan | 'changed'> {
  const plan = await previewRepMove({
    repId: previewed.repId,
    toUnitId: previewed.toUnitId,
    actorId: input.actorId,
    timeZone: input.timeZone
  })
  if (!samePlan(plan, previewed)) return 'changed'
  const viaHub = viaOrgRoute(backend, input.hasAccount)
  if (viaHub) await backend.updatePerson(plan.repId, { orgUnitId: plan.toUnitId })
  await write(async (tx) => {
    await applyPlan(tx, plan, !viaHub)
    // On a hub a target is placed by its person's region: sent again, the rep's current and
    // later targets go to the new region with them (past ones stay where they were measured).
    if (backend.kind === 'hub') for (const t of plan.targetsFollowing) await tx.restamp('targets', t.id, ['scopeKind', 'scopeId'])
  })
  return plan
}

export async function applyDeparture(
  backend: OrgBackend,
  previewed: DeparturePlan,
  input: { rule: DepartureRule; actorId: string; hasAccount?: boolean }
): Promise<DeparturePlan | 'changed'> {
  const plan = await previewDeparture({ repId: previewed.repId, rule: input.rule, actorId: input.actorId })
  if (!samePlan(plan, previewed)) return 'changed'
  const viaHub = viaOrgRoute(backend, input.hasAccount)
  if (viaHub) await backend.updatePerson(plan.repId, { active: false })
  await write((tx) => applyPlan(tx, plan, !viaHub))
  return plan
}

/**
 * A person with a hub account is the hub's (its org route, scope checked); someone the workspace
 * knows only as a record (a rep named in a CRM import, never invited) changes through the write
 * path like any record, on a hub too.
 */
function viaOrgRoute(backend: OrgBackend, hasAccount: boolean | undefined): boolean {
  return backend.kind === 'hub' && hasAccount !== false
}

/** The same rows change the same way (new follow-ups get fresh ids and clocks, so they are not compared). */
function samePlan(a: { changes: unknown[] }, b: { changes: unknown[] }): boolean {
  const strip = (changes: unknown[]): string =>
    JSON.stringify(
      changes.map((c) => {
        const { patch, ...rest } = c as { patch: Record<string, unknown> }
        const { poolSince: _p, leftAt: _l, ...stable } = patch
        return { ...rest, patch: stable }
      })
    )
  return strip(a.changes) === strip(b.changes)
}
