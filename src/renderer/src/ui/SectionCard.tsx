import { Card, Group, Text, Title } from '@mantine/core'

/**
 * A titled card holding one section of a view: a title, optional actions on its right, an
 * optional dimmed note under it, then either the content or — when there is nothing to show —
 * a sentence saying so. Views state "nothing here" the same way everywhere.
 */
export function SectionCard({
  title,
  actions,
  note,
  empty,
  children,
  testId
}: {
  title: React.ReactNode
  actions?: React.ReactNode
  note?: React.ReactNode
  /** Shown instead of the content when set: why there is nothing to list. */
  empty?: React.ReactNode
  children?: React.ReactNode
  testId?: string
}): React.ReactNode {
  const hasEmpty = empty !== undefined && empty !== null && empty !== false
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Group justify="space-between" mb={note ? 0 : 'xs'} wrap="nowrap" align="center">
        <Title order={5}>{title}</Title>
        {actions}
      </Group>
      {note && (
        <Text size="xs" c="dimmed" mb="xs">
          {note}
        </Text>
      )}
      {hasEmpty ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Card>
  )
}
