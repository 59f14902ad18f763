import * as Y from 'yjs'
import { textSplice } from './text-splice'

/**
 * A big deal's strategy sheet (大单作战表) as a Yjs document, after Miller Heiman's Blue Sheet
 * and Siebel's Target Account Selling. Several people edit it offline and online, so every
 * part is a CRDT: rows are Y.Maps in Y.Arrays keyed by a random UUID (two replicas adding a row
 * at once never collide), row fields merge last-writer-wins, and every free text (the objective
 * and the row texts in `rowTextFields`) is a Y.Text, so two people typing in the same field at
 * the same time both keep their characters.
 *
 * Layout of the doc:
 * - `objective`: Y.Text — the single sales objective
 * - `meta`: Y.Map — schemaVersion, adequacy, reorganisation, tas.*, diagnostic.*
 * - `influences` | `gaps` | `competitors` | `notes` | `actions`: Y.Array<Y.Map> — one map per row
 * - `editors`: Y.Map — userId → last edit time, for "who is working on it"
 */

/**
 * v1 kept row texts as plain strings; v2 makes them Y.Texts. An app that only knows v1 would
 * read a v2 row text as empty and overwrite it with a string, so it must see v2 as newer (read-only).
 */
export const SHEET_SCHEMA_VERSION = 2

/** Adequacy of our position, Miller Heiman's scale from panic to euphoric. */
export const adequacyLevels = ['panic', 'worried', 'comfortable', 'secure', 'euphoric'] as const
export type Adequacy = (typeof adequacyLevels)[number]

export const influenceRoles = ['economic', 'user', 'technical', 'coach'] as const
export type InfluenceRole = (typeof influenceRoles)[number]
export const influenceLevels = ['high', 'medium', 'low'] as const
export type InfluenceLevel = (typeof influenceLevels)[number]
/** Response modes: only growth and trouble buy; even keel and overconfident see no need to change. */
export const influenceModes = ['growth', 'trouble', 'even_keel', 'overconfident'] as const
export type InfluenceMode = (typeof influenceModes)[number]
export const competitiveStrategies = ['frontal', 'flanking', 'fragment', 'defend', 'develop'] as const
export type CompetitiveStrategy = (typeof competitiveStrategies)[number]
export const gapStatuses = ['open', 'closed'] as const
export type GapStatus = (typeof gapStatuses)[number]
export const tasQuestions = ['opportunity', 'compete', 'win', 'worth'] as const
export type TasQuestion = (typeof tasQuestions)[number]
export const answers = ['yes', 'no', 'unsure'] as const
export type Answer = (typeof answers)[number]
/** Seed 001's four questions for a deal that stalls although the customer seems keen. */
export const diagnosticQuestions = ['season', 'decisionMaker', 'ability', 'hiddenDoubt'] as const
export type DiagnosticQuestion = (typeof diagnosticQuestions)[number]

export interface BuyingInfluence {
  id: string
  contactId: string
  /** The contact's name when added, so the row still reads if the contact is removed. */
  name: string
  role: InfluenceRole
  influence: InfluenceLevel
  mode: InfluenceMode
  /** −5 (against us) … +5 (for us). */
  rating: number
  businessResult: string
  personalWin: string
  coveredBy: string
  /** Someone new on the buying side — a classic red flag until we know them. */
  newPlayer: boolean
}

export interface InformationGap {
  id: string
  question: string
  owner: string
  dueAt: number | null
  status: GapStatus
}

export interface Competitor {
  id: string
  competitor: string
  position: string
  strategy: CompetitiveStrategy | ''
}

/** A red flag or strength written by the team (the standard flags are computed, not stored). */
export interface SheetNote {
  id: string
  kind: 'red_flag' | 'strength'
  text: string
}

export interface SheetAction {
  id: string
  text: string
  chosen: boolean
  owner: string
  dueAt: number | null
  /** The task activity created for it, so it is created once. */
  taskId: string
}

export interface StrategySheetContent {
  schemaVersion: number
  objective: string
  adequacy: Adequacy | ''
  reorganisation: boolean
  tas: Record<TasQuestion, Answer | ''>
  diagnostic: Record<DiagnosticQuestion, Answer | ''>
  influences: BuyingInfluence[]
  gaps: InformationGap[]
  competitors: Competitor[]
  notes: SheetNote[]
  actions: SheetAction[]
  editors: { userId: string; at: number }[]
}

export interface RowTypes {
  influences: BuyingInfluence
  gaps: InformationGap
  competitors: Competitor
  notes: SheetNote
  actions: SheetAction
}
export type RowSection = keyof RowTypes
export const rowSections: RowSection[] = ['influences', 'gaps', 'competitors', 'notes', 'actions']

/** Row fields people type prose into: Y.Texts, co-typed character by character. */
export const rowTextFields: { [S in RowSection]: readonly (keyof RowTypes[S] & string)[] } = {
  influences: ['businessResult', 'personalWin'],
  gaps: ['question'],
  competitors: ['competitor', 'position'],
  notes: ['text'],
  actions: ['text']
}

const isTextField = (section: RowSection, field: string): boolean => (rowTextFields[section] as readonly string[]).includes(field)

const rowDefaults: { [S in RowSection]: Omit<RowTypes[S], 'id'> } = {
  influences: {
    contactId: '',
    name: '',
    role: 'user',
    influence: 'medium',
    mode: 'even_keel',
    rating: 0,
    businessResult: '',
    personalWin: '',
    coveredBy: '',
    newPlayer: false
  },
  gaps: { question: '', owner: '', dueAt: null, status: 'open' },
  competitors: { competitor: '', position: '', strategy: '' },
  notes: { kind: 'red_flag', text: '' },
  actions: { text: '', chosen: false, owner: '', dueAt: null, taskId: '' }
}

// ---------- reading: a plain, well-typed object whatever the doc holds ----------

const str = (v: unknown): string => (v instanceof Y.Text ? v.toString() : typeof v === 'string' ? v : '')
const oneOf = <T extends string>(list: readonly T[], v: unknown, fallback: T): T => (list.includes(v as T) ? (v as T) : fallback)
const optOneOf = <T extends string>(list: readonly T[], v: unknown): T | '' => (list.includes(v as T) ? (v as T) : '')
const time = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

function clampRating(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 0
  return Math.max(-5, Math.min(5, Math.round(v)))
}

function readRow<S extends RowSection>(section: S, m: Y.Map<unknown>): RowTypes[S] | null {
  const id = m.get('id')
  if (typeof id !== 'string' || id === '') return null
  const g = (k: string): unknown => m.get(k)
  switch (section) {
    case 'influences':
      return {
        id,
        contactId: str(g('contactId')),
        name: str(g('name')),
        role: oneOf(influenceRoles, g('role'), 'user'),
        influence: oneOf(influenceLevels, g('influence'), 'medium'),
        mode: oneOf(influenceModes, g('mode'), 'even_keel'),
        rating: clampRating(g('rating')),
        businessResult: str(g('businessResult')),
        personalWin: str(g('personalWin')),
        coveredBy: str(g('coveredBy')),
        newPlayer: g('newPlayer') === true
      } satisfies BuyingInfluence as RowTypes[S]
    case 'gaps':
      return {
        id,
        question: str(g('question')),
        owner: str(g('owner')),
        dueAt: time(g('dueAt')),
        status: oneOf(gapStatuses, g('status'), 'open')
      } satisfies InformationGap as RowTypes[S]
    case 'competitors':
      return {
        id,
        competitor: str(g('competitor')),
        position: str(g('position')),
        strategy: optOneOf(competitiveStrategies, g('strategy'))
      } satisfies Competitor as RowTypes[S]
    case 'notes':
      return { id, kind: g('kind') === 'strength' ? 'strength' : 'red_flag', text: str(g('text')) } satisfies SheetNote as RowTypes[S]
    case 'actions':
      return {
        id,
        text: str(g('text')),
        chosen: g('chosen') === true,
        owner: str(g('owner')),
        dueAt: time(g('dueAt')),
        taskId: str(g('taskId'))
      } satisfies SheetAction as RowTypes[S]
  }
  return null
}

function rows<S extends RowSection>(doc: Y.Doc, section: S): RowTypes[S][] {
  const out: RowTypes[S][] = []
  const seen = new Set<string>()
  for (const item of doc.getArray<unknown>(section).toArray()) {
    if (item instanceof Y.Map) {
      const row = readRow(section, item as Y.Map<unknown>)
      // Rows with a fixed id (the diagnostic's) can be added twice by two offline replicas: show one.
      if (row && !seen.has(row.id)) {
        seen.add(row.id)
        out.push(row)
      }
    }
  }
  return out
}

/** The sheet as plain data. Unknown or malformed values read as empty, never throw. */
export function readSheet(doc: Y.Doc): StrategySheetContent {
  const meta = doc.getMap<unknown>('meta')
  const version = meta.get('schemaVersion')
  const tas = Object.fromEntries(tasQuestions.map((q) => [q, optOneOf(answers, meta.get(`tas.${q}`))])) as Record<TasQuestion, Answer | ''>
  const diagnostic = Object.fromEntries(diagnosticQuestions.map((q) => [q, optOneOf(answers, meta.get(`diagnostic.${q}`))])) as Record<
    DiagnosticQuestion,
    Answer | ''
  >
  const editors = [...doc.getMap<unknown>('editors').entries()]
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .map(([userId, at]) => ({ userId, at }))
    .sort((a, b) => b.at - a.at)
  return {
    schemaVersion: typeof version === 'number' ? version : SHEET_SCHEMA_VERSION,
    objective: doc.getText('objective').toString(),
    adequacy: optOneOf(adequacyLevels, meta.get('adequacy')),
    reorganisation: meta.get('reorganisation') === true,
    tas,
    diagnostic,
    influences: rows(doc, 'influences'),
    gaps: rows(doc, 'gaps'),
    competitors: rows(doc, 'competitors'),
    notes: rows(doc, 'notes'),
    actions: rows(doc, 'actions'),
    editors
  }
}

/** A doc written by a newer app: show it, but don't write into a shape we don't know. */
export function isNewerSheet(doc: Y.Doc): boolean {
  const v = doc.getMap<unknown>('meta').get('schemaVersion')
  return typeof v === 'number' && v > SHEET_SCHEMA_VERSION
}

// ---------- editing ----------

export type MetaKey = 'adequacy' | 'reorganisation' | `tas.${TasQuestion}` | `diagnostic.${DiagnosticQuestion}`

function newRowId(): string {
  return globalThis.crypto.randomUUID()
}

/**
 * Stamp the version, and bring a v1 sheet up to v2: row texts kept as plain strings become
 * Y.Texts with the same words. Two replicas migrating at once each write an equal Y.Text and
 * one wins, so nothing typed before the migration is lost. Call only when `!isNewerSheet(doc)`.
 */
export function initSheet(doc: Y.Doc): void {
  const meta = doc.getMap<unknown>('meta')
  const version = meta.get('schemaVersion')
  if (version === SHEET_SCHEMA_VERSION) return
  doc.transact(() => {
    for (const section of rowSections) {
      for (const m of doc.getArray<unknown>(section).toArray()) {
        if (!(m instanceof Y.Map)) continue
        for (const field of rowTextFields[section]) {
          const v = m.get(field)
          if (typeof v === 'string') m.set(field, new Y.Text(v))
        }
      }
    }
    meta.set('schemaVersion', SHEET_SCHEMA_VERSION)
  })
}

/**
 * The Y.Text behind a row's free-text field, for an editor bound to it. A plain string (written
 * by an older replica after the migration) is turned into a Y.Text first. Null when the row is gone.
 */
export function rowText<S extends RowSection>(doc: Y.Doc, section: S, id: string, field: (typeof rowTextFields)[S][number]): Y.Text | null {
  const found = findRow(doc, section, id)
  if (!found) return null
  const v = found.map.get(field)
  if (v instanceof Y.Text) return v
  const text = new Y.Text(typeof v === 'string' ? v : '')
  found.map.set(field, text)
  return text
}

export function setMeta(doc: Y.Doc, key: MetaKey, value: string | boolean | null): void {
  const meta = doc.getMap<unknown>('meta')
  if (value === null || value === '') meta.delete(key)
  else meta.set(key, value)
}

/**
 * Turn the objective into `next` by the smallest single edit (common prefix and suffix kept),
 * so a concurrent edit elsewhere in the text by someone else survives.
 */
export function setText(text: Y.Text, next: string): void {
  const prev = text.toString()
  if (prev === next) return
  const { start, endPrev, endNext } = textSplice(prev, next)
  text.doc!.transact(() => {
    if (endPrev > start) text.delete(start, endPrev - start)
    if (endNext > start) text.insert(start, next.slice(start, endNext))
  })
}

/**
 * The current text of a live field by its presence key (`objective`, `gaps.<rowId>.question`…),
 * read straight from the document: an input rebases a keystroke onto it when someone else's
 * change has arrived but is not rendered yet. Empty when the field or row is gone.
 */
export function readField(doc: Y.Doc, field: string): string {
  if (field === 'objective') return doc.getText('objective').toString()
  const [section, id, name] = field.split('.')
  if (!section || !id || !name || !(rowSections as string[]).includes(section)) return ''
  return str(findRow(doc, section as RowSection, id)?.map.get(name))
}

export function setObjective(doc: Y.Doc, next: string): void {
  setText(doc.getText('objective'), next)
}

export function addRow<S extends RowSection>(doc: Y.Doc, section: S, fields: Partial<Omit<RowTypes[S], 'id'>> = {}, id = newRowId()): string {
  const m = new Y.Map<unknown>()
  const all = { ...rowDefaults[section], ...fields, id } as Record<string, unknown>
  for (const [k, v] of Object.entries(all)) {
    if (v === undefined) continue
    m.set(k, typeof v === 'string' && isTextField(section, k) ? new Y.Text(v) : v)
  }
  doc.getArray<Y.Map<unknown>>(section).push([m])
  return id
}

function findRow(doc: Y.Doc, section: RowSection, id: string): { index: number; map: Y.Map<unknown> } | null {
  const arr = doc.getArray<unknown>(section)
  for (let i = 0; i < arr.length; i++) {
    const m = arr.get(i)
    if (m instanceof Y.Map && m.get('id') === id) return { index: i, map: m as Y.Map<unknown> }
  }
  return null
}

/**
 * Change some fields of a row; a row deleted meanwhile by someone else stays deleted. A free
 * text is changed by the smallest edit of its Y.Text, so someone typing elsewhere in it keeps
 * their characters.
 */
export function updateRow<S extends RowSection>(doc: Y.Doc, section: S, id: string, patch: Partial<Omit<RowTypes[S], 'id'>>): boolean {
  const found = findRow(doc, section, id)
  if (!found) return false
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) {
      const cur = found.map.get(k)
      if (typeof v === 'string' && isTextField(section, k)) {
        if (cur instanceof Y.Text) setText(cur, v)
        else if (cur !== v) found.map.set(k, new Y.Text(v))
      } else if (cur !== v) found.map.set(k, v)
    }
  })
  return true
}

export function deleteRow(doc: Y.Doc, section: RowSection, id: string): boolean {
  const found = findRow(doc, section, id)
  if (!found) return false
  doc.getArray(section).delete(found.index, 1)
  return true
}

export function touchEditor(doc: Y.Doc, userId: string, now: number): void {
  if (!userId) return
  const editors = doc.getMap<number>('editors')
  const prev = editors.get(userId)
  // One write per minute is enough to say who works on it, and keeps the update log small.
  if (prev === undefined || now - prev > 60_000) editors.set(userId, now)
}

/**
 * Make `doc` read like `target` by forward edits (used to restore a snapshot): rows missing
 * from the target are deleted, others are written back. Being ordinary edits, a restore merges
 * with what others did meanwhile instead of erasing it.
 */
export function replaceContent(doc: Y.Doc, target: StrategySheetContent): void {
  doc.transact(() => {
    setObjective(doc, target.objective)
    setMeta(doc, 'adequacy', target.adequacy)
    setMeta(doc, 'reorganisation', target.reorganisation || null)
    for (const q of tasQuestions) setMeta(doc, `tas.${q}`, target.tas[q])
    for (const q of diagnosticQuestions) setMeta(doc, `diagnostic.${q}`, target.diagnostic[q])
    for (const section of rowSections) {
      const wanted = target[section] as { id: string }[]
      const keep = new Set(wanted.map((r) => r.id))
      const arr = doc.getArray<unknown>(section)
      for (let i = arr.length - 1; i >= 0; i--) {
        const m = arr.get(i)
        if (!(m instanceof Y.Map) || !keep.has(m.get('id') as string)) arr.delete(i, 1)
      }
      for (const row of wanted) {
        const { id, ...fields } = row
        if (!updateRow(doc, section, id, fields as never)) addRow(doc, section, fields as never, id)
      }
    }
  })
}

/**
 * Write one answer of the stalled-deal diagnostic into the sheet: "no" becomes a red flag,
 * "unsure" an open information gap to find out, "yes" clears both. `text` is the question in
 * the asker's language, which is what the row will say.
 */
export function answerDiagnostic(doc: Y.Doc, question: DiagnosticQuestion, answer: Answer, text: { flag: string; gap: string }): void {
  const flagId = `diagnostic-flag-${question}`
  const gapId = `diagnostic-gap-${question}`
  doc.transact(() => {
    setMeta(doc, `diagnostic.${question}`, answer)
    if (answer === 'no') {
      if (!updateRow(doc, 'notes', flagId, { text: text.flag })) addRow(doc, 'notes', { kind: 'red_flag', text: text.flag }, flagId)
    } else deleteRow(doc, 'notes', flagId)
    if (answer === 'unsure') {
      if (!updateRow(doc, 'gaps', gapId, { status: 'open' })) addRow(doc, 'gaps', { question: text.gap, status: 'open' }, gapId)
    } else updateRow(doc, 'gaps', gapId, { status: 'closed' })
  })
}

// ---------- the standard red flags ----------

export type RedFlagCode =
  | 'no-economic-buyer'
  | 'economic-buyer-uncovered'
  | 'no-coach'
  | 'open-gap'
  | 'overdue-gap'
  | 'low-rating'
  | 'economic-buyer-mode'
  | 'new-player'
  | 'reorganisation'
  | 'contact-removed'

export interface RedFlag {
  code: RedFlagCode
  /** The row the flag is about, to jump to it. */
  rowId?: string
  params: Record<string, string | number>
}

export interface RedFlagContext {
  now: number
  /** Contacts of the deal's customer that still exist; when given, influences pointing elsewhere are flagged. */
  contactIds?: ReadonlySet<string>
}

/**
 * The flags the Blue Sheet teaches to raise by default. Each carries a code and params, so the
 * UI explains it in the reader's language.
 */
export function redFlags(sheet: StrategySheetContent, ctx: RedFlagContext): RedFlag[] {
  const out: RedFlag[] = []
  const economic = sheet.influences.filter((i) => i.role === 'economic')
  if (economic.length === 0) out.push({ code: 'no-economic-buyer', params: {} })
  else if (!economic.some((i) => i.coveredBy !== '')) {
    out.push({ code: 'economic-buyer-uncovered', rowId: economic[0]!.id, params: { name: economic[0]!.name } })
  }
  if (!sheet.influences.some((i) => i.role === 'coach')) out.push({ code: 'no-coach', params: {} })
  for (const g of sheet.gaps) {
    if (g.status !== 'open') continue
    const overdue = g.dueAt !== null && g.dueAt < ctx.now
    out.push({ code: overdue ? 'overdue-gap' : 'open-gap', rowId: g.id, params: { question: g.question } })
  }
  for (const i of sheet.influences) {
    if (i.rating <= -4) out.push({ code: 'low-rating', rowId: i.id, params: { name: i.name, rating: i.rating } })
    if (i.role === 'economic' && (i.mode === 'even_keel' || i.mode === 'overconfident')) {
      out.push({ code: 'economic-buyer-mode', rowId: i.id, params: { name: i.name, mode: i.mode } })
    }
    if (i.newPlayer) out.push({ code: 'new-player', rowId: i.id, params: { name: i.name } })
    if (ctx.contactIds && i.contactId && !ctx.contactIds.has(i.contactId)) {
      out.push({ code: 'contact-removed', rowId: i.id, params: { name: i.name } })
    }
  }
  if (sheet.reorganisation) out.push({ code: 'reorganisation', params: {} })
  return out
}

// ---------- completeness ----------

export type SheetPart = 'objective' | 'adequacy' | 'economic' | 'coach' | 'influenceDetail' | 'competition' | 'tas' | 'bestAction'

export interface Completeness {
  /** 0…1 */
  ratio: number
  missing: SheetPart[]
}

/** How much of the sheet a team has worked through; the list shows it per big deal. */
export function completeness(sheet: StrategySheetContent): Completeness {
  const done: Record<SheetPart, boolean> = {
    objective: sheet.objective.trim() !== '',
    adequacy: sheet.adequacy !== '',
    economic: sheet.influences.some((i) => i.role === 'economic'),
    coach: sheet.influences.some((i) => i.role === 'coach'),
    influenceDetail: sheet.influences.length > 0 && sheet.influences.every((i) => i.businessResult.trim() !== '' || i.personalWin.trim() !== ''),
    competition: sheet.competitors.some((c) => c.strategy !== ''),
    tas: tasQuestions.every((q) => sheet.tas[q] !== ''),
    bestAction: sheet.actions.some((a) => a.chosen && a.owner !== '' && a.dueAt !== null)
  }
  const parts = Object.keys(done) as SheetPart[]
  const missing = parts.filter((p) => !done[p])
  return { ratio: (parts.length - missing.length) / parts.length, missing }
}

export const meddpiccLetters = ['metrics', 'economicBuyer', 'decisionCriteria', 'decisionProcess', 'paperProcess', 'identifyPain', 'champion', 'competition'] as const
export type MeddpiccLetter = (typeof meddpiccLetters)[number]

/**
 * MEDDPICC read off the sheet rather than typed twice: each letter is known when the sheet
 * holds what answers it (e.g. Champion = a coach who rates us +3 or better).
 */
export function meddpicc(sheet: StrategySheetContent): Record<MeddpiccLetter, boolean> {
  const has = (role: InfluenceRole): BuyingInfluence[] => sheet.influences.filter((i) => i.role === role)
  return {
    metrics: sheet.influences.some((i) => i.businessResult.trim() !== ''),
    economicBuyer: has('economic').some((i) => i.coveredBy !== ''),
    decisionCriteria: has('technical').length > 0,
    decisionProcess: sheet.diagnostic.season === 'yes' && sheet.diagnostic.decisionMaker === 'yes',
    paperProcess: sheet.diagnostic.ability === 'yes',
    identifyPain: sheet.influences.some((i) => i.mode === 'growth' || i.mode === 'trouble'),
    champion: has('coach').some((i) => i.rating >= 3),
    competition: sheet.competitors.some((c) => c.strategy !== '')
  }
}

/** Prefix of the deterministic sheet ids; the hub reads the deal straight from the id. */
export const DEAL_SHEET_PREFIX = 'sheet:'

/**
 * A deal's sheet id, derived from the deal: two laptops that each open the sheet offline create
 * the same record and edit the same Yjs document, so their edits merge on first sync instead of
 * leaving two sheets. An id too long for the record (max 64) is hashed; the hub then finds the
 * deal through the synced record instead of the id.
 */
export function dealSheetId(dealId: string): string {
  if (DEAL_SHEET_PREFIX.length + dealId.length <= 64) return DEAL_SHEET_PREFIX + dealId
  // Two FNV-1a 32-bit hashes with different seeds: collisions within one workspace are negligible.
  const fnv = (seed: number): string => {
    let h = seed >>> 0
    for (let i = 0; i < dealId.length; i++) h = Math.imul(h ^ dealId.charCodeAt(i), 0x01000193) >>> 0
    return h.toString(16).padStart(8, '0')
  }
  return `${DEAL_SHEET_PREFIX}#${fnv(0x811c9dc5)}${fnv(0x050c5d1f)}`
}
