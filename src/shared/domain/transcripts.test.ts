import { describe, expect, it } from 'vitest'
import { buildTranscriptIndex, cueIndexAt, parseTranscript, searchTranscripts, TranscriptError, validateTranscript } from './transcripts'

const sha = 'a'.repeat(64)
const rec = { sha256: sha, durationMs: 60_000 }

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (e instanceof TranscriptError) return e.code
    throw e
  }
  return 'ok'
}

const vtt = `WEBVTT

NOTE exported by the phone system

1
00:00:01.000 --> 00:00:03.500
<v 销售>您好，我是瑞康的张伟

00:00:04.000 --> 00:00:06.000
<v 客户>你好，预算的事我们再谈
`

const srt = `1
00:00:01,000 --> 00:00:03,500
销售: 您好

2
00:00:04,000 --> 00:00:06,250
客户：你好
`

describe('parseTranscript', () => {
  it('reads WebVTT with voice spans', () => {
    const t = parseTranscript(vtt, 'a.vtt')
    expect(t.format).toBe('vtt')
    expect(t.cues).toEqual([
      { startMs: 1000, endMs: 3500, speaker: '销售', text: '您好，我是瑞康的张伟' },
      { startMs: 4000, endMs: 6000, speaker: '客户', text: '你好，预算的事我们再谈' }
    ])
  })
  it('reads SRT with speaker prefixes (half- and full-width colons)', () => {
    const t = parseTranscript(srt, 'a.srt')
    expect(t.format).toBe('srt')
    expect(t.cues.map((c) => [c.startMs, c.endMs, c.speaker, c.text])).toEqual([
      [1000, 3500, '销售', '您好'],
      [4000, 6250, '客户', '你好']
    ])
  })
  it('reads JSON arrays in seconds or ms and {segments:[…]}', () => {
    const seconds = parseTranscript(JSON.stringify([{ start: 1.5, end: 2, speaker: 'rep', text: 'hi' }]))
    expect(seconds.cues[0]).toEqual({ startMs: 1500, endMs: 2000, speaker: 'rep', text: 'hi' })
    const ms = parseTranscript(JSON.stringify([{ start: 15000, end: 20000, speaker: 'rep', text: 'hi' }]))
    expect(ms.cues[0]!.startMs).toBe(15000)
    const wrapped = parseTranscript(JSON.stringify({ sha256: sha, segments: [{ startMs: 10, endMs: 20, text: 'x' }] }))
    expect(wrapped.cues[0]).toMatchObject({ startMs: 10, endMs: 20 })
    expect(wrapped.forSha256).toBe(sha)
  })
  it('bad files get a clear code', () => {
    expect(codeOf(() => parseTranscript('hello', 'a.txt'))).toBe('transcript.unsupported-format')
    expect(codeOf(() => parseTranscript('WEBVTT\n\n00:01.000 --> nonsense\nhi\n'))).toBe('transcript.invalid')
    expect(codeOf(() => parseTranscript('WEBVTT\n'))).toBe('transcript.empty')
    expect(codeOf(() => parseTranscript('[{"start": 1}]'))).toBe('transcript.invalid')
  })
})

describe('validateTranscript', () => {
  it('accepts crosstalk between speakers, refuses one speaker overlapping itself', () => {
    const cross = parseTranscript(JSON.stringify([{ start: 1, end: 3, speaker: 'rep', text: 'a' }, { start: 2, end: 4, speaker: 'cust', text: 'b' }]))
    expect(validateTranscript(cross, rec)).toHaveLength(2)
    const overlap = parseTranscript(JSON.stringify([{ start: 1, end: 3, speaker: 'rep', text: 'a' }, { start: 2, end: 4, speaker: 'rep', text: 'b' }]))
    expect(codeOf(() => validateTranscript(overlap, rec))).toBe('transcript.overlap')
  })
  it('refuses cues past the end and transcripts naming another recording', () => {
    const long = parseTranscript(JSON.stringify([{ start: 50, end: 75, text: 'a' }]))
    expect(codeOf(() => validateTranscript(long, rec))).toBe('transcript.past-end')
    const other = parseTranscript(`WEBVTT\n\nNOTE sha256=${'b'.repeat(64)}\n\n00:01.000 --> 00:02.000\nhi\n`)
    expect(codeOf(() => validateTranscript(other, rec))).toBe('transcript.other-recording')
  })
})

describe('search and sync', () => {
  it('finds Chinese substrings across calls with the moment', () => {
    const index = buildTranscriptIndex([
      { id: 's1', recordingId: 'r1', startMs: 1000, text: '我们的预算大概是五十万' },
      { id: 's2', recordingId: 'r2', startMs: 42_000, text: '能不能再给点折扣' },
      { id: 's3', recordingId: 'r2', startMs: 50_000, text: 'ＡＢＣ公司的报价' }
    ])
    expect(searchTranscripts(index, '折扣')).toEqual([{ segmentId: 's2', recordingId: 'r2', startMs: 42_000, text: '能不能再给点折扣' }])
    expect(searchTranscripts(index, 'abc').map((h) => h.segmentId)).toEqual(['s3'])
    expect(searchTranscripts(index, '  ')).toEqual([])
  })
  it('cueIndexAt finds the line playing', () => {
    const cues = [{ startMs: 0 }, { startMs: 1000 }, { startMs: 5000 }]
    expect(cueIndexAt(cues, 999)).toBe(0)
    expect(cueIndexAt(cues, 1000)).toBe(1)
    expect(cueIndexAt(cues, 99_999)).toBe(2)
    expect(cueIndexAt([{ startMs: 10 }], 5)).toBe(-1)
  })
})
