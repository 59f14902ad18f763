import type { TFunction } from 'i18next'
import { HiringError } from '../../db/hiring'
import { WriteError } from '../../db/write'
import { refusalText } from '../../session/words'
import type { TemplateProblem } from '@shared/domain/hiring'

/** A hiring write that failed, in words with its code (the write path's refusals name the roles that may). */
export function hiringErrorText(t: TFunction, e: unknown): string {
  if (e instanceof HiringError) return `${t(`hiring:error.${e.code}`, e.params)} (${e.code})`
  if (e instanceof WriteError && e.code === 'write.forbidden' && e.details.permission)
    return `${refusalText(t, e.details.permission, e.details.role)} (${e.code})`
  if (e instanceof WriteError) return `${t('hiring:error.write', { message: e.message })} (${e.code})`
  return e instanceof Error ? e.message : String(e)
}

export function templateProblemText(t: TFunction, p: TemplateProblem): string {
  const { code, ...params } = p
  return t(`hiring:error.${code}`, params)
}
