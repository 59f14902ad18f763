import { loadOrgUnits, orgView, scopeOf, type OrgUnitRow, type OrgView, type Scope } from './org'
import type { HubStore, Sql } from './store'

/**
 * Scopes and the org tree, cached per hub instance. Computing a scope reads every org unit, and
 * every request needs one; under load that was most of the hub's queries. The cache is keyed by
 * `org_version`, a counter a trigger bumps on any change to org units or users (by this hub, the
 * admin tool or another instance), so a manager moved to another region loses the old one on
 * their very next request — the check is one single-row read. On PGlite, where every writer
 * is this process, the trigger's notification clears the cache instead, with no read at all.
 */
export class ScopeCache {
  private version = -1
  private readonly scopes = new Map<string, Promise<Scope | undefined>>()
  /** Settled scopes with the version they were cached under, for `peek`. */
  private readonly settled = new Map<string, { scope: Scope; version: number }>()
  private units: Promise<Map<string, OrgUnitRow>> | undefined
  /** Each user's `/sync/org` answer: every laptop asks on every sync round, and it changes only with the org. */
  private readonly views = new Map<string, Promise<OrgView>>()

  /** Set once the store delivers org changes itself (PGlite); then no version read is needed. */
  private watched = false

  constructor(private readonly db: Sql & Pick<HubStore, 'watchOrg'>) {}

  /** Subscribes to org changes where the store offers it; call once before serving. */
  async start(): Promise<void> {
    // Shared by records and the sheet relay: both may start it, one subscription is enough.
    if (this.watched || !this.db.watchOrg) return
    await this.db.watchOrg(() => this.clear())
    this.watched = true
  }

  /** Forgets everything; the next `scope()` reads the version again. */
  clear(): void {
    this.scopes.clear()
    this.settled.clear()
    this.views.clear()
    this.units = undefined
  }

  /** Reads the version first, so anything cached after it reflects at least that version. */
  private async check(): Promise<void> {
    if (this.watched) return
    const [row] = await this.db.query<{ v: number | string }>('SELECT v FROM org_version')
    const v = Number(row?.v ?? 0)
    if (v !== this.version) {
      this.version = v
      this.clear()
    }
  }

  async scope(userId: string): Promise<Scope | undefined> {
    await this.check()
    let hit = this.scopes.get(userId)
    if (!hit) {
      // The tree is read once per org version, not once per user: after a restart 200 laptops
      // sign in within seconds, and each scope read the whole tree.
      hit = scopeOf(this.db, userId, this.orgUnits())
      this.scopes.set(userId, hit)
      const version = this.version
      void hit.then(
        (scope) => {
          if (scope && this.scopes.get(userId) === hit) this.settled.set(userId, { scope, version })
        },
        () => undefined
      )
      // A failed read must not stay cached.
      hit.catch(() => this.scopes.delete(userId))
    }
    return hit
  }

  /**
   * A cached scope without any read, with the org version it belongs to, or undefined. The
   * caller must verify that version inside its own statement (see records.ts `orgVersion`) and
   * start over with `clear()` + `scope()` when it moved: so the hot paths, push and pull, save
   * the separate version read and a scope is still never used after its org changed.
   * Only where versions are read (PostgreSQL); PGlite's notified cache needs no check at all.
   */
  peek(userId: string): { scope: Scope; version: number } | undefined {
    return this.watched ? undefined : this.settled.get(userId)
  }

  /** The org as `scope`'s user may see it, as of the last `scope()` check (the request's own authentication). */
  view(scope: Scope): Promise<OrgView> {
    let hit = this.views.get(scope.user.id)
    if (!hit) {
      const view = orgView(this.db, scope, this.orgUnits())
      hit = view
      this.views.set(scope.user.id, view)
      view.catch(() => {
        if (this.views.get(scope.user.id) === view) this.views.delete(scope.user.id)
      })
    }
    return hit
  }

  /** The org tree as of the last `scope()` check (the request's own authentication). */
  orgUnits(): Promise<Map<string, OrgUnitRow>> {
    if (!this.units) {
      const units = loadOrgUnits(this.db)
      this.units = units
      units.catch(() => {
        if (this.units === units) this.units = undefined
      })
    }
    return this.units
  }
}
