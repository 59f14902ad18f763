/** Team rows: regions, teams and the reps in them. */
import { Customer, Deal, User } from '../../model'
import { matchKey, personKey } from './normalise'
import { isBlankValue, isEmail } from './values'
import { RowState, clip, limit, compact, type Draft, type Builder, type Drafter, type Env, requireText, optionalText, check } from './validate-row'

// ─── teams ──────────────────────────────────────────────────────────────────────────────────

/**
 * A teams file (rep, their manager, their regional office) builds the org tree: a region per
 * office, a team per manager (or per team column), the managers, and the reps in their teams.
 * A rep the workspace already has (a deals import created them) moves to their team, and so do
 * their deals and customers that sat in the team they came from, so scope and "by office"
 * figures follow.
 */
export function teamDrafts(env: Env): Drafter {
  const { reader, context, choices } = env
  const units = context.orgUnits
  const regionsByKey = new Map<string, string>()
  const teamsByKey = new Map<string, string>()
  for (const o of units) (o.kind === 'region' ? regionsByKey : teamsByKey).set(matchKey(o.name), o.id)
  const defaultTeam = context.defaultOrgUnitId ? units.find((o) => o.id === context.defaultOrgUnitId) : undefined
  // Teams whose office the file does not name go under the region of the workspace's default team.
  const fallbackRegion = defaultTeam?.parentId ?? units.find((o) => o.kind === 'region')?.id ?? null
  const pattern = choices.teamNamePattern ?? '{manager} team'
  const people = new Map<string, User>() // planned this run, by person key
  const planned = new Set<string>()
  const usersById = new Map(context.users.map((u) => [u.id, u]))
  const dealsByOwner = new Map<string, Deal[]>()
  for (const d of context.deals) if (!d.deleted) dealsByOwner.set(d.ownerId, [...(dealsByOwner.get(d.ownerId) ?? []), d])
  const customersByOwner = new Map<string, Customer[]>()
  for (const c of context.customers) if (!c.deleted && c.ownerId) customersByOwner.set(c.ownerId, [...(customersByOwner.get(c.ownerId) ?? []), c])

  const unit = (out: Builder, kind: 'region' | 'team', name: string, parentId: string | null): string => {
    const index = kind === 'region' ? regionsByKey : teamsByKey
    const key = matchKey(name)
    let id = index.get(key)
    if (!id) {
      id = out.newId()
      index.set(key, id)
      out.plan.orgUnits.push({ id, kind, name: name.slice(0, 120), parentId })
      env.orgUnitsCreated++
    }
    return id
  }
  /** A person by name: one planned this run, else the workspace's; undefined if nobody. */
  const person = (name: string): User | undefined => {
    const p = people.get(personKey(name))
    if (p) return p
    const u = env.users(name)
    return u ? ({ ...u, role: u.role ?? 'rep' } as User) : undefined
  }
  const plan = (out: Builder, u: User): void => {
    people.set(personKey(u.name), u)
    if (planned.has(u.id)) {
      const i = out.plan.users.findIndex((x) => x.id === u.id)
      out.plan.users[i] = u
    } else {
      planned.add(u.id)
      out.plan.users.push(u)
    }
  }

  return (row, i) => {
    const st = new RowState(i, reader.rowNumber(i))
    const name = limit(requireText(env, row, st, 'name'), 80, 'name', st)
    const managerName = limit(reader.text(row, 'manager'), 80, 'manager', st)
    const regionName = reader.text(row, 'region')
    const teamCell = reader.text(row, 'team')
    const title = optionalText(env, row, st, 'title', 80)
    const emailRaw = reader.text(row, 'email')
    let email: string | undefined
    if (emailRaw) {
      if (isEmail(emailRaw)) email = limit(emailRaw.toLowerCase(), 200, 'email', st)
      else st.warn('import.email-invalid', { value: clip(emailRaw) })
    }
    const draft: Draft = { st, identity: name ? `p:${personKey(name)}` : null, label: name }
    if (st.hasError) return draft
    draft.materialise = (out) => {
      const regionId = regionName && !isBlankValue(regionName) ? unit(out, 'region', regionName, null) : undefined
      const teamName =
        teamCell && !isBlankValue(teamCell) ? teamCell : managerName && !isBlankValue(managerName) ? pattern.replace('{manager}', managerName) : regionName && !isBlankValue(regionName) ? regionName : ''
      const teamId = teamName ? unit(out, 'team', teamName, regionId ?? fallbackRegion) : context.defaultOrgUnitId
      if (!teamId) {
        st.error('import.team-missing', { account: clip(name) })
        return undefined
      }
      // A team's manager is its team lead (roles v2).
      if (managerName && !isBlankValue(managerName)) {
        const m = person(managerName)
        if (!m) plan(out, { id: out.newId(), name: managerName, role: 'team_lead', orgUnitId: teamId, active: true })
        else if (m.role === 'team_lead' && m.orgUnitId !== teamId && !planned.has(m.id)) plan(out, { ...m, orgUnitId: teamId })
      }
      const existing = person(name)
      let rep: User
      if (!existing) {
        rep = compact({ id: out.newId(), name, role: 'rep', orgUnitId: teamId, active: true, email, title }) as User
      } else {
        rep = compact({ ...existing, orgUnitId: teamId, email: email ?? existing.email, title: title ?? existing.title }) as User
        const from = usersById.get(existing.id)?.orgUnitId
        if (from && from !== teamId) {
          // Their book follows them out of the team they were filed in.
          for (const d of dealsByOwner.get(existing.id) ?? []) if (d.orgUnitId === from) out.plan.deals.push({ ...d, orgUnitId: teamId })
          for (const c of customersByOwner.get(existing.id) ?? []) if (c.orgUnitId === from) out.plan.customers.push({ ...c, orgUnitId: teamId })
          st.warn('import.rep-moved', { rep: existing.name, team: teamName })
        }
      }
      if (!check(User, rep, st)) return undefined
      plan(out, rep)
      return { record: rep, action: existing && context.users.some((u) => u.id === existing.id) ? 'update' : 'create' }
    }
    return draft
  }
}
