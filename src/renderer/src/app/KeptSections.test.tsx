// @vitest-environment jsdom
import { useEffect, useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { MemoryRouter, Route, useLocation, useNavigate, type NavigateFunction } from 'react-router'
import { KeptRoutes, prerenderSection } from './KeptSections'

afterEach(cleanup)

/** How often each view was mounted (state created) and how many of its effects are connected now. */
const mounts: Record<string, number> = {}
const live: Record<string, number> = {}
const renders: Record<string, number> = {}

function View({ name }: { name: string }): React.ReactNode {
  useState(() => (mounts[name] = (mounts[name] ?? 0) + 1))
  const [count, setCount] = useState(0)
  const { search } = useLocation()
  useEffect(() => {
    live[name] = (live[name] ?? 0) + 1
    return () => {
      live[name] = (live[name] ?? 0) - 1
    }
  }, [name])
  return (
    <section>
      <h1>{name}</h1>
      <button onClick={() => setCount((c) => c + 1)}>
        {name} count {count}
      </button>
      <p>
        {name} search {search || 'none'}
      </p>
      <Body name={name} />
    </section>
  )
}

/** What a section shows below its hooks: rendered again only when the section's own state changed. */
function Body({ name }: { name: string }): React.ReactNode {
  // Counted in render on purpose: a hidden section runs no effects, and its renders are the cost here.
  // eslint-disable-next-line react-hooks/immutability
  renders[name] = (renders[name] ?? 0) + 1
  return <p>{name} body</p>
}

const nav: { current?: NavigateFunction } = {}
function Navigator(): null {
  const navigate = useNavigate()
  useEffect(() => {
    nav.current = navigate
  }, [navigate])
  return null
}

function app(at = '/'): void {
  for (const k of Object.keys(mounts)) delete mounts[k]
  for (const k of Object.keys(live)) delete live[k]
  for (const k of Object.keys(renders)) delete renders[k]
  render(
    <MemoryRouter initialEntries={[at]}>
      <Navigator />
      <main>
        <KeptRoutes>
          <Route path="/" element={<View name="home" />} />
          <Route path="/pipeline" element={<View name="board" />} />
          <Route path="/calls" element={<View name="calls" />} />
          <Route path="/analytics" element={<View name="analytics" />} />
          <Route path="/deals/:id" element={<View name="deal" />} />
        </KeptRoutes>
      </main>
    </MemoryRouter>
  )
}

const go = (to: string): void => act(() => void nav.current!(to))

describe('kept sections (issue 19: a return to a section only reveals it)', () => {
  it('a section left is out of the document, and a return shows it as it was without mounting it again', () => {
    app('/')
    fireEvent.click(screen.getByText('home count 0'))
    fireEvent.click(screen.getByText('home count 1'))
    go('/pipeline')
    expect(screen.getByRole('heading', { name: 'board' })).toBeTruthy()
    // Not hidden in place: gone from the document, so no text or test-id query finds it.
    expect(screen.queryByText('home count 2')).toBeNull()
    expect(document.body.textContent).not.toContain('home')
    go('/')
    expect(screen.getByText('home count 2')).toBeTruthy()
    expect(screen.queryByText(/board/)).toBeNull()
    expect(mounts).toEqual({ home: 1, board: 1 })
  })

  it('a hidden section does no work: its effects are disconnected until it is shown again', () => {
    app('/')
    expect(live.home).toBe(1)
    go('/pipeline')
    expect(live).toEqual({ home: 0, board: 1 })
    go('/')
    expect(live).toEqual({ home: 1, board: 0 })
  })

  it('switching between other sections does not render a hidden one again', async () => {
    app('/')
    go('/pipeline')
    await act(() => new Promise((r) => setTimeout(r, 50)))
    const homeRenders = renders.home
    go('/calls')
    go('/deals/d1')
    go('/pipeline')
    await act(() => new Promise((r) => setTimeout(r, 50)))
    expect(renders.home).toBe(homeRenders)
    // And a return by the sidebar (a new location for the same address) only reveals it.
    go('/')
    expect(screen.getByText('home body')).toBeTruthy()
    expect(renders.home).toBe(homeRenders)
  })

  it('the shown section follows the address, a hidden one keeps the address it was left at', () => {
    app('/calls?recording=r1')
    expect(screen.getByText('calls search ?recording=r1')).toBeTruthy()
    go('/calls?recording=r2')
    expect(screen.getByText('calls search ?recording=r2')).toBeTruthy()
    go('/')
    go(-1 as never)
    expect(screen.getByText('calls search ?recording=r2')).toBeTruthy()
    go('/calls')
    expect(screen.getByText('calls search none')).toBeTruthy()
    expect(mounts.calls).toBe(1)
  })

  it('pages that are not sections mount on each visit and are gone when left', () => {
    app('/deals/d1')
    expect(screen.getByRole('heading', { name: 'deal' })).toBeTruthy()
    go('/')
    expect(screen.queryByRole('heading', { name: 'deal' })).toBeNull()
    go('/deals/d2')
    expect(mounts.deal).toBe(2)
  })

  it('a prerendered section is rendered before its first visit, hidden and idle, and that visit only reveals it', async () => {
    app('/')
    await act(async () => {
      prerenderSection('/analytics')
      // The hidden render is low priority: let React get to it.
      await new Promise((r) => setTimeout(r, 50))
    })
    expect(mounts.analytics).toBe(1)
    expect(live.analytics ?? 0).toBe(0)
    expect(screen.queryByRole('heading', { name: 'analytics' })).toBeNull()
    go('/analytics')
    expect(screen.getByRole('heading', { name: 'analytics' })).toBeTruthy()
    expect(mounts.analytics).toBe(1)
    expect(live.analytics).toBe(1)
  })
})
