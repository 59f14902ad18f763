import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Activity } from '../model/activity'
import type { StageHistory } from '../model/stage-history'
import { localDate } from './calendar'
import {
  compareEvents,
  dayLabel,
  dayStarts,
  filterTimeline,
  freeText,
  isRawQuery,
  matchRawFields,
  mergeTimeline,
  normalizeFast,
  parseJumpDate,
  rowForDate,
  searchText,
  TimelineSearchTexts,
  timelineRows,
  type TimelineEvent
} from './timeline'
import { normalizeForSearch } from './search'

const NOW = Date.UTC(2026, 10, 22, 4) // Sun 22 Nov 2026, 12:00 in Shanghai

function act(p: Partial<Activity> & { id: string; at: number }): Activity {
  return { kind: 'visit', customerId: 'c1', dealId: null, userId: 'u1', ...p } as Activity
}
function move(p: Partial<StageHistory> & { id: string; at: number }): StageHistory {
  return { dealId: 'd1', fromStageId: null, toStageId: 's2', byUserId: 'u1', ...p }
}
const ids = (es: readonly TimelineEvent[]): string[] => es.map((e) => `${e.kind}:${e.id}`)

describe('timeline order', () => {
  const kinds = ['visit', 'call', 'note', 'sms', 'amount_change', 'ride_along', 'from_old_crm'] as const
  const eventArb = fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    kind: fc.constantFrom(...kinds),
    // A narrow range so ties on `at` are common; sometimes missing or garbage.
    at: fc.oneof(fc.integer({ min: NOW - 5 * 86_400_000, max: NOW + 86_400_000 }).map((x) => x - (x % 3_600_000)), fc.constant(NaN), fc.constant(0)),
    stage: fc.boolean()
  })

  it('any insertion order gives the same total order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(eventArb, { selector: (e) => `${e.stage}:${e.id}`, maxLength: 60 }), fc.integer(), (raw, seed) => {
        const activities = raw.filter((r) => !r.stage).map((r) => act({ id: r.id, at: r.at, kind: r.kind as Activity['kind'] }))
        const stageHistory = raw.filter((r) => r.stage).map((r) => move({ id: r.id, at: r.at }))
        const a = mergeTimeline({ activities, stageHistory, now: NOW })
        // Shuffle deterministically by the seed.
        const shuffle = <T,>(xs: T[]): T[] => xs.map((x, i) => ({ x, k: Math.sin(seed + i) })).sort((p, q) => p.k - q.k).map((p) => p.x)
        const b = mergeTimeline({ activities: shuffle([...activities]), stageHistory: shuffle([...stageHistory]), now: NOW })
        expect(ids(b)).toEqual(ids(a))
        expect(a).toHaveLength(raw.length)
        // Strict: every neighbour pair is in order and never equal.
        for (let i = 1; i < a.length; i++) expect(compareEvents(a[i - 1]!, a[i]!)).toBeLessThan(0)
      })
    )
  })

  it('breaks ties by kind rank then id: a stage move before the visit that earned it', () => {
    const t = NOW - 3_600_000
    const es = mergeTimeline({ activities: [act({ id: 'b', at: t }), act({ id: 'a', at: t })], stageHistory: [move({ id: 'z', at: t })], now: NOW })
    expect(ids(es)).toEqual(['stage_change:z', 'visit:a', 'visit:b'])
  })

  it('keeps bad rows visible: missing times first, future flagged, unknown kinds kept', () => {
    const es = mergeTimeline({
      activities: [
        act({ id: 'ok', at: NOW - 1000 }),
        act({ id: 'late', at: NOW + 30 * 86_400_000, status: 'planned' }),
        act({ id: 'zero', at: 0 }),
        { ...act({ id: 'nan', at: NaN }), at: undefined } as unknown as Activity,
        act({ id: 'weird', at: NOW - 2000, kind: 'fax' as Activity['kind'] })
      ],
      now: NOW
    })
    expect(es.map((e) => [e.id, e.timeState])).toEqual([
      ['nan', 'missing'],
      ['zero', 'missing'],
      ['weird', 'ok'],
      ['ok', 'ok'],
      ['late', 'future']
    ])
    expect(es.find((e) => e.id === 'weird')).toMatchObject({ kind: 'unknown', rawKind: 'fax' })
  })

  it('shows a row read twice once', () => {
    const a = act({ id: 'x', at: NOW - 1 })
    expect(mergeTimeline({ activities: [a, a], now: NOW })).toHaveLength(1)
  })
})

describe('day grouping in the user’s time zone', () => {
  it('an event at 23:30 and one at 00:30 Shanghai fall on different days; in Berlin on the same', () => {
    const before = Date.UTC(2026, 10, 20, 15, 30) // 23:30 Shanghai, 16:30 Berlin
    const after = Date.UTC(2026, 10, 20, 16, 30) // 00:30 Shanghai next day, 17:30 Berlin
    const es = mergeTimeline({ activities: [act({ id: 'a', at: before }), act({ id: 'b', at: after })], now: NOW })
    const sh = dayStarts(es, 'Asia/Shanghai')
    const be = dayStarts(es, 'Europe/Berlin')
    expect(sh[0]).not.toBe(sh[1])
    expect(be[0]).toBe(be[1])
    expect(localDate(sh[1]!, 'Asia/Shanghai')).toBe('2026-11-21')
  })

  it('matches per-event startOfDay across a DST change', () => {
    const base = Date.UTC(2026, 2, 27)
    const es = mergeTimeline({ activities: Array.from({ length: 80 }, (_, i) => act({ id: `a${i}`, at: base + i * 2_700_000 })), now: NOW })
    const days = dayStarts(es, 'Europe/Berlin')
    es.forEach((e, i) => expect(localDate(days[i]!, 'Europe/Berlin')).toBe(localDate(e.at, 'Europe/Berlin')))
  })

  it('matches per-event localDate over years in zones with and without DST', () => {
    const base = Date.UTC(2023, 0, 1)
    const es = mergeTimeline({ activities: Array.from({ length: 3000 }, (_, i) => act({ id: `y${i}`, at: base + i * 37_813_000 })), now: NOW })
    for (const tz of ['Europe/Berlin', 'America/New_York', 'Asia/Shanghai', 'Australia/Lord_Howe']) {
      const days = dayStarts(es, tz)
      es.forEach((e, i) => {
        expect(localDate(days[i]!, tz)).toBe(localDate(e.at, tz))
        expect(days[i]).toBeLessThanOrEqual(e.at)
        expect(e.at - days[i]!).toBeLessThan(25 * 3_600_000)
      })
    }
  })

  it('labels today, yesterday, a weekday within the week, then the date', () => {
    const tz = 'Asia/Shanghai'
    const startToday = Date.UTC(2026, 10, 21, 16)
    expect(dayLabel(startToday, NOW, tz).type).toBe('today')
    expect(dayLabel(startToday - 86_400_000, NOW, tz).type).toBe('yesterday')
    expect(dayLabel(startToday + 86_400_000, NOW, tz).type).toBe('tomorrow')
    expect(dayLabel(startToday - 3 * 86_400_000, NOW, tz).type).toBe('weekday')
    expect(dayLabel(startToday - 7 * 86_400_000, NOW, tz)).toMatchObject({ type: 'date', sameYear: true })
    expect(dayLabel(Date.UTC(2025, 5, 1), NOW, tz)).toMatchObject({ type: 'date', sameYear: false })
    expect(dayLabel(NaN, NOW, tz).type).toBe('unknown')
  })

  it('"today" follows the zone: 00:30 in Shanghai is already tomorrow for a UTC reader’s yesterday', () => {
    const now = Date.UTC(2026, 10, 21, 16, 30) // 00:30 Sun in Shanghai, 16:30 Sat UTC
    const ev = Date.UTC(2026, 10, 21, 15, 0) // 23:00 Sat Shanghai, 15:00 Sat UTC
    const es = mergeTimeline({ activities: [act({ id: 'a', at: ev })], now })
    expect(dayLabel(dayStarts(es, 'Asia/Shanghai')[0]!, now, 'Asia/Shanghai').type).toBe('yesterday')
    expect(dayLabel(dayStarts(es, 'UTC')[0]!, now, 'UTC').type).toBe('today')
  })

  it('builds rows newest first with one header per day and the undated last', () => {
    const d = 86_400_000
    const es = mergeTimeline({
      activities: [act({ id: 'a', at: NOW - 3 * d }), act({ id: 'b', at: NOW - 3 * d + 60_000 }), act({ id: 'c', at: NOW - 60_000 }), act({ id: 'x', at: NaN })],
      now: NOW
    })
    const days = dayStarts(es, 'Asia/Shanghai')
    const rows = timelineRows(filterTimeline(es, {}), days)
    expect(rows.map((r) => (r.type === 'day' ? `day(${r.count})` : es[r.index]!.id))).toEqual(['day(1)', 'c', 'day(2)', 'b', 'a', 'day(1)', 'x'])
    expect(rowForDate(rows, days[3]!)).toBe(0)
    expect(rowForDate(rows, days[3]! - d)).toBe(2)
    expect(rowForDate(rows, days[1]! - 30 * d)).toBe(2)
  })
})

describe('filter and search', () => {
  const users: Record<string, string> = { u1: '王磊', u2: 'Li Na', m1: '陈经理' }
  const es = mergeTimeline({
    activities: [
      act({ id: '1', at: NOW - 5000, kind: 'call', body: '客户对报价很满意，下周安排演示 🎉' }),
      act({ id: '2', at: NOW - 4000, kind: 'wechat', userId: 'u2', body: 'Sent the ＰＲＯＰＯＳＡＬ draft' }),
      act({ id: '3', at: NOW - 3000, kind: 'ride_along', userId: 'u1', otherUserId: 'm1', behaviour: { objective: '摸清预算' } }),
      act({ id: '4', at: NOW - 2000, kind: 'quote', userId: 'u2' })
    ],
    stageHistory: [move({ id: 's', at: NOW - 1000 })],
    now: NOW
  })
  const texts = es.map((e) => searchText(e, (id) => users[id]))
  const pick = (f: Parameters<typeof filterTimeline>[1]): string[] => [...filterTimeline(es, f, texts)].map((i) => es[i]!.id)

  it('finds Chinese by substring, not word split', () => {
    expect(pick({ query: '报价很' })).toEqual(['1'])
    expect(pick({ query: '预算' })).toEqual(['3'])
  })
  it('matches full-width and case-insensitively, and by person names', () => {
    expect(pick({ query: 'proposal' })).toEqual(['2'])
    expect(pick({ query: '陈经理' })).toEqual(['3'])
  })
  it('filters by kind group and by person', () => {
    expect(pick({ groups: new Set(['calls']) })).toEqual(['1'])
    expect(pick({ groups: new Set(['messages', 'documents']) })).toEqual(['2', '4'])
    expect(pick({ groups: new Set(['dealChanges']) })).toEqual(['s'])
    expect(pick({ personIds: new Set(['m1']) })).toEqual(['3'])
    expect(pick({ personIds: new Set(['u2']), groups: new Set(['documents']) })).toEqual(['4'])
  })
})

describe('lazy search texts', () => {
  it('normalise exactly like the full normaliser, plain text or not', () => {
    const piece = fc.constantFrom('客户', '预算', 'abc', 'ABC', 'ＡＢＣ', 'ｘｙ', '，', '：', '（', '）', '～', '“', '”', '。', ' ', '  ', '\n', '🎉', 'Привет', 'É', '①', '㈱', 'ﬁ', '…', '【', '】', '1-2', '\t', '\u3000')
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const s = parts.join('')
        expect(normalizeFast(s)).toBe(normalizeForSearch(s))
      }),
      { numRuns: 3000 }
    )
  })

  it('find the same events as full texts, for any query', () => {
    const users: Record<string, string> = { u1: '王磊', u2: 'Li Na', m1: '陈经理' }
    const bodies = ['客户对报价很满意，下周安排演示 🎉', 'Sent the ＰＲＯＰＯＳＡＬ draft', '摸清预算', '', '老板  说：签约', 'ok']
    const es = mergeTimeline({
      activities: bodies.map((body, i) =>
        act({ id: `a${i}`, at: NOW - i * 1000, kind: i % 2 ? 'call' : 'visit', userId: i % 3 ? 'u2' : 'u1', ...(body ? { body } : {}), ...(i === 2 ? { otherUserId: 'm1' } : {}) })
      ),
      stageHistory: [move({ id: 's', at: NOW - 100, reason: '客户预算冻结' })],
      now: NOW
    })
    const nameOf = (id: string): string | undefined => users[id] ?? (id === 'stage:s2' ? '方案呈现' : undefined)
    const full = es.map((e) => searchText(e, nameOf))
    const lazy = new TimelineSearchTexts(es)
    const query = fc.constantFrom('客户', '预算', 'proposal', 'ＰＲＯ', '王磊', 'li na', '陈经理', '方案', '签约', '老板 说', 'zzz', '🎉')
    fc.assert(
      fc.property(query, (q) => {
        expect([...filterTimeline(es, { query: q }, { text: (i) => lazy.text(i), nameOf })]).toEqual([...filterTimeline(es, { query: q }, full)])
        const cold = new TimelineSearchTexts(es)
        expect([...filterTimeline(es, { query: q }, { text: (i) => cold.text(i), includes: (i, nq, raw) => cold.includes(i, nq, raw), nameOf })]).toEqual([
          ...filterTimeline(es, { query: q }, full)
        ])
      })
    )
    // Built ahead in slices, the same texts.
    const again = new TimelineSearchTexts(es)
    expect(again.complete).toBe(false)
    expect(again.buildSome(() => false)).toBe(true)
    expect(again.complete).toBe(true)
    expect(es.map((_, i) => again.text(i))).toEqual(es.map((_, i) => lazy.text(i)))
  })
})

describe('tasks done and call comments', () => {
  it('puts a task’s done-mark on the task, and call comments in order as their own kind', () => {
    const es = mergeTimeline({
      activities: [act({ id: 't1', at: NOW - 5000, kind: 'task', status: 'planned' }), act({ id: 't2', at: NOW - 4000, kind: 'task', status: 'planned' })],
      comments: [
        {
          comment: { id: 'cm', targetTable: 'recordings', targetId: 'r1', kind: 'comment', atMs: 5000, authorId: 'm1', body: '先问预算', createdAt: NOW - 4500 },
          customerId: 'c1',
          dealId: null,
          kind: 'call_comment'
        }
      ],
      taskDone: new Map([['t2', { at: NOW - 100, byUserId: 'u1' }]]),
      now: NOW
    })
    expect(es.map((e) => `${e.kind}:${e.id}`)).toEqual(['task:t1', 'call_comment:cm', 'task:t2'])
    expect(es[0]!.done).toBeUndefined()
    expect(es[2]!.done).toEqual({ at: NOW - 100, byUserId: 'u1' })
    expect(es[1]!.personIds).toEqual(['m1'])
  })
})

describe('jump to date', () => {
  it('reads dates the way Chinese and English readers write them', () => {
    const d = (y: number, m: number, day: number): { year: number; month: number; day: number } => ({ year: y, month: m, day })
    expect(parseJumpDate('2026-11-22', 2026)).toEqual(d(2026, 11, 22))
    expect(parseJumpDate('2025/3/5', 2026)).toEqual(d(2025, 3, 5))
    expect(parseJumpDate('2026年11月22日', 2026)).toEqual(d(2026, 11, 22))
    expect(parseJumpDate('２０２６年１１月２２日', 2026)).toEqual(d(2026, 11, 22))
    expect(parseJumpDate('11月2日', 2026)).toEqual(d(2026, 11, 2))
    expect(parseJumpDate('Nov 22, 2026', 2025)).toEqual(d(2026, 11, 22))
    expect(parseJumpDate('22 November', 2026)).toEqual(d(2026, 11, 22))
  })
  it('rejects ambiguous or impossible dates', () => {
    expect(parseJumpDate('11/12/2026', 2026)).toBeNull()
    expect(parseJumpDate('2026-02-30', 2026)).toBeNull()
    expect(parseJumpDate('Foo 3', 2026)).toBeNull()
    expect(parseJumpDate('', 2026)).toBeNull()
  })
})

describe('Chinese search on the raw fields', () => {
  // Characters that normalise into the query's (⼈ → 人, ⼾ → 戶, ﹑ ︑ → 、, ｢ → 「, 豈 → 豈,
  // ㈱ → (株), 🈚 → 無), that sit next to it (spaces, full-width, upper case, combining marks) or
  // are outside the simple set.
  const piece = fc.constantFrom(
    '客', '户', '客户', '说', '人', '戶', '株', '無', '豈', '、', '「', '」', '“', '”', '⼈', '⼾', '﹑', '｢', '\uf900', '㈱', '🈚', '𠀀',
    'ＡＢ', 'A', 'b', ' ', '  ', '\t', '\n', '\r', '\u3000', '\u00a0', 'é', 'e\u0301', '\u0301', '，', '🎉', '·', '¥', '×', '–', '—', '…', '→', '︑', '︵', ''
  )
  const text = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''))
  const field = fc.option(text, { nil: undefined })
  const event = fc
    .record({ kind: fc.constantFrom('activity', 'stage', 'comment'), subject: field, body: field, objective: field, needs: field, withSheet: fc.boolean() })
    .map(({ kind, subject, body, objective, needs, withSheet }): TimelineEvent => {
      if (kind === 'stage') return mergeTimeline({ activities: [], stageHistory: [move({ id: 's', at: NOW, ...(body !== undefined ? { reason: body } : {}) })], now: NOW })[0]!
      if (kind === 'comment')
        return mergeTimeline({
          activities: [],
          comments: [{ comment: { id: 'c', body: body ?? '', authorId: 'u1', createdAt: NOW } as never, customerId: 'c1', dealId: null }],
          now: NOW
        })[0]!
      return mergeTimeline({
        activities: [act({ id: 'a', at: NOW, subject, body, ...(withSheet ? { behaviour: { objective, needsUncovered: needs } } : {}) } as never)],
        now: NOW
      })[0]!
    })
  const query = fc
    .array(fc.constantFrom('客', '户', '说', '人', '戶', '株', '無', '豈', '、', '「', '“', '”'), { minLength: 1, maxLength: 3 })
    .map((p) => normalizeForSearch(p.join('')))

  it('gives exactly the answer of the normalised free text', () => {
    fc.assert(
      fc.property(event, query, (e, q) => {
        expect(isRawQuery(q)).toBe(true)
        const want = freeText(e).includes(q)
        const raw = matchRawFields(e, q)
        if (raw !== undefined) expect(raw).toBe(want)
        expect(new TimelineSearchTexts([e]).includes(0, q)).toBe(want)
      }),
      { numRuns: 5000 }
    )
  })

  it('builds no text for plain fields, and asks the normaliser when a field needs it', () => {
    const [plain, radical] = mergeTimeline({
      activities: [act({ id: 'p', at: NOW - 1, body: '客户 says OK，下周签约' }), act({ id: 'r', at: NOW, body: '客⼈说' })],
      now: NOW
    })
    expect(matchRawFields(plain!, '客户')).toBe(true)
    expect(matchRawFields(plain!, '签字')).toBe(false)
    // ⼈ is the Kangxi radical, NFKC 人: only the normalised text can tell.
    expect(matchRawFields(radical!, '客人')).toBeUndefined()
    expect(new TimelineSearchTexts([radical!]).includes(0, '客人')).toBe(true)
    // Letters, digits and spaces go through the built text (case and width folding).
    expect(isRawQuery('ok')).toBe(false)
    expect(isRawQuery('老板 说')).toBe(false)
  })
})
