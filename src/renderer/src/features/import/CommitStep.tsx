import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ImportEntity, ImportMessage } from '@shared/domain/import'
import type { CommitProgress, CommitResult } from '../../db/import-commit'
import { useImportMessage } from './use-import-message'

/** Step 5: the progress bar while the one transaction runs, then what it did. */
export function CommitStep({
  progress,
  result,
  error,
  nextFile,
  onNextFile,
  onFinish,
  onStartOver
}: {
  progress: CommitProgress | null
  result: CommitResult | null
  error: ImportMessage | null
  /** The next of the files dropped together, once this one is written. */
  nextFile?: { name: string; entity: ImportEntity }
  onNextFile?(): void
  onFinish(): void
  onStartOver(): void
}): React.ReactNode {
  const { t, i18n } = useTranslation('import')
  const say = useImportMessage()
  const pct = result ? 100 : progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0

  return (
    <Stack gap="sm">
      <Progress value={pct} aria-label={t('commit.progress')} size="lg" striped={!result && !error} animated={!result && !error} />
      {!result && !error && progress && (
        <Text size="sm" role="status">
          {progress.total > 0 ? t('commit.writingTable', { percent: Math.floor((progress.done / progress.total) * 100), done: progress.done.toLocaleString(i18n.language), total: progress.total.toLocaleString(i18n.language), table: t(`commit.tables.${progress.table}`) }) : t('commit.starting')}
        </Text>
      )}
      {error && (
        <Alert color="red" role="alert">
          {say(error)}
        </Alert>
      )}
      {result && (
        <Stack gap={4} role="status">
          <Text fw={600}>{t('commit.done')}</Text>
          <Text size="sm">
            {[
              t('commit.created', { count: result.created }),
              t('commit.updated', { count: result.updated }),
              t('commit.unchanged', { count: result.unchanged }),
              t('commit.skipped', { count: result.skipped })
            ].join(' · ')}
          </Text>
        </Stack>
      )}
      {(result || error) && (
        <Group>
          {result && nextFile && onNextFile && (
            <Button onClick={onNextFile}>{t('commit.nextFile', { name: nextFile.name, entity: t(`entities.${nextFile.entity}`) })}</Button>
          )}
          {result && !nextFile && <Button onClick={onFinish}>{t('commit.finish')}</Button>}
          <Button variant="default" onClick={onStartOver}>
            {t('actions.startOver')}
          </Button>
        </Group>
      )}
    </Stack>
  )
}
