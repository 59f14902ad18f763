import { z } from 'zod'
import { RecordBase, Currency, MinorUnits, defineKind } from './common'

/**
 * The organisation's analytics settings: where small, medium and big deals part (deal-size
 * economics), and what a unit of selling effort costs. One row for the whole workspace (id
 * `ANALYTICS_SETTINGS_ID`), synced to everyone, so every manager's band and cost figures agree.
 * Amounts in minor units of `currency`.
 */
export const ANALYTICS_SETTINGS_ID = 'analytics-settings'

const Cost = MinorUnits.refine((n) => n >= 0, 'analytics:settings.errors.negative')

export const AnalyticsSettings = RecordBase.extend({
  currency: Currency,
  /** Deals below this amount are small. */
  smallBelow: MinorUnits.refine((n) => n > 0, 'analytics:settings.errors.positive'),
  /** Deals at or above this amount are big; medium in between. Must be above `smallBelow`. */
  bigFrom: MinorUnits.refine((n) => n > 0, 'analytics:settings.errors.positive'),
  costPerVisit: Cost,
  costPerCall: Cost,
  costPerRideAlong: Cost,
  costPerWarRoomHour: Cost,
  /** War-room meetings are not timed: the hours a big deal's strategy sheet is assumed to take. */
  warRoomHoursPerSheet: z.number().min(0).max(1000)
})
export type AnalyticsSettings = z.infer<typeof AnalyticsSettings>
export const analyticsSettingsKind = defineKind({
  table: 'analyticsSettings',
  placement: { kind: 'global' },
  indexes: [],
  schema: AnalyticsSettings,
  version: 1,
  merge: 'record'
})
