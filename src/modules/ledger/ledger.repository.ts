import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { beneficiaryUpload, type EnrolmentStatus, type ProviderKind } from './ledger.schema.ts';

export type UploadRow = typeof beneficiaryUpload.$inferSelect;
export type NewUpload = Omit<typeof beneficiaryUpload.$inferInsert, 'id' | 'createdAt'>;

/** What the registry says about one row of a file. */
export interface MatchRow {
  line: number;
  /** The NIK belongs to some person (any status). */
  nikFound: boolean;
  /** The KK number belongs to an active household. */
  kkFound: boolean;
  personId: number | null;
  personName: string | null;
  /** The household the unit is a current member of (or the KK's household); null when none. */
  householdId: number | null;
  kelurahanCode: string | null;
}

/**
 * Matches all rows of a file against the registry in ONE statement: the NIKs and KK numbers travel as one JSON
 * parameter and are joined to person → current household_member → active household. A NIK shared by several
 * person records (duplicates awaiting deduplication) resolves to the one that is a current member, lowest id.
 */
export function matchRows(
  db: Db,
  rows: readonly { line: number; nik: string | null; kk: string | null }[],
): Promise<MatchRow[]> {
  return queryRows<MatchRow>(
    db,
    sql`WITH r AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(line int, nik text, kk text)
    ), pm AS (
      SELECT DISTINCT ON (r.line) r.line, p.id AS person_id, p.name, h.id AS household_id, h.kelurahan_code
      FROM r
      JOIN person p ON p.nik = r.nik
      LEFT JOIN (household_member m JOIN household h ON h.id = m.household_id AND h.status = 'active')
        ON m.person_id = p.id AND m.end_date IS NULL AND p.status = 'active'
      ORDER BY r.line, (h.id IS NOT NULL) DESC, p.id
    )
    SELECT r.line, (pm.line IS NOT NULL) AS "nikFound", (hk.id IS NOT NULL) AS "kkFound",
           pm.person_id::int AS "personId", pm.name AS "personName",
           coalesce(pm.household_id, hk.id)::int AS "householdId",
           coalesce(pm.kelurahan_code, hk.kelurahan_code) AS "kelurahanCode"
    FROM r
    LEFT JOIN pm ON pm.line = r.line
    LEFT JOIN household hk ON r.nik IS NULL AND hk.kk_number = r.kk AND hk.status = 'active'
    ORDER BY r.line`,
  );
}

/** One enrolment to insert from an upload. */
export interface EnrolmentInput {
  householdId: number;
  personId: number | null;
  startDate: string;
  status: EnrolmentStatus;
}

/** Stores an upload's report row and returns its id. */
export async function insertUpload(db: Db, upload: NewUpload): Promise<number> {
  const [row] = await db.insert(beneficiaryUpload).values(upload).returning({ id: beneficiaryUpload.id });
  return row!.id;
}

/** Sets how many enrolments an upload created. */
export async function setRowsLoaded(db: Db, uploadId: number, rowsLoaded: number): Promise<void> {
  await db.update(beneficiaryUpload).set({ rowsLoaded }).where(eq(beneficiaryUpload.id, uploadId));
}

/**
 * Inserts an upload's enrolments in ONE statement. A unit already openly enrolled in the program by the same
 * provider is skipped (ON CONFLICT on the partial index enrolment_open_key); an `ended` row is skipped when the
 * same ended enrolment (same start) exists, so loading a file twice never duplicates. Returns the rows inserted.
 */
export function insertEnrolments(
  db: Db,
  options: {
    programCode: string;
    provider: string;
    providerKind: ProviderKind;
    uploadId: number;
    today: string;
    rows: readonly EnrolmentInput[];
  },
): Promise<{ householdId: number; personId: number | null }[]> {
  const { programCode, provider } = options;
  return queryRows(
    db,
    sql`INSERT INTO enrolment (program_code, household_id, person_id, provider, provider_kind, start_date,
                               end_date, status, upload_id)
    SELECT ${programCode}, r."householdId", r."personId", ${provider}, ${options.providerKind}, r."startDate"::date,
           CASE WHEN r.status = 'ended' THEN greatest(r."startDate"::date, ${options.today}::date) END,
           r.status, ${options.uploadId}
    FROM jsonb_to_recordset(${JSON.stringify(options.rows)}::jsonb)
      AS r("householdId" bigint, "personId" bigint, "startDate" text, status text)
    WHERE r.status <> 'ended' OR NOT EXISTS (
      SELECT 1 FROM enrolment e
      WHERE e.program_code = ${programCode} AND e.provider = ${provider} AND e.household_id = r."householdId"
        AND coalesce(e.person_id, 0) = coalesce(r."personId", 0) AND e.start_date = r."startDate"::date)
    ON CONFLICT (program_code, provider, household_id, (coalesce(person_id, 0))) WHERE status <> 'ended'
    DO NOTHING
    RETURNING household_id::int AS "householdId", person_id::int AS "personId"`,
  );
}

/** A stored upload of a program, or undefined. */
export async function findUpload(db: Db, programCode: string, id: number): Promise<UploadRow | undefined> {
  const [row] = await db
    .select()
    .from(beneficiaryUpload)
    .where(and(eq(beneficiaryUpload.id, id), eq(beneficiaryUpload.programCode, programCode)));
  return row;
}
