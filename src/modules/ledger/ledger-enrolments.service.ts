import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound, validationError } from '../../http/errors.ts';
import { householdScopeCondition } from '../access/access.scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findProgram } from '../programs/programs.repository.ts';
import { todayInJakarta } from '../welfare/welfare.features.ts';
import { actsForProvider, ledgerCondition, verifierCondition } from './ledger.access.ts';
import {
  findDeliveryForPeriod,
  findDeliveryInScope,
  findEnrolment,
  insertDelivery,
  markDeliveryVerified,
  selectLedgerPage,
  type DeliveryRow,
} from './ledger-enrolments.repository.ts';
import type { EnrolmentStatus } from './ledger.schema.ts';

export interface LedgerQuery {
  region?: string;
  status?: EnrolmentStatus;
  page: number;
  pageSize: number;
  purpose: string;
}

/**
 * One page of a program's enrolment ledger as the user may see it (ledger.access.ts): an agency its own
 * programs, a partner what it provided, area roles their area. Every household listed is audited.
 */
export async function listEnrolments(db: Db, user: SessionUser, code: string, query: LedgerQuery) {
  const program = await findProgram(db, code);
  if (!program) throw notFound(`Program ${code}`);
  const conditions = [ledgerCondition(user, program)];
  if (query.region)
    conditions.push(
      householdScopeCondition(
        { kind: 'region', regionCode: query.region },
        { kelurahanCode: sql`h.kelurahan_code`, householdId: sql`h.id` },
      ),
    );
  if (query.status) conditions.push(sql`e.status = ${query.status}`);
  const rows = await selectLedgerPage(db, {
    programCode: code,
    condition: sql.join(conditions, sql` AND `),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const households = new Map(rows.map((r) => [r.householdId, r.kelurahanCode]));
  await recordAudit(
    db,
    user,
    [...households].map(([householdId, kelurahanCode]) => ({
      action: 'search' as const,
      subjectType: 'household' as const,
      subjectId: householdId,
      regionCode: kelurahanCode,
      purpose: query.purpose,
      details: { program: code, ledger: true },
    })),
  );
  return {
    program: { code: program.code, name: program.name, unit: program.unit, agency: program.agency },
    items: rows.map(({ total: _total, ...item }) => item),
    page: query.page,
    pageSize: query.pageSize,
    total: rows[0]?.total ?? 0,
  };
}

export interface DeliveryInput {
  /** First day of the month delivered for, `YYYY-MM-01`. */
  period: string;
  amount?: number;
  service?: string;
  deliveredOn?: string;
}

/** Same values as an earlier submission for the period (then the submission is a harmless repeat). */
function isSameDelivery(row: DeliveryRow, input: DeliveryInput): boolean {
  return (
    (row.amount ?? undefined) === input.amount &&
    (row.service ?? undefined) === input.service &&
    (row.deliveredOn ?? undefined) === input.deliveredOn
  );
}

/**
 * Records what an enrolment received in a period, by its provider (or the secretariat for agency programs).
 * Idempotent per (enrolment, period): a repeat returns the stored delivery (`created: false`); different values
 * for a period already recorded are a conflict, never a silent overwrite.
 */
export async function recordDelivery(db: Db, user: SessionUser, enrolmentId: number, input: DeliveryInput) {
  const enrolment = await findEnrolment(db, enrolmentId);
  if (!enrolment) throw notFound(`Enrolment ${enrolmentId}`);
  if (!actsForProvider(user, enrolment))
    throw new AppError('FORBIDDEN', `Only ${enrolment.provider} records deliveries for this enrolment.`);
  if (
    input.period < enrolment.startDate.slice(0, 7) + '-01' ||
    (enrolment.endDate && input.period > enrolment.endDate)
  )
    throw validationError([
      { path: 'body.period', reason: 'out_of_range', message: 'The period lies outside the enrolment.' },
    ]);
  const inserted = await insertDelivery(db, { enrolmentId, ...input });
  const row = inserted ?? (await findDeliveryForPeriod(db, enrolmentId, input.period))!;
  if (!inserted && !isSameDelivery(row, input))
    throw new AppError('CONFLICT', `A different delivery for ${input.period} is already recorded.`, {
      deliveryId: row.id,
    });
  if (inserted)
    await recordAudit(db, user, [
      {
        action: 'create',
        subjectType: 'household',
        subjectId: enrolment.householdId,
        regionCode: enrolment.kelurahanCode,
        purpose: 'benefit delivery',
        details: { program: enrolment.programCode, enrolmentId, deliveryId: row.id, period: input.period },
      },
    ]);
  return { delivery: row, created: inserted !== undefined };
}

/** Marks a delivery verified (ledger.access.ts `deliveryVerifiers`, within their area); a repeat is harmless. */
export async function verifyDelivery(db: Db, user: SessionUser, deliveryId: number) {
  const found = await findDeliveryInScope(db, deliveryId, verifierCondition(user));
  if (!found) throw notFound(`Delivery ${deliveryId}`);
  const verified = await markDeliveryVerified(db, deliveryId, user.id, todayInJakarta());
  if (verified)
    await recordAudit(db, user, [
      {
        action: 'update',
        subjectType: 'household',
        subjectId: found.householdId,
        regionCode: found.kelurahanCode,
        purpose: 'delivery verification',
        details: { deliveryId, verified: true },
      },
    ]);
  return verified ?? found.delivery;
}
