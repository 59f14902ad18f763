import { Paper, SimpleGrid, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Deal } from '@shared/model'
import type { ForecastFigures as Figures, forecastDeals } from '@shared/domain/forecast'
import { targetCoverage } from '@shared/domain/forecast-period'
import { useLocale } from '../../app/preferences'
import { formatPercent } from '../../ui/format'
import { AmountsLeftOut } from '../../ui/Money'
import { DoorButton } from './DealsDrawer'

/** Won, commit, best case, weighted and the target, each opening the deals behind it. */
export function ForecastFigures({
  figures,
  behind,
  target,
  fmt
}: {
  figures: Figures
  behind: ReturnType<typeof forecastDeals>
  target: number | undefined
  fmt(minor: number): string
}): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const { locale } = useLocale()
  const cell = (label: string, minor: number, deals: readonly Deal[], hint?: string): React.ReactNode => (
    <Paper withBorder p="sm" radius="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <DoorButton title={label} deals={deals}>
        <Text span size="xl" fw={700} className="tabular">
          {fmt(minor)}
        </Text>
      </DoorButton>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  )
  const coverage = target !== undefined ? targetCoverage(figures, target) : null
  return (
    <>
      <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm">
        {cell(t('forecast.won'), figures.won, behind.won)}
        {cell(t('forecast.commit'), figures.commit, behind.commit, t('forecast.repCall', { amount: fmt(figures.repCommit) }))}
        {cell(
          t('forecast.bestCase'),
          figures.bestCase,
          behind.best_case,
          t('forecast.repCall', { amount: fmt(figures.repBestCase) })
        )}
        {cell(t('forecast.weighted'), figures.weighted, behind.open, t('forecast.openTotal', { amount: fmt(figures.openTotal) }))}
        {target !== undefined && coverage ? (
          cell(
            t('forecast.target'),
            target,
            behind.won,
            t('forecast.coverage', {
              won: formatPercent(coverage.won, locale),
              called: formatPercent(coverage.called, locale)
            })
          )
        ) : (
          <Paper withBorder p="sm" radius="sm">
            <Text size="xs" c="dimmed">
              {t('forecast.target')}
            </Text>
            <Text size="sm">{t('forecast.noTarget')}</Text>
          </Paper>
        )}
      </SimpleGrid>
      {figures.overridden > 0 && (
        <Text size="sm" c="dimmed">
          {t('forecast.overridden', { count: figures.overridden })}
        </Text>
      )}
      <AmountsLeftOut count={figures.amountUnset} size="sm" data-testid="forecast-amounts-left-out" />
    </>
  )
}
