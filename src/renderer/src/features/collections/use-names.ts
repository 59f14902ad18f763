import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useWorkspaceData } from '../../app/workspace-data'
import type { Names } from './tables'
import type { PostSaleWorkspace } from './use-post-sale-data'

/** Names the collections tables show: customers, deals, people and teams. */
export function useNames(ws: PostSaleWorkspace | undefined): Names {
  const { t } = useTranslation('collections')
  const { userById, orgUnitById } = useWorkspaceData()
  return useMemo(
    () => ({
      t,
      customers: ws?.customers ?? new Map(),
      deals: ws?.deals ?? new Map(),
      userName: (id: string) => userById.get(id)?.name ?? '—',
      orgUnitName: (id: string) => orgUnitById.get(id)?.name ?? '—'
    }),
    [t, ws, userById, orgUnitById]
  )
}
