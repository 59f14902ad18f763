import { useCallback } from 'react'
import { Text, Tooltip, type TextProps } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { noonOfDay, type LineState, type LineStatus } from '@shared/domain/collections'
import type { MoneyTotal } from '@shared/domain/currency'
import type { Milestone } from '@shared/model'
import { useLocale } from '../../app/preferences'
import { WriteError } from '../../db/write'
import { PostSaleError } from '../../db/contracts'
import { formatDate, formatMoney, formatMoneyExact, type Locale } from '../../ui/format'

/** A day number as the reader writes dates (2026年6月15日 / Jun 15, 2026). */
export function dayText(day: number, locale: Locale, timeZone: string): string {
  return formatDate(noonOfDay(day, timeZone), locale, timeZone)
}

/** A total over currencies: the compact amount, the exact one on hover, and what was converted or left out. */
export function TotalMoney({ total, ...props }: { total: MoneyTotal } & TextProps): React.ReactNode {
  const { t } = useTranslation('collections')
  const { locale } = useLocale()
  const notes = [
    formatMoneyExact(total.amount, total.currency, locale),
    total.converted.length ? t('money.converted', { currencies: total.converted.join(', ') }) : '',
    total.missing.length ? t('money.missing', { currencies: total.missing.join(', ') }) : ''
  ].filter(Boolean)
  return (
    <Tooltip label={notes.join(' · ')} openDelay={300} multiline maw={320}>
      <Text span className="tabular" {...props} data-missing-rate={total.missing.length ? total.missing.join(',') : undefined}>
        {formatMoney(total.amount, total.currency, locale)}
        {total.converted.length > 0 && '*'}
        {total.missing.length > 0 && <IconAlertTriangle size={12} style={{ marginLeft: 2, verticalAlign: -1 }} color="var(--mantine-color-orange-6)" />}
      </Text>
    </Tooltip>
  )
}

/** How an instalment is called: its label, else "Instalment 2"; the part outside the plan. */
export function lineName(l: Pick<LineState, 'label' | 'seq' | 'instalmentId'>, t: TFunction<'collections'>): string {
  if (!l.instalmentId) return t('line.unscheduled')
  return l.label || t('line.default', { n: l.seq })
}

export function milestoneName(m: Pick<Milestone, 'kind' | 'name'> | undefined, t: TFunction<'collections'>): string {
  if (!m) return t('milestone.kind.other')
  return m.name || t(`milestone.kind.${m.kind}`)
}

/** The status of a line in words, with the numbers. */
export function lineStatusText(status: LineStatus, l: LineState, today: number, t: TFunction<'collections'>, milestone: string): string {
  switch (status) {
    case 'overdue':
      return t('line.state.overdue', { count: today - l.dueDay! })
    case 'awaitingMilestone':
      return t('line.state.awaitingMilestone', { milestone })
    default:
      return t(`line.state.${status}`)
  }
}

export const statusColor: Record<LineStatus, string> = {
  paid: 'teal',
  overdue: 'red',
  dueToday: 'orange',
  upcoming: 'blue',
  awaitingMilestone: 'grape',
  unscheduled: 'gray'
}

/** A write error in the reader's language, with its numbers. */
export function usePostSaleErrorText(): (e: unknown, currency?: string) => string {
  const { t } = useTranslation('collections')
  const { locale } = useLocale()
  return useCallback(
    (e: unknown, currency = 'CNY') => {
      if (e instanceof PostSaleError) {
        const params: Record<string, string | number> = { ...e.params }
        for (const k of ['excess', 'remainder'] as const) if (typeof params[k] === 'number') params[k] = formatMoney(params[k], currency, locale)
        if (e.code === 'plan.invalid') return t('errors.plan.invalid', { detail: t(`problem.${String(params.problem)}`, params) })
        const [group, code] = e.code.split('.') as [string, string]
        return t(`errors.${group}.${code}`, params)
      }
      if (e instanceof WriteError) return `${t('errors.unknown')} (${e.message})`
      return t('errors.unknown')
    },
    [t, locale]
  )
}
