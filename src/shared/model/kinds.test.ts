import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineKind, modelKinds, modelTables } from './index'
import { REGION_RULES } from './placement'

/** Every fact about a kind sits in its model file; these hold each kind to declaring them. */
describe('record kinds', () => {
  it('a kind that does not say where it syncs or how the laptop indexes it does not compile', () => {
    const schema = z.object({ id: z.string() })
    // @ts-expect-error placement and indexes are missing
    const noPlacement = defineKind({ table: 'newKind', schema, version: 1, merge: 'record' })
    // @ts-expect-error indexes are missing
    const noIndexes = defineKind({ table: 'newKind', schema, version: 1, merge: 'record', placement: { kind: 'global' } })
    const vague = defineKind({
      table: 'newKind',
      schema,
      version: 1,
      merge: 'record',
      // @ts-expect-error a placement names how the row is placed
      placement: { kind: 'somewhere' },
      indexes: []
    })
    for (const k of [noPlacement, noIndexes, vague]) expect(k.table).toBe('newKind')
  })

  it('every kind places its rows through fields it has and parents that exist', () => {
    for (const t of modelTables) {
      const kind = modelKinds[t]
      expect(kind.table, t).toBe(t)
      const fields = Object.keys((kind.schema as unknown as z.ZodObject).shape)
      const rule = REGION_RULES[t]
      expect(rule, t).toBeDefined()
      if (rule.kind === 'unit') expect(fields, t).toContain(rule.field)
      if (rule.kind === 'ref') {
        expect(rule.refs.length, t).toBeGreaterThan(0)
        for (const [field, parent] of rule.refs) {
          expect(fields, t).toContain(field)
          expect(modelTables as string[], `${t} → ${parent}`).toContain(parent)
        }
      }
      if (rule.kind === 'target') expect(fields, t).toEqual(expect.arrayContaining(['targetTable', 'targetId']))
      if (rule.kind === 'scoped') expect(fields, t).toEqual(expect.arrayContaining(['scopeKind', 'scopeId']))
      if (rule.kind === 'orgUnit') expect(fields, t).toEqual(expect.arrayContaining(['kind', 'parentId']))
    }
  })

  it('every index a kind declares names fields of its rows', () => {
    for (const t of modelTables) {
      const fields = Object.keys((modelKinds[t].schema as unknown as z.ZodObject).shape)
      for (const index of modelKinds[t].indexes) {
        const names = index
          .replace(/^[&*]/, '')
          .replace(/^\[|\]$/g, '')
          .split('+')
        for (const n of names) expect(fields, `${t}: ${index}`).toContain(n)
      }
    }
  })
})
