import { normalizeForSearch } from './search'

/**
 * Transcripts from phone systems and speech-to-text tools: WebVTT, SRT and the common JSON
 * shapes, parsed into cues and checked against the recording they are attached to.
 */
export interface Cue {
  startMs: number
  endMs: number
  speaker: string
  text: string
}

export type TranscriptFormat = 'vtt' | 'srt' | 'json'

export type TranscriptErrorCode =
  | 'transcript.unsupported-format'
  | 'transcript.invalid'
  | 'transcript.empty'
  | 'transcript.overlap'
  | 'transcript.past-end'
  | 'transcript.other-recording'

export class TranscriptError extends Error {
  constructor(
    public readonly code: TranscriptErrorCode,
    message: string,
    public readonly params: Record<string, string | number> = {}
  ) {
    super(message)
  }
}

export interface ParsedTranscript {
  format: TranscriptFormat
  cues: Cue[]
  /** The recording the file says it belongs to (JSON `sha256`/`recordingSha256`, VTT `NOTE sha256=`), if any. */
  forSha256?: string
}

const TIME = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})$/

function parseTimestamp(s: string, line: number): number {
  const m = TIME.exec(s.trim())
  if (!m) throw new TranscriptError('transcript.invalid', `bad timestamp "${s}"`, { line })
  const [, h = '0', min, sec, frac] = m
  return ((Number(h) * 60 + Number(min)) * 60 + Number(sec)) * 1000 + Number(frac!.padEnd(3, '0'))
}

/** `<v Speaker>text` (WebVTT voice span) or `Speaker: text` / `Speaker：text`. */
function splitSpeaker(text: string): { speaker: string; text: string } {
  const voice = /^<v(?:\.[\w.-]+)?\s+([^>]+)>([\s\S]*?)(?:<\/v>)?$/.exec(text)
  if (voice) return { speaker: voice[1]!.trim().slice(0, 40), text: voice[2]!.trim() }
  const colon = /^([^:：\s]{1,20})[:：]\s*([\s\S]+)$/.exec(text)
  if (colon) return { speaker: colon[1]!.slice(0, 40), text: colon[2]!.trim() }
  return { speaker: '', text }
}

function parseBlocks(text: string, format: 'vtt' | 'srt'): ParsedTranscript {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n')
  const cues: Cue[] = []
  let forSha256: string | undefined
  let i = format === 'vtt' ? 1 : 0
  while (i < lines.length) {
    const line = lines[i]!.trim()
    if (line === '') {
      i++
      continue
    }
    if (format === 'vtt' && /^(NOTE|STYLE|REGION)\b/.test(line)) {
      const sha = /sha256\s*[=:]\s*([0-9a-f]{64})/i.exec(line)
      if (sha) forSha256 = sha[1]!.toLowerCase()
      while (i < lines.length && lines[i]!.trim() !== '') i++
      continue
    }
    // An optional identifier line (SRT's counter, VTT's cue id) before the timing line.
    let timing = line
    if (!timing.includes('-->')) {
      i++
      timing = (lines[i] ?? '').trim()
    }
    if (!timing.includes('-->')) throw new TranscriptError('transcript.invalid', `expected a timing line at line ${i + 1}`, { line: i + 1 })
    const [a, b] = timing.split('-->')
    const startMs = parseTimestamp(a!, i + 1)
    const endMs = parseTimestamp(b!.trim().split(/\s+/)[0]!, i + 1)
    i++
    const body: string[] = []
    while (i < lines.length && lines[i]!.trim() !== '') body.push(lines[i++]!.trim())
    const joined = body.join(' ')
    const { speaker, text: cueText } = splitSpeaker(joined)
    cues.push({ startMs, endMs, speaker, text: cueText.replace(/<[^>]+>/g, '') })
  }
  return { format, cues, forSha256 }
}

type JsonCue = Record<string, unknown>

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null)

function parseJson(text: string): ParsedTranscript {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    throw new TranscriptError('transcript.invalid', `not JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  let list: unknown
  let forSha256: string | undefined
  if (Array.isArray(data)) list = data
  else if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>
    list = o['segments'] ?? o['utterances'] ?? o['cues'] ?? o['results']
    const sha = o['sha256'] ?? o['recordingSha256']
    if (typeof sha === 'string' && /^[0-9a-f]{64}$/i.test(sha)) forSha256 = sha.toLowerCase()
  }
  if (!Array.isArray(list)) throw new TranscriptError('transcript.unsupported-format', 'no segments array')
  const raw = list as JsonCue[]
  // Seconds or milliseconds: explicit `*Ms` keys are ms; otherwise a value with a fraction, or a
  // whole file ending before 10,000, is taken as seconds (no call transcript ends within 10 s in ms).
  const msKeys = raw.some((c) => c && typeof c === 'object' && ('startMs' in c || 'start_ms' in c))
  const starts = raw.map((c) => num(c?.['start'] ?? c?.['startTime'] ?? c?.['begin']))
  const ends = raw.map((c) => num(c?.['end'] ?? c?.['endTime'] ?? c?.['stop']))
  const maxEnd = Math.max(0, ...ends.filter((v): v is number => v !== null))
  const fractional = [...starts, ...ends].some((v) => v !== null && !Number.isInteger(v))
  const scale = msKeys ? 1 : fractional || maxEnd < 10_000 ? 1000 : 1
  const cues = raw.map((c, idx) => {
    if (!c || typeof c !== 'object') throw new TranscriptError('transcript.invalid', `segment ${idx + 1} is not an object`, { line: idx + 1 })
    const s = msKeys ? num(c['startMs'] ?? c['start_ms']) : starts[idx]
    const e = msKeys ? num(c['endMs'] ?? c['end_ms']) : ends[idx]
    const t = c['text'] ?? c['transcript'] ?? c['content']
    if (s === null || s === undefined || e === null || e === undefined || typeof t !== 'string') {
      throw new TranscriptError('transcript.invalid', `segment ${idx + 1} lacks start, end or text`, { line: idx + 1 })
    }
    const speaker = c['speaker'] ?? c['role'] ?? c['channel'] ?? ''
    return { startMs: Math.round(s * scale), endMs: Math.round(e * scale), speaker: String(speaker).slice(0, 40), text: t.trim() }
  })
  return { format: 'json', cues, forSha256 }
}

export function detectTranscriptFormat(text: string, fileName = ''): TranscriptFormat | null {
  const t = text.replace(/^\uFEFF/, '').trimStart()
  if (t.startsWith('WEBVTT')) return 'vtt'
  if (t.startsWith('{') || t.startsWith('[')) return 'json'
  if (/^\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->/.test(t)) return 'srt'
  if (/\.srt$/i.test(fileName) && t.includes('-->')) return 'srt'
  return null
}

export function parseTranscript(text: string, fileName = ''): ParsedTranscript {
  const format = detectTranscriptFormat(text, fileName)
  if (!format) throw new TranscriptError('transcript.unsupported-format', 'not WebVTT, SRT or JSON', { name: fileName })
  const parsed = format === 'json' ? parseJson(text) : parseBlocks(text, format)
  parsed.cues = parsed.cues.filter((c) => c.text !== '')
  if (parsed.cues.length === 0) throw new TranscriptError('transcript.empty', 'no cues', { name: fileName })
  return parsed
}

/** Cues may end this much after the recording: tools round the last cue up. */
const END_TOLERANCE_MS = 1000

/**
 * Check a parsed transcript against its recording; throws the first problem found. Overlap is
 * checked per speaker: on a stereo call rep and customer do talk over each other, but one
 * speaker's cues overlapping means the timings are broken (or two files were pasted together).
 */
export function validateTranscript(t: ParsedTranscript, recording: { sha256: string; durationMs: number }): Cue[] {
  if (t.forSha256 && t.forSha256 !== recording.sha256) {
    throw new TranscriptError('transcript.other-recording', 'the transcript names another recording')
  }
  const cues = [...t.cues].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)
  const lastEndBySpeaker = new Map<string, { endMs: number; index: number }>()
  cues.forEach((c, index) => {
    if (c.endMs < c.startMs) throw new TranscriptError('transcript.invalid', `cue ${index + 1} ends before it starts`, { line: index + 1 })
    if (c.endMs > recording.durationMs + END_TOLERANCE_MS) {
      throw new TranscriptError('transcript.past-end', `cue ${index + 1} ends at ${c.endMs} ms, after the recording`, {
        cue: index + 1,
        at: formatClock(c.startMs),
        duration: formatClock(recording.durationMs)
      })
    }
    const prev = lastEndBySpeaker.get(c.speaker)
    if (prev && c.startMs < prev.endMs) {
      throw new TranscriptError('transcript.overlap', `cues ${prev.index + 1} and ${index + 1} overlap`, { cue: index + 1, at: formatClock(c.startMs) })
    }
    lastEndBySpeaker.set(c.speaker, { endMs: c.endMs, index })
  })
  return cues
}

/** m:ss or h:mm:ss, for messages and the player. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/** Index of the cue playing at `ms` (the last one started), or -1 before the first. */
export function cueIndexAt(cues: readonly { startMs: number }[], ms: number): number {
  let lo = 0
  let hi = cues.length - 1
  let ans = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (cues[mid]!.startMs <= ms) {
      ans = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return ans
}

export interface SearchableSegment {
  id: string
  recordingId: string
  startMs: number
  text: string
}

export interface TranscriptIndex {
  segments: readonly SearchableSegment[]
  keys: string[]
}

export function buildTranscriptIndex(segments: readonly SearchableSegment[]): TranscriptIndex {
  return { segments, keys: segments.map((s) => normalizeForSearch(s.text)) }
}

export interface TranscriptHit {
  segmentId: string
  recordingId: string
  startMs: number
  text: string
}

/** Substring search (Chinese has no word boundaries) over every transcript line, in index order. */
export function searchTranscripts(index: TranscriptIndex, query: string, limit = 50): TranscriptHit[] {
  const q = normalizeForSearch(query)
  if (!q) return []
  const hits: TranscriptHit[] = []
  for (let i = 0; i < index.keys.length && hits.length < limit; i++) {
    if (index.keys[i]!.includes(q)) {
      const s = index.segments[i]!
      hits.push({ segmentId: s.id, recordingId: s.recordingId, startMs: s.startMs, text: s.text })
    }
  }
  return hits
}
