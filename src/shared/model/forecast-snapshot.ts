import { z } from 'zod'
import { RecordBase, Id, EpochMs, LocalDate, MinorUnits, defineKind } from './common'

/** A frozen forecast, so forecast-vs-actual error can be shown over time. */
export const ForecastSnapshot = RecordBase.extend({
  takenAt: EpochMs,
  trigger: z.enum(['period_start', 'weekly', 'manual']),
  period: z.enum(['month', 'quarter']),
  periodStart: LocalDate,
  scopeKind: z.enum(['user', 'orgUnit']),
  scopeId: Id,
  won: MinorUnits,
  commit: MinorUnits,
  bestCase: MinorUnits,
  pipeline: MinorUnits,
  weighted: MinorUnits,
  target: MinorUnits.optional()
})
export type ForecastSnapshot = z.infer<typeof ForecastSnapshot>
export const forecastSnapshotKind = defineKind({
  table: 'forecastSnapshots',
  placement: { kind: 'scoped' },
  indexes: ['[scopeKind+scopeId]', 'periodStart'],
  schema: ForecastSnapshot,
  version: 1,
  merge: 'record'
})
