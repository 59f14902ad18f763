import type { User } from '../model'
import { DAY, HOUR } from './calendar'
import type { Ctx, RegionCtx, Rep, TeamCtx } from './context'
import { CITIES, GIVEN_NAMES, ROLE_TITLES, SURNAMES, type Pair } from './data'
import { Rng, weighted } from './rng'

const pickSurname = weighted(SURNAMES.map((_, i) => 1 / (i + 4)))

export interface PersonName {
  name: string
  surname: Pair
  given: Pair
}

/** A person's name: 张伟 in zh-CN, pinyin surname-first (Zhang Wei) in en-US. */
export function personName(rng: Rng, L: 0 | 1): PersonName {
  const surname = SURNAMES[pickSurname(rng)] as Pair
  const given = rng.pick(GIVEN_NAMES)
  return { name: L === 0 ? surname[0] + given[0] : `${surname[1]} ${given[1]}`, surname, given }
}

export function mobile(rng: Rng): string {
  const prefixes = [
    '135',
    '136',
    '137',
    '138',
    '139',
    '150',
    '151',
    '152',
    '158',
    '159',
    '177',
    '180',
    '186',
    '187',
    '188',
    '189'
  ]
  return rng.pick(prefixes) + String(rng.int(0, 99_999_999)).padStart(8, '0')
}

/** Builds the org tree and its people: director and coach per region, a manager and reps per team. */
export function buildOrg(ctx: Ctx): void {
  const rng = new Rng(ctx.seed, 'org')
  const { L, ids, anchor } = ctx
  const taken = new Set<string>()
  const orgCreated = ctx.startMs - 720 * DAY
  // Unique in both scripts, so zh-CN and en-US workspaces have the same people.
  const uniqueName = (): PersonName => {
    for (;;) {
      const n = personName(rng, L)
      const zh = n.surname[0] + n.given[0]
      const en = n.surname[1] + ' ' + n.given[1]
      if (!taken.has(zh) && !taken.has(en)) {
        taken.add(zh)
        taken.add(en)
        return n
      }
    }
  }
  const emailOf = (n: PersonName): string => `${n.given[1]}.${n.surname[1]}`.toLowerCase() + '@example.com'
  const person = (role: User['role'], orgUnitId: string, title: Pair, hiredAt: number): User => {
    const n = uniqueName()
    return {
      id: ids.make(hiredAt),
      name: n.name,
      role,
      orgUnitId,
      title: title[L],
      email: emailOf(n),
      phone: mobile(rng),
      active: true,
      hiredAt
    }
  }
  const hireBefore = (minDays: number, maxDays: number): number => {
    const day = ctx.cal.day(anchor - rng.int(minDays, maxDays) * DAY)
    return ctx.cal.at(day, 9)
  }

  let teamIdx = 0
  for (const def of ctx.params.regions) {
    const regionId = ids.make(orgCreated)
    const unit = { id: regionId, kind: 'region' as const, name: def.name[L], parentId: null }
    ctx.orgUnits.push(unit)
    const director = person('director', regionId, ROLE_TITLES.director, hireBefore(900, 2600))
    const coach = person('coach', regionId, ROLE_TITLES.coach, hireBefore(500, 1800))
    ctx.users.push(director, coach)
    const region: RegionCtx = { unit, director, coach, teams: [] }
    ctx.regions.push(region)
    for (const tdef of def.teams) {
      const city = CITIES[tdef.city]
      if (!city) throw new Error(`unknown city ${tdef.city}`)
      const teamUnit = {
        id: ids.make(orgCreated + HOUR),
        kind: 'team' as const,
        name: tdef.name[L],
        parentId: regionId,
        city: city.name[L]
      }
      ctx.orgUnits.push(teamUnit)
      const manager = person('team_lead', teamUnit.id, ROLE_TITLES.manager, hireBefore(600, 2200))
      ctx.users.push(manager)
      const team: TeamCtx = {
        idx: teamIdx++,
        unit: teamUnit,
        region,
        city,
        industries: tdef.industries,
        manager,
        reps: [],
        customers: [],
        saturdays: new Set()
      }
      region.teams.push(team)
      ctx.teams.push(team)
    }
  }

  // Which teams lost a rep this year: spread over the teams, not all in the first ones.
  const departTeams = new Set<number>()
  const order = rng.shuffle(ctx.teams.map((t) => t.idx))
  for (let i = 0; i < Math.min(ctx.params.departed, order.length); i++) departTeams.add(order[i] as number)

  for (const team of ctx.teams) {
    for (let slot = 0; slot < ctx.params.repsPerTeam; slot++) {
      const departs = slot === ctx.params.repsPerTeam - 1 && departTeams.has(team.idx)
      // One rep per region joined this year (a new hire still ramping up); the rest have tenure.
      const newHire = slot === 2 && team === team.region.teams[0]
      const hiredAt = newHire ? hireBefore(150, 190) : hireBefore(420, 2400)
      const title = rng.chance(0.3) && !newHire ? ROLE_TITLES.seniorRep : ROLE_TITLES.rep
      const user = person('rep', team.unit.id, title, hiredAt)
      const rep = addRep(ctx, team, user, rng)
      if (departs) {
        // Left three to four months ago, at the end of a working day.
        const leftDay = ctx.cal.day(anchor - rng.int(95, 125) * DAY)
        rep.leftAt = ctx.cal.at(leftDay, 18)
        user.leftAt = rep.leftAt
        user.active = false
        const replacement = person('rep', team.unit.id, ROLE_TITLES.rep, ctx.cal.at(leftDay + 14, 9))
        addRep(ctx, team, replacement, rng)
      }
    }
  }

  // Under-visitors: reps with tenure who keep roughly half the rhythm. A manager must spot them.
  const eligible = ctx.reps.filter((r) => r.leftAt === Infinity && r.hiredAt < ctx.startMs)
  rng.shuffle(eligible)
  for (let i = 0; i < Math.min(ctx.params.underVisitors, eligible.length); i++) {
    const rep = eligible[i] as Rep
    rep.visitFactor = 0.5 + rng.next() * 0.1
  }
}

function addRep(ctx: Ctx, team: TeamCtx, user: User, rng: Rng): Rep {
  ctx.users.push(user)
  const rep: Rep = {
    idx: ctx.reps.length,
    user,
    team,
    hiredAt: user.hiredAt ?? ctx.startMs,
    leftAt: Infinity,
    visitFactor: 1,
    skill: Math.exp(rng.normal() * 0.22),
    customers: [],
    deals: [],
    stretch: rng.chance(0.8)
  }
  team.reps.push(rep)
  ctx.reps.push(rep)
  return rep
}

export function activeAt(rep: Rep, t: number): boolean {
  return t >= rep.hiredAt && t < rep.leftAt
}
