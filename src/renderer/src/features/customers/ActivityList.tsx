import { Badge, Group, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Activity } from '@shared/model'
import { useWorkspaceData } from '../../app/workspace-data'
import { useLocale } from '../../app/preferences'
import { formatDate, formatTime } from '../../ui/format'

/** A plain list of recent follow-ups; the full mixed timeline replaces it later. */
export function ActivityList({ activities }: { activities: readonly Activity[] }): React.ReactNode {
  const { t } = useTranslation()
  const { locale, timeZone } = useLocale()
  const { userById } = useWorkspaceData()
  if (activities.length === 0) return <Text size="sm" c="dimmed">{t('common.none')}</Text>
  return (
    <Stack gap={6}>
      {activities.map((a) => (
        <div key={a.id}>
          <Group gap={6} wrap="nowrap">
            <Badge size="xs" variant="light" color={a.kind === 'visit' ? 'blue' : a.kind === 'call' ? 'teal' : 'gray'}>
              {t(`kinds.${a.kind}`)}
              {a.visitKind ? ` · ${t(`visitKinds.${a.visitKind}`)}` : ''}
            </Badge>
            <Text size="xs" c="dimmed" className="tabular">
              {formatDate(a.at, locale, timeZone)} {formatTime(a.at, locale, timeZone)} · {userById.get(a.userId)?.name ?? ''}
            </Text>
          </Group>
          {(a.subject || a.body) && (
            <Text size="sm" lineClamp={2}>
              {a.subject ? `${a.subject} ` : ''}
              {a.body}
            </Text>
          )}
        </div>
      ))}
    </Stack>
  )
}
