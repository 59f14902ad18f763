import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { resolveFfmpeg } from './ffmpeg'

/**
 * Test audio generated on the fly with ffmpeg's lavfi sources (no audio committed to the repo).
 * Tones stand in for voices: a 300 Hz "rep" and a 500 Hz "customer".
 */
export function ffmpegGenerate(out: string, input: string[], output: string[]): string {
  execFileSync(resolveFfmpeg(), ['-hide_banner', '-loglevel', 'error', '-y', ...input, ...output, out])
  return out
}

const tone = (freq: number, seconds: number, rate = 16000): string[] => ['-f', 'lavfi', '-i', `sine=frequency=${freq}:duration=${seconds}:sample_rate=${rate}`]

/** Mono tone of `seconds`. */
export function makeTone(dir: string, name: string, seconds: number, output: string[] = []): string {
  return ffmpegGenerate(join(dir, name), tone(440, seconds), output)
}

/**
 * Stereo call: left = rep talks for `before` s, both silent for `gap` s, right = customer talks
 * for `after` s. The channels differ, so the player shows two lanes.
 */
export function makeStereoCallWithGap(dir: string, name: string, before: number, gap: number, after: number, output: string[] = []): string {
  const total = before + gap + after
  const filter =
    `[0:a]apad,atrim=0:${total}[l];` +
    `[1:a]adelay=${(before + gap) * 1000},apad,atrim=0:${total}[r];` +
    `[l][r]join=inputs=2:channel_layout=stereo[out]`
  return ffmpegGenerate(join(dir, name), [...tone(300, before), ...tone(500, after)], ['-filter_complex', filter, '-map', '[out]', ...output])
}

export function writeText(dir: string, name: string, text: string): string {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}
