import { Group, Paper, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Deal } from '@shared/model'
import type { Change } from '@shared/domain/analytics/growth'
import { useLocale } from '../../app/preferences'
import { changeColor, exactCell, formatCell } from './format-cell'
import type { ColumnKind } from './table-model'
import { Door } from './door'
import { useExportEntry } from './export-registry'

/** One headline figure with its 环比 and 同比 under it; the figure opens its deals. */
export function KpiCard({
  label,
  kind,
  value,
  currency,
  refused,
  mom,
  yoy,
  deals,
  hint,
  testId
}: {
  label: string
  kind: ColumnKind
  value: number | null
  currency?: string
  refused?: string
  /** Changes read as ratios, or as points for a rate. */
  mom?: Change
  yoy?: Change
  deals?: () => readonly Deal[]
  hint?: string
  testId?: string
}): React.ReactNode {
  const { t } = useTranslation('analytics')
  const { locale } = useLocale()
  const text = formatCell(kind, value, locale, currency)
  const ref = useExportEntry<HTMLDivElement>({ kind: 'kpi', figure: { label, kind, value, currency, refused, mom, yoy } })
  const changeKind: ColumnKind = kind === 'percent' ? 'points' : 'change'
  const changeOf = (c: Change | undefined): number | null => (c ? (kind === 'percent' ? c.delta : c.ratio) : null)
  const big = (
    <Text span size="xl" fw={700} className="tabular" title={exactCell(kind, value, locale, currency)}>
      {text}
    </Text>
  )
  return (
    <Paper ref={ref} withBorder p="sm" radius="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {refused ? (
        <Text size="sm" c="red.7">
          {refused}
        </Text>
      ) : deals && value !== null ? (
        <Door title={label} deals={deals}>
          {big}
        </Door>
      ) : (
        big
      )}
      {(mom || yoy) && (
        <Group gap="sm" mt={2}>
          {mom && (
            <Text size="xs" c={changeColor(changeKind, changeOf(mom)) ?? 'dimmed'}>
              {t('mom')} {mom.prior === null ? t('noData') : formatCell(changeKind, changeOf(mom), locale)}
            </Text>
          )}
          {yoy && (
            <Text size="xs" c={changeColor(changeKind, changeOf(yoy)) ?? 'dimmed'}>
              {t('yoy')} {yoy.prior === null ? t('noData') : formatCell(changeKind, changeOf(yoy), locale)}
            </Text>
          )}
        </Group>
      )}
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  )
}
