import { Group, Text } from '@mantine/core'

/** Column titles above a virtual list; widths are flex factors matching the rows below. */
export function ListHeader({ columns }: { columns: { label: string; flex: number; align?: 'left' | 'right' }[] }): React.ReactNode {
  return (
    <Group px="xs" gap="sm" wrap="nowrap" h={28} role="presentation" style={{ borderBottom: '2px solid var(--mantine-color-default-border)' }}>
      {columns.map((c, i) => (
        <Text key={i} size="xs" fw={600} c="dimmed" style={{ flex: c.flex, textAlign: c.align ?? 'left' }} truncate>
          {c.label}
        </Text>
      ))}
    </Group>
  )
}
