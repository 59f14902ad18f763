import type { TFunction } from 'i18next'
import { TranscriptError } from '@shared/domain/transcripts'
import { BridgeError } from '../../bridge'
import { RecordingAttachedError, SttEmptyError, TranscriptAttachedError } from '../../db/recordings'

/** Error codes from main (BridgeError), the transcript parser and the page's own checks are keys under `errors.`. */
export function errorCode(e: unknown): { code: string; params?: Record<string, string | number> } {
  if (e instanceof BridgeError || e instanceof TranscriptError) return { code: e.code, ...(e.params ? { params: e.params } : {}) }
  if (e instanceof TranscriptAttachedError || e instanceof RecordingAttachedError || e instanceof SttEmptyError) return { code: e.code }
  return { code: 'generic', params: { message: e instanceof Error ? e.message : String(e) } }
}

/** The translated message for any error of the calls feature (namespace `calls`). */
export function errorText(t: TFunction<'calls'>, e: unknown): string {
  const { code, params } = errorCode(e)
  return t(`errors.${code}`, { ...params, defaultValue: t('errors.generic', { message: code }) })
}
