import { useMemo } from 'react'
import type { CurrencyRates } from '@shared/domain/currency'
import { useWorkspaceData } from '../../app/workspace-data'

/**
 * The currency totals are shown in, and the rates to convert other currencies into it. The
 * workspace currency is the sales processes' (CNY in the demo). Rates come from Settings once the
 * rates' storage lands (issue 17's `useCurrencyRates()`); until then there are none, so a scope
 * that mixes currencies shows its totals as refused, naming the missing rate.
 */
export function useAnalyticsRates(): CurrencyRates {
  const { processes } = useWorkspaceData()
  const base = processes[0]?.currency ?? 'CNY'
  return useMemo(() => ({ base, perUnit: {} }), [base])
}
