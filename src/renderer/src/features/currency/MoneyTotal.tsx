import { useCallback } from 'react'
import { Text, Tooltip, type TextProps } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { rateOf, type CurrencyRates, type MoneyTotal as Total } from '@shared/domain/currency'
import { useLocale } from '../../app/preferences'
import { formatMoney, formatMoneyExact } from '../../ui/format'
import { AmountsLeftOut } from '../../ui/Money'

/**
 * A total over deals that may be in several currencies, saying so: "$10.0M" when all were in
 * dollars; "¥7,120万*" when dollars were converted with the rates from Settings (the tooltip
 * names the rates); a warning colour and the left-out currency when a rate is missing; and how
 * many deals it left out because their amount is not set.
 */
export function MoneyTotal({ total, rates, ...props }: { total: Total; rates: CurrencyRates } & TextProps): React.ReactNode {
  const { locale } = useLocale()
  const note = useTotalNote()(total, rates)
  const text = formatMoney(total.amount, total.currency, locale)
  const exact = formatMoneyExact(total.amount, total.currency, locale)
  return (
    <>
      <Tooltip label={note ? `${exact} · ${note}` : exact} openDelay={300} multiline maw={360}>
        <Text span className="tabular" c={total.missing.length ? 'orange.8' : undefined} data-converted={total.converted.length > 0 || undefined} {...props}>
          {text}
          {(total.converted.length > 0 || total.missing.length > 0) && '*'}
        </Text>
      </Tooltip>
      <AmountsLeftOut count={total.unset} ml={6} />
    </>
  )
}

/** The sentence behind the asterisk: what was converted at which rate, what was left out. */
export function useTotalNote(): (total: Total, rates: CurrencyRates) => string {
  const { t } = useTranslation('currency')
  return useCallback((total: Total, rates: CurrencyRates) => {
    const parts: string[] = []
    if (total.converted.length) {
      // One unit of each converted currency, in the total's currency.
      const list = total.converted.map((c) => t('note.rate', { from: c, rate: formatRate((rateOf(c, rates) ?? 0) / (rateOf(total.currency, rates) ?? 1)), to: total.currency }))
      parts.push(t('note.converted', { rates: list.join(', ') }))
    }
    if (total.missing.length) parts.push(t('note.missing', { currencies: total.missing.join(', ') }))
    return parts.join(' ')
  }, [t])
}

function formatRate(r: number): string {
  return r >= 100 ? r.toFixed(0) : r >= 1 ? r.toFixed(2) : r.toPrecision(3)
}

/** A total as plain text with its asterisk, for places that only take a string (subtitles, chart labels). */
export function formatTotal(total: Total, locale: 'zh-CN' | 'en-US'): string {
  return `${formatMoney(total.amount, total.currency, locale)}${total.converted.length || total.missing.length ? '*' : ''}`
}
