import {
  Activity,
  Contact,
  Customer,
  Deal,
  Product,
  User,
  type ForecastCategory,
  type SalesProcess,
  type Stage
} from '../../model'
import { newId as defaultNewId } from '../../ids'
import { amountScaleFromHeader, missingRequiredFields } from './fields'
import { cleanText, matchKey, personKey } from './normalise'
import { suggestStageMapping, stageMapFromSuggestions, type FileStage } from './stages'
import type {
  FieldKey,
  ImportChoices,
  ImportContext,
  ImportMapping,
  ImportMessage,
  ImportPlan,
  ImportSummary,
  ImportValidation,
  RowResult,
  VariantGroup
} from './types'
import {
  DEFAULT_TIME_ZONE,
  detectDateOrder,
  isAmbiguousDate,
  isBlankValue,
  isEmail,
  localDay,
  parseActivityKind,
  parseActivityStatus,
  parseAmount,
  parseCurrency,
  parseCustomerSize,
  parseCustomerTier,
  parseDate,
  parseDecisionRole,
  parseDurationSec,
  parseForecastCategory,
  parseProbability,
  probabilityColumnIsFraction,
  seniorityFromTitle,
  type AmountResult,
  type DateOrder,
  type DateResult
} from './values'
import { countSpellings, groupSpellings } from './variants'
import { isPostSaleEntity } from './post-sale-fields'
import { validatePostSaleImport } from './post-sale'

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

const DAY = 86_400_000
/** An open deal whose close date passed this long ago is stale data, not a late deal. */
const CLOSE_DATE_PAST_DAYS = 90
/** Clock skew and time zones: a creation date up to a day ahead is not "in the future". */
const FUTURE_SLACK_MS = DAY

// ─── reading a row ──────────────────────────────────────────────────────────────────────────

class RowState {
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
class Reader {
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

function clip(v: string, max = 60): string {
  return v.length > max ? `${v.slice(0, max)}…` : v
}

/** Cut to the schema's limit (without splitting an emoji) and say so. */
function limit(v: string, max: number, field: FieldKey, st: RowState): string {
  if (v.length <= max) return v
  let out = v.slice(0, max)
  const last = out.charCodeAt(out.length - 1)
  if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1)
  st.warn('import.text-truncated', { field, max })
  return out
}

/** Drop keys whose value is undefined: the write path would otherwise see a field removal. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k]
  return o
}

/** 53-bit string hash (cyrb53): a stable key for rows that come without an external id. */
function hash(s: string): string {
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

type UserRef = ImportContext['users'][number]

function userIndex(users: ImportContext['users']): (raw: string) => UserRef | undefined {
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
class AccountResolver {
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
function fileAsOf(env: Env): number {
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

function productGroups(values: string[], catalogue: string[] = []): { canonicalOf: Map<string, string>; groups: VariantGroup[] } {
  const { groups, canonicalOf } = groupSpellings(countSpellings(values), { loose: false, anchors: catalogue })
  return { canonicalOf, groups: groups.map((g) => ({ field: 'product' as const, ...g })) }
}

// ─── deal names from a pattern ──────────────────────────────────────────────────────────────

type NamePart = { text: string } | { field: FieldKey }

/** The fields a name pattern may use, in the order a default pattern prefers them. */
export const NAME_PATTERN_FIELDS: FieldKey[] = ['account', 'product', 'externalId', 'owner', 'stage', 'accountExternalId']

/** "{account} · {product}" when the file has both, else what there is, else the deal's id. */
export function defaultNamePattern(mapping: ImportMapping): string {
  const has = (f: FieldKey): boolean => mapping.columns.includes(f)
  if (has('account') && has('product')) return '{account} · {product}'
  if (has('account')) return has('externalId') ? '{account} · {externalId}' : '{account}'
  if (has('product')) return has('externalId') ? '{product} · {externalId}' : '{product}'
  return '{externalId}'
}

function parseNamePattern(pattern: string): NamePart[] {
  const parts: NamePart[] = []
  const re = /\{([A-Za-z]+)\}/g
  let last = 0
  for (let m = re.exec(pattern); m; m = re.exec(pattern)) {
    if (m.index > last) parts.push({ text: pattern.slice(last, m.index) })
    if ((NAME_PATTERN_FIELDS as string[]).includes(m[1]!)) parts.push({ field: m[1] as FieldKey })
    else parts.push({ text: m[0] })
    last = m.index + m[0].length
  }
  if (last < pattern.length) parts.push({ text: pattern.slice(last) })
  return parts
}

/**
 * Fills a pattern from a row. A field with no value drops out together with the text before
 * it (or after it, when it comes first), so "{account} · {product}" reads "GTX Basic" for a
 * row without an account, not " · GTX Basic".
 */
function renderNamePattern(parts: NamePart[], value: (f: FieldKey) => string): string {
  const filled = parts.map((p) => {
    if (!('field' in p)) return { field: false, text: p.text }
    const v = cleanText(value(p.field))
    return { field: true, text: isBlankValue(v) ? '' : v }
  })
  const keep = filled.map(() => true)
  filled.forEach((p, i) => {
    if (!p.field || p.text) return
    keep[i] = false
    // Drop the separator on the side that still joins something.
    if (i > 0 && !filled[i - 1]!.field) keep[i - 1] = false
    else if (i + 1 < filled.length && !filled[i + 1]!.field) keep[i + 1] = false
  })
  let out = filled.filter((_, i) => keep[i]).map((p) => p.text).join('')
  // Nothing but separators left (every field empty).
  if (!filled.some((p, i) => p.field && keep[i])) out = ''
  return cleanText(out)
}

/**
 * The names a pattern gives the first rows of a file, for the mapping step's preview; products
 * in the catalogue's spelling, as the import will write them.
 */
export function previewDealNames(table: TableInput, mapping: ImportMapping, pattern: string, count = 3, catalogue: readonly string[] = []): string[] {
  const parts = parseNamePattern(pattern)
  const spelling = new Map(catalogue.map((n) => [matchKey(n), n]))
  const col = new Map<FieldKey, number>()
  mapping.columns.forEach((f, i) => {
    if (f && !col.has(f)) col.set(f, i)
  })
  const out: string[] = []
  for (const row of table.rows) {
    const v = renderNamePattern(parts, (f) => {
      const c = col.get(f)
      const raw = c === undefined ? '' : (row[c] ?? '')
      return f === 'product' ? (spelling.get(matchKey(raw)) ?? raw) : raw
    })
    if (v) out.push(v)
    if (out.length >= count) break
  }
  return out
}

export function forecastCategoryFor(stage: Stage, probability?: number): ForecastCategory {
  if (stage.kind === 'won') return 'closed'
  if (stage.kind === 'lost') return 'omitted'
  // Commit from 70 %, best case from 40 %: the usual split when a CRM has no category column.
  const p = probability ?? stage.probability
  if (p >= 70) return 'commit'
  if (p >= 40) return 'best_case'
  return 'pipeline'
}

/** Distinct stage values of the file with their row counts and most common probability. */
export function collectFileStages(table: TableInput, mapping: ImportMapping): FileStage[] {
  const sc = mapping.columns.indexOf('stage')
  if (sc < 0) return []
  // A "lost at stage" column names stages too; they are mapped in the same step.
  const lc = mapping.columns.indexOf('lostAtStage')
  const pc = mapping.columns.indexOf('probability')
  const fractions = pc >= 0 && probabilityColumnIsFraction(table.rows.map((r) => r[pc] ?? ''))
  const stats = new Map<string, { count: number; probs: Map<number, number> }>()
  for (const row of table.rows) {
    const v = cleanText(row[sc] ?? '')
    if (lc >= 0) {
      const l = cleanText(row[lc] ?? '')
      if (l && !isBlankValue(l) && !stats.has(l)) stats.set(l, { count: 0, probs: new Map() })
    }
    if (!v) continue
    let s = stats.get(v)
    if (!s) stats.set(v, (s = { count: 0, probs: new Map() }))
    s.count++
    if (pc >= 0) {
      const p = parseProbability(row[pc] ?? '', fractions)
      if (p.kind === 'probability') s.probs.set(p.percent, (s.probs.get(p.percent) ?? 0) + 1)
    }
  }
  return [...stats].map(([value, s]) => {
    let probability: number | undefined
    let best = 0
    for (const [p, n] of s.probs) if (n > best) [probability, best] = [p, n]
    return probability === undefined ? { value, count: s.count } : { value, count: s.count, probability }
  })
}

/**
 * Whether unknown owners create reps when the user has not said: yes while the workspace has
 * no reps at all (a fresh workspace's first import, where every name is unknown), no once it
 * has some, where an unknown name is more likely a typo than a new colleague.
 */
export function defaultCreateMissingOwners(context: Pick<ImportContext, 'users'>): boolean {
  return !context.users.some((u) => u.role === undefined || u.role === 'rep')
}

export function chooseProcess(context: ImportContext, choices: ImportChoices): SalesProcess | undefined {
  const live = context.processes.filter((p) => !p.deleted)
  return live.find((p) => p.id === choices.processId) ?? live[0]
}

// ─── the entry point ────────────────────────────────────────────────────────────────────────

interface Draft {
  st: RowState
  /** Rows with the same identity are duplicates: the last valid one wins. */
  identity: string | null
  /** What a duplicate warning names (the external id, or the name). */
  label: string
  /** Builds the records once duplicates are settled; returns the row's main record. */
  materialise?: (out: Builder) => Made | undefined
}

type Made = { record: NonNullable<RowResult['record']>; action: 'create' | 'update' }

interface Builder {
  plan: ImportPlan
  newId: () => string
  customersCreated: number
  dealsWithoutCustomer: number
  dealsWithoutCloseDate: number
  closedWithoutHistory: number
}

/** One row's draft, built from the row alone (plus what the entity's setup read once). */
type Drafter = (row: string[], index: number) => Draft

/** Where a validation run is: reading rows (`check`), then building records (`build`). */
export interface ValidationProgress {
  phase: 'check' | 'build'
  done: number
  total: number
}

/** Rows between two progress reports (and between two chances for the page to paint). */
export const VALIDATION_STEP = 1000

/**
 * Checks every row of a mapped file against the workspace and builds what the commit writes.
 * Pure: reads only its arguments (ids from `context.newId`).
 */
export function validateImport(
  table: TableInput,
  mapping: ImportMapping,
  context: ImportContext,
  choices: ImportChoices = {}
): ImportValidation {
  const run = validateSteps(table, mapping, context, choices)
  for (;;) {
    const r = run.next()
    if (r.done) return r.value
  }
}

/**
 * `validateImport` one step at a time: yields its progress every `VALIDATION_STEP` rows, so a
 * caller can report it and let the page paint on a 100,000-row file. Same result, same rules.
 */
export function* validateSteps(
  table: TableInput,
  mapping: ImportMapping,
  context: ImportContext,
  choices: ImportChoices = {}
): Generator<ValidationProgress, ImportValidation, void> {
  const entity = mapping.entity
  if (isPostSaleEntity(entity)) return validatePostSaleImport(table, mapping, context, choices)
  const fileMessages: ImportMessage[] = []
  const process = entity === 'deals' ? chooseProcess(context, choices) : undefined
  const defaultCurrency = choices.defaultCurrency ?? process?.currency ?? 'CNY'
  const reader = new Reader(table, mapping, choices, context.timeZone, defaultCurrency)

  for (const f of missingRequiredFields(mapping)) {
    fileMessages.push({ code: 'import.field-unmapped', params: { field: f }, severity: 'error' })
  }
  if (entity === 'deals' && !process) fileMessages.push({ code: 'import.no-process', severity: 'error' })
  if (reader.dateOrderAssumed) fileMessages.push({ code: 'import.date-order-assumed', params: { order: reader.dateOrder }, severity: 'warning' })

  const newId = context.newId ?? defaultNewId
  const env: Env = {
    table,
    mapping,
    reader,
    context,
    choices,
    users: userIndex(context.users),
    unknownOwners: new Set(),
    createRep: repCreator(context, choices, newId),
    newId,
    variantGroups: [],
    orgUnitsCreated: 0
  }
  let drafter: Drafter
  switch (entity) {
    case 'deals':
      drafter = dealDrafts(env, process)
      break
    case 'customers':
      drafter = customerDrafts(env)
      break
    case 'contacts':
      drafter = contactDrafts(env)
      break
    case 'activities':
      drafter = activityDrafts(env)
      break
    case 'teams':
      drafter = teamDrafts(env)
      break
    case 'products':
      drafter = productDrafts(env)
      break
  }
  const total = table.rows.length
  const drafts: Draft[] = new Array<Draft>(total)
  for (let i = 0; i < total; i++) {
    drafts[i] = drafter(table.rows[i]!, i)
    if ((i + 1) % VALIDATION_STEP === 0 || i + 1 === total) yield { phase: 'check', done: i + 1, total }
  }

  settleDuplicates(drafts)
  // What reading the file noticed about a row is said on that row, with its other warnings.
  for (const w of table.rowWarnings ?? []) drafts[w.row]?.st.warn(w.code, w.params)

  const plan: ImportPlan = {
    entity,
    orgUnits: [],
    users: [],
    customers: [],
    contacts: [],
    deals: [],
    stageHistory: [],
    activities: [],
    products: [],
    errorRows: 0,
    skippedRows: 0
  }
  const plannedReps = new Set<string>()
  const builder: Builder = { plan, newId: env.newId, customersCreated: 0, dealsWithoutCustomer: 0, dealsWithoutCloseDate: 0, closedWithoutHistory: 0 }
  const rows: RowResult[] = []
  let creates = 0
  let updates = 0
  for (const [i, d] of drafts.entries()) {
    let made: Made | undefined
    if (!d.st.hasError && !d.st.superseded && d.materialise) {
      made = d.materialise(builder)
      if (made?.action === 'create') creates++
      else if (made) updates++
    }
    // A new rep is written with the first row that is written for them, and said there once.
    const rep = d.st.newRep
    if (made && rep && !plannedReps.has(rep.id)) {
      plannedReps.add(rep.id)
      plan.users.push(rep)
      d.st.warn('import.rep-created', { owner: rep.name })
    }
    const status = d.st.hasError ? 'error' : d.st.messages.length > 0 ? 'warning' : 'ok'
    if (d.st.hasError) plan.errorRows++
    if (d.st.hasError || d.st.superseded) plan.skippedRows++
    const r: RowResult = { rowNumber: d.st.rowNumber, status, messages: d.st.messages }
    if (made) {
      r.record = made.record
      r.action = made.action
    }
    rows.push(r)
    if ((i + 1) % VALIDATION_STEP === 0 || i + 1 === total) yield { phase: 'build', done: i + 1, total }
  }

  const byCode: Record<string, number> = {}
  for (const r of rows) {
    const seen = new Set<string>()
    for (const m of r.messages) {
      if (seen.has(m.code)) continue
      seen.add(m.code)
      byCode[m.code] = (byCode[m.code] ?? 0) + 1
    }
  }
  const summary: ImportSummary = {
    entity,
    total: rows.length,
    ok: rows.filter((r) => r.status === 'ok').length,
    warning: rows.filter((r) => r.status === 'warning').length,
    error: rows.filter((r) => r.status === 'error').length,
    creates,
    updates,
    customersCreated: builder.customersCreated,
    repsCreated: entity === 'teams' ? plan.users.filter((u) => !context.users.some((x) => x.id === u.id)).length : plan.users.length,
    orgUnitsCreated: env.orgUnitsCreated,
    dealsWithoutCustomer: builder.dealsWithoutCustomer,
    dealsWithoutCloseDate: builder.dealsWithoutCloseDate,
    closedWithoutHistory: builder.closedWithoutHistory,
    unknownOwners: env.unknownOwners.size,
    byCode,
    fileMessages,
    variantGroups: env.variantGroups
  }
  return { rows, summary, plan }
}

/** Same identity twice: the last row without errors wins, and every row of the group is told. */
function settleDuplicates(drafts: Draft[]): void {
  const groups = new Map<string, Draft[]>()
  for (const d of drafts) {
    if (!d.identity) continue
    const g = groups.get(d.identity)
    if (g) g.push(d)
    else groups.set(d.identity, [d])
  }
  for (const g of groups.values()) {
    if (g.length < 2) continue
    let winner: Draft | undefined
    for (const d of g) if (!d.st.hasError) winner = d
    for (const d of g) {
      const others = g
        .filter((o) => o !== d)
        .map((o) => o.st.rowNumber)
        .join(', ')
      d.st.warn('import.duplicate-row', { key: d.label, rows: others })
      if (d !== winner) d.st.superseded = true
    }
  }
}

interface Env {
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

function repCreator(context: ImportContext, choices: ImportChoices, newId: () => string): Env['createRep'] {
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

function owner(env: Env, row: string[], st: RowState, required: boolean): UserRef | undefined | null {
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

function requireText(env: Env, row: string[], st: RowState, f: FieldKey): string {
  const v = env.reader.text(row, f)
  if (!v || isBlankValue(v)) {
    st.error('import.required-missing', { field: f })
    return ''
  }
  return v
}

function optionalText(env: Env, row: string[], st: RowState, f: FieldKey, max: number): string | undefined {
  const v = env.reader.text(row, f)
  if (!v || isBlankValue(v)) return undefined
  return limit(v, max, f, st)
}

function check<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, st: RowState): boolean {
  const r = schema.safeParse(value)
  if (r.success) return true
  const issue = r.error.issues[0]
  st.error('import.row-invalid', { field: issue?.path.map(String).join('.') ?? '', message: issue?.message ?? '' })
  return false
}

// ─── deals ──────────────────────────────────────────────────────────────────────────────────

function dealDrafts(env: Env, process: SalesProcess | undefined): Drafter {
  const { reader, table, context, choices } = env
  const merge = choices.mergeSpellingVariants ?? true
  const createCustomers = choices.createMissingCustomers ?? true
  const accounts = new AccountResolver(
    context.customers,
    table.rows.map((r) => reader.text(r, 'account')),
    merge
  )
  // Product spellings group with the catalogue's (a products file): "GTXPro" joins "GTX Pro".
  const catalogue = (context.products ?? []).filter((p) => !p.deleted).map((p) => p.name)
  const products = productGroups(
    table.rows.map((r) => reader.text(r, 'product')),
    catalogue
  )
  env.variantGroups.push(...accounts.groups, ...products.groups)
  const pattern = parseNamePattern(choices.namePattern ?? defaultNamePattern(env.mapping))

  // Without the user's choices (tests, scripts), the suggestions stand in for them.
  const stageMap = choices.stageMap ?? (process ? stageMapFromSuggestions(suggestStageMapping(collectFileStages(table, env.mapping), process)) : {})
  const stagesById = new Map((process?.stages ?? []).map((s) => [s.id, s]))
  const openStages = (process?.stages ?? []).filter((s) => s.kind === 'open')
  const lostStage = process?.stages.find((s) => s.kind === 'lost')

  const dealsByExternal = new Map<string, Deal>()
  const dealsByKey = new Map<string, Deal>()
  for (const d of context.deals) {
    if (d.deleted) continue
    if (d.externalId) dealsByExternal.set(d.externalId, d)
    dealsByKey.set(`${d.customerId ?? ''}|${matchKey(d.name)}`, d)
  }
  // Customers this import creates, by name key; shared across rows.
  const created = new Map<string, Customer>()
  const asOf = fileAsOf(env)

  return (row, i) => {
    const st = new RowState(i, reader.rowNumber(i))
    const externalId = limit(reader.text(row, 'externalId'), 200, 'externalId', st) || undefined
    const accountName = limit(reader.text(row, 'account'), 200, 'account', st)
    const accountExt = reader.text(row, 'accountExternalId')
    const rep = owner(env, row, st, true)

    let currency = reader.defaultCurrency
    const curRaw = reader.text(row, 'currency')
    if (curRaw) {
      const c = parseCurrency(curRaw)
      if (c) currency = c
      else st.warn('import.currency-unknown', { value: clip(curRaw) })
    }
    // No amount in the file stays unknown ("amount not set"), never 0: sums leave such deals out and say so.
    let amount: number | undefined
    const a = reader.amount(row, st, currency)
    if (a === 'blank') st.warn('import.amount-missing')
    else if (a) {
      amount = a.minor
      currency = a.currency
      if (a.minor <= 0) st.warn('import.amount-not-positive', { value: clip(reader.text(row, 'amount')) })
    }

    const stageValue = reader.text(row, 'stage')
    let stage: Stage | undefined
    if (!stageValue) st.error('import.required-missing', { field: 'stage' })
    else if (process) {
      const id = stageMap[stageValue]
      stage = id ? stagesById.get(id) : undefined
      if (!stage) st.error('import.stage-unmapped', { stage: clip(stageValue) })
    }
    // The open stage a lost deal was lost from, when the export says so.
    let lostFrom: Stage | undefined
    const lostAtValue = reader.text(row, 'lostAtStage')
    if (stage?.kind === 'lost' && lostAtValue && !isBlankValue(lostAtValue)) {
      const id = stageMap[lostAtValue]
      const s = id ? stagesById.get(id) : undefined
      if (s?.kind === 'open') lostFrom = s
      else st.warn('import.lost-stage-unknown', { stage: clip(lostAtValue) })
    }
    const probability = reader.probability(row, st)
    const closeAt = reader.date(row, 'closeDate', st)
    const closedOn = reader.date(row, 'closedAt', st)
    const fileCreated = reader.date(row, 'createdAt', st)
    const stageDate = reader.date(row, 'stageDate', st)
    const closed = stage !== undefined && stage.kind !== 'open'
    // A closed deal closed on its won/lost date; a one-date export gives it in the close date column.
    const closedAt = closed ? (closedOn ?? closeAt ?? stageDate) : undefined
    const expectedCloseAt = closed ? (closeAt ?? closedOn) : closeAt
    if (fileCreated !== undefined && fileCreated > context.now + FUTURE_SLACK_MS) {
      st.warn('import.created-in-future', { date: localDay(fileCreated, reader.timeZone) })
    }
    if (stage?.kind === 'open' && closeAt !== undefined && closeAt < context.now - CLOSE_DATE_PAST_DAYS * DAY) {
      st.warn('import.close-date-past', { date: localDay(closeAt, reader.timeZone) })
    }
    if (stage?.kind === 'open' && closeAt === undefined && !reader.text(row, 'closeDate')) st.warn('import.close-date-missing')
    if (closed && closedAt === undefined && !reader.text(row, 'closeDate') && !reader.text(row, 'closedAt')) st.warn('import.closed-date-missing')
    let forecast: ForecastCategory | undefined
    const fcRaw = reader.text(row, 'forecastCategory')
    if (fcRaw) {
      forecast = parseForecastCategory(fcRaw) ?? undefined
      if (!forecast) st.warn('import.forecast-category-unknown', { value: clip(fcRaw) })
    }
    const productRaw = reader.text(row, 'product')
    let product: string | undefined
    if (productRaw && !isBlankValue(productRaw)) {
      const canonical = products.canonicalOf.get(productRaw) ?? productRaw
      if (canonical !== productRaw) st.warn('import.spelling-variant', { field: 'product', value: productRaw, canonical })
      product = limit(merge ? canonical : productRaw, 80, 'product', st)
    }
    const nextStep = optionalText(env, row, st, 'nextStep', 300)
    const lossReason = optionalText(env, row, st, 'lossReason', 200)
    const descriptionRaw = reader.raw(row, 'description')
    const description = descriptionRaw && !isBlankValue(descriptionRaw) ? limit(descriptionRaw, 20_000, 'description', st) : undefined

    // The account: by its CRM id, else by name (exact, then spelling variant), else created.
    let customer: Customer | undefined
    let customerName = accountName
    if (accountExt) customer = accounts.byExternal(accountExt)
    if (!customer && accountName && !isBlankValue(accountName)) {
      const r = accounts.resolve(accountName, st)
      customer = r.customer
      customerName = r.name
    } else if (isBlankValue(accountName)) customerName = ''
    if (!customer && customerName && !createCustomers) {
      st.error('import.customer-unknown', { account: clip(customerName) })
    }
    if (!customer && !customerName && accountExt && createCustomers) {
      st.error('import.customer-unknown', { account: clip(accountExt) })
    }

    // The name: the file's, else built from the pattern ("account · product", the id…).
    const nameCell = reader.text(row, 'name')
    let name = nameCell && !isBlankValue(nameCell) ? nameCell : ''
    if (!name) {
      // The account and product as they will be written (the customer's name, the catalogue's spelling).
      name = renderNamePattern(pattern, (f) => (f === 'account' ? customerName : f === 'product' ? (product ?? '') : reader.text(row, f)))
      if (!name && externalId) name = externalId
    }
    if (!name) st.error('import.required-missing', { field: 'name' })
    name = limit(name, 200, 'name', st)

    const identity = externalId ? `x:${externalId}` : name ? `n:${matchKey(customerName)}|${matchKey(name)}` : null
    const draft: Draft = { st, identity, label: externalId ?? name }
    if (st.hasError || !rep || !stage || !process) return draft

    draft.materialise = (out) => {
      let cust = customer
      if (!cust && customerName) {
        const key = matchKey(customerName)
        cust = created.get(key)
        if (!cust) {
          cust = compact({
            id: out.newId(),
            externalId: accountExt || undefined,
            name: customerName,
            industry: '',
            size: 'medium',
            channel: '',
            ownerId: rep.id,
            orgUnitId: rep.orgUnitId,
            tier: 'normal',
            createdAt: fileCreated ?? closedAt ?? context.now
          }) as Customer
          created.set(key, cust)
          out.customersCreated++
          out.plan.customers.push(cust)
          st.warn('import.customer-created', { account: customerName })
        } else {
          // A customer is as old as its oldest deal.
          const first = fileCreated ?? closedAt
          if (first !== undefined && first < cust.createdAt) cust.createdAt = first
        }
      }
      const existing = (externalId && dealsByExternal.get(externalId)) || dealsByKey.get(`${cust?.id ?? ''}|${matchKey(name)}`)
      // A blank account in the file never detaches the customer a manager attached since.
      const customerId = cust?.id ?? existing?.customerId
      if (customerId === undefined) st.warn('import.customer-missing')
      const fileProbability = probability !== undefined && probability !== stage.probability ? probability : undefined
      // Lost: the stage it was lost from (the file's, else where the deal stood, else the first).
      const lostAt =
        stage.kind === 'lost'
          ? (lostFrom ?? (existing && existing.status !== 'won' ? stagesById.get(existing.stageId) : undefined) ?? openStages[0])
          : undefined
      const stageId = lostAt?.id ?? stage.id
      // When the deal was created: the file's date, else the earliest date it gives, else today.
      // When the deal was created: the file's date, else the earliest date the row gives, else the
      // date the file's data runs to (a history exported in 2018 is not from today), said so.
      const firstKnown = [stageDate, closedAt].filter((x): x is number => x !== undefined)
      let createdAt = fileCreated ?? existing?.createdAt ?? (firstKnown.length ? Math.min(...firstKnown, context.now) : undefined)
      if (createdAt === undefined) {
        createdAt = asOf
        if (asOf < context.now - DAY) st.warn('import.created-missing', { date: localDay(asOf, reader.timeZone) })
      }

      let deal: Deal
      let moved = false
      if (!existing) {
        deal = compact({
          id: out.newId(),
          externalId,
          name,
          customerId,
          ownerId: rep.id,
          orgUnitId: rep.orgUnitId,
          processId: process.id,
          stageId,
          stageEnteredAt: stageDate ?? closedAt ?? createdAt,
          amount,
          currency,
          probability: fileProbability,
          expectedCloseAt,
          forecastCategory: forecast ?? forecastCategoryFor(stage, probability),
          status: stage.kind,
          bigDeal: false,
          createdAt,
          closedAt,
          lossReason,
          nextStep,
          product,
          checkedCriteria: [],
          // Closed in the export, its path unknown: no stage moves are invented (see the model).
          stagePathUnknown: stage.kind !== 'open' ? true : undefined
        }) as Deal
      } else {
        // Only what the file says changes; what managers set in the cockpit stays.
        moved = existing.stageId !== stageId || existing.status !== stage.kind || existing.processId !== process.id
        deal = compact({
          ...existing,
          externalId: externalId ?? existing.externalId,
          name: nameCell && !isBlankValue(nameCell) ? name : existing.name,
          customerId,
          ownerId: rep.id,
          orgUnitId: rep.orgUnitId,
          processId: process.id,
          stageId,
          stageEnteredAt: moved ? (stageDate ?? closedAt ?? context.now) : (stageDate ?? existing.stageEnteredAt),
          amount: a === 'blank' ? existing.amount : amount,
          currency: a === 'blank' && !curRaw ? existing.currency : currency,
          probability: probability === undefined ? existing.probability : fileProbability ?? (existing.probability !== undefined ? probability : undefined),
          expectedCloseAt: expectedCloseAt ?? existing.expectedCloseAt,
          forecastCategory: forecast ?? (moved ? forecastCategoryFor(stage, probability) : existing.forecastCategory),
          status: stage.kind,
          createdAt,
          closedAt: stage.kind === 'open' ? undefined : (closedAt ?? (moved ? context.now : (existing.closedAt ?? context.now))),
          lossReason: lossReason ?? existing.lossReason,
          nextStep: nextStep ?? existing.nextStep,
          product: product ?? existing.product
        }) as Deal
      }
      if (!check(Deal, deal, st)) return undefined
      out.plan.deals.push(deal)
      if (deal.customerId === undefined) out.dealsWithoutCustomer++
      if (deal.status === 'open' && deal.expectedCloseAt === undefined) out.dealsWithoutCloseDate++
      if (!existing) {
        if (stage.kind === 'open') {
          // An open deal entered its current stage on the stage date (else when it was created).
          out.plan.stageHistory.push({ id: out.newId(), dealId: deal.id, fromStageId: null, toStageId: stage.id, at: deal.stageEnteredAt, byUserId: rep.id })
        } else out.closedWithoutHistory++
      } else if (moved) {
        // A deal the cockpit already knew moved: that move is real, and recorded. A lost deal
        // moves into the process's lost stage (as a move in the cockpit would); its stageId
        // keeps the stage it was lost from.
        const to = stage.kind === 'lost' ? (lostStage?.id ?? stage.id) : stage.id
        out.plan.stageHistory.push({ id: out.newId(), dealId: deal.id, fromStageId: existing.stageId, toStageId: to, at: deal.stageEnteredAt, byUserId: rep.id })
      }
      if (description) {
        if (customerId === undefined) st.warn('import.description-needs-customer')
        else {
          // The CRM's description becomes a note on the deal's timeline; keyed so re-imports find it.
          out.plan.activities.push({
            id: context.activityIdsByExternalId.get(`${externalId ?? deal.id}#description`) ?? out.newId(),
            kind: 'note',
            customerId,
            dealId: deal.id,
            userId: rep.id,
            at: deal.createdAt,
            body: description,
            externalId: `${externalId ?? deal.id}#description`
          })
        }
      }
      return { record: deal, action: existing ? 'update' : 'create' }
    }
    return draft
  }
}

// ─── customers ──────────────────────────────────────────────────────────────────────────────

function customerDrafts(env: Env): Drafter {
  const { reader, table, context } = env
  const byExternal = new Map<string, Customer>()
  const byKey = new Map<string, Customer>()
  for (const c of context.customers) {
    if (c.deleted) continue
    if (c.externalId) byExternal.set(c.externalId, c)
    byKey.set(matchKey(c.name), c)
  }
  const teams = new Map<string, string>()
  for (const o of context.orgUnits) teams.set(matchKey(o.name), o.id)
  // In a customer list, spelling variants are probably the same company entered twice: warn only.
  const names = table.rows.map((r) => reader.text(r, 'name'))
  const { groups, canonicalOf } = groupSpellings(countSpellings(names), { loose: true, anchors: context.customers.map((c) => c.name) })
  env.variantGroups.push(...groups.map((g) => ({ field: 'account' as const, ...g })))
  // A parent company may come later in the file than its subsidiary: new customers get their
  // id up front, by name, so "subsidiary of" can point at a row not built yet.
  const fileKeys = new Set(names.filter(Boolean).map(matchKey))
  const plannedIds = new Map<string, string>()
  const idOf = (key: string): string => {
    const known = byKey.get(key)
    if (known) return known.id
    let id = plannedIds.get(key)
    if (!id) plannedIds.set(key, (id = env.newId()))
    return id
  }

  return (row, i) => {
    const st = new RowState(i, reader.rowNumber(i))
    const externalId = limit(reader.text(row, 'externalId'), 200, 'externalId', st) || undefined
    const name = limit(requireText(env, row, st, 'name'), 200, 'name', st)
    const canonical = canonicalOf.get(name)
    if (name && canonical && canonical !== name && !byKey.has(matchKey(name))) {
      st.warn('import.spelling-variant', { field: 'account', value: name, canonical })
    }
    const rep = owner(env, row, st, false)
    const teamRaw = reader.text(row, 'team')
    let teamId: string | undefined
    if (teamRaw) {
      teamId = teams.get(matchKey(teamRaw))
      if (!teamId) st.warn('import.team-unknown', { team: clip(teamRaw) })
    }
    const sizeRaw = reader.text(row, 'size')
    const size = sizeRaw ? parseCustomerSize(sizeRaw) : null
    if (sizeRaw && !size) st.warn('import.size-unknown', { value: clip(sizeRaw) })
    const tierRaw = reader.text(row, 'tier')
    const tier = tierRaw ? parseCustomerTier(tierRaw) : null
    if (tierRaw && !tier) st.warn('import.tier-unknown', { value: clip(tierRaw) })
    const createdAt = reader.date(row, 'createdAt', st)
    if (createdAt !== undefined && createdAt > context.now + FUTURE_SLACK_MS) {
      st.warn('import.created-in-future', { date: localDay(createdAt, reader.timeZone) })
    }
    const industry = optionalText(env, row, st, 'industry', 60)
    const channel = optionalText(env, row, st, 'channel', 60)
    const city = optionalText(env, row, st, 'city', 60)
    const address = optionalText(env, row, st, 'address', 300)
    const parentRaw = reader.text(row, 'parent')
    let parentKey: string | undefined
    if (parentRaw && !isBlankValue(parentRaw) && matchKey(parentRaw) !== matchKey(name)) {
      parentKey = matchKey(parentRaw)
      if (!byKey.has(parentKey) && !fileKeys.has(parentKey)) {
        st.warn('import.parent-unknown', { parent: clip(parentRaw) })
        parentKey = undefined
      }
    }

    const existing = (externalId && byExternal.get(externalId)) || byKey.get(matchKey(name))
    const orgUnitId = teamId ?? rep?.orgUnitId ?? existing?.orgUnitId ?? context.defaultOrgUnitId
    if (name && !orgUnitId) st.error('import.team-missing', { account: clip(name) })

    const draft: Draft = { st, identity: externalId ? `x:${externalId}` : name ? `n:${matchKey(name)}` : null, label: externalId ?? name }
    if (st.hasError || rep === undefined || !orgUnitId) return draft
    draft.materialise = (out) => {
      let c: Customer
      if (!existing) {
        c = compact({
          id: idOf(matchKey(name)),
          externalId,
          name,
          parentCustomerId: parentKey ? idOf(parentKey) : undefined,
          industry: industry ?? '',
          size: size ?? 'medium',
          channel: channel ?? '',
          ownerId: rep?.id ?? null,
          orgUnitId,
          tier: tier ?? 'normal',
          city,
          address,
          createdAt: createdAt ?? context.now
        }) as Customer
      } else {
        c = compact({
          ...existing,
          externalId: externalId ?? existing.externalId,
          name,
          industry: industry ?? existing.industry,
          size: size ?? existing.size,
          channel: channel ?? existing.channel,
          // A blank owner in the file does not throw an owned customer back into the pool.
          ownerId: rep ? rep.id : existing.ownerId,
          orgUnitId,
          tier: tier ?? existing.tier,
          city: city ?? existing.city,
          address: address ?? existing.address,
          parentCustomerId: parentKey ? idOf(parentKey) : existing.parentCustomerId,
          createdAt: createdAt ?? existing.createdAt
        }) as Customer
      }
      if (!check(Customer, c, st)) return undefined
      out.plan.customers.push(c)
      return { record: c, action: existing ? 'update' : 'create' }
    }
    return draft
  }
}

// ─── contacts ───────────────────────────────────────────────────────────────────────────────

const CJK = /[\u3400-\u9fff]/

function contactDrafts(env: Env): Drafter {
  const { reader, table, context, choices } = env
  const merge = choices.mergeSpellingVariants ?? true
  const accounts = new AccountResolver(
    context.customers,
    table.rows.map((r) => reader.text(r, 'account')),
    merge
  )
  env.variantGroups.push(...accounts.groups)
  const byExternal = new Map<string, Contact>()
  const byKey = new Map<string, Contact>()
  for (const c of context.contacts) {
    if (c.deleted) continue
    if (c.externalId) byExternal.set(c.externalId, c)
    byKey.set(`${c.customerId}|${personKey(c.name)}`, c)
  }

  return (row, i) => {
    const st = new RowState(i, reader.rowNumber(i))
    const externalId = limit(reader.text(row, 'externalId'), 200, 'externalId', st) || undefined
    let name = reader.text(row, 'name')
    if (!name) {
      const first = reader.text(row, 'firstName')
      const last = reader.text(row, 'lastName')
      // 张 + 伟 → 张伟; Wei + Zhang → "Wei Zhang".
      name = CJK.test(first + last) ? `${last}${first}` : [first, last].filter(Boolean).join(' ')
    }
    if (!name) st.error('import.required-missing', { field: 'name' })
    name = limit(name, 80, 'name', st)
    const accountName = reader.text(row, 'account')
    const accountExt = reader.text(row, 'accountExternalId')
    let customer: Customer | undefined
    if (accountExt) customer = accounts.byExternal(accountExt)
    if (!customer && accountName) customer = accounts.resolve(accountName, st).customer
    if (!accountName && !accountExt) st.error('import.required-missing', { field: 'account' })
    else if (!customer) st.error('import.customer-unknown', { account: clip(accountName || accountExt) })

    const title = optionalText(env, row, st, 'title', 80)
    const seniorityRaw = reader.text(row, 'seniority')
    let seniority = seniorityRaw && /^[1-5]$/.test(seniorityRaw) ? Number(seniorityRaw) : undefined
    if (seniority === undefined && seniorityRaw) seniority = seniorityFromTitle(seniorityRaw)
    const phone = optionalText(env, row, st, 'phone', 40)
    const emailRaw = reader.text(row, 'email')
    let email: string | undefined
    if (emailRaw) {
      if (isEmail(emailRaw)) email = limit(emailRaw, 200, 'email', st)
      else st.warn('import.email-invalid', { value: clip(emailRaw) })
    }
    const roleRaw = reader.text(row, 'decisionRole')
    const decisionRole = roleRaw ? parseDecisionRole(roleRaw) : null
    if (roleRaw && !decisionRole) st.warn('import.role-unknown', { value: clip(roleRaw) })

    const draft: Draft = {
      st,
      identity: externalId ? `x:${externalId}` : customer && name ? `n:${customer.id}|${personKey(name)}` : null,
      label: externalId ?? name
    }
    if (st.hasError || !customer) return draft
    const cust = customer
    draft.materialise = (out) => {
      const existing = (externalId && byExternal.get(externalId)) || byKey.get(`${cust.id}|${personKey(name)}`)
      let c: Contact
      if (!existing) {
        c = compact({
          id: out.newId(),
          externalId,
          customerId: cust.id,
          name,
          title: title ?? '',
          seniority: seniority ?? seniorityFromTitle(title ?? ''),
          phone,
          email,
          decisionRole: decisionRole ?? undefined
        }) as Contact
      } else {
        c = compact({
          ...existing,
          externalId: externalId ?? existing.externalId,
          customerId: cust.id,
          name,
          title: title ?? existing.title,
          seniority: seniority ?? (title ? seniorityFromTitle(title) : existing.seniority),
          phone: phone ?? existing.phone,
          email: email ?? existing.email,
          decisionRole: decisionRole ?? existing.decisionRole
        }) as Contact
      }
      if (!check(Contact, c, st)) return undefined
      out.plan.contacts.push(c)
      return { record: c, action: existing ? 'update' : 'create' }
    }
    return draft
  }
}

// ─── activities ─────────────────────────────────────────────────────────────────────────────

function activityDrafts(env: Env): Drafter {
  const { reader, table, context, choices } = env
  const merge = choices.mergeSpellingVariants ?? true
  const accounts = new AccountResolver(
    context.customers,
    table.rows.map((r) => reader.text(r, 'account')),
    merge
  )
  env.variantGroups.push(...accounts.groups)
  const dealsByExternal = new Map<string, Deal>()
  const dealsByKey = new Map<string, Deal>()
  for (const d of context.deals) {
    if (d.deleted) continue
    if (d.externalId) dealsByExternal.set(d.externalId, d)
    dealsByKey.set(`${d.customerId}|${matchKey(d.name)}`, d)
  }
  const contactsByKey = new Map<string, Contact>()
  for (const c of context.contacts) if (!c.deleted) contactsByKey.set(`${c.customerId}|${personKey(c.name)}`, c)

  return (row, i) => {
    const st = new RowState(i, reader.rowNumber(i))
    let externalId = limit(reader.text(row, 'externalId'), 200, 'externalId', st) || undefined
    const kindRaw = requireText(env, row, st, 'kind')
    let kind = kindRaw ? parseActivityKind(kindRaw) : null
    if (kindRaw && !kind) {
      st.warn('import.activity-kind-unknown', { value: clip(kindRaw) })
      kind = 'note'
    }
    const accountName = reader.text(row, 'account')
    const accountExt = reader.text(row, 'accountExternalId')
    let customer: Customer | undefined
    if (accountExt) customer = accounts.byExternal(accountExt)
    if (!customer && accountName) customer = accounts.resolve(accountName, st).customer
    if (!accountName && !accountExt) st.error('import.required-missing', { field: 'account' })
    else if (!customer) st.error('import.customer-unknown', { account: clip(accountName || accountExt) })
    const rep = owner(env, row, st, true)
    const at = reader.date(row, 'at', st, true)
    const subject = optionalText(env, row, st, 'subject', 300)
    const bodyRaw = reader.raw(row, 'body')
    const body = bodyRaw && !isBlankValue(bodyRaw) ? limit(bodyRaw, 20_000, 'body', st) : undefined
    const statusRaw = reader.text(row, 'status')
    const status = statusRaw ? (parseActivityStatus(statusRaw) ?? undefined) : undefined
    const durationRaw = reader.text(row, 'duration')
    let durationSec: number | undefined
    if (durationRaw) {
      const d = parseDurationSec(durationRaw)
      if (d === null || d > 86_400) st.warn('import.duration-invalid', { value: clip(durationRaw) })
      else durationSec = d
    }

    let dealId: string | null = null
    let contactId: string | undefined
    if (customer) {
      const dealExt = reader.text(row, 'dealExternalId')
      const dealName = reader.text(row, 'deal')
      const deal = (dealExt && dealsByExternal.get(dealExt)) || (dealName ? dealsByKey.get(`${customer.id}|${matchKey(dealName)}`) : undefined)
      if (deal) dealId = deal.id
      else if (dealExt || dealName) st.warn('import.deal-unknown', { deal: clip(dealName || dealExt) })
      const contactName = reader.text(row, 'contact')
      if (contactName) {
        const c = contactsByKey.get(`${customer.id}|${personKey(contactName)}`)
        if (c) contactId = c.id
        else st.warn('import.contact-unknown', { contact: clip(contactName) })
      }
    }

    // Activities are append-only and many CRMs export them without ids: a fingerprint of what
    // happened stands in for the id, so importing the same file twice adds nothing.
    if (!externalId && customer && rep && at !== undefined && kind) {
      externalId = `fp:${hash([kind, customer.id, rep.id, at, subject ?? '', (body ?? '').slice(0, 500)].join('\u0001'))}`
    }
    const draft: Draft = { st, identity: externalId ? `x:${externalId}` : null, label: externalId ?? '' }
    if (st.hasError || !customer || !rep || at === undefined || !kind) return draft
    const cust = customer
    const k = kind
    draft.materialise = (out) => {
      const existingId = externalId ? context.activityIdsByExternalId.get(externalId) : undefined
      const a = compact({
        id: existingId ?? out.newId(),
        kind: k,
        customerId: cust.id,
        dealId,
        userId: rep.id,
        at,
        status,
        contactId,
        durationSec,
        connected: k === 'call' && durationSec !== undefined ? durationSec > 0 : undefined,
        subject,
        body,
        externalId
      }) as Activity
      if (!check(Activity, a, st)) return undefined
      out.plan.activities.push(a)
      return { record: a, action: existingId !== undefined ? 'update' : 'create' }
    }
    return draft
  }
}


// ─── teams ──────────────────────────────────────────────────────────────────────────────────

/**
 * A teams file (rep, their manager, their regional office) builds the org tree: a region per
 * office, a team per manager (or per team column), the managers, and the reps in their teams.
 * A rep the workspace already has (a deals import created them) moves to their team, and so do
 * their deals and customers that sat in the team they came from, so scope and "by office"
 * figures follow.
 */
function teamDrafts(env: Env): Drafter {
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

// ─── products ───────────────────────────────────────────────────────────────────────────────

/** A products file: the catalogue (name, series, list price), matched by id or by name. */
function productDrafts(env: Env): Drafter {
  const { reader, context } = env
  const byExternal = new Map<string, Product>()
  const byKey = new Map<string, Product>()
  for (const p of context.products ?? []) {
    if (p.deleted) continue
    if (p.externalId) byExternal.set(p.externalId, p)
    byKey.set(matchKey(p.name), p)
  }
  return (row, i) => {
    const st = new RowState(i, reader.rowNumber(i))
    const externalId = limit(reader.text(row, 'externalId'), 200, 'externalId', st) || undefined
    const name = limit(requireText(env, row, st, 'name'), 80, 'name', st)
    const series = optionalText(env, row, st, 'series', 60)
    let currency = reader.defaultCurrency
    const curRaw = reader.text(row, 'currency')
    if (curRaw) {
      const c = parseCurrency(curRaw)
      if (c) currency = c
      else st.warn('import.currency-unknown', { value: clip(curRaw) })
    }
    const price = reader.amount(row, st, currency, 'listPrice')
    const listPrice = price && price !== 'blank' ? price.minor : undefined
    if (price && price !== 'blank') currency = price.currency
    const draft: Draft = { st, identity: externalId ? `x:${externalId}` : name ? `n:${matchKey(name)}` : null, label: externalId ?? name }
    if (st.hasError) return draft
    draft.materialise = (out) => {
      const existing = (externalId && byExternal.get(externalId)) || byKey.get(matchKey(name))
      const p = compact(
        existing
          ? { ...existing, externalId: externalId ?? existing.externalId, name, series: series ?? existing.series, listPrice: listPrice ?? existing.listPrice, currency: listPrice !== undefined ? currency : existing.currency }
          : { id: out.newId(), externalId, name, series, listPrice, currency: listPrice !== undefined ? currency : undefined }
      ) as Product
      if (!check(Product, p, st)) return undefined
      out.plan.products.push(p)
      return { record: p, action: existing ? 'update' : 'create' }
    }
    return draft
  }
}
