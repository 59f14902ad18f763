import { randomUUID } from 'node:crypto'
import { migrateRole, type UserRole } from '../shared/model/user'
import { hashPassword, inviteHash, newInviteToken } from './auth'
import { HubError } from './errors'
import type { Sql } from './store'

/**
 * The hub's own organisation: org units and users as the administrator set them up. Scope is
 * computed from these tables on every request — never from a token or a client's claim.
 */

export interface OrgUnitRow {
  id: string
  kind: 'region' | 'team'
  name: string
  parent_id: string | null
}

export interface HubUser {
  id: string
  email: string
  name: string
  role: UserRole
  org_unit_id: string
  active: boolean
  /** Tokens issued before this time are refused (set when the password changes); read with the scope. */
  tokens_after?: number
}

/** Invitations expire after 7 days: long enough for a new rep's first week, short enough to go stale safely. */
export const INVITE_TTL_MS = 7 * 24 * 3600_000

export async function createOrgUnit(
  db: Sql,
  input: { name: string; kind: 'region' | 'team'; parentId?: string | null; id?: string },
  now = Date.now()
): Promise<OrgUnitRow> {
  const parentId = input.parentId ?? null
  if (input.kind === 'team' && !parentId) throw new HubError(400, 'org.parent-required', 'a team needs a parent region')
  if (parentId) {
    const [parent] = await db.query<OrgUnitRow>('SELECT id FROM org_units WHERE id = $1', [parentId])
    if (!parent) throw new HubError(400, 'org.unknown-parent', `unknown org unit ${parentId}`)
  }
  const row: OrgUnitRow = { id: input.id ?? randomUUID(), kind: input.kind, name: input.name, parent_id: parentId }
  await db.query('INSERT INTO org_units (id, kind, name, parent_id, created_at) VALUES ($1, $2, $3, $4, $5)', [
    row.id,
    row.kind,
    row.name,
    row.parent_id,
    now
  ])
  return row
}

export async function createUser(
  db: Sql,
  input: { email: string; name: string; role: UserRole | 'manager'; orgUnitId: string; password?: string; id?: string },
  now = Date.now()
): Promise<HubUser> {
  const [unit] = await db.query<OrgUnitRow>('SELECT id, kind FROM org_units WHERE id = $1', [input.orgUnitId])
  if (!unit) throw new HubError(400, 'org.unknown-unit', `unknown org unit ${input.orgUnitId}`)
  // Scripts written for v1 still say `manager`: placed on a region it is the regional manager, on a team the team lead.
  const role = migrateRole(input.role, unit.kind)
  if (!role) throw new HubError(400, 'org.unknown-role', `unknown role ${input.role}`)
  const user: HubUser = {
    id: input.id ?? randomUUID(),
    email: input.email.trim().toLowerCase(),
    name: input.name,
    role,
    org_unit_id: input.orgUnitId,
    active: true
  }
  const hash = input.password === undefined ? null : await hashPassword(input.password)
  await db.query(
    'INSERT INTO users (id, email, name, role, org_unit_id, password_hash, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, true, $7)',
    [user.id, user.email, user.name, user.role, user.org_unit_id, hash, now]
  )
  return user
}

/** Issues an invitation token that sets the user's password once; a new invite replaces the old one. */
export async function inviteUser(db: Sql, secret: Buffer, email: string, now = Date.now()): Promise<string> {
  const token = newInviteToken()
  const rows = await db.query<{ id: string }>(
    'UPDATE users SET invite_hash = $1, invite_expires_at = $2 WHERE email = $3 RETURNING id',
    [inviteHash(secret, token), now + INVITE_TTL_MS, email.trim().toLowerCase()]
  )
  if (rows.length === 0) throw new HubError(404, 'org.unknown-user', `no user with email ${email}`)
  return token
}

/** Sets the password once; answers the account's email too, so the laptop can sign in right after. */
export async function acceptInvite(db: Sql, secret: Buffer, token: string, password: string, now = Date.now()): Promise<{ id: string; email: string }> {
  const tokenHash = inviteHash(secret, token)
  // The token is checked before the password is hashed: an unknown token costs a lookup, not a
  // 32 MiB scrypt (a flood of made-up tokens used to slow every sign-in down).
  const [invited] = await db.query<{ id: string }>('SELECT id FROM users WHERE invite_hash = $1 AND invite_expires_at > $2 AND active', [tokenHash, now])
  if (!invited) throw new HubError(400, 'auth.invite-invalid', 'the invitation is unknown, used or expired')
  const hash = await hashPassword(password)
  // Clearing the invite in the same statement makes the token single-use even under concurrent
  // accepts. Tokens signed before now stop working: a new password ends the old sessions.
  const rows = await db.query<{ id: string; email: string }>(
    `UPDATE users SET password_hash = $1, invite_hash = NULL, invite_expires_at = NULL, tokens_after = $3
     WHERE invite_hash = $2 AND invite_expires_at > $3 AND active RETURNING id, email`,
    [hash, tokenHash, now]
  )
  if (rows.length === 0) throw new HubError(400, 'auth.invite-invalid', 'the invitation is unknown, used or expired')
  return rows[0]!
}

/**
 * Moves a person to another org unit. Their scope follows at once (it is re-read on every
 * request); their laptop learns it on its next pull and purges the regions it lost.
 */
export async function moveUser(db: Sql, email: string, orgUnitId: string): Promise<HubUser> {
  const [unit] = await db.query<OrgUnitRow>('SELECT id FROM org_units WHERE id = $1', [orgUnitId])
  if (!unit) throw new HubError(400, 'org.unknown-unit', `unknown org unit ${orgUnitId}`)
  const rows = await db.query<HubUser>(
    'UPDATE users SET org_unit_id = $1 WHERE email = $2 RETURNING id, email, name, role, org_unit_id, active',
    [orgUnitId, email.trim().toLowerCase()]
  )
  if (rows.length === 0) throw new HubError(404, 'org.unknown-user', `no user with email ${email}`)
  return rows[0]!
}

export interface Scope {
  user: HubUser
  /** Region ids whose streams the user may read and write. What their role may change there: permissions.ts. */
  regions: Set<string>
}

export { GLOBAL_STREAM } from '../shared/hub-api/sync'

/** The region an org unit belongs to: itself when it is a region, else its nearest region ancestor. */
export function regionOfUnit(units: Map<string, OrgUnitRow>, unitId: string): string | undefined {
  let cur = units.get(unitId)
  for (let depth = 0; cur && depth < 32; depth++) {
    if (cur.kind === 'region') return cur.id
    cur = cur.parent_id ? units.get(cur.parent_id) : undefined
  }
  return undefined
}

export async function loadOrgUnits(db: Sql): Promise<Map<string, OrgUnitRow>> {
  const rows = await db.query<OrgUnitRow>('SELECT id, kind, name, parent_id FROM org_units')
  return new Map(rows.map((r) => [r.id, r]))
}

/**
 * `orgUnits`: the org tree when the caller holds a copy as fresh as this read (see ScopeCache).
 *
 * A user's scope: the region their unit sits in, plus every region inside their unit's subtree
 * (a director placed above regions). Admins see every region. Streams are per region, so a rep
 * in a team receives the whole region's stream; finer filtering is the client's view, not a
 * security boundary.
 */
export async function scopeOf(db: Sql, userId: string, orgUnits?: Promise<Map<string, OrgUnitRow>>): Promise<Scope | undefined> {
  const [user] = await db.query<HubUser>('SELECT id, email, name, role, org_unit_id, active, tokens_after FROM users WHERE id = $1', [userId])
  if (!user || !user.active) return undefined
  user.tokens_after = Number(user.tokens_after ?? 0)
  const units = await (orgUnits ?? loadOrgUnits(db))
  const regions = new Set<string>()
  if (user.role === 'admin') {
    for (const u of units.values()) if (u.kind === 'region') regions.add(u.id)
  } else {
    const own = regionOfUnit(units, user.org_unit_id)
    if (own) regions.add(own)
    const children = new Map<string, string[]>()
    for (const u of units.values()) if (u.parent_id) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id])
    const stack = [user.org_unit_id]
    while (stack.length) {
      const id = stack.pop()!
      if (units.get(id)?.kind === 'region') regions.add(id)
      stack.push(...(children.get(id) ?? []))
    }
  }
  return { user, regions }
}

/** The org as a laptop stores it (the shared model's field names). */
export interface OrgView {
  /** The signed-in user's id, so the laptop can tell its own edits' losses from others'. */
  me: string
  /** The region streams the user may hold; a laptop purges what it holds outside them. */
  regions: string[]
  orgUnits: { id: string; kind: 'region' | 'team'; name: string; parentId: string | null }[]
  users: { id: string; name: string; role: UserRole; orgUnitId: string; email: string; active: boolean }[]
}

/**
 * The part of the org a user may see, from the hub's tables: every unit inside their regions,
 * their own unit with its subtree (a director above regions), and the units on the way up, so
 * the laptop's scope picker has the real regions, teams and people — and nothing of other regions.
 */
export async function orgView(db: Sql, scope: Scope, orgUnits?: Promise<Map<string, OrgUnitRow>>): Promise<OrgView> {
  const units = await (orgUnits ?? loadOrgUnits(db))
  const children = new Map<string, string[]>()
  for (const u of units.values()) if (u.parent_id) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id])
  const visible = new Set<string>()
  const stack = [...scope.regions, scope.user.org_unit_id]
  while (stack.length) {
    const id = stack.pop()!
    if (visible.has(id) || !units.has(id)) continue
    visible.add(id)
    stack.push(...(children.get(id) ?? []))
  }
  // Ancestors of the user's own unit, so a team's region shows as its parent.
  let up = units.get(scope.user.org_unit_id)?.parent_id
  for (let depth = 0; up && depth < 32; depth++) {
    visible.add(up)
    up = units.get(up)?.parent_id
  }
  const people = await db.query<HubUser>('SELECT id, email, name, role, org_unit_id, active FROM users WHERE org_unit_id = ANY($1) ORDER BY name', [[...visible]])
  return {
    me: scope.user.id,
    regions: [...scope.regions].sort(),
    orgUnits: [...visible]
      .map((id) => units.get(id)!)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((u) => ({ id: u.id, kind: u.kind, name: u.name, parentId: u.parent_id })),
    users: people.map((p) => ({ id: p.id, name: p.name, role: p.role, orgUnitId: p.org_unit_id, email: p.email, active: p.active }))
  }
}
