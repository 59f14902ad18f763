import { Button, Group, Modal, SegmentedControl, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { answerDiagnostic, answers, diagnosticQuestions, type StrategySheetContent } from '@shared/domain/strategy-sheet'
import type { useStrategySheet } from './use-strategy-sheet'

/** The quick diagnostic: a yes/no/unsure per question; an answer writes its flag and gap into the sheet. */
export function DiagnosticModal({
  sheet,
  edit,
  opened,
  onClose
}: {
  sheet: StrategySheetContent
  edit: ReturnType<typeof useStrategySheet>['edit']
  opened: boolean
  onClose(): void
}): React.ReactNode {
  const { t } = useTranslation('warRoom')
  return (
    <Modal opened={opened} onClose={onClose} title={t('diagnostic.title')} size="lg">
      <Text size="sm" c="dimmed" mb="sm">
        {t('diagnostic.intro')}
      </Text>
      <Stack gap="sm">
        {diagnosticQuestions.map((q) => (
          <div key={q}>
            <Text size="sm" fw={500} mb={4}>
              {t(`diagnostic.${q}.question`)}
            </Text>
            <SegmentedControl
              size="xs"
              aria-label={t(`diagnostic.${q}.question`)}
              value={sheet.diagnostic[q]}
              onChange={(v) =>
                edit((d) =>
                  answerDiagnostic(d, q, v as (typeof answers)[number], {
                    flag: t(`diagnostic.${q}.flag`),
                    gap: t(`diagnostic.${q}.question`)
                  })
                )
              }
              data={answers.map((a) => ({ value: a, label: t(`answer.${a}`) }))}
            />
          </div>
        ))}
      </Stack>
      <Text size="xs" c="dimmed" mt="md">
        {t('diagnostic.writes')}
      </Text>
      <Group justify="flex-end" mt="sm">
        <Button size="xs" onClick={onClose}>
          {t('done')}
        </Button>
      </Group>
    </Modal>
  )
}
