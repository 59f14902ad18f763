import { useTranslation } from 'react-i18next'
import { DAY_MS, localDate, startOfDay } from '@shared/domain/calendar'
import { zonedToUtc } from '@shared/domain/import/values'
import { useLocale } from '../../app/preferences'

/**
 * Jump to any day, however long ago (the day-by-day arrows are for yesterday, not for a history
 * that ended in 2017): the browser's own date field, as an offset in days from today.
 */
export function DayJump({ day, today, onOffset }: { day: number; today: number; onOffset(offset: number): void }): React.ReactNode {
  const { t } = useTranslation('dataset')
  const { timeZone } = useLocale()
  return (
    <input
      type="date"
      aria-label={t('period.jumpDay')}
      data-testid="day-jump"
      value={localDate(day, timeZone)}
      max={localDate(today + DAY_MS + 2 * 3_600_000, timeZone)}
      style={{ font: 'inherit', fontSize: 'var(--mantine-font-size-xs)', border: '1px solid var(--mantine-color-default-border)', borderRadius: 4, padding: '1px 4px', background: 'transparent', color: 'inherit' }}
      onChange={(e) => {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(e.currentTarget.value)
        if (!m) return
        const picked = startOfDay(zonedToUtc(Number(m[1]), Number(m[2]), Number(m[3]), 12, 0, 0, timeZone), timeZone)
        onOffset(Math.round((picked - today) / DAY_MS))
      }}
    />
  )
}
