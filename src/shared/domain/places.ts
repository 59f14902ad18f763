import { CITIES } from '../demo/data'
import type { Customer } from '../model'

/**
 * Where a customer is, as territories need it: province, city and district, read from the
 * address (Chinese or English) or, when the address names no place we know, from the
 * coordinates (the nearest district centre within a city's reach). The gazetteer is the cities
 * the app knows with their real district centres; a place outside it is still matched by a
 * rule naming it in the address text (see `ruleMatches`).
 */

export interface PlaceNames {
  /** Every spelling (Chinese, English, with and without 省/市/区), lower-case. */
  names: string[]
}
export interface Place {
  province?: PlaceNames
  city?: PlaceNames
  district?: PlaceNames
  /** How the place was found; `none`: no address, city or coordinates to go by. */
  from: 'address' | 'coordinates' | 'none'
}

const PROVINCE_OF: Record<string, [string, string]> = {
  sh: ['上海', 'Shanghai'],
  hz: ['浙江', 'Zhejiang'],
  nj: ['江苏', 'Jiangsu'],
  su: ['江苏', 'Jiangsu'],
  gz: ['广东', 'Guangdong'],
  sz: ['广东', 'Guangdong'],
  dg: ['广东', 'Guangdong']
}

const low = (s: string): string => s.trim().toLowerCase()
const spellings = (...xs: string[]): string[] => {
  const out = new Set<string>()
  for (const x of xs) {
    const v = low(x)
    if (!v) continue
    out.add(v)
    out.add(v.replace(/(省|市|区|新区|县)$/u, ''))
    out.add(v.replace(/ (district|new area|city|province)$/u, ''))
  }
  return [...out].filter((v) => v.length > 0)
}

interface Entry {
  province: PlaceNames
  city: PlaceNames
  district: PlaceNames
  lat: number
  lng: number
}

const GAZETTEER: Entry[] = Object.values(CITIES).flatMap((c) => {
  const prov = PROVINCE_OF[c.key] ?? c.name
  const province = { names: spellings(prov[0], prov[1], `${prov[0]}省`, `${prov[0]}市`) }
  const city = { names: spellings(c.name[0], c.name[1], c.full[0], c.full[1]) }
  return c.districts.map((d) => ({
    province,
    city,
    district: { names: spellings(d.name[0], d.name[1]) },
    lat: d.lat,
    lng: d.lng
  }))
})

/** Beyond this from every district centre we know, coordinates say nothing we can use. */
const REACH_KM = 25

function km(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * 6371 * Math.asin(Math.sqrt(h))
}

const longest = (names: string[], text: string): number =>
  Math.max(0, ...names.filter((n) => n.length > 1 && text.includes(n)).map((n) => n.length))

/** The customer's place: the address first (a district named in it, else its city), then the coordinates. */
export function placeOf(c: Pick<Customer, 'city' | 'address' | 'lat' | 'lng'>): Place {
  const text = low(`${c.address ?? ''} ${c.city ?? ''}`)
  if (text.trim()) {
    // A district is only believed together with its city (朝阳区 is in two cities elsewhere) or when the city is unnamed.
    let best: Entry | undefined
    let bestScore = 0
    for (const e of GAZETTEER) {
      const city = longest(e.city.names, text)
      const district = longest(e.district.names, text)
      // The city column, when filled, is the customer's own word for it and outweighs the address.
      const own = c.city && e.city.names.includes(low(c.city)) ? 20 : 0
      const score = own + (city ? 10 : 0) + (district ? 1 : 0)
      if (score > bestScore) {
        best = e
        bestScore = score
      }
    }
    if (best && bestScore >= 10) {
      const withDistrict = bestScore % 10 === 1
      return { province: best.province, city: best.city, ...(withDistrict ? { district: best.district } : {}), from: 'address' }
    }
  }
  if (typeof c.lat === 'number' && typeof c.lng === 'number') {
    const here = { lat: c.lat, lng: c.lng }
    let near: Entry | undefined
    let nearKm = Infinity
    for (const e of GAZETTEER) {
      const d = km(here, e)
      if (d < nearKm) {
        near = e
        nearKm = d
      }
    }
    if (near && nearKm <= REACH_KM)
      return { province: near.province, city: near.city, district: near.district, from: 'coordinates' }
  }
  return { from: text.trim() ? 'address' : 'none' }
}

/** Does the customer have anything to place them by (an address, a city or coordinates)? */
export function hasLocation(c: Pick<Customer, 'city' | 'address' | 'lat' | 'lng'>): boolean {
  return Boolean(c.address?.trim() || c.city?.trim() || (typeof c.lat === 'number' && typeof c.lng === 'number'))
}
