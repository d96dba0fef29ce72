import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { delivery, type ProviderKind } from './ledger.schema.ts';

export type DeliveryRow = typeof delivery.$inferSelect;

export interface LedgerRow {
  id: number;
  householdId: number;
  personId: number | null;
  name: string | null;
  nik: string | null;
  kkNumber: string;
  kelurahanCode: string;
  kelurahanName: string;
  provider: string;
  providerKind: string;
  startDate: string;
  endDate: string | null;
  status: string;
  uploadId: number | null;
  lastPeriod: string | null;
  lastAmount: number | null;
  lastService: string | null;
  lastDeliveredOn: string | null;
  lastVerifiedOn: string | null;
  total: number;
}

/**
 * One page of a program's ledger under a visibility condition (built by the service from the scoping layer):
 * the unit's name and NIK (the head's, for household programs), kelurahan, provider, dates and latest delivery.
 */
export function selectLedgerPage(
  db: Db,
  options: { programCode: string; condition: SQL; limit: number; offset: number },
): Promise<LedgerRow[]> {
  return queryRows<LedgerRow>(
    db,
    sql`SELECT e.id::int AS id, e.household_id::int AS "householdId", e.person_id::int AS "personId",
           p.name, p.nik, h.kk_number AS "kkNumber", h.kelurahan_code AS "kelurahanCode", r.name AS "kelurahanName",
           e.provider, e.provider_kind AS "providerKind", e.start_date::text AS "startDate",
           e.end_date::text AS "endDate", e.status, e.upload_id AS "uploadId",
           d.period::text AS "lastPeriod", d.amount::float8 AS "lastAmount", d.service AS "lastService",
           d.delivered_on::text AS "lastDeliveredOn", d.verified_on::text AS "lastVerifiedOn",
           count(*) OVER ()::int AS total
    FROM enrolment e
    JOIN household h ON h.id = e.household_id
    JOIN region r ON r.code = h.kelurahan_code
    LEFT JOIN LATERAL (
      SELECT m.person_id FROM household_member m
      WHERE m.household_id = h.id AND m.end_date IS NULL AND m.relationship = 'head'
      ORDER BY m.position LIMIT 1) hp ON e.person_id IS NULL
    LEFT JOIN person p ON p.id = coalesce(e.person_id, hp.person_id)
    LEFT JOIN LATERAL (
      SELECT * FROM delivery dd WHERE dd.enrolment_id = e.id ORDER BY dd.period DESC LIMIT 1) d ON true
    WHERE e.program_code = ${options.programCode} AND ${options.condition}
    ORDER BY h.kelurahan_code, e.id
    LIMIT ${options.limit} OFFSET ${options.offset}`,
  );
}

/** An enrolment with its household's kelurahan, for authorising and auditing a delivery. */
export interface EnrolmentRef {
  id: number;
  programCode: string;
  provider: string;
  providerKind: ProviderKind;
  householdId: number;
  kelurahanCode: string;
  startDate: string;
  endDate: string | null;
}

/** The enrolment with the given id, or undefined. */
export async function findEnrolment(db: Db, id: number): Promise<EnrolmentRef | undefined> {
  const [row] = await queryRows<EnrolmentRef>(
    db,
    sql`SELECT e.id::int AS id, e.program_code AS "programCode", e.provider, e.provider_kind AS "providerKind",
           e.household_id::int AS "householdId", h.kelurahan_code AS "kelurahanCode",
           e.start_date::text AS "startDate", e.end_date::text AS "endDate"
    FROM enrolment e JOIN household h ON h.id = e.household_id WHERE e.id = ${id}`,
  );
  return row;
}

/** A delivery whose household (`h`) satisfies the scope condition, with that household; else undefined. */
export async function findDeliveryInScope(db: Db, id: number, scope: SQL) {
  const [row] = await queryRows<{ householdId: number; kelurahanCode: string }>(
    db,
    sql`SELECT h.id::int AS "householdId", h.kelurahan_code AS "kelurahanCode"
    FROM delivery d JOIN enrolment e ON e.id = d.enrolment_id JOIN household h ON h.id = e.household_id
    WHERE d.id = ${id} AND ${scope}`,
  );
  if (!row) return undefined;
  const [stored] = await db.select().from(delivery).where(eq(delivery.id, id));
  return { ...row, delivery: stored! };
}

/** The delivery of an enrolment for a period, or undefined. */
export async function findDeliveryForPeriod(db: Db, enrolmentId: number, period: string) {
  const [row] = await db
    .select()
    .from(delivery)
    .where(and(eq(delivery.enrolmentId, enrolmentId), eq(delivery.period, period)));
  return row;
}

/** Inserts a delivery unless the enrolment already has one for the period; returns it when inserted. */
export async function insertDelivery(
  db: Db,
  row: Omit<typeof delivery.$inferInsert, 'id' | 'verifiedOn' | 'verifiedBy'>,
): Promise<DeliveryRow | undefined> {
  const [inserted] = await db
    .insert(delivery)
    .values(row)
    .onConflictDoNothing({ target: [delivery.enrolmentId, delivery.period] })
    .returning();
  return inserted;
}

/** Marks a delivery verified unless it already is; returns the row when this call verified it. */
export async function markDeliveryVerified(db: Db, id: number, userId: number, on: string) {
  const [row] = await db
    .update(delivery)
    .set({ verifiedOn: on, verifiedBy: userId })
    .where(and(eq(delivery.id, id), isNull(delivery.verifiedOn)))
    .returning();
  return row;
}
