import { Tooltip, Text, type TextProps } from '@mantine/core'
import { useLocale } from '../app/preferences'
import { formatMoney, formatMoneyExact } from './format'

/** A compact amount (¥128.5万 / ¥1.3M) with the exact figure on hover. */
export function Money({ minor, currency = 'CNY', ...props }: { minor: number; currency?: string } & TextProps): React.ReactNode {
  const { locale } = useLocale()
  return (
    <Tooltip label={formatMoneyExact(minor, currency, locale)} openDelay={300}>
      <Text span className="tabular" {...props}>
        {formatMoney(minor, currency, locale)}
      </Text>
    </Tooltip>
  )
}
