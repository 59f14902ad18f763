import { describe, expect, it } from 'vitest'
import { RoundPlanner, STREAM_QUIET_MS, STREAM_REFRESH_MS } from './round'

/** Main's judgement of a round, without a hub: when the page is behind, and what a round asks for. */

const streams = ['r-east', 'global']
const t0 = 1_763_800_000_000

/** A planner after one full round that left the page at these cursors, with the live socket up. */
function caughtUp(cursors: Record<string, number>): RoundPlanner {
  const p = new RoundPlanner()
  p.liveUp()
  p.start(cursors, t0, { firstPage: true, live: true })
  for (const [s, c] of Object.entries(cursors)) p.pulled(s, { cursor: c, head: c, brought: 0 }, t0)
  p.finish(false)
  return p
}

describe('round planner (main owns "am I behind?")', () => {
  it('is behind before it has seen the page pull: main cannot tell what a workspace holds', () => {
    const p = new RoundPlanner()
    expect(p.behind(streams, {}, t0)).toBe(true)
  })

  it('is not behind after a round that reached every head; a poke past the page’s cursor makes it behind', () => {
    const p = caughtUp({ 'r-east': 7, global: 2 })
    expect(p.behind(streams, { 'r-east': 7, global: 2 }, t0 + 1_000)).toBe(false)
    p.poked('r-east', t0 + 2_000)
    expect(p.behind(streams, { 'r-east': 9, global: 2 }, t0 + 2_000)).toBe(true)
    // A head of a stream no longer in scope (a region left behind) never makes the page behind.
    expect(p.behind(streams, { 'r-east': 7, global: 2, 'r-west': 40 }, t0 + 2_000)).toBe(false)
  })

  it('takes the cursors the page sends as its truth, and the ones it returns as what the page then holds', () => {
    const p = caughtUp({ 'r-east': 7, global: 2 })
    // Another workspace's page (or one that lost its data) starts from nothing: every stream from 0.
    p.start({}, t0 + 1_000, { firstPage: true, live: true })
    expect(p.behind(streams, { 'r-east': 7, global: 2 }, t0 + 1_000)).toBe(true)
    p.pulled('r-east', { cursor: 7, head: 7, brought: 7 }, t0 + 1_000)
    p.pulled('global', { cursor: 2, head: 2, brought: 2 }, t0 + 1_000)
    p.finish(false)
    expect(p.behind(streams, { 'r-east': 7, global: 2 }, t0 + 1_000)).toBe(false)
  })

  it('a stream with another page keeps the page behind until the last page', () => {
    const p = caughtUp({ 'r-east': 0, global: 0 })
    p.start({ 'r-east': 0, global: 0 }, t0 + 1_000, { firstPage: false, live: true })
    p.pulled('r-east', { cursor: 1000, head: 2500, brought: 1000 }, t0 + 1_000)
    p.finish(true)
    expect(p.behind(streams, { 'r-east': 2500 }, t0 + 1_000)).toBe(true)
  })

  it('a reset (or an org edit of ours) makes the page behind and the next round ask for the org first', () => {
    const p = caughtUp({ 'r-east': 7, global: 2 })
    p.orgChanged()
    expect(p.behind(streams, { 'r-east': 7, global: 2 }, t0 + 1_000)).toBe(true)
    expect(p.start({ 'r-east': 7, global: 2 }, t0 + 1_000, { firstPage: true, live: true }).orgDue).toBe(true)
    p.finish(false)
    expect(p.behind(streams, { 'r-east': 7, global: 2 }, t0 + 1_000)).toBe(false)
  })

  it('the minute’s refresh of every stream (a lost poke) falls due and makes the page behind', () => {
    const p = caughtUp({ 'r-east': 7, global: 2 })
    expect(p.refreshDueIn(t0 + 10_000)).toBe(STREAM_REFRESH_MS - 10_000)
    expect(p.behind(streams, { 'r-east': 7, global: 2 }, t0 + STREAM_REFRESH_MS - 1)).toBe(false)
    expect(p.behind(streams, { 'r-east': 7, global: 2 }, t0 + STREAM_REFRESH_MS)).toBe(true)
    expect(p.start({ 'r-east': 7, global: 2 }, t0 + STREAM_REFRESH_MS, { firstPage: true, live: true }).everything).toBe(true)
  })

  it('with the live socket up a round skips a quiet stream nothing moved past the page; a poked one is pulled', () => {
    const p = caughtUp({ 'r-east': 7, global: 2 })
    const now = t0 + STREAM_QUIET_MS + 1
    p.poked('r-east', now)
    const { everything, orgDue } = p.start({ 'r-east': 7, global: 2 }, now, { firstPage: true, live: true })
    expect({ everything, orgDue }).toEqual({ everything: false, orgDue: false })
    expect(p.skip('global', now, { 'r-east': 9, global: 2 }, everything)).toBe(true)
    expect(p.skip('r-east', now, { 'r-east': 9, global: 2 }, everything)).toBe(false)
    // Without the socket no poke can reach us: every round asks for the org and every stream.
    expect(p.start({ 'r-east': 7, global: 2 }, now, { firstPage: true, live: false })).toEqual({ orgDue: true, everything: true })
  })

  it('asks for the conflict inbox with the org, or at once when a page names a conflict newer than the last asked', () => {
    const p = new RoundPlanner()
    expect(p.askConflicts(true, 0)).toBe(true)
    expect(p.askConflicts(false, 0)).toBe(false)
    expect(p.askConflicts(false, 3)).toBe(true)
    expect(p.askConflicts(false, 3)).toBe(false)
  })
})
