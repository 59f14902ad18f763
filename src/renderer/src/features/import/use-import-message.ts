import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { ImportMessage } from '@shared/domain/import'
import { isPermission, refusalText } from '../../session/words'

/**
 * Turns an import message (`{ code, params }`) into a sentence in the user's language. Field
 * and date-order params are translated too, so "“amount” is empty" reads "“金额”为空".
 */
export function useImportMessage(): (m: ImportMessage) => string {
  const { t, i18n } = useTranslation('import')
  return useCallback(
    (m: ImportMessage) => {
      const params: Record<string, string | number> = { ...m.params }
      if (typeof params.field === 'string' && i18n.exists(`fields.${params.field}`, { ns: 'import' })) {
        params.field = t(`fields.${params.field}`)
      }
      if (params.order === 'dmy' || params.order === 'mdy') params.order = t(`preview.order.${params.order}`)
      // A refused write reads from the permission table: "As Regional manager you may not add regions; only Admin may."
      if (isPermission(params.permission)) params.refusal = refusalText(t, params.permission, typeof params.role === 'string' && params.role ? params.role : undefined)
      const key = `errors.${m.code}`
      if (!i18n.exists(key, { ns: 'import' })) return t('errors.unknown', { code: m.code })
      return t(key, params)
    },
    [t, i18n]
  )
}

/** What a thrown error says, as an import message (bridge and commit errors carry a code). */
export function toImportMessage(e: unknown): ImportMessage {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const err = e as { code: string; params?: Record<string, string | number> }
    return err.params ? { code: err.code, params: err.params } : { code: err.code }
  }
  return { code: 'unknown', params: { code: e instanceof Error ? e.message : String(e) } }
}
