import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import { codeWithin } from '../regions/region-sql.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import type { Role } from './access.schema.ts';

/**
 * The one scoping layer. Every query over personal data asks here what the user may see:
 * - `region`: households whose domicile kelurahan lies inside the user's area (codes nest by prefix);
 * - `assigned`: only households assigned to the user (field officers);
 * - `none`: no personal data at all (partners see aggregates only until consented assignments exist).
 */
export type Scope =
  { kind: 'region'; regionCode: string } | { kind: 'assigned'; userId: number } | { kind: 'none' };

/** What each role may do with personal data (product.md §2). Declarative: the matrix test reads this too. */
export const personalDataPolicy: Record<Role, { read: 'area' | 'assigned' | 'none'; write: boolean }> = {
  secretariat: { read: 'area', write: true },
  kota_tkpk: { read: 'area', write: true },
  kecamatan_operator: { read: 'area', write: true },
  kelurahan_operator: { read: 'area', write: true },
  // Field officers change data only through verification submissions that a supervisor reviews (issue 4).
  field_officer: { read: 'assigned', write: false },
  // Agencies build participant lists from the whole registry; every read is audited.
  agency: { read: 'area', write: false },
  partner: { read: 'none', write: false },
  // Inspectors read everything, change nothing.
  inspector: { read: 'area', write: false },
};

/** The personal-data scope of a user. */
export function scopeOf(user: SessionUser): Scope {
  switch (personalDataPolicy[user.role].read) {
    case 'area':
      return { kind: 'region', regionCode: user.regionCode };
    case 'assigned':
      return { kind: 'assigned', userId: user.id };
    case 'none':
      return { kind: 'none' };
  }
}

/** True when a region code lies inside (or is) the scope's area. */
export function isRegionInArea(regionCode: string, areaCode: string): boolean {
  return regionCode === areaCode || regionCode.startsWith(`${areaCode}.`);
}

/**
 * SQL condition restricting households to the scope. `kelurahanCode` and `householdId` are the columns of
 * the household row being filtered.
 */
export function householdScopeCondition(
  scope: Scope,
  columns: { kelurahanCode: AnyColumn | SQL; householdId: AnyColumn | SQL },
): SQL {
  switch (scope.kind) {
    case 'region':
      return codeWithin(columns.kelurahanCode, scope.regionCode);
    case 'assigned':
      return sql`EXISTS (SELECT 1 FROM household_assignment ha WHERE ha.user_id = ${scope.userId} AND ha.household_id = ${columns.householdId})`;
    case 'none':
      return sql`FALSE`;
  }
}

/**
 * The one condition under which a partner organisation reads a household (issue 5, part 4): an assignment to one of
 * its pledges that is live (`pledged` or `active`), not ended, under a consent of that organisation for the pledge's
 * pillar that is not withdrawn. Aliases: `pa` partner_assignment, `pc` partner_consent, `pp` partner_pledge.
 * Withdrawing the consent, ending the assignment or closing the pledge ends visibility at once.
 */
export function partnerAssignmentCondition(organisation: string): SQL {
  return sql`(pa.ended_at IS NULL AND pa.consent_id = pc.id AND pa.pledge_id = pp.id
    AND pc.withdrawn_at IS NULL AND pc.organisation_code = ${organisation}
    AND pp.organisation_code = ${organisation} AND pp.pillar = pc.pillar AND pc.household_id = pa.household_id
    AND pp.status IN ('pledged', 'active'))`;
}

/** Refuses users whose role has no access to personal data at all. */
export function requirePersonalDataAccess(user: SessionUser): Scope {
  const scope = scopeOf(user);
  if (scope.kind === 'none') throw new AppError('FORBIDDEN', 'This role has no access to personal data.');
  return scope;
}

/** Refuses users whose role may not change personal data. */
export function requirePersonalDataWrite(user: SessionUser): Scope {
  const scope = requirePersonalDataAccess(user);
  if (!personalDataPolicy[user.role].write)
    throw new AppError('FORBIDDEN', 'This role may not change personal data.');
  return scope;
}
