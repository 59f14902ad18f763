import { Activity, memo, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from 'react'
import { createPortal } from 'react-dom'
import { NavigationType, Routes, UNSAFE_LocationContext as LocationContext, useLocation, type Location } from 'react-router'

/**
 * The main sections stay mounted once shown (issue 19): a return to one only reveals it, with
 * its state, scroll-free layout and derived figures as they were, instead of rendering it again.
 * A section can also be rendered hidden before its first visit (`prerenderSection`, once its data
 * is warm), so that first visit costs a reveal too.
 *
 * A hidden section is inside `<Activity mode="hidden">` (its effects and live queries are
 * disconnected, so it does no work while away) and its DOM is taken out of the document, so
 * nothing looks into it: no test id, text query or screen reader finds the sections not shown.
 */
export const KEPT_SECTIONS: readonly string[] = ['/', '/pipeline', '/customers', '/rhythm', '/calls', '/analytics']

const asked = new Set<string>()
const listeners = new Set<() => void>()
let askedSnapshot: readonly string[] = []

/** Render `path`'s section hidden now, so its first visit only reveals it. */
export function prerenderSection(path: string): void {
  if (!KEPT_SECTIONS.includes(path) || asked.has(path)) return
  asked.add(path)
  askedSnapshot = [...asked]
  for (const l of [...listeners]) l()
}

function subscribe(l: () => void): () => void {
  listeners.add(l)
  return () => listeners.delete(l)
}

function sameAddress(a: Location | undefined, b: Location): boolean {
  return a !== undefined && a.pathname === b.pathname && a.search === b.search && a.hash === b.hash && a.state === b.state
}

/** A location for a section never visited: its path, no query. */
function sectionLocation(pathname: string): Location {
  return { pathname, search: '', hash: '', state: null, key: `kept:${pathname}` }
}

/** `<Routes>` for the shell: each kept section gets its own copy of the route table at its own location. */
export function KeptRoutes({ children }: { children: React.ReactNode }): React.ReactNode {
  const location = useLocation()
  const current = KEPT_SECTIONS.includes(location.pathname) ? location.pathname : null
  const prerender = useSyncExternalStore(subscribe, () => askedSnapshot)
  // Each kept section remembers the location it was last shown at (a hidden Calls keeps its open call).
  const [seen, setSeen] = useState<Readonly<Record<string, Location>>>({})
  // A sidebar click makes a new location even for the same address: the section keeps the one it
  // has, so a return renders nothing again and only reveals it.
  if (current && !sameAddress(seen[current], location)) setSeen((s) => ({ ...s, [current]: location }))
  const host = useRef<HTMLDivElement>(null)
  const paths = KEPT_SECTIONS.filter((p) => p === current || seen[p] || prerender.includes(p))
  return (
    <>
      <div ref={host} />
      {paths.map((p) => (
        <KeptSection key={p} host={host} active={p === current}>
          <SectionRoutes location={seen[p] ?? (p === current ? location : sectionLocation(p))} routes={children} />
        </KeptSection>
      ))}
      {current === null && <Routes>{children}</Routes>}
    </>
  )
}

/**
 * The route table at one section's location, rendered again only when that location changes. The
 * table is static; and `<Routes>` itself reads the router's location, so the section gets its own
 * location context: otherwise every navigation would render every hidden section again (React does
 * hidden work later, but a reveal has to finish it first). React still runs the bodies of the
 * section's location readers on a navigation (context changes reach through a nested provider),
 * but they find nothing changed and stop there.
 */
const SectionRoutes = memo(
  function SectionRoutes({ location, routes }: { location: Location; routes: React.ReactNode }): React.ReactNode {
    const value = useMemo(() => ({ location, navigationType: NavigationType.Pop }), [location])
    return (
      <LocationContext.Provider value={value}>
        <Routes>{routes}</Routes>
      </LocationContext.Provider>
    )
  },
  (a, b) => a.location === b.location
)

function KeptSection({ host, active, children }: { host: RefObject<HTMLDivElement | null>; active: boolean; children: React.ReactNode }): React.ReactNode {
  const [el] = useState(() => document.createElement('div'))
  return (
    <>
      {/* Before the portal: its layout effect puts the section in the document before the section's own layout effects measure anything. */}
      <Attach el={el} host={host} active={active} />
      {createPortal(<Activity mode={active ? 'visible' : 'hidden'}>{children}</Activity>, el)}
    </>
  )
}

function Attach({ el, host, active }: { el: HTMLDivElement; host: RefObject<HTMLDivElement | null>; active: boolean }): null {
  useLayoutEffect(() => {
    if (!active) return
    host.current?.appendChild(el)
    return () => el.remove()
  }, [el, host, active])
  return null
}
