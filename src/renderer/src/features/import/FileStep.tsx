import { useId, useState } from 'react'
import { Alert, Button, Paper, Stack, Text } from '@mantine/core'
import { IconFileSpreadsheet, IconUpload } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { MAX_IMPORT_BYTES } from '@shared/ipc/io'
import type { ImportMessage } from '@shared/domain/import'
import { ReadingProgress } from './ReadingProgress'
import { useImportMessage } from './use-import-message'

export interface ReadingState {
  name: string
  /** 1-based position among the files chosen together. */
  index: number
  total: number
  bytes: number
}

/**
 * Step 1: pick or drop one file or several that belong together (teams, accounts, products,
 * deals). The bytes go to main (`io.parseTable`); nothing is read here.
 */
export function FileStep({
  reading,
  error,
  onFiles
}: {
  reading: ReadingState | null
  error: ImportMessage | null
  onFiles(files: File[]): void
}): React.ReactNode {
  const { t } = useTranslation('import')
  const say = useImportMessage()
  const inputId = useId()
  const [over, setOver] = useState(false)

  return (
    <Stack gap="sm">
      <Paper
        withBorder
        p="xl"
        radius="md"
        style={{ borderStyle: 'dashed', borderWidth: 2, background: over ? 'var(--mantine-color-blue-light)' : undefined }}
        onDragOver={(e) => {
          e.preventDefault()
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault()
          setOver(false)
          const files = [...e.dataTransfer.files]
          if (files.length) onFiles(files)
        }}
      >
        <Stack align="center" gap="xs">
          <IconFileSpreadsheet size={40} stroke={1.4} aria-hidden />
          <Text fw={500}>{t('file.drop')}</Text>
          <Button component="label" htmlFor={inputId} leftSection={<IconUpload size={16} aria-hidden />} disabled={reading !== null}>
            {t('file.choose')}
          </Button>
          <input
            id={inputId}
            type="file"
            accept=".csv,.xlsx,.txt"
            multiple
            aria-label={t('file.choose')}
            disabled={reading !== null}
            style={{ position: 'absolute', width: 1, height: 1, opacity: 0, overflow: 'hidden' }}
            onChange={(e) => {
              const files = [...(e.currentTarget.files ?? [])]
              // Reset so choosing the same file again (after fixing it in Excel) fires again.
              e.currentTarget.value = ''
              if (files.length) onFiles(files)
            }}
          />
          <Text size="sm" c="dimmed" ta="center" maw={520}>
            {t('file.hint', { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 })}
          </Text>
          <Text size="sm" c="dimmed" ta="center" maw={520}>
            {t('file.several')}
          </Text>
        </Stack>
      </Paper>
      {reading && <ReadingProgress fileName={reading.name} {...(reading.total > 1 ? { queue: reading } : {})} />}
      {error && (
        <Alert color="red" role="alert">
          {say(error)}
        </Alert>
      )}
    </Stack>
  )
}
