import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocale } from '../../app/preferences'
import { formatDate, formatDay } from '../../ui/format'

/**
 * A deal's expected close date as text, or "not set" when the CRM export had none (such deals
 * are left out of period forecasts and listed on the data page until someone sets it).
 */
export function useCloseDate(): (ms: number | undefined, style?: 'date' | 'day') => string {
  const { t } = useTranslation('dataset')
  const { locale, timeZone } = useLocale()
  return useCallback(
    (ms, style = 'date') => (ms === undefined ? t('closeNotSet') : style === 'day' ? formatDay(ms, locale, timeZone) : formatDate(ms, locale, timeZone)),
    [t, locale, timeZone]
  )
}
