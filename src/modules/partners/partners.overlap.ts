import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import type { Role } from '../access/access.schema.ts';
import { findLoginRetryAfter, insertLoginAttempt } from '../access/access.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isServed } from './partners.repository.ts';

/** Roles that may ask whether a NIK is already served (partners and agencies screening their lists). */
export const overlapCheckRoles: readonly Role[] = ['partner', 'agency'];

/**
 * The throttle of the overlap check, on the sign-in throttle's table (`login_attempt`): every check counts, keyed
 * `overlap-check:<user id>` and by client address, so a partner cannot walk the registry NIK by NIK.
 */
export const overlapCheckLimits = { windowMinutes: 15, maxPerUsername: 60, maxPerClient: 120 } as const;

/**
 * "Is this NIK already served in pillar X?" — `{ served }` and nothing else. An unknown NIK, a well-formed but
 * invalid one and one not served take the same path (the throttle, one statement, one audit row) and get the
 * same answer `{ served: false }`. Refused (429) over the limit whatever the NIK.
 */
export async function checkOverlap(
  db: Db,
  user: SessionUser,
  input: { nik: string; pillar: number; purpose: string; clientAddress: string },
): Promise<{ served: boolean }> {
  if (!overlapCheckRoles.includes(user.role))
    throw new AppError('FORBIDDEN', 'Only partners and agencies use the overlap check.');
  const attempt = { username: `overlap-check:${user.id}`, clientAddress: input.clientAddress };
  const retryAfter = await findLoginRetryAfter(db, attempt, overlapCheckLimits);
  if (retryAfter !== null)
    throw new AppError('RATE_LIMITED', 'Too many overlap checks. Try again later.', {
      retryAfterSeconds: retryAfter,
    });
  await insertLoginAttempt(db, { ...attempt, succeeded: false });
  const served = await isServed(db, input.nik, input.pillar);
  await recordAudit(db, user, [
    {
      action: 'search',
      subjectType: 'person',
      subjectId: null,
      regionCode: null,
      purpose: input.purpose,
      details: { overlapCheck: true, nik: input.nik, pillar: input.pillar, organisation: user.organisation },
    },
  ]);
  return { served };
}
