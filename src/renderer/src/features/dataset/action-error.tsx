import { Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import { CockpitError } from '@shared/ipc/define'
import { WriteError } from '../../db/write'
import { refusalText } from '../../session/words'

/**
 * Why a repair on the data page failed, in the reader's words with the code to quote: the
 * permission a role lacks, a record gone meanwhile (deleted on another machine), or the write
 * path's own reasons. Nothing was written: every repair is one all-or-nothing write.
 */
export function actionErrorText(t: TFunction, action: 'attach' | 'close' | 'unify' | 'amount', e: unknown): string {
  let reason: string
  let code = 'unknown'
  if (e instanceof WriteError) {
    code = e.code
    reason =
      e.code === 'write.forbidden' && e.details.permission ? refusalText(t, e.details.permission, e.details.role) : t(`common:errors.${e.code}`, { defaultValue: e.message })
  } else if (e instanceof CockpitError) {
    code = e.code
    reason = t(`dataset:errors.${e.code}`, { defaultValue: t('common:errors.generic', { message: e.message }) })
  } else reason = t('common:errors.generic', { message: e instanceof Error ? e.message : String(e) })
  return t(`dataset:errors.${action}`, { reason, code })
}

/** The failure under a repair's button; the choice the reader made stays as it was, to try again. */
export function ActionError({ message }: { message: string | null }): React.ReactNode {
  if (!message) return null
  return (
    <Text size="xs" c="red.7" role="alert" lineClamp={2} maw={320} title={message}>
      {message}
    </Text>
  )
}
