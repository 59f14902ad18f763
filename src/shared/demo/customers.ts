import type { Contact, Customer, CustomerSize } from '../model'
import { DAY, MINUTE } from './calendar'
import type { Ctx, Cust, Rep, TeamCtx } from './context'
import { BRANDS, CHANNELS, INDUSTRIES, TITLES, type District, type Industry, type Pair } from './data'
import { mobile, personName } from './org'
import { Rng, weighted } from './rng'

const SIZES: readonly CustomerSize[] = ['micro', 'small', 'medium', 'large', 'enterprise']
const CONTACTS_BY_SIZE: readonly (readonly [number, number])[] = [
  [1, 2],
  [1, 3],
  [2, 3],
  [2, 4],
  [3, 4]
]
const pickChannel = weighted(CHANNELS.map((c) => c.weight))

/** Share of customers that are pool leads nobody ever owned (imported from trade shows). */
const POOL_LEAD_SHARE = 0.04

/** Metres to degrees, good enough at these latitudes for scattering points. */
export function offsetCoords(lat: number, lng: number, metres: number, angle: number): { lat: number; lng: number } {
  const dLat = (metres * Math.cos(angle)) / 111_320
  const dLng = (metres * Math.sin(angle)) / (111_320 * Math.cos((lat * Math.PI) / 180))
  return { lat: round6(lat + dLat), lng: round6(lng + dLng) }
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6
}

function eligibleOwner(rep: Rep, createdAt: number, startMs: number): boolean {
  if (rep.leftAt <= createdAt) return false
  // Tenured reps inherit older accounts; reps hired this year are given accounts that came in
  // around their start (a manager hands new people fresh leads, not the old book).
  return rep.hiredAt <= Math.max(createdAt, startMs) || createdAt >= rep.hiredAt - 120 * DAY
}

export function buildCustomers(ctx: Ctx): void {
  const rng = new Rng(ctx.seed, 'customers')
  const { L, ids, cal, anchor, startMs } = ctx
  const names = new Set<string>()
  const industryIdx = new Map(INDUSTRIES.map((ind, i) => [ind.key, i]))
  const teamPickers = ctx.teams.map((team) => {
    const allowed = team.industries ? INDUSTRIES.filter((i) => team.industries?.includes(i.key)) : INDUSTRIES
    const pick = weighted(allowed.map((i) => i.weight))
    const pickDistrict = weighted(team.city.districts.map((d) => d.weight))
    return { allowed, pick, pickDistrict }
  })
  // Teams sharing a city split it by industry, so each gets the city's share of its industries.
  const teamWeights = ctx.teams.map((t) =>
    t.industries ? t.industries.reduce((s, k) => s + (INDUSTRIES[industryIdx.get(k) ?? 0]?.weight ?? 0), 0) / 100 : 1
  )
  const pickTeam = weighted(teamWeights)
  const span = anchor - startMs

  for (let i = 0; i < ctx.params.customers; i++) {
    const team = ctx.teams[pickTeam(rng)] as TeamCtx
    const tp = teamPickers[team.idx] as (typeof teamPickers)[number]
    const industry = tp.allowed[tp.pick(rng)] as Industry
    const district = team.city.districts[tp.pickDistrict(rng)] as District
    const sizeIdx = weighted(industry.sizes)(rng)
    const size = SIZES[sizeIdx] as CustomerSize
    const channel = CHANNELS[pickChannel(rng)]?.name ?? CHANNELS[0]!.name

    // Physical-exam centres are the growing segment: most arrived in the last months.
    let createdAt: number
    if (industry.key === 'exam') createdAt = startMs + span * Math.sqrt(rng.range(0.05, 0.97))
    else if (rng.chance(0.65)) createdAt = startMs - rng.range(10, 1500) * DAY
    else createdAt = startMs + span * rng.range(0, 0.97)
    createdAt = cal.at(cal.day(createdAt), rng.int(9, 17), rng.int(0, 59))

    const { name, short, brand } = companyName(rng, L, team, industry, district, names)
    const tier: Customer['tier'] =
      sizeIdx === 4 && rng.chance(0.15)
        ? 'strategic'
        : sizeIdx >= 3 && rng.chance(0.3)
          ? 'key'
          : sizeIdx === 2 && rng.chance(0.04)
            ? 'key'
            : 'normal'

    const road = rng.pick(district.roads)
    const no = Math.ceil(Math.pow(rng.next(), 2) * 888) + 1
    const building =
      rng.chance(0.5) && industry.orgType === 'company' ? [rng.int(1, 12), rng.int(2, 28) * 100 + rng.int(1, 20)] : null
    const address =
      L === 0
        ? `${team.city.full[0]}${district.name[0]}${road[0]}${no}号${building ? `${building[0]}号楼${building[1]}室` : ''}`
        : `${building ? `Room ${building[1]}, Building ${building[0]}, ` : ''}No. ${no} ${road[1]}, ${district.name[1]}, ${team.city.full[1]}`
    const radius = Math.abs(rng.normal()) * 1800
    const pos = offsetCoords(district.lat, district.lng, radius, rng.range(0, 2 * Math.PI))

    const row: Customer = {
      id: ids.make(createdAt),
      name,
      industry: industry.name[L],
      size,
      channel: channel[L],
      ownerId: null,
      orgUnitId: team.unit.id,
      tier,
      city: team.city.name[L],
      address,
      lat: pos.lat,
      lng: pos.lng,
      createdAt
    }
    const cust: Cust = {
      row,
      team,
      industry,
      district,
      contacts: [],
      short,
      owners: [],
      quietFrom: Infinity,
      frozenFrom: Infinity,
      coldTarget: false,
      busyUntil: -Infinity,
      firstDealAt: Infinity,
      firstWonAt: Infinity,
      lastDealActivityAt: -Infinity,
      weight: industry.key === 'exam' ? 2.5 : sizeIdx >= 3 ? 1.4 : 1
    }

    const isLead = rng.chance(POOL_LEAD_SHARE) && createdAt > startMs
    if (isLead) row.channel = CHANNELS[0]!.name[L]
    const candidates = team.reps.filter((r) => eligibleOwner(r, createdAt, startMs))
    if (isLead || candidates.length === 0) {
      // A lead nobody owns: the pool's cold-visit targets.
      row.poolSince = createdAt
      cust.coldTarget = true
    } else {
      const rep = rng.pick(candidates)
      cust.owners.push({ rep, from: Math.max(createdAt, rep.hiredAt), to: Infinity })
      row.ownerId = rep.user.id
      rep.customers.push(cust)
    }
    addContacts(ctx, rng, cust, sizeIdx, `${brand[1].toLowerCase()}-${industry.domain}.com`)
    team.customers.push(cust)
    ctx.customers.push(cust)
  }
}

function companyName(
  rng: Rng,
  L: 0 | 1,
  team: TeamCtx,
  industry: Industry,
  district: District,
  taken: Set<string>
): { name: string; short: string; brand: Pair } {
  // Both locales' names are built and both must be unused, so a seed makes the same
  // companies in zh-CN and en-US (pinyin collides where characters don't: 智远 / 致远).
  for (let attempt = 0; ; attempt++) {
    const brand = rng.pick(BRANDS)
    const institution = industry.institutions !== undefined && (industry.suffixes.length === 0 || rng.chance(0.5))
    const tpl = institution ? rng.pick(industry.institutions as readonly Pair[]) : rng.pick(industry.suffixes)
    const names = ([0, 1] as const).map((l) => {
      const city = team.city.name[l]
      let name: string
      let short: string
      if (institution) {
        // District names already carry 区/县 in Chinese; the English form drops "District".
        const districtWord = l === 0 ? district.name[0] : district.name[1].replace(/ (District|New Area|Subdistrict|Town)$/, '')
        short = tpl[l].replace('{district}', districtWord).replace('{brand}', brand[l])
        name = l === 0 ? city + short : `${city} ${short}`
      } else {
        name = l === 0 ? `${city}${brand[0]}${tpl[0]}` : `${city} ${brand[1]} ${tpl[1]}`
        short = l === 0 ? `${brand[0]}${industry.short[0]}` : `${brand[1]} ${industry.short[1]}`
      }
      if (attempt > 20) {
        // Rare at bench scale: a branch office, as real CRMs are full of them.
        name += l === 0 ? `（${district.name[0]}分公司）` : ` (${district.name[1]} Branch)`
      }
      return { name, short }
    })
    const zh = names[0] as { name: string; short: string }
    const en = names[1] as { name: string; short: string }
    if (!taken.has(zh.name) && !taken.has(en.name)) {
      taken.add(zh.name)
      taken.add(en.name)
      return { ...(L === 0 ? zh : en), brand }
    }
  }
}

function addContacts(ctx: Ctx, rng: Rng, cust: Cust, sizeIdx: number, domain: string): void {
  const { L, ids } = ctx
  const titles = TITLES[cust.industry.orgType]
  const [lo, hi] = CONTACTS_BY_SIZE[sizeIdx] as readonly [number, number]
  const n = rng.int(lo, hi)
  const used = new Set<number>()
  for (let i = 0; i < n; i++) {
    // Small firms: the first contact is the boss; larger ones: a department head or manager.
    let ti: number
    if (i === 0) {
      const seniority = sizeIdx <= 1 ? 5 : rng.pick([2, 3, 3, 4])
      ti = titles.findIndex((t) => t.seniority === seniority)
      if (ti < 0) ti = 0
      if (rng.chance(0.5)) {
        const same = titles.map((t, k) => (t.seniority === seniority ? k : -1)).filter((k) => k >= 0)
        ti = rng.pick(same)
      }
    } else ti = rng.int(0, titles.length - 1)
    if (used.has(ti)) continue
    used.add(ti)
    const title = titles[ti]!
    const person = personName(rng, L)
    const unknown = rng.chance(0.15)
    const row: Contact = {
      id: ids.make(cust.row.createdAt + (i + 1) * MINUTE),
      customerId: cust.row.id,
      name: person.name,
      title: title.name[L],
      seniority: title.seniority,
      phone: mobile(rng),
      decisionRole: unknown ? 'unknown' : title.role
    }
    if (rng.chance(0.7)) row.email = `${person.given[1]}.${person.surname[1]}`.toLowerCase() + '@' + domain
    if (title.seniority === 1 && rng.chance(0.4)) delete row.decisionRole
    const salute = L === 0 ? (title.honorific ? person.surname[0] + title.honorific : person.name) : person.name
    cust.contacts.push({ row, salute })
    ctx.contacts.push(row)
  }
}
