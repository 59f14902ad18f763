import { Badge, Group, Paper, Text } from '@mantine/core'
import { IconCheck } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { ImportEntity } from '@shared/domain/import'
import type { ParsedTable } from '@shared/ipc/io'
import type { CommitResult } from '../../db/import-commit'

export interface QueuedFile {
  fileName: string
  bytes: Uint8Array<ArrayBuffer>
  table: ParsedTable
  /** What the file holds, as detected (the mapping step may change it). */
  entity: ImportEntity
  /** Set once the file is imported. */
  result?: CommitResult
}

/** The files dropped together, in the order they are imported, and which one is being worked on. */
export function FileQueue({ files, current }: { files: QueuedFile[]; current: number }): React.ReactNode {
  const { t } = useTranslation('import')
  return (
    <Paper withBorder p="xs" radius="md" role="list" aria-label={t('queue.label')}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={500}>
          {t('queue.title', { count: files.length })}
        </Text>
        {files.map((f, i) => (
          <Badge
            key={`${f.fileName}-${i}`}
            role="listitem"
            size="lg"
            radius="sm"
            variant={i === current ? 'filled' : 'light'}
            color={f.result ? 'teal' : i === current ? 'blue' : 'gray'}
            leftSection={f.result ? <IconCheck size={12} aria-hidden /> : undefined}
            style={{ textTransform: 'none' }}
            aria-current={i === current ? 'step' : undefined}
          >
            {t('queue.item', { n: i + 1, name: f.fileName, entity: t(`entities.${f.entity}`) })}
          </Badge>
        ))}
      </Group>
    </Paper>
  )
}
