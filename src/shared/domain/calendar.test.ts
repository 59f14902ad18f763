import { describe, expect, it } from 'vitest'
import { localDate, monthRange, startOfDay, startOfWeek } from './calendar'

describe('calendar in the user’s zone', () => {
  it('a Shanghai day starts at 16:00 UTC the day before', () => {
    const t = Date.UTC(2026, 10, 22, 1) // 09:00 Shanghai
    expect(startOfDay(t, 'Asia/Shanghai')).toBe(Date.UTC(2026, 10, 21, 16))
    expect(localDate(Date.UTC(2026, 10, 21, 17), 'Asia/Shanghai')).toBe('2026-11-22')
    expect(localDate(Date.UTC(2026, 10, 21, 17), 'Europe/Berlin')).toBe('2026-11-21')
  })
  it('weeks start on Monday', () => {
    const sunday = Date.UTC(2026, 10, 22, 4)
    expect(localDate(startOfWeek(sunday, 'Asia/Shanghai'), 'Asia/Shanghai')).toBe('2026-11-16')
  })
  it('months across a DST change keep local midnight', () => {
    const { start, end } = monthRange(Date.UTC(2026, 2, 15), 'Europe/Berlin')
    expect(start).toBe(Date.UTC(2026, 1, 28, 23))
    expect(end).toBe(Date.UTC(2026, 2, 31, 22))
  })
})
