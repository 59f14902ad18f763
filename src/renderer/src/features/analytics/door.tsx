import { createContext, useCallback, useContext } from 'react'
import type { Deal } from '@shared/model'
import { useDealsDoor } from '../pipeline/DealsDrawer'
import '../pipeline/board.css'

/** Deals converted into the workspace currency, mapped back to the stored ones before the drawer shows them. */
const Originals = createContext<ReadonlyMap<string, Deal>>(new Map())
export const OriginalDealsProvider = Originals.Provider

/** Opens the pipeline's deals drawer ("every number is a door") with the deals as stored. */
export function useAnalyticsDoor(): (title: string, deals: readonly Deal[]) => void {
  const open = useDealsDoor()
  const originals = useContext(Originals)
  return useCallback((title, deals) => open(title, originals.size ? deals.map((d) => originals.get(d.id) ?? d) : deals), [open, originals])
}

/** A figure that opens its deals; plain markup since tables render hundreds. */
export function Door({ title, deals, children }: { title: string; deals: () => readonly Deal[]; children: React.ReactNode }): React.ReactNode {
  const open = useAnalyticsDoor()
  return (
    <button
      type="button"
      className="pb-door"
      title={title}
      onClick={(e) => {
        e.stopPropagation()
        open(title, deals())
      }}
    >
      {children}
    </button>
  )
}
