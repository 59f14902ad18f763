/**
 * What every kind's row check shares: the row's messages, the column reader with its date,
 * amount and probability caches, owner and account lookups, and the draft a row becomes.
 */
import { Customer, User } from '../../model'
import { amountScaleFromHeader } from './fields'
import { cleanText, matchKey, personKey } from './normalise'
import type { FieldKey, ImportChoices, ImportContext, ImportMapping, ImportMessage, ImportPlan, RowResult, VariantGroup } from './types'
import { DEFAULT_TIME_ZONE, detectDateOrder, isAmbiguousDate, isBlankValue, isEmail, parseAmount, parseDate, parseProbability, probabilityColumnIsFraction, type AmountResult, type DateOrder, type DateResult } from './values'
import { countSpellings, groupSpellings } from './variants'

/** The part of a `ParsedTable` validation reads. */
export interface TableInput {
  headers: string[]
  rows: string[][]
  headerRow: number
  /** The file's row number of each data row; `headerRow + 2 + i` when absent. */
  rowNumbers?: number[]
  /** Notes from reading the file about single rows (`row` indexes `rows`), e.g. control characters removed. */
  rowWarnings?: { row: number; code: string; params?: Record<string, string | number> }[]
}

export const DAY = 86_400_000
/** An open deal whose close date passed this long ago is stale data, not a late deal. */
export const CLOSE_DATE_PAST_DAYS = 90
/** Clock skew and time zones: a creation date up to a day ahead is not "in the future". */
export const FUTURE_SLACK_MS = DAY

// ─── reading a row ──────────────────────────────────────────────────────────────────────────

export class RowState {
  readonly messages: ImportMessage[] = []
  hasError = false
  superseded = false
  /** The rep this import creates for the row's unknown owner; planned only if the row is written. */
  newRep?: User
  constructor(
    readonly index: number,
    readonly rowNumber: number
  ) {}
  error(code: string, params?: Record<string, string | number>): void {
    this.hasError = true
    this.messages.push(params ? { code, params, severity: 'error' } : { code, severity: 'error' })
  }
  warn(code: string, params?: Record<string, string | number>): void {
    this.messages.push(params ? { code, params, severity: 'warning' } : { code, severity: 'warning' })
  }
}

/** Column lookups, caches and the shared value readers for one validation run. */
export class Reader {
  readonly col = new Map<FieldKey, number>()
  private readonly dates = new Map<string, DateResult>()
  private readonly amounts = new Map<string, AmountResult>()
  readonly dateOrder: DateOrder
  readonly dateOrderAssumed: boolean
  readonly timeZone: string
  private readonly probabilityFractions: boolean
  private readonly amountScale: number

  constructor(
    readonly table: TableInput,
    mapping: ImportMapping,
    choices: ImportChoices,
    timeZone: string | undefined,
    readonly defaultCurrency: string
  ) {
    mapping.columns.forEach((f, i) => {
      if (f && !this.col.has(f) && i < table.headers.length) this.col.set(f, i)
    })
    this.timeZone = timeZone ?? DEFAULT_TIME_ZONE
    const dateCols = (['closeDate', 'createdAt', 'stageDate', 'at'] as FieldKey[]).map((f) => this.col.get(f)).filter((c) => c !== undefined)
    const dateValues = function* (): Generator<string> {
      for (const row of table.rows) for (const c of dateCols) yield row[c] ?? ''
    }
    const detected = detectDateOrder(dateValues())
    let ambiguous = false
    if (!detected && !choices.dateOrder) {
      for (const v of dateValues()) {
        if (isAmbiguousDate(v)) {
          ambiguous = true
          break
        }
      }
    }
    this.dateOrder = choices.dateOrder ?? detected ?? 'mdy'
    this.dateOrderAssumed = ambiguous
    const pc = this.col.get('probability')
    this.probabilityFractions = pc !== undefined && probabilityColumnIsFraction(table.rows.map((r) => r[pc] ?? ''))
    const ac = this.col.get('amount')
    this.amountScale = ac !== undefined ? amountScaleFromHeader(table.headers[ac] ?? '') : 1
  }

  has(f: FieldKey): boolean {
    return this.col.has(f)
  }

  /** The cell, cleaned (NFKC, single spaces, trimmed). */
  text(row: string[], f: FieldKey): string {
    const c = this.col.get(f)
    if (c === undefined) return ''
    const v = row[c]
    return v ? cleanText(v) : ''
  }

  /** The cell as typed, only trimmed: descriptions keep their line breaks. */
  raw(row: string[], f: FieldKey): string {
    const c = this.col.get(f)
    if (c === undefined) return ''
    return (row[c] ?? '').trim()
  }

  date(row: string[], f: FieldKey, st: RowState, required = false): number | undefined {
    const v = this.text(row, f)
    let r = this.dates.get(v)
    if (!r) {
      r = parseDate(v, { order: this.dateOrder, timeZone: this.timeZone })
      this.dates.set(v, r)
    }
    if (r.kind === 'date') return r.ms
    if (r.kind === 'invalid') st.error('import.date-invalid', { field: f, value: clip(v) })
    else if (required) st.error('import.required-missing', { field: f })
    return undefined
  }

  amount(row: string[], st: RowState, currency: string, field: 'amount' | 'listPrice' = 'amount'): { minor: number; currency: string } | 'blank' | undefined {
    const v = this.text(row, field)
    const key = `${field}|${currency}|${v}`
    let r = this.amounts.get(key)
    if (!r) {
      const c = this.col.get(field)
      const scale = field === 'amount' ? this.amountScale : c !== undefined ? amountScaleFromHeader(this.table.headers[c] ?? '') : 1
      r = parseAmount(v, { scale, currency })
      this.amounts.set(key, r)
    }
    if (r.kind === 'blank') return 'blank'
    if (r.kind === 'invalid') {
      st.error('import.amount-invalid', { value: clip(v) })
      return undefined
    }
    return { minor: r.minor, currency: r.currency ?? currency }
  }

  probability(row: string[], st: RowState): number | undefined {
    const v = this.text(row, 'probability')
    const r = parseProbability(v, this.probabilityFractions)
    if (r.kind === 'probability') return r.percent
    if (r.kind === 'invalid') st.warn('import.probability-invalid', { value: clip(v) })
    return undefined
  }

  rowNumber(i: number): number {
    return this.table.rowNumbers?.[i] ?? this.table.headerRow + 2 + i
  }
}

export function clip(v: string, max = 60): string {
  return v.length > max ? `${v.slice(0, max)}…` : v
}

/** Cut to the schema's limit (without splitting an emoji) and say so. */
export function limit(v: string, max: number, field: FieldKey, st: RowState): string {
  if (v.length <= max) return v
  let out = v.slice(0, max)
  const last = out.charCodeAt(out.length - 1)
  if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1)
  st.warn('import.text-truncated', { field, max })
  return out
}

/** Drop keys whose value is undefined: the write path would otherwise see a field removal. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k]
  return o
}

/** 53-bit string hash (cyrb53): a stable key for rows that come without an external id. */
export function hash(s: string): string {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)
}

// ─── shared lookups ─────────────────────────────────────────────────────────────────────────

export type UserRef = ImportContext['users'][number]

export function userIndex(users: ImportContext['users']): (raw: string) => UserRef | undefined {
  const byName = new Map<string, UserRef>()
  const byEmail = new Map<string, UserRef>()
  // Active users first, so a name shared with someone who left resolves to the current rep.
  const sorted = [...users].sort((a, b) => Number(b.active) - Number(a.active))
  for (const u of sorted) {
    const k = personKey(u.name)
    if (!byName.has(k)) byName.set(k, u)
    const compactKey = matchKey(u.name)
    if (!byName.has(compactKey)) byName.set(compactKey, u)
    if (u.email) byEmail.set(u.email.trim().toLowerCase(), u)
  }
  return (raw) => byName.get(personKey(raw)) ?? byName.get(matchKey(raw)) ?? byEmail.get(raw.trim().toLowerCase())
}

/**
 * Resolves account names (and account ids) to workspace customers, spelling variants to one
 * canonical name, and unknown accounts to customers the import creates.
 */
export class AccountResolver {
  private readonly byExternalId = new Map<string, Customer>()
  private readonly byKey = new Map<string, Customer>()
  readonly canonicalOf: Map<string, string>
  readonly groups: VariantGroup[]

  constructor(
    customers: Customer[],
    names: string[],
    private readonly merge: boolean
  ) {
    for (const c of customers) {
      if (c.deleted) continue
      if (c.externalId) this.byExternalId.set(c.externalId, c)
      const k = matchKey(c.name)
      if (!this.byKey.has(k)) this.byKey.set(k, c)
    }
    const spellings = countSpellings(names)
    const live = customers.filter((c) => !c.deleted).map((c) => c.name)
    const { groups, canonicalOf } = groupSpellings(spellings, { loose: true, anchors: live })
    this.canonicalOf = canonicalOf
    this.groups = groups.map((g) => ({ field: 'account' as const, ...g }))
  }

  byExternal(id: string): Customer | undefined {
    return this.byExternalId.get(id)
  }

  /**
   * The customer a spelling means: the same name in the workspace (ignoring spacing, width,
   * case) first, then the group's canonical name. Warns when the spelling is a variant.
   */
  resolve(name: string, st: RowState): { customer?: Customer; name: string } {
    const exact = this.byKey.get(matchKey(name))
    if (exact) return { customer: exact, name: exact.name }
    const canonical = this.canonicalOf.get(name) ?? name
    if (canonical !== name) st.warn('import.spelling-variant', { field: 'account', value: name, canonical })
    const target = this.merge ? canonical : name
    const hit = this.byKey.get(matchKey(target))
    return hit ? { customer: hit, name: hit.name } : { name: target }
  }
}

/** Product spellings grouped by spacing, width and case only; a catalogue name is the canonical one. */
/**
 * The date a file's data runs to: its newest date on or before today (created, won/lost, stage
 * dates, and close dates already past). A row with no date at all is dated here rather than
 * today, so an old export does not look as if it ended this morning. Today for a file without dates.
 */
export function fileAsOf(env: Env): number {
  const { reader, table, context } = env
  let newest = -Infinity
  const limitAt = context.now + FUTURE_SLACK_MS
  const st = new RowState(-1, 0)
  for (const f of ['createdAt', 'closedAt', 'stageDate', 'closeDate'] as FieldKey[]) {
    if (!reader.has(f)) continue
    for (const row of table.rows) {
      const ms = reader.date(row, f, st)
      if (ms !== undefined && ms <= limitAt && ms > newest) newest = ms
    }
  }
  return Number.isFinite(newest) ? Math.min(newest, context.now) : context.now
}

export function productGroups(values: string[], catalogue: string[] = []): { canonicalOf: Map<string, string>; groups: VariantGroup[] } {
  const { groups, canonicalOf } = groupSpellings(countSpellings(values), { loose: false, anchors: catalogue })
  return { canonicalOf, groups: groups.map((g) => ({ field: 'product' as const, ...g })) }
}

/**
 * Whether unknown owners create reps when the user has not said: yes while the workspace has
 * no reps at all (a fresh workspace's first import, where every name is unknown), no once it
 * has some, where an unknown name is more likely a typo than a new colleague.
 */
export function defaultCreateMissingOwners(context: Pick<ImportContext, 'users'>): boolean {
  return !context.users.some((u) => u.role === undefined || u.role === 'rep')
}

// ─── drafts ────────────────────────────────────────────────────────────────────────────────

export interface Draft {
  st: RowState
  /** Rows with the same identity are duplicates: the last valid one wins. */
  identity: string | null
  /** What a duplicate warning names (the external id, or the name). */
  label: string
  /** Builds the records once duplicates are settled; returns the row's main record. */
  materialise?: (out: Builder) => Made | undefined
}

export type Made = { record: NonNullable<RowResult['record']>; action: 'create' | 'update' }

export interface Builder {
  plan: ImportPlan
  newId: () => string
  customersCreated: number
  dealsWithoutCustomer: number
  dealsWithoutCloseDate: number
  closedWithoutHistory: number
}

/** One row's draft, built from the row alone (plus what the entity's setup read once). */
export type Drafter = (row: string[], index: number) => Draft

export interface Env {
  table: TableInput
  mapping: ImportMapping
  reader: Reader
  context: ImportContext
  choices: ImportChoices
  users: (raw: string) => UserRef | undefined
  /** Owner names (match keys) that matched no user. */
  unknownOwners: Set<string>
  /** The rep for an unknown owner name, when the user chose to create them; the same one per name. */
  createRep?: (raw: string) => User | undefined
  newId: () => string
  variantGroups: VariantGroup[]
  /** Regions and teams a teams file creates. */
  orgUnitsCreated: number
}

export function repCreator(context: ImportContext, choices: ImportChoices, newId: () => string): Env['createRep'] {
  if (!(choices.createMissingOwners ?? defaultCreateMissingOwners(context))) return undefined
  // A rep belongs to a team: the importing manager's, else the workspace's first.
  const team = context.defaultOrgUnitId ?? context.orgUnits.find((o) => o.kind === 'team')?.id
  if (!team) return undefined
  const reps = new Map<string, User>()
  return (raw) => {
    const key = matchKey(raw)
    // "-" or "N/A" is an empty cell, not a person.
    if (!key || isBlankValue(raw)) return undefined
    let rep = reps.get(key)
    if (!rep) {
      const name = raw.length > 80 ? raw.slice(0, 80) : raw
      const email = isEmail(raw) && raw.length <= 200 ? raw.toLowerCase() : undefined
      rep = compact({ id: newId(), name, role: 'rep', orgUnitId: team, active: true, email }) as User
      reps.set(key, rep)
    }
    return rep
  }
}

export function owner(env: Env, row: string[], st: RowState, required: boolean): UserRef | undefined | null {
  const raw = env.reader.text(row, 'owner')
  if (!raw) {
    if (required) st.error('import.required-missing', { field: 'owner' })
    return null
  }
  const u = env.users(raw)
  if (!u) {
    env.unknownOwners.add(matchKey(raw))
    const rep = env.createRep?.(raw)
    if (rep) {
      st.newRep = rep
      return rep
    }
    st.error('import.owner-unknown', { owner: clip(raw) })
    return undefined
  }
  if (!u.active) st.warn('import.owner-inactive', { owner: u.name })
  return u
}

export function requireText(env: Env, row: string[], st: RowState, f: FieldKey): string {
  const v = env.reader.text(row, f)
  if (!v || isBlankValue(v)) {
    st.error('import.required-missing', { field: f })
    return ''
  }
  return v
}

export function optionalText(env: Env, row: string[], st: RowState, f: FieldKey, max: number): string | undefined {
  const v = env.reader.text(row, f)
  if (!v || isBlankValue(v)) return undefined
  return limit(v, max, f, st)
}

export function check<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, st: RowState): boolean {
  const r = schema.safeParse(value)
  if (r.success) return true
  const issue = r.error.issues[0]
  st.error('import.row-invalid', { field: issue?.path.map(String).join('.') ?? '', message: issue?.message ?? '' })
  return false
}
