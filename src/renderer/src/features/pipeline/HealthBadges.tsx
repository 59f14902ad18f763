import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { flagsOf, type HealthFinding } from '@shared/domain/deal-health'
import { healthStyle } from './health'

/** One sentence per finding, with its numbers, in the reader's language. */
export function useExplain(): (f: HealthFinding) => string {
  const { t } = useTranslation('pipeline')
  return (f) => t(`why.${f.code}`, f.params)
}

/**
 * Health badges, worst first, each with a tooltip that says why. `compact` shows icons only
 * (board cards); the label is then in the tooltip and the accessible name.
 */
export function HealthBadges({
  findings,
  compact = false
}: {
  findings: readonly HealthFinding[]
  compact?: boolean
}): React.ReactNode {
  const { t } = useTranslation('pipeline')
  const explain = useExplain()
  if (findings.length === 0) return null
  const flags = flagsOf(findings)
  // Three or more labels do not fit a card: icons then, with the label in the tooltip.
  const iconsOnly = compact || flags.length > 2
  return (
    <Group gap={4} wrap="nowrap">
      {flags.map((flag) => {
        const { color, icon: Icon } = healthStyle[flag]
        const lines = findings.filter((f) => f.flag === flag).map(explain)
        return (
          <Tooltip
            key={flag}
            multiline
            w={300}
            withArrow
            openDelay={150}
            label={
              <Stack gap={2}>
                <Text size="xs" fw={700}>
                  {t(`flags.${flag}`)}
                </Text>
                {lines.map((l, i) => (
                  <Text key={i} size="xs">
                    {l}
                  </Text>
                ))}
              </Stack>
            }
          >
            <Badge
              size="sm"
              radius="sm"
              color={color}
              variant="light"
              px={iconsOnly ? 4 : undefined}
              tt="none"
              style={{ flexShrink: 0, overflow: 'visible' }}
              leftSection={<Icon size={12} stroke={2} />}
              styles={iconsOnly ? { section: { marginInlineEnd: 0 } } : undefined}
              aria-label={`${t(`flags.${flag}`)}: ${lines.join('；')}`}
              data-flag={flag}
            >
              {iconsOnly ? null : t(`flags.${flag}`)}
            </Badge>
          </Tooltip>
        )
      })}
    </Group>
  )
}
