import type { UserRole } from '@shared/model/user'
import type { Invitation } from '@shared/hub-api/org'
import { newId } from '@shared/ids'
import { bridge } from '../../../bridge'
import { write } from '../../../db/write'
import { syncNow } from '../../../sync/loop'

/**
 * Where Settings → Organisation writes. On a hub workspace the hub's own org is the truth (it
 * decides everyone's scope), so units, people and invitations go to the hub and come back with
 * the next round's org; an offline workspace keeps its org as its own records, through the write
 * path. Both refuse what the permission table does not allow.
 */
export interface OrgBackend {
  kind: 'hub' | 'local'
  createUnit(input: { name: string; kind: 'region' | 'team'; parentId: string | null }): Promise<void>
  renameUnit(id: string, name: string): Promise<void>
  /** On a hub: an account with a one-time invitation. Offline: a person of the workspace. */
  createPerson(input: { name: string; email: string; role: UserRole; orgUnitId: string; id?: string }): Promise<Invitation | undefined>
  updatePerson(id: string, patch: { name?: string; role?: UserRole; orgUnitId?: string; active?: boolean }): Promise<void>
  invite(id: string): Promise<Invitation>
}

export const hubOrg: OrgBackend = {
  kind: 'hub',
  async createUnit(input) {
    await bridge.invoke('org.createUnit', { name: input.name, kind: input.kind, parentId: input.parentId })
    void syncNow()
  },
  async renameUnit(id, name) {
    await bridge.invoke('org.renameUnit', { id, name })
    void syncNow()
  },
  async createPerson(input) {
    const { invitation } = await bridge.invoke('org.createPerson', input)
    void syncNow()
    return invitation
  },
  async updatePerson(id, patch) {
    await bridge.invoke('org.updatePerson', { id, patch })
    void syncNow()
  },
  invite: (id) => bridge.invoke('org.invitePerson', { id })
}

export const localOrg: OrgBackend = {
  kind: 'local',
  async createUnit(input) {
    await write((tx) => tx.insert('orgUnits', { id: newId(), kind: input.kind, name: input.name.trim(), parentId: input.parentId }))
  },
  async renameUnit(id, name) {
    await write((tx) => tx.update('orgUnits', id, { name: name.trim() }))
  },
  async createPerson(input) {
    await write((tx) =>
      tx.insert('users', {
        id: input.id ?? newId(),
        name: input.name.trim(),
        role: input.role,
        orgUnitId: input.orgUnitId,
        active: true,
        hiredAt: Date.now(),
        ...(input.email.trim() ? { email: input.email.trim().toLowerCase() } : {})
      })
    )
    return undefined
  },
  async updatePerson(id, patch) {
    await write((tx) => tx.update('users', id, { ...patch, ...(patch.name ? { name: patch.name.trim() } : {}) }))
  },
  invite: () => Promise.reject(new Error('invitations need a team hub'))
}

/** The message a manager sends a new colleague (WeChat, mail): the hub's address and the one-time code. */
export function invitationText(t: (key: string, values?: Record<string, unknown>) => string, p: { name: string; hubUrl: string; token: string; expiresAt: string }): string {
  return t('org:invite.message', { name: p.name, hub: p.hubUrl, token: p.token, expires: p.expiresAt })
}

/**
 * Reads an invitation a colleague pasted: the whole message, or just the code. The hub address
 * is the first http(s) URL in it; the code is the longest run of token characters that is not
 * part of the URL.
 */
export function parseInvitation(text: string): { hubUrl?: string; token?: string } {
  const url = /https?:\/\/[^\s，。、"'<>]+/.exec(text)?.[0]?.replace(/[).,;:]+$/, '')
  const rest = url ? text.replace(url, ' ') : text
  const token = (rest.match(/[A-Za-z0-9_-]{20,200}/g) ?? []).sort((a, b) => b.length - a.length)[0]
  return { ...(url ? { hubUrl: url } : {}), ...(token ? { token } : {}) }
}
