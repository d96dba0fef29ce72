import { sql, type SQL } from 'drizzle-orm';
import type { SessionUser } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import type { Role } from '../access/access.schema.ts';
import { householdScopeCondition, requirePersonalDataAccess } from '../access/access.scope.ts';
import type { ProviderKind } from './ledger.schema.ts';

/** Who provides a program's benefit when this user loads or records it. */
export interface Provider {
  provider: string;
  providerKind: ProviderKind;
}

const forbidden = (message: string) => new AppError('FORBIDDEN', message);

/**
 * The provider a user acts as for a program: the secretariat on behalf of the owning agency; an agency only for
 * its own programs; a partner (BAZNAS…) as itself, for any program it co-funds. Everyone else is refused.
 */
export function providerFor(user: SessionUser, program: { code: string; agency: string }): Provider {
  if (user.role === 'secretariat') return { provider: program.agency, providerKind: 'agency' };
  if (user.role === 'agency' && user.organisation === program.agency)
    return { provider: user.organisation, providerKind: 'agency' };
  if (user.role === 'partner' && user.organisation)
    return { provider: user.organisation, providerKind: 'partner' };
  throw forbidden(`Only the secretariat, ${program.agency} or a partner may load the ${program.code} list.`);
}

/** True when the user may act for an enrolment's provider (record deliveries, read its upload reports). */
export function actsForProvider(user: SessionUser, provider: Provider): boolean {
  if (user.role === 'secretariat') return provider.providerKind === 'agency';
  return (
    (user.role === 'agency' || user.role === 'partner') &&
    user.organisation === provider.provider &&
    (user.role === 'agency') === (provider.providerKind === 'agency')
  );
}

const enrolmentColumns = { kelurahanCode: sql`h.kelurahan_code`, householdId: sql`h.id` };

/**
 * Which enrolments of a program the user sees in the ledger (`e` = enrolment, `h` = household):
 * an agency only its own programs' ledger (403 otherwise), a partner only what it provided, everyone else
 * through the scoping layer (area roles their area, field officers their assigned households).
 */
export function ledgerCondition(user: SessionUser, program: { code: string; agency: string }): SQL {
  if (user.role === 'partner') {
    if (!user.organisation) throw forbidden('This partner account names no organisation.');
    return sql`(e.provider = ${user.organisation} AND e.provider_kind = 'partner')`;
  }
  const scope = requirePersonalDataAccess(user);
  if (user.role === 'agency' && user.organisation !== program.agency)
    throw forbidden(`Only ${program.agency} sees the ${program.code} ledger.`);
  return householdScopeCondition(scope, enrolmentColumns);
}

/**
 * Roles that verify deliveries: the secretariat and the kota TKPK (in their area) coordinate monitoring, the
 * inspectorate verifies as oversight. Providers never verify their own deliveries (separation of duties).
 */
export const deliveryVerifiers: readonly Role[] = ['secretariat', 'kota_tkpk', 'inspector'];

/** The scope condition a verifier works in (household `h`), or 403 for roles that may not verify. */
export function verifierCondition(user: SessionUser): SQL {
  if (!deliveryVerifiers.includes(user.role)) throw forbidden('Your role may not verify deliveries.');
  return householdScopeCondition(requirePersonalDataAccess(user), enrolmentColumns);
}
