import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { canGiveRole, can, refusal, refusalReason, type Permission } from '../shared/domain/permissions'
import { OrgUnitCreate, OrgUnitUpdate, PersonCreate, PersonUpdate, type Invitation, type OrgUnitAnswer, type PersonAnswer } from '../shared/hub-api/org'
import type { UserRole } from '../shared/model/user'
import { inviteHash, newInviteToken } from './auth'
import { HubError } from './errors'
import { createOrgUnit, createUser, INVITE_TTL_MS, loadOrgUnits, regionOfUnit, type HubUser, type OrgUnitRow, type Scope } from './org'
import type { HubStore } from './store'

/**
 * A team starts on a hub from the app: its first admin creates regions and teams, adds people
 * with their roles and hands out invitations; managers then add their own people. Every route
 * checks the same permission table the app shows (shared/domain/permissions), and the scope:
 * one changes only units and people inside one's own regions. The admin CLI stays for servers.
 */

export interface OrgAdminOptions {
  store: HubStore
  secret: Buffer
  authenticate: (req: FastifyRequest) => Promise<Scope>
  now: () => number
}

function forbidden(role: UserRole, permission: Permission): HubError {
  const r = refusal(role, permission)
  return new HubError(403, 'sync.forbidden', refusalReason(r), { permission, role, allowed: r.allowed })
}

function need(scope: Scope, permission: Permission): void {
  if (!can(scope.user.role, permission)) throw forbidden(scope.user.role, permission)
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, body: unknown): T {
  const r = schema.safeParse(body)
  if (!r.success) throw new HubError(400, 'org.invalid', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
  return r.data
}

/** A unit is within reach when its region is one of the caller's (an admin reaches every region). */
function reachable(scope: Scope, units: Map<string, OrgUnitRow>, unitId: string): boolean {
  const region = regionOfUnit(units, unitId)
  return region !== undefined && scope.regions.has(region)
}

function personOf(u: HubUser): PersonAnswer {
  return { id: u.id, name: u.name, email: u.email, role: u.role, orgUnitId: u.org_unit_id, active: u.active }
}

function unitOf(u: OrgUnitRow): OrgUnitAnswer {
  return { id: u.id, kind: u.kind, name: u.name, parentId: u.parent_id }
}

/** Gives someone a fresh one-time invitation (an earlier one stops working). */
async function invite(store: HubStore, secret: Buffer, userId: string, now: number): Promise<Invitation> {
  const token = newInviteToken()
  const expiresAt = now + INVITE_TTL_MS
  await store.query('UPDATE users SET invite_hash = $1, invite_expires_at = $2 WHERE id = $3', [inviteHash(secret, token), expiresAt, userId])
  return { token, expiresAt }
}

export function registerOrgAdmin(app: FastifyInstance, opts: OrgAdminOptions): void {
  const { store, secret, authenticate, now } = opts

  async function person(id: string): Promise<HubUser> {
    const [u] = await store.query<HubUser>('SELECT id, email, name, role, org_unit_id, active FROM users WHERE id = $1', [id])
    if (!u) throw new HubError(404, 'org.unknown-user', 'no such person on this hub')
    return u
  }

  /** Someone the caller may change: inside their regions and, unless they are an admin, junior to them. */
  function mayManage(scope: Scope, units: Map<string, OrgUnitRow>, target: HubUser): void {
    need(scope, 'people.manage')
    if (!reachable(scope, units, target.org_unit_id)) throw new HubError(403, 'auth.out-of-scope', 'this person is outside your regions')
    if (!canGiveRole(scope.user.role, target.role)) throw forbidden(scope.user.role, 'people.manage')
  }

  app.post('/org/units', async (req) => {
    const scope = await authenticate(req)
    const body = parse(OrgUnitCreate, req.body)
    const units = await loadOrgUnits(store)
    if (body.kind === 'region') {
      need(scope, 'org.regions')
      if (body.parentId) throw new HubError(400, 'org.invalid', 'a region sits at the top of the tree')
    } else {
      need(scope, 'org.teams')
      const parent = body.parentId ? units.get(body.parentId) : undefined
      if (!parent || parent.kind !== 'region') throw new HubError(400, 'org.parent-required', 'a team needs its region')
      if (!scope.regions.has(parent.id)) throw new HubError(403, 'auth.out-of-scope', 'this region is outside your scope')
    }
    if (body.id && units.has(body.id)) throw new HubError(409, 'org.exists', 'an org unit with this id exists')
    return unitOf(await createOrgUnit(store, { name: body.name, kind: body.kind, parentId: body.parentId ?? null, ...(body.id ? { id: body.id } : {}) }, now()))
  })

  app.patch<{ Params: { id: string } }>('/org/units/:id', async (req) => {
    const scope = await authenticate(req)
    const body = parse(OrgUnitUpdate, req.body)
    const units = await loadOrgUnits(store)
    const unit = units.get(req.params.id)
    if (!unit) throw new HubError(404, 'org.unknown-unit', 'no such org unit on this hub')
    need(scope, unit.kind === 'region' ? 'org.regions' : 'org.teams')
    if (!reachable(scope, units, unit.id)) throw new HubError(403, 'auth.out-of-scope', 'this org unit is outside your regions')
    await store.query('UPDATE org_units SET name = $1 WHERE id = $2', [body.name, unit.id])
    return unitOf({ ...unit, name: body.name })
  })

  app.post('/org/people', async (req, reply) => {
    const scope = await authenticate(req)
    const body = parse(PersonCreate, req.body)
    need(scope, 'people.manage')
    if (!canGiveRole(scope.user.role, body.role)) throw forbidden(scope.user.role, 'people.manage')
    const units = await loadOrgUnits(store)
    if (!units.has(body.orgUnitId)) throw new HubError(400, 'org.unknown-unit', 'no such org unit on this hub')
    if (!reachable(scope, units, body.orgUnitId)) throw new HubError(403, 'auth.out-of-scope', 'this org unit is outside your regions')
    const [taken] = await store.query<{ id: string; email: string }>('SELECT id, email FROM users WHERE email = $1 OR id = $2', [body.email, body.id ?? ''])
    if (taken) throw new HubError(409, taken.email === body.email ? 'org.email-taken' : 'org.exists', 'this person already has an account on the hub')
    const user = await createUser(store, { email: body.email, name: body.name, role: body.role, orgUnitId: body.orgUnitId, id: body.id ?? randomUUID() }, now())
    const invitation = await invite(store, secret, user.id, now())
    void reply.status(201)
    return { person: personOf(user), invitation }
  })

  app.patch<{ Params: { id: string } }>('/org/people/:id', async (req) => {
    const scope = await authenticate(req)
    const body = parse(PersonUpdate, req.body)
    const units = await loadOrgUnits(store)
    const target = await person(req.params.id)
    mayManage(scope, units, target)
    // Nobody takes away their own role or account: a hub must keep someone who can fix it.
    if (target.id === scope.user.id && (body.role !== undefined || body.active === false)) {
      throw new HubError(400, 'org.self', 'you cannot change your own role or switch off your own account')
    }
    if (body.role && !canGiveRole(scope.user.role, body.role)) throw forbidden(scope.user.role, 'people.manage')
    if (body.orgUnitId !== undefined) {
      if (!units.has(body.orgUnitId)) throw new HubError(400, 'org.unknown-unit', 'no such org unit on this hub')
      if (!reachable(scope, units, body.orgUnitId)) throw new HubError(403, 'auth.out-of-scope', 'this org unit is outside your regions')
    }
    const next = { ...target, ...(body.name ? { name: body.name } : {}), ...(body.role ? { role: body.role } : {}), ...(body.orgUnitId ? { org_unit_id: body.orgUnitId } : {}), ...(body.active !== undefined ? { active: body.active } : {}) }
    await store.query('UPDATE users SET name = $1, role = $2, org_unit_id = $3, active = $4 WHERE id = $5', [next.name, next.role, next.org_unit_id, next.active, target.id])
    return personOf(next)
  })

  app.post<{ Params: { id: string } }>('/org/people/:id/invite', async (req) => {
    const scope = await authenticate(req)
    const units = await loadOrgUnits(store)
    const target = await person(req.params.id)
    mayManage(scope, units, target)
    if (!target.active) throw new HubError(400, 'org.inactive', 'this account is switched off')
    return invite(store, secret, target.id, now())
  })
}
