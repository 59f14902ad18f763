import type { ReactNode } from 'react'
import { Alert } from '@mantine/core'
import { IconLock } from '@tabler/icons-react'
import type { Permission } from '@shared/domain/permissions'
import { usePermission } from './use-me'

/**
 * A settings editor only its permission's roles may use: for everyone else every control inside
 * is disabled (a disabled fieldset) under a line saying who may change it — the same rule the hub
 * enforces, so nothing is offered that it would refuse.
 */
export function Guarded({ permission, children }: { permission: Permission; children: ReactNode }): ReactNode {
  const { allowed, why } = usePermission(permission)
  return (
    <>
      {!allowed && (
        <Alert color="gray" variant="light" icon={<IconLock size={16} />} mb="xs" data-testid={`guarded-${permission}`}>
          {why}
        </Alert>
      )}
      <fieldset disabled={!allowed} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        {children}
      </fieldset>
    </>
  )
}
