import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { CockpitError } from '../../../shared/ipc/define'

export type ModelKind = 'whisper' | 'paraformer' | 'sense-voice'

export interface ModelPack {
  kind: ModelKind
  dir: string
  tokens: string
  /** whisper: encoder + decoder; paraformer / sense-voice: model. */
  files: Record<string, string>
}

/** int8 files are a quarter of the size and decode faster on a laptop CPU: preferred when both are there. */
function pick(names: string[], re: RegExp): string | undefined {
  const hits = names.filter((n) => re.test(n))
  return hits.find((n) => n.includes('int8')) ?? hits[0]
}

/**
 * Recognise a sherpa-onnx offline model pack by its files, as the packs unpack from their
 * release archives:
 * - whisper: `<name>-encoder[.int8].onnx`, `<name>-decoder[.int8].onnx`, `<name>-tokens.txt`
 * - sense-voice: `model[.int8].onnx` + `tokens.txt` whose tokens include language tags (`<|zh|>`)
 * - paraformer: `model[.int8].onnx` + `tokens.txt` without them
 * Each failure is a translated message in the page: `stt.folder-missing`, `stt.model-incomplete`
 * (with the files that are missing), `stt.model-unknown`.
 */
export function detectModelPack(dir: string): ModelPack {
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) throw new CockpitError('stt.folder-missing', `no folder at ${dir}`, { dir })
  const names = readdirSync(dir)
  const encoder = pick(names, /-encoder(\.int8)?\.onnx$/)
  const decoder = pick(names, /-decoder(\.int8)?\.onnx$/)
  if (encoder || decoder || names.some((n) => /-tokens\.txt$/.test(n))) {
    const tokens = names.find((n) => /-tokens\.txt$/.test(n))
    const missing = [!encoder && '*-encoder.onnx', !decoder && '*-decoder.onnx', !tokens && '*-tokens.txt'].filter(Boolean)
    if (missing.length) throw new CockpitError('stt.model-incomplete', `whisper pack lacks ${missing.join(', ')}`, { kind: 'whisper', missing: missing.join(', ') })
    return { kind: 'whisper', dir, tokens: join(dir, tokens!), files: { encoder: join(dir, encoder!), decoder: join(dir, decoder!) } }
  }
  const model = pick(names, /^model(\.int8)?\.onnx$/)
  const hasTokens = names.includes('tokens.txt')
  if (!model && !hasTokens) throw new CockpitError('stt.model-unknown', `no speech model files in ${dir}`, { dir })
  const missing = [!model && 'model.onnx', !hasTokens && 'tokens.txt'].filter(Boolean)
  if (missing.length) throw new CockpitError('stt.model-incomplete', `model pack lacks ${missing.join(', ')}`, { kind: 'paraformer', missing: missing.join(', ') })
  const tokens = join(dir, 'tokens.txt')
  // SenseVoice's vocabulary carries its language and emotion tags; paraformer's does not.
  const head = readFileSync(tokens, 'utf8').slice(0, 200_000)
  const kind: ModelKind = /<\|(zh|en|yue|ja|ko)\|>/.test(head) ? 'sense-voice' : 'paraformer'
  return { kind, dir, tokens, files: { model: join(dir, model!) } }
}
