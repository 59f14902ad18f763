import { amrKind } from './amr'

/** Containers the store accepts, told apart by their first bytes — never by the file name. */
export type AudioFormat = 'wav' | 'mp3' | 'ogg' | 'm4a' | 'aac' | 'amr-nb' | 'amr-wb' | 'flac' | 'webm'

export const extensionOf: Record<AudioFormat, string> = {
  wav: 'wav',
  mp3: 'mp3',
  ogg: 'ogg',
  m4a: 'm4a',
  aac: 'aac',
  'amr-nb': 'amr',
  'amr-wb': 'awb',
  flac: 'flac',
  webm: 'webm'
}

export const contentTypeOf: Record<AudioFormat, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  'amr-nb': 'audio/amr',
  'amr-wb': 'audio/amr-wb',
  flac: 'audio/flac',
  webm: 'audio/webm'
}

/** What Chromium (and so Electron) cannot play and the store transcodes. */
export const needsTranscode = (f: AudioFormat): boolean => f === 'amr-nb' || f === 'amr-wb'

const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, to))

/** Sniff the format from at least the first 64 bytes; `null` when it is not audio we know. */
export function sniffFormat(head: Uint8Array): AudioFormat | null {
  if (head.length < 4) return null
  const amr = amrKind(head)
  if (amr) return amr
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WAVE') return 'wav'
  if (ascii(head, 0, 4) === 'OggS') return 'ogg'
  if (ascii(head, 0, 4) === 'fLaC') return 'flac'
  if (ascii(head, 4, 8) === 'ftyp') return 'm4a'
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'webm'
  if (ascii(head, 0, 3) === 'ID3') return 'mp3'
  if (head[0] === 0xff && (head[1]! & 0xf0) === 0xf0 && (head[1]! & 0x06) === 0) return 'aac' // ADTS: layer bits 00
  if (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) return 'mp3' // MPEG audio frame sync
  return null
}
