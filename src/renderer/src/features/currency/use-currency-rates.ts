import { WORKSPACE_SETTINGS_ID, type CurrencyRate } from '@shared/model'
import type { CurrencyRates } from '@shared/domain/currency'
import { getDb } from '../../db/database'
import { useWarmQuery, warmMemo } from '../../db/warm'

export interface WorkspaceCurrencyRates extends CurrencyRates {
  /** The rows behind `perUnit` (who set each rate and when), for Settings and the "converted at" notes. */
  rows: CurrencyRate[]
  /** False until the rates are read; totals shown before then would convert nothing. */
  ready: boolean
}

const EMPTY: CurrencyRate[] = []

/**
 * The exchange rates the team entered in Settings, as `sumMoney` / `convertMinor` take them:
 * `base` is the currency totals are shown in (the workspace setting, else the default process's
 * currency), `perUnit` what one unit of each other currency is worth in it. Live: a rate a
 * colleague enters arrives through sync and every total follows.
 */
export function useCurrencyRates(): WorkspaceCurrencyRates {
  const data = useWarmQuery('currencyRates', async () => {
    const db = getDb()
    const [rates, settings, processes] = await Promise.all([db.currencyRates.toArray(), db.workspaceSettings.get(WORKSPACE_SETTINGS_ID), db.salesProcesses.toArray()])
    const base = (!settings?.deleted && settings?.totalsCurrency) || processes.find((p) => !p.deleted)?.currency || 'CNY'
    return { base, rows: rates.filter((r) => !r.deleted && r.base === base) }
  })
  // One object while the rates are unchanged, so every total's memo stays warm between visits.
  return warmMemo('currencyRates:value', [data], () => {
    const rows = data?.rows ?? EMPTY
    return {
      base: data?.base ?? 'CNY',
      perUnit: Object.fromEntries(rows.map((r) => [r.currency, r.rate])),
      rows,
      ready: data !== undefined
    }
  })
}
