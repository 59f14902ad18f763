import { Badge, Card, Group, List, Progress, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { completeness, meddpicc, meddpiccLetters, type RedFlag, type StrategySheetContent } from '@shared/domain/strategy-sheet'
import { useLocale } from '../../app/preferences'
import { formatDate, formatPercent, formatTime } from '../../ui/format'

/** Beside the sheet: its red flags, how complete it is (with the MEDDPICC letters) and who worked on it lately. */
export function SheetSide({
  sheet,
  flags,
  userName
}: {
  sheet: StrategySheetContent
  flags: RedFlag[]
  userName(id: string): string
}): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const { locale, timeZone } = useLocale()
  const done = completeness(sheet)
  const letters = meddpicc(sheet)
  return (
    <Stack gap="sm" className="sheet-side">
      <Card withBorder padding="sm" role="region" aria-label={t('flags.title')}>
        <Group justify="space-between" mb="xs">
          <Title order={4}>{t('flags.title')}</Title>
          <Badge color={flags.length ? 'red' : 'teal'} variant="light">
            {flags.length}
          </Badge>
        </Group>
        {flags.length === 0 ? (
          <Group gap={6}>
            <ThemeIcon size="sm" color="teal" variant="light">
              <IconCheck size={14} />
            </ThemeIcon>
            <Text size="sm">{t('flags.none')}</Text>
          </Group>
        ) : (
          <List spacing={4} size="sm" icon={<IconAlertTriangle size={14} color="var(--mantine-color-red-6)" />}>
            {flags.map((f, n) => (
              <List.Item key={`${f.code}-${f.rowId ?? n}`} data-flag={f.code}>
                <FlagText flag={f} />
              </List.Item>
            ))}
          </List>
        )}
        <Text size="xs" c="dimmed" mt="xs">
          {t('flags.hint')}
        </Text>
      </Card>
      <Card withBorder padding="sm">
        <Group justify="space-between" mb={4}>
          <Title order={4}>{t('completeness.title')}</Title>
          <Text fw={600}>{formatPercent(done.ratio, locale)}</Text>
        </Group>
        <Progress
          value={done.ratio * 100}
          color={done.ratio >= 0.75 ? 'teal' : done.ratio >= 0.4 ? 'yellow' : 'red'}
          mb="xs"
        />
        {done.missing.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('completeness.missing')} {done.missing.map((p) => t(`part.${p}`)).join(t('listSeparator'))}
          </Text>
        )}
        <Text size="sm" fw={500} mt="sm" mb={4}>
          {t('meddpicc.title')}
        </Text>
        <Group gap={4}>
          {meddpiccLetters.map((l) => (
            <Badge
              key={l}
              size="sm"
              variant={letters[l] ? 'filled' : 'outline'}
              color={letters[l] ? 'teal' : 'gray'}
              title={t(`meddpicc.${l}`)}
            >
              {t(`meddpicc.${l}`)}
            </Badge>
          ))}
        </Group>
      </Card>
      <Card withBorder padding="sm">
        <Title order={4} mb="xs">
          {t('working.title')}
        </Title>
        {sheet.editors.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('working.none')}
          </Text>
        ) : (
          <Stack gap={2}>
            {sheet.editors.slice(0, 6).map((e) => (
              <Text key={e.userId} size="sm">
                {userName(e.userId)}{' '}
                <Text span size="xs" c="dimmed">
                  {formatDate(e.at, locale, timeZone)} {formatTime(e.at, locale, timeZone)}
                </Text>
              </Text>
            ))}
          </Stack>
        )}
      </Card>
    </Stack>
  )
}

function FlagText({ flag }: { flag: RedFlag }): React.ReactNode {
  const { t } = useTranslation('warRoom')
  const params = { ...flag.params, mode: typeof flag.params.mode === 'string' ? t(`mode.${flag.params.mode}`) : '' }
  return (
    <>
      <Text span size="sm" fw={500}>
        {t(`flag.${flag.code}.title`, params)}
      </Text>
      <Text size="xs" c="dimmed">
        {t(`flag.${flag.code}.why`, params)}
      </Text>
    </>
  )
}

