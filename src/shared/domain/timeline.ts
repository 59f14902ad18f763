import type { Activity, ActivityKind } from '../model/activity'
import type { StageHistory } from '../model/stage-history'
import type { Comment } from '../model/comment'
import { startOfDay, zoneOffsetMs, DAY_MS } from './calendar'
import { normalizeForSearch } from './search'
import type { PostSaleInfo, PostSaleKind } from './post-sale-timeline'

/**
 * The mixed follow-up timeline (混合跟单时间线): every activity, stage move and comment of a
 * customer or deal in one strictly ordered stream, so a lost deal can be replayed exactly.
 *
 * One total order: by time, then kind rank, then id. Rows from imports are not trusted: a
 * missing or invalid time sorts first (shown under "date unknown"), an unknown kind is kept
 * as `unknown` instead of dropped, and future times are flagged rather than hidden (a planned
 * visit is legitimately in the future; a typo'd year is not, and the flag shows both).
 */

/** `call_comment`: a coach's comment at a moment of a recorded call (written on the calls page). */
export type TimelineKind = ActivityKind | 'stage_change' | 'comment' | 'call_comment' | PostSaleKind | 'unknown'

export const kindGroups = ['visits', 'calls', 'messages', 'documents', 'money', 'dealChanges', 'pool', 'coaching', 'audit', 'other'] as const
export type KindGroup = (typeof kindGroups)[number]

const groupOfKind: Record<TimelineKind, KindGroup> = {
  visit: 'visits',
  call: 'calls',
  sms: 'messages',
  email: 'messages',
  wechat: 'messages',
  quote: 'documents',
  requirement: 'documents',
  proposal: 'documents',
  contract: 'documents',
  payment: 'money',
  delivery: 'money',
  stage_change: 'dealChanges',
  amount_change: 'dealChanges',
  close_date_change: 'dealChanges',
  owner_change: 'dealChanges',
  big_deal_flag: 'dealChanges',
  pool_claim: 'pool',
  pool_reclaim: 'pool',
  ride_along: 'coaching',
  role_play: 'coaching',
  coaching_comment: 'coaching',
  note: 'coaching',
  task: 'coaching',
  comment: 'coaching',
  call_comment: 'coaching',
  audit_result: 'audit',
  contract_signed: 'documents',
  milestone: 'money',
  invoice: 'money',
  collection: 'money',
  instalment_overdue: 'money',
  unknown: 'other'
}

export function kindGroup(kind: TimelineKind): KindGroup {
  return groupOfKind[kind]
}

/**
 * Tie-break for events at the same instant: the deal's state changes first (a stage move
 * logged together with the visit that earned it reads "moved, because of this visit"
 * either way, but it must always read the same way), then customer touches, then paperwork,
 * then what managers wrote about it.
 */
const kindOrder: readonly TimelineKind[] = [
  'pool_claim',
  'owner_change',
  'stage_change',
  'amount_change',
  'close_date_change',
  'big_deal_flag',
  'visit',
  'ride_along',
  'call',
  'sms',
  'email',
  'wechat',
  'requirement',
  'proposal',
  'quote',
  'contract',
  'contract_signed',
  'delivery',
  'milestone',
  'invoice',
  'payment',
  'collection',
  'instalment_overdue',
  'task',
  'role_play',
  'note',
  'coaching_comment',
  'call_comment',
  'comment',
  'audit_result',
  'pool_reclaim',
  'unknown'
]
const kindRankMap = new Map<string, number>(kindOrder.map((k, i) => [k, i]))
export function kindRank(kind: TimelineKind): number {
  return kindRankMap.get(kind) ?? kindOrder.length
}

export type TimeState = 'ok' | 'missing' | 'future'

export interface TimelineEvent {
  id: string
  kind: TimelineKind
  /** The kind as stored; differs from `kind` only for unknown kinds from an import. */
  rawKind: string
  /** Epoch ms; NaN when the row had no usable time. */
  at: number
  /** Precomputed for the sort, which runs on every data change: -Infinity for missing times. */
  sortAt: number
  rank: number
  timeState: TimeState
  customerId: string | null
  dealId: string | null
  /** The people involved: the rep, a manager who rode along or assigned, the author. */
  personIds: string[]
  activity?: Activity
  stage?: StageHistory
  comment?: Comment
  /** Tasks: when and by whom it was marked done (a separate append-only row). */
  done?: TaskDone
  /** Contract signed, milestone, invoice, collection (回款) or overdue instalment (see post-sale-timeline.ts). */
  postSale?: PostSaleInfo
  /** A fact of a day, not of a moment (a milestone, a due day): no clock time is shown. */
  dateOnly?: boolean
  /** Planned, not happened yet (a milestone's planned day). */
  planned?: boolean
}

export interface TaskDone {
  at: number
  byUserId: string
}

/** Any time before 2000 or unparseable is treated as missing; epoch 0 is a classic import artefact. */
const EARLIEST_VALID = Date.UTC(2000, 0, 1)

function toTime(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) && n >= EARLIEST_VALID ? n : NaN
}

function timeState(at: number, now: number): TimeState {
  if (Number.isNaN(at)) return 'missing'
  return at > now ? 'future' : 'ok'
}

const knownKinds = new Set<string>(kindOrder)
/** Kinds only other rows make: an activity claiming one is an unknown kind. */
const notActivityKinds = new Set<string>(['stage_change', 'comment', 'call_comment', 'contract_signed', 'milestone', 'invoice', 'collection', 'instalment_overdue'])

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

export function activityEvent(a: Activity, now: number): TimelineEvent {
  const raw = str((a as { kind?: unknown }).kind)
  const kind = (knownKinds.has(raw) && !notActivityKinds.has(raw) ? raw : 'unknown') as TimelineKind
  const at = toTime(a.at)
  const personIds = [a.userId, a.otherUserId].filter((x): x is string => typeof x === 'string' && x !== '')
  return {
    id: str(a.id),
    kind,
    rawKind: raw,
    at,
    sortAt: Number.isNaN(at) ? -Infinity : at,
    rank: kindRank(kind),
    timeState: timeState(at, now),
    customerId: a.customerId ?? null,
    dealId: a.dealId ?? null,
    personIds,
    activity: a
  }
}

export function stageEvent(h: StageHistory, customerId: string | null, now: number): TimelineEvent {
  const at = toTime(h.at)
  return {
    id: str(h.id),
    kind: 'stage_change',
    rawKind: 'stage_change',
    at,
    sortAt: Number.isNaN(at) ? -Infinity : at,
    rank: kindRank('stage_change'),
    timeState: timeState(at, now),
    customerId,
    dealId: h.dealId,
    personIds: h.byUserId ? [h.byUserId] : [],
    stage: h
  }
}

export function commentEvent(
  c: Comment,
  target: { customerId: string | null; dealId: string | null; kind?: 'comment' | 'call_comment' },
  now: number
): TimelineEvent {
  const at = toTime(c.createdAt)
  const kind = target.kind ?? 'comment'
  return {
    id: str(c.id),
    kind,
    rawKind: kind,
    at,
    sortAt: Number.isNaN(at) ? -Infinity : at,
    rank: kindRank(kind),
    timeState: timeState(at, now),
    customerId: target.customerId,
    dealId: target.dealId,
    personIds: c.authorId ? [c.authorId] : [],
    comment: c
  }
}

/** The total order: missing times first, then by time, kind rank, id. Never returns 0 for distinct ids. */
export function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  if (a.sortAt !== b.sortAt) return a.sortAt < b.sortAt ? -1 : 1
  const r = a.rank - b.rank
  if (r !== 0) return r
  // Code-unit comparison, not localeCompare: the order must not depend on the reader's locale.
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

export interface TimelineInput {
  activities: readonly Activity[]
  stageHistory?: readonly StageHistory[]
  /** Customer of each deal, so stage moves carry it too. */
  customerOfDeal?: ReadonlyMap<string, string>
  /** Comments on the customer's records; `call_comment` for a coach's comment on a recorded call. */
  comments?: readonly { comment: Comment; customerId: string | null; dealId: string | null; kind?: 'comment' | 'call_comment' }[]
  /** Tasks marked done, by task id. */
  taskDone?: ReadonlyMap<string, TaskDone>
  /** Events built elsewhere (post-sale: contracts, milestones, invoices, collections, overdue). */
  extra?: readonly TimelineEvent[]
  now: number
}

/** Merge everything into one ascending stream. Duplicate ids (the same row read twice) appear once. */
export function mergeTimeline(input: TimelineInput): TimelineEvent[] {
  const out: TimelineEvent[] = []
  const done = input.taskDone
  for (const a of input.activities) {
    const e = activityEvent(a, input.now)
    const d = done && e.kind === 'task' ? done.get(e.id) : undefined
    if (d) e.done = d
    out.push(e)
  }
  for (const h of input.stageHistory ?? []) out.push(stageEvent(h, input.customerOfDeal?.get(h.dealId) ?? null, input.now))
  for (const c of input.comments ?? []) out.push(commentEvent(c.comment, c, input.now))
  for (const e of input.extra ?? []) out.push(e)
  out.sort(compareEvents)
  // A row read twice sorts next to itself (same time, kind and id): drop it there, which is
  // cheaper than hashing 50,000 ids up front.
  let n = 0
  for (let i = 0; i < out.length; i++) {
    const e = out[i]!
    const prev = n > 0 ? out[n - 1]! : undefined
    if (prev && prev.id === e.id && prev.kind === e.kind && prev.sortAt === e.sortAt) continue
    out[n++] = e
  }
  out.length = n
  return out
}

/* ---------- days ---------- */

/**
 * The zone's UTC offset over [from, to] as a few constant pieces. Offsets change at most a
 * couple of times a year (DST), so sampling every 20 days and bisecting each change to the
 * minute needs a few hundred Intl lookups instead of one or two per distinct day.
 */
export function zoneOffsets(from: number, to: number, timeZone: string): (ms: number) => number {
  const STEP = 20 * DAY_MS
  const starts: number[] = [from]
  const offs: number[] = [zoneOffsetMs(from, timeZone)]
  for (let t = from + STEP; t < to + STEP; t += STEP) {
    const o = zoneOffsetMs(t, timeZone)
    if (o !== offs[offs.length - 1]) {
      let lo = t - STEP
      let hi = t
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 2)
        if (zoneOffsetMs(mid, timeZone) === o) hi = mid
        else lo = mid
      }
      starts.push(hi)
      offs.push(o)
    }
  }
  return (ms) => {
    if (ms < from - DAY_MS || ms > to + STEP) return zoneOffsetMs(ms, timeZone)
    let i = starts.length - 1
    while (i > 0 && ms < starts[i]!) i--
    return offs[i]!
  }
}

/**
 * Start of the local day of every event (NaN for missing times), in one pass over the
 * sorted stream.
 */
export function dayStarts(events: readonly TimelineEvent[], timeZone: string): Float64Array {
  const out = new Float64Array(events.length)
  let first = NaN
  let last = NaN
  for (const e of events) {
    if (Number.isNaN(e.at)) continue
    if (Number.isNaN(first)) first = e.at
    last = e.at
  }
  if (Number.isNaN(first)) return out.fill(NaN)
  const offsetAt = zoneOffsets(first - 2 * DAY_MS, last + 2 * DAY_MS, timeZone)
  let lo = NaN
  let hi = NaN
  for (let i = 0; i < events.length; i++) {
    const at = events[i]!.at
    if (Number.isNaN(at)) {
      out[i] = NaN
      continue
    }
    if (!(at >= lo && at < hi)) {
      const off = offsetAt(at)
      const local = at + off
      const dayLocal = local - (((local % DAY_MS) + DAY_MS) % DAY_MS)
      // Re-read the offset at the day start and the next one: a DST day has 23 or 25 hours.
      lo = dayLocal - offsetAt(dayLocal - off)
      hi = dayLocal + DAY_MS - offsetAt(dayLocal + DAY_MS - off)
    }
    out[i] = lo
  }
  return out
}

export type DayLabel =
  | { type: 'unknown' }
  | { type: 'today' | 'yesterday' | 'tomorrow'; dayStart: number }
  /** Within the past week: the weekday name is enough. */
  | { type: 'weekday'; dayStart: number }
  | { type: 'date'; dayStart: number; sameYear: boolean }

const yearFormats = new Map<string, Intl.DateTimeFormat>()
/** Creating a DateTimeFormat costs ~0.1 ms; the sticky header asks on every scroll frame. */
function yearFormat(timeZone: string): Intl.DateTimeFormat {
  let f = yearFormats.get(timeZone)
  if (!f) yearFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' })))
  return f
}

export function dayLabel(dayStart: number, now: number, timeZone: string): DayLabel {
  if (Number.isNaN(dayStart)) return { type: 'unknown' }
  const today = startOfDay(now, timeZone)
  // Calendar days between, robust to 23/25-hour DST days.
  const diff = Math.round((today - dayStart) / DAY_MS)
  if (diff === 0) return { type: 'today', dayStart }
  if (diff === 1) return { type: 'yesterday', dayStart }
  if (diff === -1) return { type: 'tomorrow', dayStart }
  if (diff > 1 && diff < 7) return { type: 'weekday', dayStart }
  const year = (ms: number): string => yearFormat(timeZone).format(ms)
  return { type: 'date', dayStart, sameYear: year(dayStart + 12 * 3_600_000) === year(now) }
}

export type TimelineRow =
  | { type: 'day'; key: string; dayStart: number; count: number }
  | { type: 'event'; index: number }

/**
 * Rows for the list, newest first, with a header before each day. `indices` point into the
 * merged ascending stream (already filtered); missing-time events come last under their own
 * header.
 */
export function timelineRows(indices: readonly number[] | Int32Array, days: Float64Array): TimelineRow[] {
  const rows: TimelineRow[] = []
  let i = indices.length - 1
  while (i >= 0) {
    const day = days[indices[i]!]!
    let j = i
    while (j >= 0 && Object.is(days[indices[j]!]!, day)) j--
    rows.push({ type: 'day', key: `d:${Number.isNaN(day) ? 'unknown' : day}`, dayStart: day, count: i - j })
    for (let k = i; k > j; k--) rows.push({ type: 'event', index: indices[k]! })
    i = j
  }
  return rows
}

/* ---------- filter and search ---------- */

export interface TimelineFilter {
  groups?: ReadonlySet<KindGroup>
  personIds?: ReadonlySet<string>
  query?: string
}

/** Names to search by: people, contacts and stage names resolve through this. */
export type NameOf = (id: string) => string | undefined

/** Everything a reader could search for in one event, normalised once (NFKC + lowercase). */
export function searchText(e: TimelineEvent, nameOf: NameOf, kindLabel?: (k: TimelineKind) => string): string {
  const parts: string[] = []
  const a = e.activity
  if (a) {
    parts.push(str(a.subject), str(a.body))
    if (a.contactId) parts.push(nameOf(a.contactId) ?? '')
    if (a.behaviour) parts.push(str(a.behaviour.objective), str(a.behaviour.conversationLogic), str(a.behaviour.needsUncovered), str(a.behaviour.impressionLeft))
    if (typeof a.from === 'string') parts.push(nameOf(a.from) ?? a.from)
    if (typeof a.to === 'string') parts.push(nameOf(a.to) ?? a.to)
  }
  if (e.stage) parts.push(str(e.stage.reason), nameOf(`stage:${e.stage.toStageId}`) ?? '', e.stage.fromStageId ? (nameOf(`stage:${e.stage.fromStageId}`) ?? '') : '')
  if (e.comment) parts.push(str(e.comment.body))
  if (e.postSale) parts.push(e.postSale.text)
  for (const p of e.personIds) parts.push(nameOf(p) ?? '')
  if (kindLabel) parts.push(kindLabel(e.kind))
  return normalizeForSearch(parts.filter(Boolean).join('\n'))
}

/**
 * Text made only of ASCII, CJK ideographs, CJK brackets, curly quotes and full-width ASCII
 * (，：（）ＡＢＣ), single spaces inside: NFKC leaves all of it alone except the full-width forms,
 * which it maps to ASCII by a fixed offset. That is nearly every field note, and handling it by
 * hand is several times cheaper than normalising 50,000 strings on the first keystroke. The
 * check is one linear scan for a character outside the set (a whole-string pattern with nested
 * quantifiers backtracked and cost more than it saved).
 */
const NOT_SIMPLE = /[^ !-~\u2018\u2019\u201c\u201d\u3001-\u3011\u4e00-\u9fff\uff01-\uff5e]/
const FULL_WIDTH = /[\uff01-\uff5e]/g
const HAS_FULL_WIDTH = /[\uff01-\uff5e]/
const halfWidth = (c: string): string => String.fromCharCode(c.charCodeAt(0) - 0xfee0)

/** Exactly `normalizeForSearch`, faster for the usual text. */
export function normalizeFast(s: string): string {
  if (s === '') return s
  if (NOT_SIMPLE.test(s) || s.includes('  ') || s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32) return normalizeForSearch(s)
  return (HAS_FULL_WIDTH.test(s) ? s.replace(FULL_WIDTH, halfWidth) : s).toLowerCase()
}

/**
 * What people wrote in one event (subject, body, the behaviour sheet, a stage move's reason, a
 * comment), normalised. Names and kind labels are not in it: they repeat across thousands of
 * events, so the filter matches each distinct name once instead.
 */
export function freeText(e: TimelineEvent): string {
  const a = e.activity
  // The common row has a subject or a body and nothing else: no joining, often no normalising.
  let s = a ? join(a.subject, a.body) : ''
  const b = a?.behaviour
  if (b) s = join(join(join(join(s, b.objective), b.conversationLogic), b.needsUncovered), b.impressionLeft)
  if (e.stage) s = join(s, e.stage.reason)
  if (e.comment) s = join(s, e.comment.body)
  if (e.postSale) s = join(s, e.postSale.text)
  return normalizeFast(s)
}

function join(s: unknown, v: unknown): string {
  const l = typeof s === 'string' ? s : ''
  if (typeof v !== 'string' || v === '') return l
  return l === '' ? v : `${l} ${v}`
}

/**
 * A query made only of CJK ideographs, CJK brackets and punctuation (、。「」【】…) and curly
 * quotes: the usual Chinese search. Normalising never changes, removes or creates these
 * characters in a field of known characters (see `RAW_UNSURE`), and none of them is a space
 * (the separator between fields), so such a
 * query matches the normalised free text exactly when it matches one raw field as written —
 * no text needs building, lowercasing or joining.
 */
const RAW_QUERY = /^[\u2018\u2019\u201c\u201d\u3001-\u3011\u4e00-\u9fff]+$/

/** Whether `q` (already normalised) can be searched for in the raw fields; see `matchRawFields`. */
export function isRawQuery(q: string): boolean {
  return RAW_QUERY.test(q)
}

/**
 * Field characters after which a raw miss is certain: the simple set plus line breaks, tabs and
 * a few marks field notes use (· ¥ × – — … →), none of which normalises into a query character.
 */
const RAW_UNSURE = /[^\t\n\r !-~\u00a5\u00b7\u00d7\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2192\u3001-\u3011\u4e00-\u9fff\uff01-\uff5e]/

/** 1: the field has `q`; 0: it has not; -1: cannot tell without normalising (see `RAW_UNSURE`). */
function rawField(v: unknown, q: string): number {
  if (typeof v !== 'string' || v === '') return 0
  // The characters of `q` survive NFKC and lowercasing unchanged and never compose with a
  // neighbour, so a raw hit is a hit in any text.
  if (v.includes(q)) return 1
  // A compatibility ideograph (⼾, 豈), an enclosed one (㈱), a small or vertical form (﹑ ︑)
  // or the like could normalise into `q`: only a miss in known characters is certain.
  return RAW_UNSURE.test(v) ? -1 : 0
}

/**
 * For a query `isRawQuery` accepts: whether `freeText(e)` contains it, read from the raw
 * fields; `undefined` when a field needs normalising to tell (then ask the built text).
 */
export function matchRawFields(e: TimelineEvent, q: string): boolean | undefined {
  let unsure = false
  const a = e.activity
  if (a) {
    let r = rawField(a.subject, q)
    if (r === 1) return true
    if (r < 0) unsure = true
    r = rawField(a.body, q)
    if (r === 1) return true
    if (r < 0) unsure = true
    const b = a.behaviour
    if (b) {
      for (const v of [b.objective, b.conversationLogic, b.needsUncovered, b.impressionLeft]) {
        r = rawField(v, q)
        if (r === 1) return true
        if (r < 0) unsure = true
      }
    }
  }
  if (e.stage) {
    const r = rawField(e.stage.reason, q)
    if (r === 1) return true
    if (r < 0) unsure = true
  }
  if (e.comment) {
    const r = rawField(e.comment.body, q)
    if (r === 1) return true
    if (r < 0) unsure = true
  }
  if (e.postSale) {
    const r = rawField(e.postSale.text, q)
    if (r === 1) return true
    if (r < 0) unsure = true
  }
  return unsure ? undefined : false
}

/**
 * The free texts of a stream, built on demand and cached; `buildSome` builds ahead in idle
 * time so that the first search after opening a big customer finds them ready.
 */
export class TimelineSearchTexts {
  private readonly texts: (string | undefined)[]
  private next = 0

  constructor(private readonly events: readonly TimelineEvent[]) {
    this.texts = new Array<string | undefined>(events.length)
  }

  text(i: number): string {
    let t = this.texts[i]
    if (t === undefined) this.texts[i] = t = freeText(this.events[i]!)
    return t
  }

  /**
   * Whether event `i`'s free text contains `q` (normalised). A Chinese query reads the raw
   * fields of events not built yet, so the first search after opening a big customer does
   * not have to build 50,000 texts first.
   */
  includes(i: number, q: string, raw = isRawQuery(q)): boolean {
    const t = this.texts[i]
    if (t !== undefined) return t.includes(q)
    if (raw) {
      const r = matchRawFields(this.events[i]!, q)
      if (r !== undefined) return r
    }
    return this.text(i).includes(q)
  }

  /** Builds ahead while `more()` says there is time; true once every text is built. */
  buildSome(more: () => boolean): boolean {
    const n = this.events.length
    while (this.next < n) {
      const end = Math.min(n, this.next + 256)
      for (let i = this.next; i < end; i++) this.text(i)
      this.next = end
      if (!more()) break
    }
    return this.next >= n
  }

  get complete(): boolean {
    return this.next >= this.events.length
  }
}

/** Searching with free texts plus names: people, contacts, stages (`stage:<id>`) and kind labels. */
export interface TimelineSearch {
  text(i: number): string
  /** Whether `text(i)` contains the normalised query, possibly without building the text. */
  includes?(i: number, q: string, raw: boolean): boolean
  nameOf: NameOf
  kindLabel?: (k: TimelineKind) => string
}

/** Whether a name or label of the event contains `q`; each distinct id and kind is normalised once. */
function nameMatcher(q: string, nameOf: NameOf, kindLabel?: (k: TimelineKind) => string): (e: TimelineEvent) => boolean {
  const ids = new Map<string, boolean>()
  const hit = (id: string): boolean => {
    let h = ids.get(id)
    if (h === undefined) ids.set(id, (h = normalizeForSearch(nameOf(id) ?? id).includes(q)))
    return h
  }
  const kinds = new Map<TimelineKind, boolean>()
  return (e) => {
    for (const p of e.personIds) if (hit(p)) return true
    const a = e.activity
    if (a) {
      if (a.contactId && hit(a.contactId)) return true
      if (typeof a.from === 'string' && hit(a.from)) return true
      if (typeof a.to === 'string' && hit(a.to)) return true
    }
    if (e.stage && (hit(`stage:${e.stage.toStageId}`) || (e.stage.fromStageId !== null && hit(`stage:${e.stage.fromStageId}`)))) return true
    if (kindLabel) {
      let k = kinds.get(e.kind)
      if (k === undefined) kinds.set(e.kind, (k = normalizeForSearch(kindLabel(e.kind)).includes(q)))
      if (k) return true
    }
    return false
  }
}

/**
 * Indices of the events that pass the filter, ascending. `texts`: precomputed full search
 * texts (see `searchText`), or a `TimelineSearch` of lazily built free texts plus names.
 */
export function filterTimeline(events: readonly TimelineEvent[], filter: TimelineFilter, texts?: readonly string[] | TimelineSearch): Int32Array {
  const q = filter.query ? normalizeForSearch(filter.query) : ''
  const groups = filter.groups && filter.groups.size > 0 ? filter.groups : null
  const people = filter.personIds && filter.personIds.size > 0 ? filter.personIds : null
  let hitAt: ((i: number) => boolean) | undefined
  let names: ((e: TimelineEvent) => boolean) | undefined
  if (q && texts) {
    if (Array.isArray(texts)) {
      const arr = texts as readonly string[]
      hitAt = (i) => (arr[i] ?? '').includes(q)
    } else {
      const s = texts as TimelineSearch
      const raw = isRawQuery(q)
      hitAt = s.includes ? (i) => s.includes!(i, q, raw) : (i) => s.text(i).includes(q)
      names = nameMatcher(q, s.nameOf, s.kindLabel)
    }
  }
  const out = new Int32Array(events.length)
  let n = 0
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!
    if (groups && !groups.has(groupOfKind[e.kind])) continue
    if (people) {
      let hit = false
      for (const p of e.personIds) if (people.has(p)) hit = true
      if (!hit) continue
    }
    if (q && !(hitAt && hitAt(i)) && !(names && names(e))) continue
    out[n++] = i
  }
  return out.subarray(0, n)
}

/**
 * The row to scroll to for "jump to date": the header of that day or, when nothing happened
 * then, of the nearest earlier day; before the first event, the oldest day.
 */
export function rowForDate(rows: readonly TimelineRow[], targetDayStart: number): number {
  let oldest = 0
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!
    if (row.type !== 'day' || Number.isNaN(row.dayStart)) continue
    if (row.dayStart <= targetDayStart) return r
    oldest = r
  }
  return oldest
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/**
 * A date typed into "jump to date", read the way Chinese and English readers write it:
 * 2026-11-22, 2026/11/22, 2026.11.22, 2026年11月22日, 11月22日 or 11-22 (this year),
 * Nov 22 2026, 22 Nov 2026. Never month-first with digits only (11/12 is ambiguous).
 */
export function parseJumpDate(input: string, thisYear: number): { year: number; month: number; day: number } | null {
  const s = normalizeForSearch(input).replace(/,/g, ' ').replace(/\s+/g, ' ').trim()
  let y = thisYear
  let m: number
  let d: number
  let r: RegExpExecArray | null
  if ((r = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s))) [y, m, d] = [+r[1]!, +r[2]!, +r[3]!]
  else if ((r = /^(\d{1,2})\s*[-月]\s*(\d{1,2})\s*日?$/.exec(s))) [m, d] = [+r[1]!, +r[2]!]
  else if ((r = /^([a-z]{3})[a-z]*\.? (\d{1,2})(?: (\d{4}))?$/.exec(s)) && MONTHS.includes(r[1]!)) {
    m = MONTHS.indexOf(r[1]!) + 1
    d = +r[2]!
    if (r[3]) y = +r[3]
  } else if ((r = /^(\d{1,2}) ([a-z]{3})[a-z]*\.?(?: (\d{4}))?$/.exec(s)) && MONTHS.includes(r[2]!)) {
    m = MONTHS.indexOf(r[2]!) + 1
    d = +r[1]!
    if (r[3]) y = +r[3]
  } else return null
  const check = new Date(Date.UTC(y, m - 1, d))
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null
  return { year: y, month: m, day: d }
}
