import { useTranslation } from 'react-i18next'
import { dayLabel } from '@shared/domain/timeline'
import { formatDate, formatDay, type Locale } from '../../ui/format'

/** "Today · 22 Nov", a weekday, or the date (with the year when it is not this one). */
export function useDayText(): (dayStart: number, now: number, locale: Locale, timeZone: string) => string {
  const { t } = useTranslation('timeline')
  return (dayStart, now, locale, timeZone) => {
    const l = dayLabel(dayStart, now, timeZone)
    switch (l.type) {
      case 'unknown':
        return t('day.unknown')
      case 'today':
      case 'yesterday':
      case 'tomorrow':
        return `${t(`day.${l.type}`)} · ${formatDay(dayStart, locale, timeZone)}`
      case 'weekday':
        return formatDay(dayStart, locale, timeZone)
      case 'date':
        return l.sameYear ? formatDay(dayStart, locale, timeZone) : formatDate(dayStart, locale, timeZone)
    }
  }
}

export function DayHeader(p: { dayStart: number; count: number; now: number; locale: Locale; timeZone: string; sticky?: boolean }): React.ReactNode {
  const { t } = useTranslation('timeline')
  const text = useDayText()(p.dayStart, p.now, p.locale, p.timeZone)
  return (
    <div className="tl-day" role={p.sticky ? 'presentation' : 'heading'} aria-level={p.sticky ? undefined : 3} data-day-header={p.sticky ? 'sticky' : 'row'}>
      <span>{text}</span>
      <span className="tl-day-count">{t('day.count', { count: p.count })}</span>
    </div>
  )
}
