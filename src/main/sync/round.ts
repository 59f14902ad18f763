/**
 * Main's half of a sync round, and the one owner of its decisions: whether the page is behind
 * (so it should run a round), which streams a round pulls, and when the org and the conflict
 * inbox are asked for. Only main sees the hub's pokes and resets, so only main judges; the page
 * stores the cursors it was given (in the same transaction as the ops) and applies what comes.
 * Pure state over an injected clock: every rule is tested without a hub (round.test.ts).
 */

/**
 * A round asks for the org and the conflict inbox at most this often, and at once after a
 * connect, a reset or a reconnect of the live socket: the hub pushes scope changes as resets,
 * and with 50 busy laptops in a region a round runs about every second.
 */
export const ORG_REFRESH_MS = 30_000
/**
 * While the live socket is up, a round skips a stream that has been quiet (no poke, nothing
 * pulled) for STREAM_QUIET_MS and holds nothing past our cursor — on a laptop of a busy region,
 * the org-wide stream. The hub folds pokes for up to a second (live.ts POKE_WINDOW_MS), so a
 * stream poked just now may have moved again without a word yet: it is pulled. Every stream is
 * still pulled every STREAM_REFRESH_MS, in case a poke was lost; that refresh falling due makes
 * the page behind.
 */
export const STREAM_QUIET_MS = 5_000
export const STREAM_REFRESH_MS = 60_000

/** What the first page of a round brings besides the streams. */
export interface RoundStart {
  /** Ask for the org (regions in scope, people) before the streams. */
  orgDue: boolean
  /** Pull every stream, quiet or not. */
  everything: boolean
}

export class RoundPlanner {
  /** The cursors the page holds, as it last sent them and as main last returned them (undefined: unknown). */
  private known: Record<string, number> | undefined
  /** When the org and conflicts were last asked for (undefined: due now). */
  private orgFetchedAt: number | undefined
  /** When every stream was last pulled (undefined: due now). */
  private allPulledAt: number | undefined
  /** When each stream was last poked or brought ops. */
  private readonly movedAt = new Map<string, number>()
  /** Each stream's head as its last pull saw it (a stream never pulled is never skipped). */
  private readonly pulledHeads = new Map<string, number>()
  /** The newest conflict id any pull page named when the inbox was last asked for. */
  private conflictsAskedTop = 0
  /** The last page answered `more`: the page has another page to fetch. */
  private more = false

  /** A new connection (connect, sign-in after start, disconnect): nothing is known of the page or the hub. */
  forget(): void {
    this.known = undefined
    this.orgFetchedAt = undefined
    this.allPulledAt = undefined
    this.conflictsAskedTop = 0
    this.more = false
  }

  /** The live socket is (back) up: pokes sent while it was down are lost, so everything is due. */
  liveUp(): void {
    this.orgFetchedAt = undefined
    this.allPulledAt = undefined
  }

  /** The hub's org changed for this user (a reset, or an org edit of ours): the next round asks for it first. */
  orgChanged(): void {
    this.orgFetchedAt = undefined
  }

  poked(stream: string, now: number): void {
    this.movedAt.set(stream, now)
  }

  /**
   * A round's page starts from the cursors the page holds (its truth, stored with its data). The
   * first page of a round (`firstPage`) may bring the org; without the live socket no poke or
   * reset reaches us, so every round asks for the org and every stream.
   */
  start(cursors: Record<string, number>, now: number, o: { firstPage: boolean; live: boolean }): RoundStart {
    this.known = { ...cursors }
    const orgDue = o.firstPage && (!o.live || this.orgFetchedAt === undefined || now - this.orgFetchedAt >= ORG_REFRESH_MS)
    if (orgDue) this.orgFetchedAt = now
    const everything = !o.live || this.allPulledAt === undefined || now - this.allPulledAt >= STREAM_REFRESH_MS
    if (everything) this.allPulledAt = now
    return { orgDue, everything }
  }

  /** A quiet stream no poke moved past our cursor has nothing new: the round skips it. */
  skip(stream: string, now: number, heads: Record<string, number>, everything: boolean): boolean {
    if (everything) return false
    const after = this.known?.[stream] ?? 0
    const quiet = now - (this.movedAt.get(stream) ?? -Infinity) >= STREAM_QUIET_MS
    const head = this.pulledHeads.get(stream)
    return quiet && head !== undefined && Math.max(head, heads[stream] ?? 0) <= after
  }

  /** One stream's page came back; `cursor` is what main returns to the page for it. */
  pulled(stream: string, page: { cursor: number; head: number; brought: number }, now: number): void {
    if (page.brought > 0) this.movedAt.set(stream, now)
    this.pulledHeads.set(stream, page.head)
    if (this.known) this.known[stream] = page.cursor
  }

  /** Ask for the inbox: with the org, and at once when a page names a conflict found since we last asked. */
  askConflicts(orgDue: boolean, conflictTop: number): boolean {
    const ask = orgDue || conflictTop > this.conflictsAskedTop
    if (ask) this.conflictsAskedTop = Math.max(this.conflictsAskedTop, conflictTop)
    return ask
  }

  /** The round's page is over; `more`: a stream has another page. */
  finish(more: boolean): void {
    this.more = more
  }

  /**
   * Is the page behind the hub? Yes when main cannot tell what it holds (nothing pulled since the
   * connection), when the org or a full pull is due (after a connect, a reset, a socket that came
   * back, or the minute's refresh), when a stream has another page, or when a stream in scope has
   * a head (from a poke or a pull) past the cursor the page holds.
   */
  behind(streams: readonly string[], heads: Record<string, number>, now: number): boolean {
    return !this.known || this.orgFetchedAt === undefined || this.refreshDueIn(now) <= 0 || this.lacksOps(streams, heads)
  }

  /** The narrower question the header answers after a pull ("syncing" or "up to date"): does the page lack ops it knows of? */
  lacksOps(streams: readonly string[], heads: Record<string, number>): boolean {
    if (this.more) return true
    const known = this.known ?? {}
    return streams.some((s) => (heads[s] ?? 0) > (known[s] ?? 0))
  }

  /** Milliseconds until every stream is due again (≤ 0: now). */
  refreshDueIn(now: number): number {
    return this.allPulledAt === undefined ? 0 : this.allPulledAt + STREAM_REFRESH_MS - now
  }
}
