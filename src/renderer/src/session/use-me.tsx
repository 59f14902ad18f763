import { createContext, useContext, type ReactNode } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import type { Permission } from '@shared/domain/permissions'
import { getDb } from '../db/database'
import { refusalText } from './words'
import { loadMe, readSession, type Me, type Session } from './session'

interface SessionState {
  session: Session | undefined
  me: Me | undefined
}

const Ctx = createContext<SessionState | undefined>(undefined)

async function loadState(): Promise<SessionState> {
  const db = getDb()
  return { session: await readSession(db), me: await loadMe(db) }
}

/** The session and the signed-in person, read once for the whole cockpit (they change rarely). */
export function SessionProvider({ children }: { children: ReactNode }): ReactNode {
  const state = useLiveQuery(loadState, [])
  if (!state) return null
  return <Ctx.Provider value={state}>{children}</Ctx.Provider>
}

/**
 * The person at the keyboard: the only source of "me" (author of a note, who moved a deal, who
 * reviewed an audit, who is typing in a strategy sheet) and of what they may change. Null while
 * nobody is signed in; the cockpit then offers no edits. Outside a provider (a component test)
 * it reads the workspace's session itself.
 */
export function useMe(): Me | null {
  const ctx = useContext(Ctx)
  const own = useLiveQuery(async () => (ctx ? null : ((await loadMe(getDb())) ?? null)), [ctx === undefined])
  if (ctx) return ctx.me ?? null
  return own ?? null
}

export function useSession(): Session | undefined {
  const ctx = useContext(Ctx)
  const own = useLiveQuery(async () => (ctx ? undefined : readSession(getDb())), [ctx === undefined])
  return ctx ? ctx.session : own
}

/**
 * What the UI offers: `allowed` when the signed-in person's role holds the permission, else
 * `why` in words (for a tooltip or a note), straight from the permission table the hub uses.
 */
export function usePermission(permission: Permission): { allowed: boolean; why: string | undefined } {
  const me = useMe()
  const { t } = useTranslation()
  const allowed = me?.can(permission) ?? false
  return { allowed, why: allowed ? undefined : refusalText(t, permission, me?.role) }
}
