import { useCallback, useMemo, useState } from 'react'
import { ActionIcon, Alert, Badge, Button, Card, CopyButton, Group, Modal, Paper, Select, Stack, Switch, Text, TextInput, Textarea, Tooltip } from '@mantine/core'
import { useLiveQuery } from 'dexie-react-hooks'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { IconArrowsExchange, IconDoorExit, IconMailForward, IconPencil, IconPlus } from '@tabler/icons-react'
import type { TFunction } from 'i18next'
import type { OrgUnit, User } from '@shared/model'
import { ROLES, type UserRole } from '@shared/model/user'
import { regionLevelRole, rolesGivenBy } from '@shared/domain/permissions'
import type { Invitation } from '@shared/hub-api/org'
import { BridgeError } from '../../../bridge'
import { getDb } from '../../../db/database'
import { WriteError } from '../../../db/write'
import { useWorkspaceData } from '../../../app/workspace-data'
import { useLocale } from '../../../app/preferences'
import { formatDate } from '../../../ui/format'
import { ACCOUNTS_KEY } from '../../../sync/purge'
import { useMe } from '../../../session/use-me'
import { isPermission, refusalText, roleLabel } from '../../../session/words'
import { syncErrorText } from '../HubSettings'
import { hubOrg, invitationText, localOrg, type OrgBackend } from './org-backend'
import { DepartureDialog, MoveRepDialog } from './RepChangeDialogs'

/**
 * Settings → Organisation: regions, their teams, and the people in each, with their roles. A
 * team starting on a hub builds itself here: the admin adds regions and teams, then people with
 * roles, and hands each an invitation to copy; managers add their own people. What a role may not
 * do is not offered (the permission table), and the hub refuses it anyway.
 */

type Dialog =
  | { kind: 'unit'; unitKind: 'region' | 'team'; parentId: string | null; edit?: OrgUnit }
  | { kind: 'person'; unitId: string; edit?: User; inviteOnly?: boolean }
  | { kind: 'invitation'; person: string; invitation: Invitation }
  | { kind: 'move'; rep: User }
  | { kind: 'leave'; rep: User }

/** A failed org change in words: a permission from the table, else the hub's or the write path's code. */
function failureText(t: TFunction, e: unknown, role: UserRole | undefined): string {
  if (e instanceof BridgeError) {
    if (e.code === 'sync.forbidden' && isPermission(e.params?.permission)) return refusalText(t, e.params.permission, role)
    return t(`org:errors.${e.code.replace(/\./g, '_')}`, { defaultValue: syncErrorText(t as TFunction<'sync'>, e.code) })
  }
  if (e instanceof WriteError && e.code === 'write.forbidden' && e.details.permission) return refusalText(t, e.details.permission, role)
  return e instanceof Error ? e.message : String(e)
}

const byRole = (a: User, b: User): number => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.name.localeCompare(b.name)

export function OrganisationSettings(): React.ReactNode {
  const { t } = useTranslation('org')
  const { t: tc } = useTranslation('orgChanges')
  const { orgUnits, users } = useWorkspaceData()
  const me = useMe()
  const accounts = useLiveQuery(async () => {
    const v = (await getDb().meta.get(ACCOUNTS_KEY))?.value
    return new Set(Array.isArray(v) ? (v as string[]) : [])
  }, [])
  const backend: OrgBackend = me?.session.kind === 'hub' ? hubOrg : localOrg
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const regions = useMemo(() => orgUnits.filter((u) => u.kind === 'region').sort((a, b) => a.name.localeCompare(b.name)), [orgUnits])
  const teamsOf = (regionId: string): OrgUnit[] => orgUnits.filter((u) => u.kind === 'team' && u.parentId === regionId).sort((a, b) => a.name.localeCompare(b.name))
  const peopleOf = (unitId: string): User[] => users.filter((u) => u.orgUnitId === unitId).sort(byRole)
  const mayRegions = me?.can('org.regions') ?? false
  const mayTeams = me?.can('org.teams') ?? false
  const mayPeople = me?.can('people.manage') ?? false
  const hub = backend.kind === 'hub'
  const role = me?.role
  const failure = useCallback((e: unknown) => failureText(t, e, role), [t, role])

  const personRow = (p: User): React.ReactNode => {
    const account = accounts?.has(p.id) ?? false
    const mayEdit = mayPeople && (me?.canGiveRole(p.role) ?? false) && p.id !== me?.id
    return (
      <Group key={p.id} justify="space-between" gap="xs" wrap="nowrap" py={2} data-testid={`person-${p.id}`} aria-label={p.name} role="listitem">
        <Group gap={6} wrap="nowrap">
          <Text size="sm">{p.name}</Text>
          <Badge size="xs" variant="light" color={p.role === 'rep' ? 'gray' : 'blue'}>
            {roleLabel(t, p.role)}
          </Badge>
          {!p.active && (
            <Badge size="xs" variant="outline" color="gray">
              {t('inactive')}
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {hub && !account ? t('noAccount') : (p.email ?? '')}
          </Text>
        </Group>
        <Group gap={4} wrap="nowrap">
          {hub && mayEdit && (
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconMailForward size={14} />}
              onClick={() =>
                account
                  ? void backend.invite(p.id).then(
                      (invitation) => setDialog({ kind: 'invitation', person: p.name, invitation }),
                      (e: unknown) => notifications.show({ color: 'red', message: failureText(t, e, me?.role) })
                    )
                  : setDialog({ kind: 'person', unitId: p.orgUnitId, edit: p, inviteOnly: true })
              }
            >
              {account ? t('newInvitation') : t('inviteToHub')}
            </Button>
          )}
          {mayEdit && p.role === 'rep' && p.active && (
            <>
              <Button size="compact-xs" variant="subtle" leftSection={<IconArrowsExchange size={14} />} aria-label={tc('moveLabel', { name: p.name })} onClick={() => setDialog({ kind: 'move', rep: p })}>
                {tc('moveAction')}
              </Button>
              <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconDoorExit size={14} />} aria-label={tc('leaveLabel', { name: p.name })} onClick={() => setDialog({ kind: 'leave', rep: p })}>
                {tc('leaveAction')}
              </Button>
            </>
          )}
          {mayEdit && (
            <ActionIcon size="sm" variant="subtle" aria-label={t('editPerson', { name: p.name })} onClick={() => setDialog({ kind: 'person', unitId: p.orgUnitId, edit: p })}>
              <IconPencil size={14} />
            </ActionIcon>
          )}
        </Group>
      </Group>
    )
  }

  const unitHeader = (u: OrgUnit): React.ReactNode => (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Group gap={6}>
        <Text size="sm" fw={600}>
          {u.name}
        </Text>
        <Badge size="xs" variant="dot" color={u.kind === 'region' ? 'grape' : 'teal'}>
          {t(`kind.${u.kind}`)}
        </Badge>
        {(u.kind === 'region' ? mayRegions : mayTeams) && (
          <ActionIcon size="sm" variant="subtle" aria-label={t('rename', { name: u.name })} onClick={() => setDialog({ kind: 'unit', unitKind: u.kind, parentId: u.parentId, edit: u })}>
            <IconPencil size={14} />
          </ActionIcon>
        )}
      </Group>
      <Group gap={4}>
        {u.kind === 'region' && mayTeams && (
          <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} />} onClick={() => setDialog({ kind: 'unit', unitKind: 'team', parentId: u.id })}>
            {t('addTeam')}
          </Button>
        )}
        {mayPeople && (
          <Button size="compact-xs" variant="light" color="gray" leftSection={<IconPlus size={12} />} onClick={() => setDialog({ kind: 'person', unitId: u.id })} aria-label={t('addPersonTo', { unit: u.name })}>
            {t('addPerson')}
          </Button>
        )}
      </Group>
    </Group>
  )

  // Units whose region is not in this workspace (a team seen without its region) still show.
  const orphans = orgUnits.filter((u) => u.kind === 'team' && !regions.some((r) => r.id === u.parentId))
  return (
    <Card withBorder aria-label={t('title')}>
      <Group justify="space-between" mb={4}>
        <Text fw={600}>{t('title')}</Text>
        {mayRegions && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setDialog({ kind: 'unit', unitKind: 'region', parentId: null })}>
            {t('addRegion')}
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        {hub ? t('hubHint') : t('localHint')}
      </Text>
      {regions.length === 0 && orphans.length === 0 && (
        <Text size="sm" c="dimmed">
          {mayRegions ? t('emptyAdmin') : t('empty')}
        </Text>
      )}
      <Stack gap="sm">
        {[...regions, ...orphans].map((r) => (
          <Paper key={r.id} withBorder p="xs" radius="sm" aria-label={r.name}>
            {unitHeader(r)}
            <Stack gap={0} mt={4} role="list" aria-label={t('peopleOf', { unit: r.name })}>
              {peopleOf(r.id).map(personRow)}
            </Stack>
            {r.kind === 'region' &&
              teamsOf(r.id).map((team) => (
                <Paper key={team.id} ml="md" mt="xs" p="xs" radius="sm" bg="var(--mantine-color-default-hover)" aria-label={team.name}>
                  {unitHeader(team)}
                  <Stack gap={0} mt={4} role="list" aria-label={t('peopleOf', { unit: team.name })}>
                    {peopleOf(team.id).map(personRow)}
                    {peopleOf(team.id).length === 0 && (
                      <Text size="xs" c="dimmed">
                        {t('noPeople')}
                      </Text>
                    )}
                  </Stack>
                </Paper>
              ))}
          </Paper>
        ))}
      </Stack>
      {dialog?.kind === 'unit' && <UnitDialog dialog={dialog} backend={backend} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'person' && (
        <PersonDialog
          dialog={dialog}
          backend={backend}
          units={orgUnits}
          onClose={() => setDialog(null)}
          onInvited={(person, invitation) => setDialog({ kind: 'invitation', person, invitation })}
        />
      )}
      {dialog?.kind === 'move' && <MoveRepDialog rep={dialog.rep} hasAccount={accounts?.has(dialog.rep.id) ?? false} units={orgUnits} backend={backend} onClose={() => setDialog(null)} failure={failure} />}
      {dialog?.kind === 'leave' && <DepartureDialog rep={dialog.rep} hasAccount={accounts?.has(dialog.rep.id) ?? false} users={users} units={orgUnits} backend={backend} onClose={() => setDialog(null)} failure={failure} />}
      {dialog?.kind === 'invitation' && <InvitationDialog person={dialog.person} invitation={dialog.invitation} onClose={() => setDialog(null)} />}
    </Card>
  )
}

function UnitDialog({ dialog, backend, onClose }: { dialog: Extract<Dialog, { kind: 'unit' }>; backend: OrgBackend; onClose: () => void }): React.ReactNode {
  const { t } = useTranslation('org')
  const me = useMe()
  const [name, setName] = useState(dialog.edit?.name ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const title = dialog.edit ? t('rename', { name: dialog.edit.name }) : t(dialog.unitKind === 'region' ? 'addRegion' : 'addTeam')
  async function save(): Promise<void> {
    if (!name.trim()) return setError(t('nameRequired'))
    setBusy(true)
    setError(null)
    try {
      if (dialog.edit) await backend.renameUnit(dialog.edit.id, name)
      else await backend.createUnit({ name, kind: dialog.unitKind, parentId: dialog.parentId })
      onClose()
    } catch (e) {
      setError(failureText(t, e, me?.role))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened onClose={onClose} title={title}>
      <form
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <Stack gap="sm">
          <TextInput label={t(dialog.unitKind === 'region' ? 'regionName' : 'teamName')} value={name} maxLength={120} onChange={(e) => setName(e.currentTarget.value)} data-autofocus required />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

function PersonDialog({
  dialog,
  backend,
  units,
  onClose,
  onInvited
}: {
  dialog: Extract<Dialog, { kind: 'person' }>
  backend: OrgBackend
  units: readonly OrgUnit[]
  onClose: () => void
  onInvited: (person: string, invitation: Invitation) => void
}): React.ReactNode {
  const { t } = useTranslation('org')
  const me = useMe()
  const edit = dialog.edit
  const hub = backend.kind === 'hub'
  // Inviting someone the workspace already knows (a rep from the CRM import) gives them an account under the same id.
  const creating = !edit || dialog.inviteOnly === true
  const roles = rolesGivenBy(me?.role)
  const [name, setName] = useState(edit?.name ?? '')
  const [email, setEmail] = useState(edit?.email ?? '')
  const [role, setRole] = useState<UserRole>(edit?.role ?? (roles.includes('rep') ? 'rep' : (roles[0] ?? 'rep')))
  const [unitId, setUnitId] = useState(edit?.orgUnitId ?? dialog.unitId)
  const [active, setActive] = useState(edit?.active ?? true)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const title = dialog.inviteOnly ? t('inviteTitle', { name: edit?.name ?? '' }) : edit ? t('editPerson', { name: edit.name }) : t('addPerson')
  const unitData = units
    .filter((u) => !u.deleted)
    .map((u) => ({ value: u.id, label: `${u.name} · ${t(`kind.${u.kind}`)}` }))
    .sort((a, b) => a.label.localeCompare(b.label))
  const misplaced = regionLevelRole(role) !== (units.find((u) => u.id === unitId)?.kind === 'region')

  async function save(): Promise<void> {
    if (!name.trim()) return setError(t('nameRequired'))
    if (hub && creating && !/^\S+@\S+\.\S+$/.test(email.trim())) return setError(t('emailRequired'))
    setBusy(true)
    setError(null)
    try {
      if (creating) {
        const invitation = await backend.createPerson({ name, email, role, orgUnitId: unitId, ...(edit ? { id: edit.id } : {}) })
        if (invitation) onInvited(name.trim(), invitation)
        else onClose()
      } else {
        const patch = {
          ...(name.trim() !== edit.name ? { name } : {}),
          ...(role !== edit.role ? { role } : {}),
          ...(unitId !== edit.orgUnitId ? { orgUnitId: unitId } : {}),
          ...(active !== edit.active ? { active } : {})
        }
        if (Object.keys(patch).length) await backend.updatePerson(edit.id, patch)
        onClose()
      }
    } catch (e) {
      setError(failureText(t, e, me?.role))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal opened onClose={onClose} title={title}>
      <form
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <Stack gap="sm">
          <TextInput label={t('name')} value={name} maxLength={80} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus />
          {(hub ? creating : true) && (
            <TextInput
              label={t('email')}
              description={hub ? t('emailHint') : undefined}
              type="email"
              value={email}
              maxLength={200}
              onChange={(e) => setEmail(e.currentTarget.value)}
              required={hub}
            />
          )}
          <Select label={t('role')} value={role} allowDeselect={false} onChange={(v) => v && setRole(v as UserRole)} data={(roles.includes(role) ? roles : [role, ...roles]).map((r) => ({ value: r, label: roleLabel(t, r) }))} />
          <Select label={t('unit')} value={unitId} allowDeselect={false} searchable onChange={(v) => v && setUnitId(v)} data={unitData} />
          {misplaced && (
            <Text size="xs" c="dimmed">
              {t(regionLevelRole(role) ? 'hintRegionRole' : 'hintTeamRole')}
            </Text>
          )}
          {edit && !dialog.inviteOnly && <Switch label={t('active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {hub && creating ? t('createAndInvite') : t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** The invitation, once: the message to send and the code on its own, each with a copy button. */
function InvitationDialog({ person, invitation, onClose }: { person: string; invitation: Invitation; onClose: () => void }): React.ReactNode {
  const { t } = useTranslation('org')
  const { locale, timeZone } = useLocale()
  const me = useMe()
  const hubUrl = me?.session.kind === 'hub' ? me.session.hubUrl : ''
  const message = invitationText(t, { name: person, hubUrl, token: invitation.token, expiresAt: formatDate(invitation.expiresAt, locale, timeZone) })
  return (
    <Modal opened onClose={onClose} title={t('invite.title', { name: person })} size="lg">
      <Stack gap="sm">
        <Text size="sm">{t('invite.hint')}</Text>
        <Textarea label={t('invite.messageLabel')} value={message} readOnly autosize minRows={4} data-testid="invitation-message" />
        <Group>
          <CopyButton value={message}>
            {({ copied, copy }) => (
              <Button size="xs" onClick={copy} color={copied ? 'teal' : undefined}>
                {copied ? t('invite.copied') : t('invite.copyMessage')}
              </Button>
            )}
          </CopyButton>
          <CopyButton value={invitation.token}>
            {({ copied, copy }) => (
              <Tooltip label={invitation.token}>
                <Button size="xs" variant="light" onClick={copy} color={copied ? 'teal' : undefined}>
                  {copied ? t('invite.copied') : t('invite.copyCode')}
                </Button>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <TextInput label={t('invite.code')} value={invitation.token} readOnly data-testid="invitation-code" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('invite.done')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
