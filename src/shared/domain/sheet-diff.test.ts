import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { addRow, deleteRow, readSheet, setMeta, setObjective, updateRow } from './strategy-sheet'
import { diffSheets, diffText } from './sheet-diff'

function sheet(build: (d: Y.Doc) => void = () => {}): { doc: Y.Doc; read: () => ReturnType<typeof readSheet> } {
  const doc = new Y.Doc()
  build(doc)
  return { doc, read: () => readSheet(doc) }
}

describe('diffSheets', () => {
  it('two equal sheets differ in nothing, editors aside', () => {
    const s = sheet((d) => addRow(d, 'gaps', { question: '预算批了吗?' }))
    const before = s.read()
    s.doc.getMap('editors').set('u1', 1)
    expect(diffSheets(before, s.read()).empty).toBe(true)
  })

  it('names added, removed and changed rows per section, with the changed fields', () => {
    let gap = ''
    let flag = ''
    const s = sheet((d) => {
      gap = addRow(d, 'gaps', { question: 'Budget approved?' })
      flag = addRow(d, 'notes', { text: 'No coach' })
    })
    const before = s.read()
    updateRow(s.doc, 'gaps', gap, { status: 'closed', owner: 'u2' })
    deleteRow(s.doc, 'notes', flag)
    const added = addRow(s.doc, 'gaps', { question: 'Who signs?' })
    const d = diffSheets(before, s.read())
    expect(d.empty).toBe(false)
    expect(d.sections.gaps).toEqual([
      { kind: 'changed', id: gap, row: expect.objectContaining({ question: 'Budget approved?' }), fields: expect.arrayContaining([{ field: 'status', from: 'open', to: 'closed' }, { field: 'owner', from: '', to: 'u2' }]) },
      { kind: 'added', id: added, row: expect.objectContaining({ question: 'Who signs?' }), fields: [] }
    ])
    expect(d.sections.notes).toEqual([{ kind: 'removed', id: flag, row: expect.objectContaining({ text: 'No coach' }), fields: [] }])
    expect(d.sections.influences).toEqual([])
  })

  it('reports objective, adequacy and TAS changes as fields', () => {
    const s = sheet((d) => setObjective(d, 'Win phase 1'))
    const before = s.read()
    setObjective(s.doc, 'Win phase 1 and 2')
    setMeta(s.doc, 'adequacy', 'worried')
    setMeta(s.doc, 'tas.win', 'yes')
    expect(diffSheets(before, s.read()).fields).toEqual(
      expect.arrayContaining([
        { field: 'objective', from: 'Win phase 1', to: 'Win phase 1 and 2' },
        { field: 'adequacy', from: '', to: 'worried' },
        { field: 'tas.win', from: '', to: 'yes' }
      ])
    )
  })

  it('the task link of an action is bookkeeping, not a change', () => {
    let id = ''
    const s = sheet((d) => (id = addRow(d, 'actions', { text: 'Reference visit' })))
    const before = s.read()
    updateRow(s.doc, 'actions', id, { taskId: id })
    expect(diffSheets(before, s.read()).empty).toBe(true)
  })
})

describe('diffText', () => {
  const join = (parts: ReturnType<typeof diffText>, keep: 'before' | 'after'): string =>
    parts.filter((p) => p.kind === 'same' || p.kind === (keep === 'before' ? 'removed' : 'added')).map((p) => p.text).join('')

  it('marks inserted English words and Chinese characters', () => {
    expect(diffText('win phase 1', 'win phase 1 and 2')).toEqual([
      { kind: 'same', text: 'win phase 1' },
      { kind: 'added', text: ' and 2' }
    ])
    expect(diffText('拿下一期', '拿下一期和二期')).toEqual([
      { kind: 'same', text: '拿下一期' },
      { kind: 'added', text: '和二期' }
    ])
  })

  it('always rebuilds both texts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        const parts = diffText(a, b)
        expect(join(parts, 'before')).toBe(a)
        expect(join(parts, 'after')).toBe(b)
      })
    )
  })
})
