import type { TFunction } from 'i18next'
import type { AccuracyFigures, AccuracyPoint, RepAccuracy, WeekAccuracy } from '@shared/domain/forecast'
import { formatMoney, type Locale } from '../../ui/format'

/** Over-call red, sandbagging blue: one sign decides the colour, the bar's direction and the text's +/−. */
const OVER = '#e03131'
const UNDER = '#1c7ed6'
export const signColor = (f: Pick<AccuracyFigures, 'error'>): string => (f.error > 0 ? OVER : f.error < 0 ? UNDER : '#868e96')

/** +33% / −20% / +<1%: the ratio with the sign of the error, never a rounded "0%" beside a non-zero amount. */
export function signedPercent(f: Pick<AccuracyFigures, 'error' | 'errorRatio'>): string {
  if (f.errorRatio === null) return '—'
  const pct = Math.round(Math.abs(f.errorRatio) * 100)
  const sign = f.error > 0 ? '+' : f.error < 0 ? '−' : ''
  return pct === 0 && f.error !== 0 ? `${sign}<1%` : `${sign}${pct}%`
}

/** The bar's value: the ratio in percent, one decimal, in the error's direction (0 without a ratio). */
export const barValue = (f: AccuracyFigures): number => (f.errorRatio === null ? 0 : Math.round(f.errorRatio * 1000) / 10)

/** "over-call ¥60万 (+20%)" / "sandbagging ¥60万 (−20%)" / "on the call". */
export function verdict(f: AccuracyFigures, t: TFunction<'pipeline'>, locale: Locale, currency: string): string {
  if (f.error === 0) return t('forecast.onCall')
  return t(f.error > 0 ? 'forecast.overCall' : 'forecast.sandbag', {
    amount: formatMoney(Math.abs(f.error), currency, locale),
    pct: signedPercent(f)
  })
}

export const weekLabel = (w: Pick<WeekAccuracy, 'week'>, t: TFunction<'pipeline'>): string =>
  w.week === 0 ? t('forecast.weekStart') : t('forecast.weekN', { n: w.week })

/** The per-rep error bars, reps down the side. */
export function repChart(byRep: readonly RepAccuracy[], repName: (id: string) => string, t: TFunction<'pipeline'>) {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v > 0 ? '+' : ''}${v}%` },
    grid: { left: 72, right: 16, top: 8, bottom: 24 },
    yAxis: { type: 'category', inverse: true, data: byRep.map((r) => repName(r.repId)) },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('forecast.error'),
        type: 'bar',
        data: byRep.map((r) => ({ value: barValue(r), itemStyle: { color: signColor(r) } })),
        markLine: { silent: true, symbol: 'none', data: [{ xAxis: 0 }], lineStyle: { color: '#868e96' } }
      }
    ]
  }
}

/** The error by the week of the month the call was made in. */
export function weekChart(byWeek: readonly WeekAccuracy[], t: TFunction<'pipeline'>) {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v > 0 ? '+' : ''}${v}%` },
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    xAxis: {
      type: 'category',
      data: byWeek.map((w) => weekLabel(w, t))
    },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('forecast.error'),
        type: 'bar',
        data: byWeek.map((w) => ({ value: barValue(w), itemStyle: { color: signColor(w) } })),
        markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0 }], lineStyle: { color: '#868e96' } }
      }
    ]
  }
}

/** The error month by month. */
export function accuracyChart(accuracy: readonly AccuracyPoint[], t: TFunction<'pipeline'>) {
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: number) => `${v > 0 ? '+' : ''}${v}%`
    },
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: accuracy.map((p) => p.periodStart.slice(0, 7)) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('forecast.error'),
        type: 'bar',
        data: accuracy.map((p) => ({ value: barValue(p), itemStyle: { color: signColor(p) } })),
        markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0 }], lineStyle: { color: '#868e96' } }
      }
    ]
  }
}
