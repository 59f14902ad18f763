import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  detectDateOrder,
  formatMinor,
  localDay,
  parseActivityKind,
  parseAmount,
  parseCustomerSize,
  parseDate,
  parseDurationSec,
  parseProbability,
  probabilityColumnIsFraction,
  seniorityFromTitle,
  zonedToUtc
} from './values'

const minor = (raw: string, opts?: Parameters<typeof parseAmount>[1]): number | string => {
  const r = parseAmount(raw, opts)
  return r.kind === 'amount' ? r.minor : r.kind
}

describe('parseAmount', () => {
  it.each([
    ['¥1,200,000.00', 120_000_000],
    ['￥1,200,000', 120_000_000],
    ['120万', 120_000_000],
    ['120万元', 120_000_000],
    ['¥120万', 120_000_000],
    ['1.2亿', 12_000_000_000],
    ['1,200 元', 120_000],
    ['RMB 1,200.5', 120_050],
    ['3.5w', 3_500_000],
    ['1200000', 120_000_000],
    ['1 200 000,50', 120_000_050],
    ['1.200.000,50 €', 120_000_050],
    ['(500)', -50_000],
    ['-1,000', -100_000],
    ['0', 0],
    ['0.005', 1], // half a fen rounds away from zero
    ['12K', 1_200_000]
  ])('%s → %i minor units', (raw, expected) => {
    expect(minor(raw)).toBe(expected)
  })

  it('names the currency when the value does', () => {
    expect(parseAmount('$3,000')).toEqual({ kind: 'amount', minor: 300_000, currency: 'USD' })
    expect(parseAmount('HK$3,000')).toEqual({ kind: 'amount', minor: 300_000, currency: 'HKD' })
    expect(parseAmount('1,200 元')).toEqual({ kind: 'amount', minor: 120_000, currency: 'CNY' })
    expect(parseAmount('JPY 5000')).toEqual({ kind: 'amount', minor: 5000, currency: 'JPY' })
    expect(parseAmount('5000')).toEqual({ kind: 'amount', minor: 500_000 })
  })

  it('reads blanks as blank and garbage as invalid', () => {
    for (const b of ['', '  ', 'N/A', 'n/a', '-', '无', '待定']) expect(minor(b)).toBe('blank')
    for (const bad of ['abc', '12abc', '1,2,3', '1.2.3,4,5', '¥', '万']) expect(minor(bad)).toBe('invalid')
  })

  it('applies a column unit (金额（万元）) to bare numbers only', () => {
    expect(minor('120', { scale: 1e4 })).toBe(120_000_000)
    expect(minor('1.5亿', { scale: 1e4 })).toBe(15_000_000_000)
  })

  it('round-trips any amount formatted with symbol, grouping and units', () => {
    const styles = fc.constantFrom('plain', 'grouped', 'yen', 'yuan', 'wan', 'yi')
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999_99 }), styles, (fen, style) => {
        const yuan = formatMinor(fen) // "1234.56"
        const [int, frac] = yuan.split('.') as [string, string]
        const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
        let text: string
        let expected = fen
        switch (style) {
          case 'plain':
            text = yuan
            break
          case 'grouped':
            text = `${grouped}.${frac}`
            break
          case 'yen':
            text = `¥${grouped}.${frac}`
            break
          case 'yuan':
            text = `${grouped}.${frac} 元`
            break
          case 'wan': {
            // 万 with up to 6 decimals is exact in fen.
            const wan = fen / 1_000_000
            text = `${wan.toFixed(6)}万`
            expected = Math.round(Number(wan.toFixed(6)) * 1_000_000)
            break
          }
          default: {
            const yi = fen / 10_000_000_000
            text = `${yi.toFixed(10)}亿`
            expected = fen
          }
        }
        expect(minor(text)).toBe(expected)
      }),
      { numRuns: 500 }
    )
  })
})

describe('parseDate', () => {
  const day = (raw: string, order?: 'dmy' | 'mdy'): string => {
    const r = parseDate(raw, { order })
    return r.kind === 'date' ? localDay(r.ms) : r.kind
  }

  it.each([
    ['2026-03-01', '2026-03-01'],
    ['2026/3/1', '2026-03-01'],
    ['2026.3.1', '2026-03-01'],
    ['2026年3月1日', '2026-03-01'],
    ['2026年3月1日 14:30', '2026-03-01'],
    ['20260301', '2026-03-01'],
    ['46082', '2026-03-01'], // Excel serial
    ['1-Mar-2026', '2026-03-01'],
    ['Mar 1, 2026', '2026-03-01'],
    ['2026-03-01T23:30:00Z', '2026-03-02'], // 07:30 next day in Shanghai
    ['13/03/2026', '2026-03-13'],
    ['03/13/2026', '2026-03-13']
  ])('%s → %s', (raw, expected) => {
    expect(day(raw)).toBe(expected)
  })

  it('puts a bare date at local noon in Shanghai, so it never slips a day', () => {
    const r = parseDate('2026-03-01')
    expect(r).toEqual({ kind: 'date', ms: Date.UTC(2026, 2, 1, 4, 0, 0), hasTime: false })
    expect(parseDate('2026-03-01 09:15')).toEqual({ kind: 'date', ms: Date.UTC(2026, 2, 1, 1, 15), hasTime: true })
    expect(parseDate('2026-03-01 下午3:00')).toMatchObject({ ms: Date.UTC(2026, 2, 1, 7, 0) })
  })

  it('uses the order it is given for ambiguous slashed dates', () => {
    expect(day('03/01/2026', 'mdy')).toBe('2026-03-01')
    expect(day('03/01/2026', 'dmy')).toBe('2026-01-03')
  })

  it('refuses impossible dates', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '32/01/2026', 'yesterday', '2026年3月', '12345']) expect(day(bad)).toBe('invalid')
  })

  it('detects the day/month order from the values that decide it', () => {
    expect(detectDateOrder(['01/02/2026', '25/02/2026'])).toBe('dmy')
    expect(detectDateOrder(['01/02/2026', '02/25/2026'])).toBe('mdy')
    expect(detectDateOrder(['01/02/2026', '2026-03-04'])).toBeNull()
  })

  it('converts wall time in a DST zone', () => {
    expect(zonedToUtc(2026, 7, 1, 12, 0, 0, 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 1, 10))
    expect(zonedToUtc(2026, 1, 1, 12, 0, 0, 'Europe/Berlin')).toBe(Date.UTC(2026, 0, 1, 11))
  })

  it('every ISO date parses to that day in Shanghai', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10)
        const [y, m, dd] = iso.split('-').map(Number) as [number, number, number]
        expect(day(iso)).toBe(iso)
        expect(day(`${y}/${m}/${dd}`)).toBe(iso)
        expect(day(`${y}年${m}月${dd}日`)).toBe(iso)
      })
    )
  })
})

describe('probabilities, sizes, kinds, durations', () => {
  it('reads percentages and fractions', () => {
    expect(parseProbability('60%')).toEqual({ kind: 'probability', percent: 60 })
    expect(parseProbability('60')).toEqual({ kind: 'probability', percent: 60 })
    expect(parseProbability('0.6', true)).toEqual({ kind: 'probability', percent: 60 })
    expect(parseProbability('150%').kind).toBe('invalid')
    expect(probabilityColumnIsFraction(['0.1', '0.6', '1', ''])).toBe(true)
    expect(probabilityColumnIsFraction(['0.1', '60'])).toBe(false)
    expect(probabilityColumnIsFraction(['1%', '0.5'])).toBe(false)
  })

  it('maps sizes, activity kinds, titles and durations', () => {
    expect(parseCustomerSize('中型')).toBe('medium')
    expect(parseCustomerSize('250')).toBe('medium')
    expect(parseCustomerSize('1000-4999')).toBe('enterprise')
    expect(parseActivityKind('上门拜访')).toBe('visit')
    expect(parseActivityKind('Log a Call')).toBe('call')
    expect(parseActivityKind('微信')).toBe('wechat')
    expect(parseActivityKind('xyz')).toBeNull()
    expect(seniorityFromTitle('总经理')).toBe(5)
    expect(seniorityFromTitle('副总经理')).toBe(4)
    expect(seniorityFromTitle('采购总监')).toBe(3)
    expect(seniorityFromTitle('IT Manager')).toBe(2)
    expect(parseDurationSec('1:30')).toBe(90)
    expect(parseDurationSec('2分30秒')).toBe(150)
    expect(parseDurationSec('5 min')).toBe(300)
  })
})
