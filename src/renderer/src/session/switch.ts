import { bridge } from '../bridge'
import { getDb } from '../db/database'
import { closeWorkspace } from '../db/workspace'
import { write } from '../db/write'
import { publishSyncStatus } from '../sync/loop'
import { localProfileRow, readSession, setSession } from './session'
import type { UserRole } from '@shared/model/user'

/** Sign out of the team hub: main forgets the password; the workspace stays, locked to its account. */
export async function signOut(): Promise<void> {
  publishSyncStatus(await bridge.invoke('sync.disconnect', {}))
}

/**
 * Close this workspace (its data leaves the laptop) and go back to the first-launch choice. A hub
 * workspace signs out too, so the next workspace can never sync as this one's account.
 */
export async function switchWorkspace(): Promise<void> {
  const session = await readSession(getDb())
  if (session?.kind === 'hub' && bridge.available) await signOut().catch(() => undefined)
  await closeWorkspace()
}

/** An offline workspace's profile: become a person already in its org (the demo's people, or earlier profiles). */
export async function chooseLocalProfile(userId: string): Promise<void> {
  await setSession(getDb(), { kind: 'local', userId })
}

/** An offline workspace's profile: a new person, placed in the workspace's first region (or its first team). */
export async function createLocalProfile(profile: { name: string; role: UserRole }, now = Date.now()): Promise<void> {
  const db = getDb()
  const units = (await db.orgUnits.toArray()).filter((u) => !u.deleted)
  const region = units.find((u) => u.kind === 'region')
  const team = units.find((u) => u.kind === 'team' && u.parentId === region?.id) ?? units.find((u) => u.kind === 'team')
  const regionId = region?.id ?? team?.id
  const teamId = team?.id ?? region?.id
  if (!regionId || !teamId) throw new Error('this workspace has no org unit to place a profile in')
  // Written before the session names anyone, so the write path does not judge it by an earlier profile's role.
  await db.meta.delete('session')
  const user = await write((tx) => tx.insert('users', localProfileRow(profile, { regionId, teamId }, now)))
  await setSession(db, { kind: 'local', userId: user.id })
}
