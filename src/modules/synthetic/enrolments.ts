/**
 * Synthetic enrolments for the demo and the tests (issue 3, part 3): a clean ledger — every eligible unit reached
 * once per purpose group, by the program's own agency — with planted targeting errors whose ground truth goes to
 * synthetic.planted_targeting_error. Households are split by a seeded hash into buckets, so plants never interact:
 * - exclusion bucket: the household gets no enrolment at all (a family every program missed) — each of its
 *   eligible units is an exclusion error;
 * - inclusion bucket: the household (or its head) is enrolled in one program it is not eligible for, in a purpose
 *   group nobody in the household receives;
 * - overlap bucket: a unit already reached is enrolled again — in another program of the same purpose group it is
 *   also eligible for, or in the same program by a second provider (a partner).
 * Everything is set-based: one statement per program for the clean ledger, one per kind of plant.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { withForeignKeysDeferred, withIndexesDeferred } from '../../db/tuning.ts';
import { AppError } from '../../http/errors.ts';
import { recomputeEligibility } from '../targeting/targeting.recompute.ts';
import { eligibleSetRows } from '../targeting/targeting.recompute.repository.ts';
import { todayInJakarta } from '../welfare/welfare.features.ts';

export interface EnrolmentSeedOptions {
  seed: number;
  /** Share of households in each planted bucket (exclusion, inclusion, overlap); default 0.03, 0 = clean. */
  plantRate?: number;
  referenceDate?: string;
}

export interface EnrolmentSeedResult {
  enrolments: number;
  deliveries: number;
  planted: { inclusion: number; exclusion: number; overlap: number };
}

/** The partner that enrols units a second time in the overlap bucket. */
export const overlapPartner = 'BAZNAS';

/** Seeds the ledger from the current eligible sets; refuses when enrolments already exist. */
export async function seedSyntheticEnrolments(
  db: Db,
  options: EnrolmentSeedOptions,
): Promise<EnrolmentSeedResult> {
  const referenceDate = options.referenceDate ?? todayInJakarta();
  const [existing] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM enrolment`);
  if ((existing?.n ?? 0) > 0) throw new AppError('CONFLICT', 'The ledger already has enrolments.');
  await recomputeEligibility(db, referenceDate);
  const rate = Math.round((options.plantRate ?? 0.03) * 1000);
  const bucket = (household: SQL) =>
    sql`(('x' || substr(md5(${String(options.seed)}::text || ':' || ${household}::text), 1, 7))::bit(28)::int % 1000)`;
  const inBucket = (household: SQL, index: number) =>
    sql`${bucket(household)} >= ${index * rate} AND ${bucket(household)} < ${(index + 1) * rate}`;
  // A bulk load into an empty ledger: foreign keys are checked once at the end, and the indexes are built after
  // the clean ledger (the plants look enrolments up through them).
  return db.transaction((tx) =>
    withForeignKeysDeferred(tx, ['delivery', 'enrolment'], () =>
      seedLedger(tx, options.seed, inBucket, referenceDate),
    ),
  );
}

/** The clean ledger, the plants, the deliveries; returns the counts. */
async function seedLedger(
  tx: Db,
  seed: number,
  inBucket: (household: SQL, index: number) => SQL,
  referenceDate: string,
): Promise<EnrolmentSeedResult> {
  await withIndexesDeferred(tx, 'enrolment', () => enrolClean(tx, inBucket(sql`e.household_id`, 0)));
  await tx.execute(sql`ANALYZE enrolment`);
  await plantExclusions(tx, inBucket(sql`e.household_id`, 0));
  await plantInclusions(tx, inBucket(sql`h.id`, 1), seed);
  await plantSamePurposeOverlaps(tx, inBucket(sql`e.household_id`, 2), seed);
  await plantSecondProviders(tx, inBucket(sql`n.household_id`, 2), seed);
  const deliveries = await seedDeliveries(tx, referenceDate);
  const [counts] = await queryRows<EnrolmentSeedResult['planted'] & { enrolments: number }>(
    tx,
    sql`SELECT (SELECT count(*)::int FROM enrolment) AS enrolments,
            count(*) FILTER (WHERE kind = 'inclusion')::int AS inclusion,
            count(*) FILTER (WHERE kind = 'exclusion')::int AS exclusion,
            count(*) FILTER (WHERE kind = 'overlap')::int AS overlap
          FROM synthetic.planted_targeting_error`,
  );
  const { enrolments, ...planted } = counts!;
  return { enrolments, deliveries, planted };
}

/** A unit (e: a row of eligibleSetRows, p: its program) reached by an enrolment of its purpose group: the same
 * person in a person-level enrolment, or its household when either program is household-level. */
const reachedAsPerson = sql`EXISTS (SELECT 1 FROM enrolment n JOIN program q ON q.code = n.program_code
    WHERE n.status = 'active' AND q.purpose_group = p.purpose_group AND n.person_id = NULLIF(e.person_id, 0))`;
const reachedAsHousehold = sql`EXISTS (SELECT 1 FROM enrolment n JOIN program q ON q.code = n.program_code
    WHERE n.status = 'active' AND q.purpose_group = p.purpose_group AND n.household_id = e.household_id
      AND (q.unit = 'household' OR p.unit = 'household'))`;
const reached = sql`(${reachedAsPerson} OR ${reachedAsHousehold})`;

const enrolmentColumns = sql.raw(
  'enrolment (program_code, household_id, person_id, provider, provider_kind, start_date, status)',
);
const startDate = (household: SQL) => sql`(date '2024-01-01' + (${household} % 600)::int)`;

/**
 * The clean ledger in one statement: each eligible unit outside the exclusion bucket is enrolled in the first
 * program (by code) of its purpose group that reaches it. Within a household and purpose group: a person takes
 * their first person program unless a household program comes earlier; a household program is taken only when
 * it is the household's first program of the group (an earlier member enrolment already reaches the household).
 * Exact while a purpose group mixing person and household programs has at most two programs (as in the
 * catalogue); the planted-versus-found test would catch a catalogue where it is not.
 */
async function enrolClean(tx: Db, excluded: SQL): Promise<void> {
  await tx.execute(sql`INSERT INTO ${enrolmentColumns}
    SELECT x.program_code, x.household_id, NULLIF(x.person_id, 0), x.agency, 'agency',
           ${startDate(sql`x.household_id`)}, 'active'
    FROM (
      SELECT e.program_code, e.household_id, e.person_id, p.agency, p.unit,
             min(p.code) OVER household_group AS first_any,
             min(p.code) FILTER (WHERE p.unit = 'household') OVER household_group AS first_household,
             min(p.code) OVER (PARTITION BY p.purpose_group, e.household_id, e.person_id) AS first_same_unit
      FROM ${eligibleSetRows} e JOIN program p ON p.code = e.program_code
      WHERE NOT (${excluded})
      WINDOW household_group AS (PARTITION BY p.purpose_group, e.household_id)
    ) x
    WHERE CASE WHEN x.unit = 'person'
               THEN x.program_code = x.first_same_unit
                    AND (x.first_household IS NULL OR x.first_household > x.program_code)
               ELSE x.program_code = x.first_any END`);
}

async function plantExclusions(tx: Db, excluded: SQL): Promise<void> {
  await tx.execute(sql`INSERT INTO synthetic.planted_targeting_error
      (kind, program_code, purpose_group, household_id, person_id)
    SELECT 'exclusion', e.program_code, p.purpose_group, e.household_id, NULLIF(e.person_id, 0)
    FROM ${eligibleSetRows} e JOIN program p ON p.code = e.program_code
    WHERE ${excluded}`);
}

/** One program per inclusion-bucket household that it (or its head) is not eligible for, in an untouched group. */
async function plantInclusions(tx: Db, included: SQL, seed: number): Promise<void> {
  await tx.execute(sql`WITH candidate AS (
      SELECT DISTINCT ON (h.id) p.code, p.agency, h.id AS household_id,
             CASE WHEN p.unit = 'person' THEN head.person_id END AS person_id
      FROM household h
      JOIN LATERAL (SELECT m.person_id FROM household_member m JOIN person x ON x.id = m.person_id
                    WHERE m.household_id = h.id AND m.end_date IS NULL AND m.relationship = 'head'
                      AND x.status = 'active'
                    ORDER BY m.position LIMIT 1) head ON true
      CROSS JOIN program p
      WHERE h.status = 'active' AND ${included}
        AND EXISTS (SELECT 1 FROM program_rule r WHERE r.program_code = p.code AND r.is_active)
        AND NOT EXISTS (SELECT 1 FROM eligible_unit e WHERE e.household_id = h.id
              AND e.person_id = CASE WHEN p.unit = 'person' THEN head.person_id ELSE 0 END AND p.code = ANY (e.programs))
        AND NOT EXISTS (SELECT 1 FROM enrolment n JOIN program q ON q.code = n.program_code
              WHERE n.household_id = h.id AND q.purpose_group = p.purpose_group)
      ORDER BY h.id, md5(${String(seed)}::text || h.id::text || p.code)),
    inserted AS (
      INSERT INTO ${enrolmentColumns}
      SELECT c.code, c.household_id, c.person_id, c.agency, 'agency', ${startDate(sql`c.household_id`)}, 'active'
      FROM candidate c
      RETURNING program_code, household_id, person_id)
    INSERT INTO synthetic.planted_targeting_error (kind, program_code, purpose_group, household_id, person_id)
    SELECT 'inclusion', i.program_code, p.purpose_group, i.household_id, i.person_id
    FROM inserted i JOIN program p ON p.code = i.program_code`);
}

/** A unit reached in its group and eligible for another program of it is enrolled there too (one per household). */
async function plantSamePurposeOverlaps(tx: Db, overlapping: SQL, seed: number): Promise<void> {
  await tx.execute(sql`WITH candidate AS (
      SELECT DISTINCT ON (e.household_id) e.program_code, p.agency, p.purpose_group, p.unit,
             e.household_id, NULLIF(e.person_id, 0) AS person_id
      FROM ${eligibleSetRows} e JOIN program p ON p.code = e.program_code
      WHERE ${overlapping} AND ${reached}
        AND NOT EXISTS (SELECT 1 FROM enrolment n WHERE n.program_code = e.program_code
              AND n.household_id = e.household_id AND COALESCE(n.person_id, 0) = e.person_id)
      ORDER BY e.household_id, md5(${String(seed)}::text || e.household_id::text || e.program_code || e.person_id::text)),
    inserted AS (
      INSERT INTO ${enrolmentColumns}
      SELECT c.program_code, c.household_id, c.person_id, c.agency, 'agency',
             ${startDate(sql`c.household_id`)}, 'active'
      FROM candidate c
      RETURNING program_code)
    INSERT INTO synthetic.planted_targeting_error (kind, program_code, purpose_group, household_id, person_id)
    SELECT 'overlap', NULL, c.purpose_group, c.household_id,
           -- Person-level when a person program meets the same person's person-level enrolment; else the household.
           CASE WHEN c.unit = 'person' AND EXISTS (SELECT 1 FROM enrolment n JOIN program q ON q.code = n.program_code
                  WHERE n.person_id = c.person_id AND q.purpose_group = c.purpose_group AND q.unit = 'person')
                THEN c.person_id END
    FROM candidate c`);
}

/** A partner enrols, a second time, one unit its agency already enrols (one per overlap-bucket household). */
async function plantSecondProviders(tx: Db, overlapping: SQL, seed: number): Promise<void> {
  await tx.execute(sql`WITH candidate AS (
      SELECT DISTINCT ON (n.household_id) n.program_code, n.household_id, n.person_id, p.purpose_group, p.unit
      FROM enrolment n JOIN program p ON p.code = n.program_code
      WHERE ${overlapping} AND n.status = 'active'
      ORDER BY n.household_id, md5(${String(seed)}::text || n.id::text)),
    inserted AS (
      INSERT INTO ${enrolmentColumns}
      SELECT c.program_code, c.household_id, c.person_id, ${overlapPartner}, 'partner',
             ${startDate(sql`c.household_id`)}, 'active'
      FROM candidate c
      RETURNING program_code)
    INSERT INTO synthetic.planted_targeting_error (kind, program_code, purpose_group, household_id, person_id)
    SELECT 'overlap', NULL, c.purpose_group, c.household_id,
           CASE WHEN c.unit = 'person' THEN c.person_id END
    FROM candidate c`);
}

/**
 * The month of the reference date delivered to every enrolment of a monthly cash program, at the amount in
 * force (the mean of its components when it has several); four in five verified.
 */
async function seedDeliveries(tx: Db, referenceDate: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`WITH amount AS (
          SELECT b.program_code, round(avg(b.amount))::bigint AS amount
          FROM program_benefit b
          WHERE b.period = 'month' AND b.amount IS NOT NULL AND b.valid_from <= ${referenceDate}::date
            AND b.valid_from = (SELECT max(b2.valid_from) FROM program_benefit b2
                  WHERE b2.program_code = b.program_code AND b2.valid_from <= ${referenceDate}::date)
          GROUP BY b.program_code),
        inserted AS (
          INSERT INTO delivery (enrolment_id, period, amount, delivered_on, verified_on)
          SELECT n.id, date_trunc('month', ${referenceDate}::date)::date, a.amount,
                 date_trunc('month', ${referenceDate}::date)::date + 9,
                 CASE WHEN n.id % 5 <> 0 THEN date_trunc('month', ${referenceDate}::date)::date + 20 END
          FROM enrolment n JOIN amount a ON a.program_code = n.program_code
          WHERE n.status = 'active'
          RETURNING 1)
        SELECT count(*)::int AS n FROM inserted`,
  );
  return row?.n ?? 0;
}
