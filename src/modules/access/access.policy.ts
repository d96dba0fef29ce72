import type { SessionUser } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import type { RegionLevel } from '../regions/regions.schema.ts';
import type { Role } from './access.schema.ts';

/**
 * The level of the area each role works in (product.md §2): province-wide roles sit on the province, the
 * kota TKPK on a kota, operators on their kecamatan or kelurahan, field officers on the kelurahan they visit.
 */
export const roleAreaLevel: Record<Role, RegionLevel> = {
  secretariat: 'province',
  kota_tkpk: 'kota',
  kecamatan_operator: 'kecamatan',
  kelurahan_operator: 'kelurahan',
  field_officer: 'kelurahan',
  agency: 'province',
  partner: 'province',
  inspector: 'province',
};

/** Roles that belong to an organisation (an OPD/UKPD or a partner) and must name it. */
export const organisationRoles: readonly Role[] = ['agency', 'partner'];

/**
 * Non-personal-data permissions, declaratively (personal data goes through access.scope.ts).
 * The role × endpoint matrix test reads this table.
 */
export const rolePermissions = {
  /** The audit trail: who looked at which family's data, when and why (inspectorate oversight). */
  'audit.read': ['secretariat', 'inspector'],
  /** Follow any background job, not only one's own. */
  'jobs.read_any': ['secretariat'],
  /** Machine clients of the DCI API and change feed: create, revoke, their signature keys. */
  'api_clients.manage': ['secretariat'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof rolePermissions;

/** True when the user's role holds the permission. */
export function hasPermission(user: Pick<SessionUser, 'role'>, permission: Permission): boolean {
  return (rolePermissions[permission] as readonly Role[]).includes(user.role);
}

/** Refuses (403 FORBIDDEN) users whose role lacks the permission. */
export function requirePermission(user: SessionUser, permission: Permission): SessionUser {
  if (!hasPermission(user, permission))
    throw new AppError('FORBIDDEN', 'Your role may not do this.', { permission });
  return user;
}
