import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import { scopeMembers, inScope, type Scope, type ScopeMembers } from '@shared/domain/org-scope'
import { useWorkspaceData } from './workspace-data'

const STORAGE_KEY = 'cockpit.scope'

interface ScopeState {
  scope: Scope
  setScope(scope: Scope): void
  members: ScopeMembers
  /** Does a row with this owner / org unit fall inside the chosen scope? */
  contains(row: { orgUnitId?: string; ownerId?: string | null }): boolean
}

const Ctx = createContext<ScopeState | null>(null)

function readStored(): Scope {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    if (!raw) return { kind: 'all' }
    const s = JSON.parse(raw) as Scope
    if (s.kind === 'all' || ((s.kind === 'orgUnit' || s.kind === 'rep') && typeof s.id === 'string')) return s
  } catch {
    // A broken stored value just resets the scope.
  }
  return { kind: 'all' }
}

/** The org-scope picker's state: one scope that filters every view, remembered across launches. */
export function ScopeProvider({ children }: { children: ReactNode }): ReactNode {
  const { orgUnits, users, orgUnitById, userById } = useWorkspaceData()
  const [stored, setStored] = useState<Scope>(readStored)
  // A remembered scope whose unit or rep no longer exists falls back to everything.
  const scope = useMemo<Scope>(() => {
    if (stored.kind === 'orgUnit' && !orgUnitById.has(stored.id)) return { kind: 'all' }
    if (stored.kind === 'rep' && !userById.has(stored.id)) return { kind: 'all' }
    return stored
  }, [stored, orgUnitById, userById])
  const setScope = useCallback((s: Scope) => {
    setStored(s)
    localStorage.setItem(STORAGE_KEY, JSON.stringify(s))
  }, [])
  const members = useMemo(() => scopeMembers(scope, orgUnits, users), [scope, orgUnits, users])
  const value = useMemo<ScopeState>(
    () => ({ scope, setScope, members, contains: (row) => inScope(members, row) }),
    [scope, setScope, members]
  )
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useScope(): ScopeState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useScope outside ScopeProvider')
  return v
}

/** The scope where a view has one; null for a view rendered on its own (a component test). */
export function useOptionalScope(): ScopeState | null {
  return useContext(Ctx)
}
