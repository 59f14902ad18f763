import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { MoneyTotal } from '@shared/domain/currency'
import type { Comparison, PeriodChoice } from '@shared/domain/analytics/periods'
import type { AnalyticsData } from './use-analytics-data'
import type { ScopedData } from './scope-data'
import type { SavedView } from './saved-view'

/** What every analytics view is handed by the page. */
export interface ViewProps {
  data: AnalyticsData
  scoped: ScopedData
  choice: PeriodChoice
  cmp: Comparison
  view: SavedView
  setExtra(key: string, value: string): void
}

/** The sentence that replaces a refused total: which rates are missing. */
export function useRefusal(): (missing: readonly string[], base: string) => string {
  const { t } = useTranslation('analytics')
  return useCallback((missing, base) => t('refused', { pairs: missing.map((c) => `${c}→${base}`).join(', ') }), [t])
}

/** A money total as a table cell: the amount, or null with the refusal. */
export function moneyCell(m: MoneyTotal): number | null {
  return m.missing.length ? null : m.amount
}
