import { Tooltip, Text, type TextProps } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useLocale } from '../app/preferences'
import { formatMoney, formatMoneyExact } from './format'

/**
 * A compact amount (¥128.5万 / ¥1.3M) with the exact figure on hover. A deal's amount may be
 * unknown (imported without one): it then reads "amount not set", never "¥0".
 */
export function Money({ minor, currency = 'CNY', ...props }: { minor: number | undefined; currency?: string } & TextProps): React.ReactNode {
  const { locale } = useLocale()
  const { t } = useTranslation('dataset')
  if (minor === undefined)
    return (
      <Text span c="dimmed" {...props} fw={undefined} data-amount-not-set="">
        {t('amountNotSet')}
      </Text>
    )
  return (
    <Tooltip label={formatMoneyExact(minor, currency, locale)} openDelay={300}>
      <Text span className="tabular" {...props}>
        {formatMoney(minor, currency, locale)}
      </Text>
    </Tooltip>
  )
}

/** Beside a total: how many deals it left out because their amount is not set (nothing when none). */
export function AmountsLeftOut({ count, ...props }: { count: number | undefined } & TextProps): React.ReactNode {
  const { t } = useTranslation('dataset')
  if (!count) return null
  return (
    <Text span size="xs" c="dimmed" {...props}>
      {t('amountsLeftOut', { count })}
    </Text>
  )
}
