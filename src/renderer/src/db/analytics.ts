import { ANALYTICS_SETTINGS_ID, type AnalyticsSettings } from '@shared/model'
import { DEFAULT_ANALYTICS_SETTINGS, settingsError, type SettingsError } from '@shared/domain/analytics/deal-size'
import { write } from './write'

/** A refused analytics setting; `code` is translated as `analytics:errors.<code>`. */
export class AnalyticsSettingsError extends Error {
  constructor(public readonly code: SettingsError) {
    super(code)
  }
}

/** The workspace's analytics settings: the synced row, else the defaults in the workspace currency. */
export function effectiveSettings(rows: readonly AnalyticsSettings[] | undefined, currency: string): AnalyticsSettings {
  const row = rows?.find((r) => r.id === ANALYTICS_SETTINGS_ID && !r.deleted)
  return row ?? { ...DEFAULT_ANALYTICS_SETTINGS, currency }
}

/** Save the band thresholds and unit costs (one synced row); thresholds in the wrong order are refused and nothing is written. */
export async function saveAnalyticsSettings(s: AnalyticsSettings): Promise<AnalyticsSettings> {
  const row = { ...s, id: ANALYTICS_SETTINGS_ID }
  const err = settingsError(row)
  if (err) throw new AnalyticsSettingsError(err)
  return write((tx) => tx.upsert('analyticsSettings', row))
}
