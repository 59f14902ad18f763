import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import type { OrgUnit, SalesProcess, User } from '@shared/model'
import { getDb } from '../db/database'

/** The small, everywhere-needed tables: the org tree, people and sales processes. */
export interface WorkspaceData {
  orgUnits: OrgUnit[]
  users: User[]
  processes: SalesProcess[]
  userById: Map<string, User>
  orgUnitById: Map<string, OrgUnit>
  processById: Map<string, SalesProcess>
  stageName(processId: string, stageId: string): string
}

const Ctx = createContext<WorkspaceData | null>(null)

export function WorkspaceDataProvider({ children }: { children: ReactNode }): ReactNode {
  const orgUnits = useLiveQuery(() => getDb().orgUnits.toArray(), [])
  const users = useLiveQuery(() => getDb().users.toArray(), [])
  const processes = useLiveQuery(() => getDb().salesProcesses.toArray(), [])
  const value = useMemo<WorkspaceData | null>(() => {
    if (!orgUnits || !users || !processes) return null
    const processById = new Map(processes.map((p) => [p.id, p]))
    return {
      orgUnits: orgUnits.filter((o) => !o.deleted),
      users: users.filter((u) => !u.deleted),
      processes: processes.filter((p) => !p.deleted),
      userById: new Map(users.map((u) => [u.id, u])),
      orgUnitById: new Map(orgUnits.map((o) => [o.id, o])),
      processById,
      stageName: (processId, stageId) =>
        processById.get(processId)?.stages.find((s) => s.id === stageId)?.name ?? stageId
    }
  }, [orgUnits, users, processes])
  if (!value) return null
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useWorkspaceData(): WorkspaceData {
  const v = useContext(Ctx)
  if (!v) throw new Error('useWorkspaceData outside WorkspaceDataProvider')
  return v
}

/** The workspace where a view has one; null for a view rendered on its own (a component test). */
export function useOptionalWorkspaceData(): WorkspaceData | null {
  return useContext(Ctx)
}
