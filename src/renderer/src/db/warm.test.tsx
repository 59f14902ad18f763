// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { CockpitDb, getDb, useDb } from './database'
import { setWarmKeepMs, useWarmQuery, warmMemo } from './warm'

let n = 0
let reads = 0
beforeEach(() => {
  useDb(new CockpitDb(`warm-test-${++n}`))
  reads = 0
  setWarmKeepMs(60_000)
})
afterEach(cleanup)

function Names({ label }: { label: string }): React.ReactNode {
  const rows = useWarmQuery('names', async () => {
    reads++
    return (await getDb().orgUnits.toArray()).map((o) => o.name).sort()
  })
  return <p data-testid={label}>{rows === undefined ? 'loading' : rows.join(',') || 'none'}</p>
}

const unit = (id: string, name: string) => ({ id, name, kind: 'team' as const, parentId: null })

describe('warm live queries (issue 19: a return to a section paints at once)', () => {
  it('a view mounted again shows the rows on its first render, without reading them again', async () => {
    await getDb().orgUnits.bulkPut([unit('a', 'East'), unit('b', 'North')])
    const first = render(<Names label="v" />)
    await waitFor(() => expect(screen.getByTestId('v').textContent).toBe('East,North'))
    const readsBefore = reads
    first.unmount()
    // The section again: no "loading" frame, and the query did not run again.
    render(<Names label="v" />)
    expect(screen.getByTestId('v').textContent).toBe('East,North')
    expect(reads).toBe(readsBefore)
  })

  it('two views asking the same thing share one query, and both follow a write', async () => {
    render(
      <>
        <Names label="a" />
        <Names label="b" />
      </>
    )
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('none'))
    expect(screen.getByTestId('b').textContent).toBe('none')
    await act(async () => {
      await getDb().orgUnits.put(unit('c', 'West'))
    })
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('West'))
    expect(screen.getByTestId('b').textContent).toBe('West')
    // One query per change, not one per view (two views with their own queries read 4 times).
    expect(reads).toBeLessThan(4)
  })

  it('a write while nobody shows the section is there on the next visit', async () => {
    const first = render(<Names label="v" />)
    await waitFor(() => expect(screen.getByTestId('v').textContent).toBe('none'))
    first.unmount()
    await getDb().orgUnits.put(unit('d', 'South'))
    render(<Names label="v" />)
    await waitFor(() => expect(screen.getByTestId('v').textContent).toBe('South'))
  })

  it('another workspace starts cold', async () => {
    await getDb().orgUnits.put(unit('a', 'East'))
    const first = render(<Names label="v" />)
    await waitFor(() => expect(screen.getByTestId('v').textContent).toBe('East'))
    first.unmount()
    useDb(new CockpitDb(`warm-test-other-${n}`))
    render(<Names label="v" />)
    expect(screen.getByTestId('v').textContent).toBe('loading')
    await waitFor(() => expect(screen.getByTestId('v').textContent).toBe('none'))
  })
})

describe('warmMemo', () => {
  it('recomputes only when an input changes by identity', () => {
    let runs = 0
    const rows = [1, 2, 3]
    const sum = (xs: number[]): number => warmMemo('sum', [xs], () => (runs++, xs.reduce((a, b) => a + b, 0)))
    expect(sum(rows)).toBe(6)
    expect(sum(rows)).toBe(6)
    expect(runs).toBe(1)
    expect(sum([...rows, 4])).toBe(10)
    expect(runs).toBe(2)
  })
})

function Named({ id }: { id: string }): React.ReactNode {
  const name = useWarmQuery(`unit:${id}`, async () => (await getDb().orgUnits.get(id))?.name ?? 'none')
  return <p data-testid="named">{name ?? 'loading'}</p>
}

describe('a new key', () => {
  it('keeps the last result on screen until its own arrives', async () => {
    await getDb().orgUnits.bulkPut([unit('a', 'East'), unit('b', 'North')])
    const view = render(<Named id="a" />)
    await waitFor(() => expect(screen.getByTestId('named').textContent).toBe('East'))
    view.rerender(<Named id="b" />)
    // Never a "loading" frame between the two.
    expect(screen.getByTestId('named').textContent).toBe('East')
    await waitFor(() => expect(screen.getByTestId('named').textContent).toBe('North'))
  })
})
