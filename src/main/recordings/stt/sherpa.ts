import { createRequire } from 'node:module'
import { CockpitError } from '../../../shared/ipc/define'
import type { SttEngine } from './engine'
import type { ModelPack } from './model-pack'

interface SherpaStream {
  acceptWaveform(w: { samples: Float32Array; sampleRate: number }): void
}
interface SherpaRecognizer {
  createStream(): SherpaStream
  decodeAsync(stream: SherpaStream): Promise<{ text?: string }>
}
interface SherpaModule {
  OfflineRecognizer: { createAsync(config: unknown): Promise<SherpaRecognizer> }
}

/** sherpa-onnx's offline-recogniser configuration for a detected pack. */
export function sherpaConfig(pack: ModelPack, threads = 2): Record<string, unknown> {
  const model =
    pack.kind === 'whisper'
      ? { whisper: { encoder: pack.files['encoder'], decoder: pack.files['decoder'], language: 'zh', task: 'transcribe' } }
      : pack.kind === 'sense-voice'
        ? { senseVoice: { model: pack.files['model'], language: 'auto', useInverseTextNormalization: 1 } }
        : { paraformer: { model: pack.files['model'] } }
  return {
    featConfig: { sampleRate: 16000, featureDim: 80 },
    modelConfig: { ...model, tokens: pack.tokens, numThreads: threads, provider: 'cpu', debug: 0 },
    decodingMethod: 'greedy_search'
  }
}

/**
 * A speech-to-text engine on sherpa-onnx (native, CPU). The module is loaded on first use so a
 * machine without the native addon still starts; a pack that does not load (a damaged or
 * mismatched .onnx) is `stt.model-load-failed` with onnxruntime's own reason.
 */
export async function loadSherpaEngine(pack: ModelPack, load: () => SherpaModule = defaultLoad): Promise<SttEngine> {
  let sherpa: SherpaModule
  try {
    sherpa = load()
  } catch (e) {
    throw new CockpitError('stt.engine-missing', `sherpa-onnx cannot load: ${e instanceof Error ? e.message : String(e)}`)
  }
  let recognizer: SherpaRecognizer
  try {
    recognizer = await sherpa.OfflineRecognizer.createAsync(sherpaConfig(pack))
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).slice(0, 300)
    throw new CockpitError('stt.model-load-failed', `model did not load: ${reason}`, { kind: pack.kind, reason })
  }
  return {
    kind: pack.kind,
    async recognize(samples, sampleRate) {
      const stream = recognizer.createStream()
      stream.acceptWaveform({ samples, sampleRate })
      return (await recognizer.decodeAsync(stream)).text ?? ''
    }
  }
}

function defaultLoad(): SherpaModule {
  const require = createRequire(__filename)
  return require('sherpa-onnx-node') as SherpaModule
}
