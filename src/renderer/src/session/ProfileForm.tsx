import { useState } from 'react'
import { Alert, Button, Divider, Group, Select, Stack, Text, TextInput } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { ROLES, type UserRole } from '@shared/model/user'
import { getDb } from '../db/database'
import { roleLabel } from './words'

/** The role a new local profile starts with: the person the cockpit is built for. */
export const DEFAULT_PROFILE_ROLE: UserRole = 'regional_manager'

/** Name and role of a new local profile (first launch, or a profile added later). */
export function ProfileFields({
  name,
  role,
  onName,
  onRole,
  compact = false
}: {
  name: string
  role: UserRole
  onName: (v: string) => void
  onRole: (v: UserRole) => void
  /** In a narrow card: the two fields one under the other, small. */
  compact?: boolean
}): React.ReactNode {
  const { t } = useTranslation('session')
  const fields = (
    <>
      <TextInput label={t('profile.name')} size={compact ? 'xs' : 'sm'} value={name} maxLength={80} onChange={(e) => onName(e.currentTarget.value)} required />
      <Select
        label={t('profile.role')}
        size={compact ? 'xs' : 'sm'}
        value={role}
        allowDeselect={false}
        onChange={(v) => v && onRole(v as UserRole)}
        data={ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))}
      />
    </>
  )
  return compact ? (
    <Stack gap={4}>{fields}</Stack>
  ) : (
    <Group grow align="flex-start">
      {fields}
    </Group>
  )
}

/**
 * Who is at the keyboard of an offline workspace: a person already in its org (the demo's people,
 * an earlier profile) or a new one. `onNew`/`onExisting` do the switching.
 */
export function ProfileChooser({
  onNew,
  onExisting,
  excludeId
}: {
  onNew: (p: { name: string; role: UserRole }) => Promise<void>
  onExisting: (userId: string) => Promise<void>
  excludeId?: string
}): React.ReactNode {
  const { t } = useTranslation('session')
  const people = useLiveQuery(async () => (await getDb().users.toArray()).filter((u) => !u.deleted && u.active && u.id !== excludeId), [excludeId])
  const [name, setName] = useState('')
  const [role, setRole] = useState<UserRole>(DEFAULT_PROFILE_ROLE)
  const [pick, setPick] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function run(fn: () => Promise<void>): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      await fn()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  // Managers first: the people who sit at a cockpit; reps after them.
  const sorted = [...(people ?? [])].sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.name.localeCompare(b.name))
  return (
    <Stack gap="sm">
      <form
        aria-label={t('profile.title')}
        onSubmit={(e) => {
          e.preventDefault()
          if (!name.trim()) return setError(t('profile.nameRequired'))
          void run(() => onNew({ name, role }))
        }}
      >
        <Stack gap="sm">
          <ProfileFields name={name} role={role} onName={setName} onRole={setRole} />
          <Group>
            <Button type="submit" loading={busy}>
              {t('profile.start')}
            </Button>
          </Group>
        </Stack>
      </form>
      {sorted.length > 0 && (
        <>
          <Divider label={t('profile.existing')} labelPosition="left" />
          <Group align="flex-end">
            <Select
              label={t('profile.pick')}
              searchable
              value={pick}
              onChange={setPick}
              w={320}
              data={sorted.map((u) => ({ value: u.id, label: `${u.name} · ${roleLabel(t, u.role)}` }))}
            />
            <Button variant="light" disabled={!pick} loading={busy} onClick={() => pick && void run(() => onExisting(pick))}>
              {t('profile.use')}
            </Button>
          </Group>
        </>
      )}
      {error && (
        <Alert color="red" role="alert">
          <Text size="sm">{error}</Text>
        </Alert>
      )}
    </Stack>
  )
}
