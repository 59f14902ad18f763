import { z } from 'zod'
import type { User, UserRole } from '@shared/model'
import { can, canGiveRole, missingPermission, regionLevelRole, type Permission } from '@shared/domain/permissions'
import type { ModelTable } from '@shared/model'
import { newId } from '@shared/ids'
import type { CockpitDb } from '../db/database'

/**
 * Who is at the keyboard. A workspace has one session, kept beside it (Dexie `meta`): the hub
 * account it was created for, or a local profile on this laptop. Every "me" in the app comes from
 * here (`useMe()`); nothing guesses it from the org any more.
 */

export const SESSION_KEY = 'session'

export const Session = z.discriminatedUnion('kind', [
  /** A team hub workspace: it only ever syncs as this account on this hub. */
  z.object({ kind: z.literal('hub'), userId: z.string().min(1), hubUrl: z.string().min(1), email: z.string().min(1) }),
  /** An offline workspace: a person in its own org, chosen at first launch. */
  z.object({ kind: z.literal('local'), userId: z.string().min(1) })
])
export type Session = z.infer<typeof Session>

export interface Me {
  id: string
  name: string
  role: UserRole
  orgUnitId: string
  session: Session
  can(permission: Permission): boolean
  /** May I write these fields of this table (the same answer the hub gives)? */
  mayWrite(table: ModelTable, fields?: readonly string[]): boolean
  canGiveRole(role: UserRole): boolean
}

export function meOf(session: Session, user: Pick<User, 'id' | 'name' | 'role' | 'orgUnitId'>): Me {
  return {
    id: user.id,
    name: user.name,
    role: user.role,
    orgUnitId: user.orgUnitId,
    session,
    can: (p) => can(user.role, p),
    mayWrite: (table, fields = []) => missingPermission(user.role, table, fields) === undefined,
    canGiveRole: (r) => canGiveRole(user.role, r)
  }
}

export async function readSession(db: CockpitDb): Promise<Session | undefined> {
  const parsed = Session.safeParse((await db.meta.get(SESSION_KEY))?.value)
  return parsed.success ? parsed.data : undefined
}

/** The signed-in person, or undefined while nobody is (or their person row has not arrived from the hub yet). */
export async function loadMe(db: CockpitDb): Promise<Me | undefined> {
  const session = await readSession(db)
  if (!session) return undefined
  const user = await db.users.get(session.userId)
  if (!user || user.deleted) return undefined
  return meOf(session, user)
}

export async function setSession(db: CockpitDb, session: Session): Promise<void> {
  await db.meta.put({ key: SESSION_KEY, value: Session.parse(session) })
}

/** Two spellings of one hub address (a trailing slash, letter case of the host) are the same hub. */
export function sameHub(a: string | undefined, b: string | undefined): boolean {
  const norm = (u: string): string => {
    try {
      const url = new URL(u.trim())
      return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`.toLowerCase()
    } catch {
      return u.trim().replace(/\/+$/, '').toLowerCase()
    }
  }
  return a !== undefined && b !== undefined && norm(a) === norm(b)
}

/**
 * May this workspace sync with the hub connection main holds now? Only a hub workspace, and only
 * as the account on the hub it was created for: a workspace never syncs as someone else.
 */
export function maySync(session: Session | undefined, status: { userId?: string; hubUrl?: string } | undefined): boolean {
  return session?.kind === 'hub' && status?.userId === session.userId && sameHub(status.hubUrl, session.hubUrl)
}

/** A new local profile's person row: region-level roles sit on the region, the others on a team. */
export function localProfileRow(profile: { name: string; role: UserRole }, org: { regionId: string; teamId: string }, now: number): User {
  return {
    id: newId(),
    name: profile.name.trim(),
    role: profile.role,
    orgUnitId: regionLevelRole(profile.role) ? org.regionId : org.teamId,
    active: true,
    hiredAt: now
  }
}
