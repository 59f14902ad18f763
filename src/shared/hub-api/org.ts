import { z } from 'zod'
import { UserRole } from '../model/user'

/**
 * The hub's org-editing surface (a team starting from the app: regions, teams, people, roles,
 * invitations), as zod schemas the hub and main's sync bridge both import. Who may do what is
 * the permission table's (shared/domain/permissions), enforced in src/hub/org-admin.ts.
 */

const Name = z.string().trim().min(1).max(120)
const Id = z.string().min(1).max(64)

export const OrgUnitCreate = z
  .object({
    name: Name,
    kind: z.enum(['region', 'team']),
    /** A team's region; a region has none. */
    parentId: Id.nullable().optional(),
    /** The laptop may choose the id (a unit created offline keeps it). */
    id: Id.optional()
  })
  .strict()
export type OrgUnitCreate = z.infer<typeof OrgUnitCreate>

export const OrgUnitUpdate = z.object({ name: Name }).strict()
export type OrgUnitUpdate = z.infer<typeof OrgUnitUpdate>

export const OrgUnitAnswer = z.object({ id: Id, kind: z.enum(['region', 'team']), name: z.string(), parentId: Id.nullable() })
export type OrgUnitAnswer = z.infer<typeof OrgUnitAnswer>

export const PersonCreate = z
  .object({
    name: z.string().trim().min(1).max(80),
    email: z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(200)),
    role: UserRole,
    orgUnitId: Id,
    /** A person the workspace already knows (e.g. a rep named in a CRM import) keeps their id, so their history stays theirs. */
    id: Id.optional()
  })
  .strict()
export type PersonCreate = z.infer<typeof PersonCreate>

export const PersonUpdate = z
  .object({
    name: z.string().trim().min(1).max(80).optional(),
    role: UserRole.optional(),
    orgUnitId: Id.optional(),
    active: z.boolean().optional()
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change')
export type PersonUpdate = z.infer<typeof PersonUpdate>

export const PersonAnswer = z.object({ id: Id, name: z.string(), email: z.string(), role: UserRole, orgUnitId: Id, active: z.boolean() })
export type PersonAnswer = z.infer<typeof PersonAnswer>

/** A one-time token that sets the person's password (valid 7 days); shown once, to copy and send. */
export const Invitation = z.object({ token: z.string().min(10).max(200), expiresAt: z.number().int() })
export type Invitation = z.infer<typeof Invitation>

export const PersonCreated = z.object({ person: PersonAnswer, invitation: Invitation })
export type PersonCreated = z.infer<typeof PersonCreated>
