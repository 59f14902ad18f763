import { useState } from 'react'
import { ActionIcon, Group, Text, TextInput, Tooltip } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Recording } from '@shared/model/recording'
import { retitleCall } from '../../db/recordings'
import { WriteError } from '../../db/write'
import { errorText } from './errors'

/** The default title of a call: the coach's own, else customer · the call's subject, else customer · date · rep. */
export function callTitle(r: Recording, parts: { customer?: string; subject?: string; date: string; rep?: string }): string {
  if (r.title) return r.title
  if (parts.subject) return [parts.customer, parts.subject].filter(Boolean).join(' · ')
  return [parts.customer, parts.date, parts.rep].filter(Boolean).join(' · ')
}

/** The open call's title above the player, editable in place (Enter saves, Esc cancels, empty restores the default). */
export function CallTitle({ recording, title }: { recording: Recording; title: string }): React.ReactNode {
  const { t } = useTranslation('callMetrics')
  const { t: tc } = useTranslation('calls')
  const [draft, setDraft] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const save = async (): Promise<void> => {
    if (draft === null) return
    try {
      await retitleCall(recording.id, draft)
      setDraft(null)
      setError(null)
    } catch (e) {
      // The write path refuses a title it cannot keep; the typed text stays for the coach to fix.
      setError(e instanceof WriteError && e.code === 'write.invalid' ? t('title.invalid', { code: e.code }) : errorText(tc, e))
    }
  }
  if (draft !== null) {
    return (
      <TextInput
        size="xs"
        w={420}
        autoFocus
        maxLength={120}
        aria-label={t('title.edit')}
        placeholder={t('title.placeholder')}
        value={draft}
        error={error}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void save()
          if (e.key === 'Escape') setDraft(null)
        }}
        onBlur={() => void save()}
        data-testid="call-title-input"
      />
    )
  }
  return (
    <Group gap={4} wrap="nowrap">
      <Text fw={600} data-testid="call-title">
        {title}
      </Text>
      <Tooltip label={t('title.edit')}>
        <ActionIcon variant="subtle" size="sm" aria-label={t('title.edit')} onClick={() => setDraft(recording.title ?? title)} data-testid="call-title-edit">
          ✎
        </ActionIcon>
      </Tooltip>
    </Group>
  )
}
