#!/usr/bin/env node
// Synthesises the demo workspace's Mandarin sales calls into resources/demo-calls/.
//
//   node scripts/demo-calls/make.mjs            (needs espeak-ng with the cmn voice, and ffmpeg)
//
// Each call is a scripted dialogue: every line is spoken by espeak-ng (rep: male voice, low
// pitch; customer: female variant, high pitch), placed on its own channel (rep left, customer
// right) with the other channel silent, and encoded as low-bitrate stereo Opus. Because the
// script places every line itself, the cue times it writes (WebVTT, one file per call) are the
// exact transcript. manifest.json lists the calls for the demo importer
// (src/renderer/src/features/calls/demo-calls.ts). Output is deterministic for a given espeak-ng.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CALLS } from './calls.mjs'

const OUT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../resources/demo-calls')
const RATE = 22050
const VOICES = {
  R: { voice: 'cmn', pitch: '38', speed: '205', speaker: '销售' },
  C: { voice: 'cmn+f3', pitch: '72', speed: '195', speaker: '客户' }
}

/** espeak-ng → mono 16-bit PCM samples at 22.05 kHz. */
function speak(who, text, dir) {
  const v = VOICES[who]
  const wav = join(dir, 'line.wav')
  execFileSync('espeak-ng', ['-v', v.voice, '-p', v.pitch, '-s', v.speed, '-w', wav, text])
  const buf = readFileSync(wav)
  let p = 12
  while (p + 8 <= buf.length) {
    const id = buf.toString('ascii', p, p + 4)
    const len = buf.readUInt32LE(p + 4)
    if (id === 'data') return new Int16Array(buf.buffer.slice(buf.byteOffset + p + 8, buf.byteOffset + p + 8 + Math.min(len, buf.length - p - 8)))
    p += 8 + len
  }
  throw new Error('no data chunk from espeak-ng')
}

function wavHeader(frames) {
  const h = Buffer.alloc(44)
  h.write('RIFF', 0, 'ascii')
  h.writeUInt32LE(36 + frames * 4, 4)
  h.write('WAVEfmt ', 8, 'ascii')
  h.writeUInt32LE(16, 16)
  h.writeUInt16LE(1, 20)
  h.writeUInt16LE(2, 22)
  h.writeUInt32LE(RATE, 24)
  h.writeUInt32LE(RATE * 4, 28)
  h.writeUInt16LE(4, 32)
  h.writeUInt16LE(16, 34)
  h.write('data', 36, 'ascii')
  h.writeUInt32LE(frames * 4, 40)
  return h
}

const clock = (ms) => {
  const h = Math.floor(ms / 3600000)
  const m = Math.floor(ms / 60000) % 60
  const s = Math.floor(ms / 1000) % 60
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`
}

mkdirSync(OUT, { recursive: true })
const work = mkdtempSync(join(tmpdir(), 'demo-calls-'))
const manifest = []
try {
  for (const call of CALLS) {
    const left = []
    const right = []
    const cues = []
    let frames = Math.round(RATE * 0.6)
    left.push(new Int16Array(frames))
    right.push(new Int16Array(frames))
    call.lines.forEach(([who, text, pauseBefore], i) => {
      // Turn-taking gaps of 0.35–0.8 s, deterministic; a scripted long pause where the dialogue
      // has one (the customer thinking), so the player's skip-silence has something to skip.
      const gap = pauseBefore ?? 0.35 + ((i * 7919) % 10) * 0.05
      const gapFrames = i === 0 ? 0 : Math.round(RATE * gap)
      left.push(new Int16Array(gapFrames))
      right.push(new Int16Array(gapFrames))
      frames += gapFrames
      const pcm = speak(who, text, work)
      // espeak-ng pads each utterance with ~0.2 s of silence; the cue spans the whole clip.
      const startMs = Math.round((frames / RATE) * 1000)
      ;(who === 'R' ? left : right).push(pcm)
      ;(who === 'R' ? right : left).push(new Int16Array(pcm.length))
      frames += pcm.length
      cues.push({ startMs, endMs: Math.round((frames / RATE) * 1000), speaker: VOICES[who].speaker, text })
    })
    const tail = Math.round(RATE * 0.8)
    left.push(new Int16Array(tail))
    right.push(new Int16Array(tail))
    frames += tail
    const L = Int16Array.from(left.flatMap((a) => Array.from(a)))
    const R = Int16Array.from(right.flatMap((a) => Array.from(a)))
    const inter = new Int16Array(frames * 2)
    for (let f = 0; f < frames; f++) {
      inter[2 * f] = L[f]
      inter[2 * f + 1] = R[f]
    }
    const wav = join(work, `${call.id}.wav`)
    writeFileSync(wav, Buffer.concat([wavHeader(frames), Buffer.from(inter.buffer)]))
    const ogg = join(OUT, `${call.id}.ogg`)
    // 16 kHz Opus, 16 kb/s for both sides: ~120 kB a minute. Mapping family 255 codes the two
    // channels as independent mono streams; plain stereo at this rate is joint-coded, which
    // folds the rep and the customer into one and loses the speaker lanes.
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, '-ar', '16000', '-c:a', 'libopus', '-b:a', '16k', '-mapping_family', '255', '-application', 'voip', '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact', ogg])
    const sha256 = createHash('sha256').update(readFileSync(ogg)).digest('hex')
    const vtt = ['WEBVTT', '', `NOTE sha256=${sha256}`, '']
    cues.forEach((c, i) => vtt.push(String(i + 1), `${clock(c.startMs)} --> ${clock(c.endMs)}`, `<v ${c.speaker}>${c.text}`, ''))
    writeFileSync(join(OUT, `${call.id}.vtt`), vtt.join('\n'))
    const durationMs = Math.round((frames / RATE) * 1000)
    manifest.push({ id: call.id, file: `${call.id}.ogg`, transcript: `${call.id}.vtt`, sha256, durationMs, title: call.title, skill: call.skill, great: call.great ?? false })
    console.log(`${call.id}  ${(durationMs / 1000).toFixed(1)} s  ${cues.length} cues  ${call.title}`)
  }
  writeFileSync(join(OUT, 'manifest.json'), JSON.stringify({ version: 1, voices: VOICES, calls: manifest }, null, 2) + '\n')
} finally {
  rmSync(work, { recursive: true, force: true })
}
