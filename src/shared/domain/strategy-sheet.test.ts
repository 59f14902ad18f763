import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import {
  addRow,
  answerDiagnostic,
  completeness,
  deleteRow,
  initSheet,
  isNewerSheet,
  meddpicc,
  readSheet,
  redFlags,
  replaceContent,
  rowSections,
  rowText,
  SHEET_SCHEMA_VERSION,
  setMeta,
  setText,
  setObjective,
  updateRow,
  type RowSection
} from './strategy-sheet'

const NOW = Date.UTC(2026, 10, 20, 6)

function replicaOf(base: Uint8Array): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, base)
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  return { doc, updates }
}

/** Fisher–Yates with a small seeded generator, so a failing order replays from fast-check's seed. */
function shuffle<T>(list: T[], seed: number): T[] {
  const out = [...list]
  let x = seed | 1
  for (let i = out.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    const j = x % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

type Op =
  | { kind: 'add'; section: RowSection; text: string }
  | { kind: 'edit'; section: RowSection; pick: number; text: string }
  | { kind: 'delete'; section: RowSection; pick: number }
  | { kind: 'type'; pos: number; text: string }

const section = fc.constantFrom(...rowSections)
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), section, text: fc.string({ maxLength: 6 }) }),
  fc.record({ kind: fc.constant('edit' as const), section, pick: fc.nat(), text: fc.string({ maxLength: 6 }) }),
  fc.record({ kind: fc.constant('delete' as const), section, pick: fc.nat() }),
  fc.record({ kind: fc.constant('type' as const), pos: fc.nat(), text: fc.string({ minLength: 1, maxLength: 4 }) })
)

/** The text field each section's rows carry, to edit with something visible. */
const textField: Record<RowSection, string> = {
  influences: 'businessResult',
  gaps: 'question',
  competitors: 'competitor',
  notes: 'text',
  actions: 'text'
}

describe('strategy sheet merge', () => {
  it('three replicas editing offline converge with no lost rows or text, whatever order updates arrive in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { maxLength: 12 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        (opsPerReplica, seeds) => {
          // A shared starting point: one row in every section, some objective text.
          const origin = new Y.Doc()
          initSheet(origin)
          setObjective(origin, 'win')
          for (const s of rowSections) addRow(origin, s, { [textField[s]]: 'base' } as never)
          const base = Y.encodeStateAsUpdate(origin)

          const replicas = opsPerReplica.map(() => replicaOf(base))
          const added = new Set<string>()
          const deleted = new Set<string>()
          const typed: string[] = []
          opsPerReplica.forEach((ops, r) => {
            const { doc } = replicas[r]!
            ops.forEach((o, n) => {
              if (o.kind === 'add') added.add(addRow(doc, o.section, { [textField[o.section]]: o.text } as never))
              else if (o.kind === 'type') {
                // One unique private-use character per keystroke, so we can tell every one survived.
                const token = String.fromCodePoint(0xe000 + r * 100 + n)
                const text = doc.getText('objective')
                text.insert(o.pos % (text.length + 1), token)
                typed.push(token)
              } else {
                const list = readSheet(doc)[o.section]
                if (list.length === 0) return
                const row = list[o.pick % list.length]!
                if (o.kind === 'edit') updateRow(doc, o.section, row.id, { [textField[o.section]]: o.text } as never)
                else {
                  deleteRow(doc, o.section, row.id)
                  deleted.add(row.id)
                }
              }
            })
          })

          // Reconnect: everyone receives everyone's updates, shuffled and some twice.
          replicas.forEach((target, r) => {
            const incoming = replicas.flatMap((src, s) => (s === r ? [] : [...src.updates, ...src.updates.slice(0, 2)]))
            for (const u of shuffle(incoming, seeds[r]!)) Y.applyUpdate(target.doc, u)
          })

          const states = replicas.map((x) => readSheet(x.doc))
          expect(states[1]).toEqual(states[0])
          expect(states[2]).toEqual(states[0])
          const ids = new Set(rowSections.flatMap((s) => states[0]![s].map((row) => row.id)))
          for (const id of added) if (!deleted.has(id)) expect(ids.has(id), `row ${id}`).toBe(true)
          for (const id of deleted) expect(ids.has(id)).toBe(false)
          for (const token of typed) expect(states[0]!.objective).toContain(token)
          // The shared text is all still there, in order, around what was typed into it.
          expect(states[0]!.objective.replace(/[\ue000-\uefff]/g, '')).toBe('win')
        }
      ),
      { numRuns: 150 }
    )
  })

  it('the objective edit keeps a concurrent edit elsewhere in the text', () => {
    const a = new Y.Doc()
    setObjective(a, 'Sign the framework contract by March')
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    setObjective(a, 'Sign the 3-year framework contract by March')
    setObjective(b, 'Sign the framework contract by end of March')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readSheet(a).objective).toBe('Sign the 3-year framework contract by end of March')
    expect(readSheet(b).objective).toBe(readSheet(a).objective)
  })
})

describe('standard red flags', () => {
  const codes = (doc: Y.Doc, contactIds?: Set<string>): string[] => redFlags(readSheet(doc), { now: NOW, contactIds }).map((f) => f.code)

  it('an empty sheet misses the economic buyer and a coach', () => {
    expect(codes(new Y.Doc())).toEqual(['no-economic-buyer', 'no-coach'])
  })

  it('go away once a covered economic buyer in growth mode and a coach are added', () => {
    const doc = new Y.Doc()
    const eb = addRow(doc, 'influences', { contactId: 'c1', name: 'Wang', role: 'economic', mode: 'even_keel' })
    expect(codes(doc)).toEqual(['economic-buyer-uncovered', 'no-coach', 'economic-buyer-mode'])
    updateRow(doc, 'influences', eb, { coveredBy: 'u1', mode: 'growth' })
    addRow(doc, 'influences', { contactId: 'c2', name: 'Li', role: 'coach', rating: 4 })
    expect(codes(doc)).toEqual([])
  })

  it('an open information gap is a flag until closed, overdue says so', () => {
    const doc = new Y.Doc()
    addRow(doc, 'influences', { role: 'economic', coveredBy: 'u1', mode: 'trouble' })
    addRow(doc, 'influences', { role: 'coach' })
    const gap = addRow(doc, 'gaps', { question: 'Budget approved?', dueAt: NOW - 1 })
    expect(redFlags(readSheet(doc), { now: NOW })).toEqual([{ code: 'overdue-gap', rowId: gap, params: { question: 'Budget approved?' } }])
    updateRow(doc, 'gaps', gap, { status: 'closed' })
    expect(codes(doc)).toEqual([])
  })

  it('flags a hostile rating, a new player, a reorganisation and a removed contact', () => {
    const doc = new Y.Doc()
    addRow(doc, 'influences', { contactId: 'c1', role: 'economic', coveredBy: 'u1', mode: 'growth' })
    addRow(doc, 'influences', { contactId: 'gone', name: 'Zhao', role: 'coach', rating: -4, newPlayer: true })
    setMeta(doc, 'reorganisation', true)
    expect(codes(doc, new Set(['c1']))).toEqual(['low-rating', 'new-player', 'contact-removed', 'reorganisation'])
  })
})

describe('stalled-deal diagnostic', () => {
  it('writes "no" as a red flag, "unsure" as a gap, and "yes" clears them', () => {
    const doc = new Y.Doc()
    const text = { flag: 'Not in a buying season', gap: 'Is the customer in a buying season?' }
    answerDiagnostic(doc, 'season', 'no', text)
    expect(readSheet(doc).notes.map((n) => n.text)).toEqual(['Not in a buying season'])
    answerDiagnostic(doc, 'season', 'unsure', text)
    expect(readSheet(doc).notes).toEqual([])
    expect(readSheet(doc).gaps.map((g) => [g.question, g.status])).toEqual([['Is the customer in a buying season?', 'open']])
    answerDiagnostic(doc, 'season', 'yes', text)
    expect(readSheet(doc).gaps.map((g) => g.status)).toEqual(['closed'])
    expect(readSheet(doc).diagnostic.season).toBe('yes')
  })
})

describe('completeness and MEDDPICC', () => {
  it('counts the parts a team has worked through', () => {
    const doc = new Y.Doc()
    expect(completeness(readSheet(doc)).ratio).toBe(0)
    setObjective(doc, 'Win phase 1')
    setMeta(doc, 'adequacy', 'comfortable')
    addRow(doc, 'influences', { role: 'economic', coveredBy: 'u1', businessResult: 'Cut costs 10%' })
    addRow(doc, 'influences', { role: 'coach', rating: 3, personalWin: 'Promotion' })
    const c = completeness(readSheet(doc))
    expect(c.ratio).toBe(5 / 8)
    expect(c.missing).toEqual(['competition', 'tas', 'bestAction'])
    const m = meddpicc(readSheet(doc))
    expect(m.economicBuyer && m.champion && m.metrics).toBe(true)
    expect(m.competition).toBe(false)
  })
})

describe('reading damaged or newer documents', () => {
  it('reads malformed values as empty and notices a newer schema', () => {
    const doc = new Y.Doc()
    doc.getMap('meta').set('schemaVersion', 99)
    doc.getMap('meta').set('adequacy', 'ecstatic')
    const m = new Y.Map<unknown>()
    m.set('id', 'x')
    m.set('rating', 'very bad')
    m.set('role', 42)
    doc.getArray('influences').push([m, new Y.Map()])
    const sheet = readSheet(doc)
    expect(isNewerSheet(doc)).toBe(true)
    expect(sheet.adequacy).toBe('')
    expect(sheet.influences).toHaveLength(1)
    expect(sheet.influences[0]).toMatchObject({ id: 'x', rating: 0, role: 'user' })
  })

  it('restoring a snapshot brings back deleted rows and text as forward edits', () => {
    const doc = new Y.Doc()
    setObjective(doc, 'Old objective')
    const gap = addRow(doc, 'gaps', { question: 'Who signs?' })
    const snapshot = readSheet(doc)
    deleteRow(doc, 'gaps', gap)
    setObjective(doc, 'New objective')
    addRow(doc, 'notes', { text: 'later' })
    replaceContent(doc, snapshot)
    const now = readSheet(doc)
    expect(now.objective).toBe('Old objective')
    expect(now.gaps.map((g) => g.id)).toEqual([gap])
    expect(now.notes).toEqual([])
  })
})

describe('co-typing in row texts', () => {
  it('two replicas typing into the same field at once both keep their characters', () => {
    const base = new Y.Doc()
    initSheet(base)
    const gap = addRow(base, 'gaps', { question: 'Who signs?' })
    const a = replicaOf(Y.encodeStateAsUpdate(base))
    const b = replicaOf(Y.encodeStateAsUpdate(base))
    // Each keystroke is its own edit, as the bound input makes them.
    for (const ch of ' The CFO') setText(rowText(a.doc, 'gaps', gap, 'question')!, rowText(a.doc, 'gaps', gap, 'question')!.toString() + ch)
    setText(rowText(b.doc, 'gaps', gap, 'question')!, 'Who really signs?')
    for (const u of b.updates) Y.applyUpdate(a.doc, u)
    for (const u of a.updates) Y.applyUpdate(b.doc, u)
    const qa = readSheet(a.doc).gaps[0]!.question
    expect(qa).toBe(readSheet(b.doc).gaps[0]!.question)
    expect(qa).toBe('Who really signs? The CFO')
  })

  it('updateRow edits a row text by the smallest change, so a concurrent insert elsewhere survives', () => {
    const base = new Y.Doc()
    initSheet(base)
    const id = addRow(base, 'influences', { businessResult: 'Cut scrap by 5%' })
    const a = replicaOf(Y.encodeStateAsUpdate(base))
    const b = replicaOf(Y.encodeStateAsUpdate(base))
    updateRow(a.doc, 'influences', id, { businessResult: 'Cut scrap by 8%' })
    updateRow(b.doc, 'influences', id, { businessResult: 'Cut scrap by 5% this year' })
    for (const u of b.updates) Y.applyUpdate(a.doc, u)
    for (const u of a.updates) Y.applyUpdate(b.doc, u)
    expect(readSheet(a.doc).influences[0]!.businessResult).toBe('Cut scrap by 8% this year')
    expect(readSheet(b.doc).influences[0]!.businessResult).toBe('Cut scrap by 8% this year')
  })

  it('opens a v1 sheet with plain-string texts: same words, now Y.Texts, stamped v2', () => {
    const doc = new Y.Doc()
    doc.getMap('meta').set('schemaVersion', 1)
    const m = new Y.Map<unknown>()
    m.set('id', 'n1')
    m.set('kind', 'strength')
    m.set('text', 'Coach in purchasing')
    doc.getArray('notes').push([m])
    expect(isNewerSheet(doc)).toBe(false)
    initSheet(doc)
    expect(doc.getMap('meta').get('schemaVersion')).toBe(SHEET_SCHEMA_VERSION)
    expect((doc.getArray('notes').get(0) as Y.Map<unknown>).get('text')).toBeInstanceOf(Y.Text)
    expect(readSheet(doc).notes).toEqual([{ id: 'n1', kind: 'strength', text: 'Coach in purchasing' }])
    // A v1 replica writing a plain string afterwards still reads, and is converted on the next edit.
    m.set('text', 'Coach in finance')
    expect(readSheet(doc).notes[0]!.text).toBe('Coach in finance')
    expect(rowText(doc, 'notes', 'n1', 'text')!.toString()).toBe('Coach in finance')
  })
})
