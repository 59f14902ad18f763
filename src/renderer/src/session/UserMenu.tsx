import { useState } from 'react'
import { Avatar, Button, Group, Menu, Modal, Stack, Text, UnstyledButton } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { IconLogout, IconSwitchHorizontal, IconUserCircle } from '@tabler/icons-react'
import { useMe } from './use-me'
import { roleLabel } from './words'
import { signOut, chooseLocalProfile, createLocalProfile } from './switch'
import { SwitchWorkspaceDialog } from './SessionGate'
import { ProfileChooser } from './ProfileForm'

/** Initials for the avatar: a Chinese name's given name, a western name's first letters. */
function initials(name: string): string {
  const trimmed = name.trim()
  if (/[\u4e00-\u9fff]/.test(trimmed)) return trimmed.slice(-2)
  return trimmed
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')
}

/**
 * The header's "who is signed in": name and role, and the explicit ways out — sign out of the hub,
 * switch profile (offline workspaces), switch workspace.
 */
export function UserMenu(): React.ReactNode {
  const { t } = useTranslation('session')
  const me = useMe()
  const [dialog, setDialog] = useState<'switch' | 'signOut' | 'profile' | null>(null)
  if (!me) return null
  const hub = me.session.kind === 'hub' ? me.session : undefined
  return (
    <>
      <Menu position="bottom-end" width={260}>
        <Menu.Target>
          <UnstyledButton aria-label={t('menu.label', { name: me.name })}>
            <Group gap={6} wrap="nowrap">
              <Avatar size={26} radius="xl" color="blue">
                {initials(me.name)}
              </Avatar>
              <Stack gap={0}>
                <Text size="sm" fw={600} lh={1.1} truncate maw={140}>
                  {me.name}
                </Text>
                <Text size="xs" c="dimmed" lh={1.1}>
                  {roleLabel(t, me.role)}
                </Text>
              </Stack>
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{hub ? t('menu.hubAccount', { email: hub.email, hub: hub.hubUrl }) : t('menu.localProfile')}</Menu.Label>
          {!hub && (
            <Menu.Item leftSection={<IconUserCircle size={16} />} onClick={() => setDialog('profile')}>
              {t('menu.switchProfile')}
            </Menu.Item>
          )}
          {hub && (
            <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => setDialog('signOut')}>
              {t('menu.signOut')}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconSwitchHorizontal size={16} />} onClick={() => setDialog('switch')}>
            {t('menu.switchWorkspace')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <SwitchWorkspaceDialog opened={dialog === 'switch'} onClose={() => setDialog(null)} />
      <Modal opened={dialog === 'signOut'} onClose={() => setDialog(null)} title={t('switch.signOutTitle')}>
        <Text size="sm">{t('switch.signOutBody', { email: hub?.email ?? '' })}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setDialog(null)}>
            {t('switch.cancel')}
          </Button>
          <Button
            color="red"
            onClick={() => {
              setDialog(null)
              void signOut()
            }}
          >
            {t('switch.signOutConfirm')}
          </Button>
        </Group>
      </Modal>
      <Modal opened={dialog === 'profile'} onClose={() => setDialog(null)} title={t('profile.switchTitle')} size="lg">
        <ProfileChooser
          excludeId={me.id}
          onNew={async (p) => {
            await createLocalProfile(p)
            setDialog(null)
          }}
          onExisting={async (id) => {
            await chooseLocalProfile(id)
            setDialog(null)
          }}
        />
      </Modal>
    </>
  )
}
