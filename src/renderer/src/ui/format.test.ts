import { describe, expect, it } from 'vitest'
import { daysSince } from '@shared/domain/days'
import { formatDay, formatMoney, formatRelative } from './format'

describe('money as managers read it', () => {
  it('uses 万 and 亿 in Chinese', () => {
    expect(formatMoney(128_5000_00, 'CNY', 'zh-CN')).toBe('¥128.5万')
    expect(formatMoney(3_2000_0000_00, 'CNY', 'zh-CN')).toBe('¥3.2亿')
    expect(formatMoney(8_800_00, 'CNY', 'zh-CN')).toBe('¥8800') // below 万: plain
    expect(formatMoney(1234_5678_00, 'CNY', 'zh-CN')).toBe('¥1235万')
  })
  it('uses K and M in English', () => {
    expect(formatMoney(1_285_000_00, 'CNY', 'en-US')).toBe('¥1.3M')
    expect(formatMoney(45_500_00, 'CNY', 'en-US')).toBe('¥45.5K')
    expect(formatMoney(-2_000_00, 'USD', 'en-US')).toBe('-$2K')
  })
})

describe('dates', () => {
  const sunday = Date.UTC(2026, 10, 22, 4) // 2026-11-22 12:00 in Shanghai
  it('reads 11月22日 周日 / Sun 22 Nov', () => {
    expect(formatDay(sunday, 'zh-CN', 'Asia/Shanghai')).toBe('11月22日 周日')
    expect(formatDay(sunday, 'en-US', 'Asia/Shanghai')).toBe('Sun 22 Nov')
  })
  it('is relative for the recent past', () => {
    expect(formatRelative(sunday - 3 * 86_400_000, sunday, 'zh-CN', 'Asia/Shanghai')).toBe('3天前')
    expect(formatRelative(sunday - 3 * 86_400_000, sunday, 'en-US', 'Asia/Shanghai')).toBe('3 days ago')
  })
  it('counts calendar days like every other view: 26 days, never 27 by rounding (issue 14)', () => {
    const z = 'Asia/Shanghai'
    const touch = Date.parse('2026-11-10T17:00:00+08:00')
    const morning = Date.parse('2026-12-06T08:00:00+08:00') // 25 days and 15 hours later
    expect(daysSince(touch, morning, z)).toBe(26)
    expect(formatRelative(touch, morning, 'zh-CN', z)).toBe('26天前')
    // Late last night is "yesterday", not "9 hours ago"; earlier today is hours.
    expect(formatRelative(Date.parse('2026-12-05T23:00:00+08:00'), morning, 'en-US', z)).toBe('yesterday')
    expect(formatRelative(Date.parse('2026-12-06T05:00:00+08:00'), morning, 'en-US', z)).toBe('3 hours ago')
  })
})
