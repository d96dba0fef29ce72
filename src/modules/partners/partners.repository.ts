import { eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { partnerAssignmentCondition } from '../access/access.scope.ts';
import { codeWithin } from '../regions/region-sql.ts';
import type { AssignedHousehold, Consent, OrganisationInput, Pledge } from './partners.contracts.ts';
import { partnerConsent, partnerOrganisation, partnerPledge, type PledgeStatus } from './partners.schema.ts';

export type OrganisationRow = typeof partnerOrganisation.$inferSelect;

/** Every partner organisation, or the one with `code`. */
export function selectOrganisations(db: Db, code?: string): Promise<OrganisationRow[]> {
  const query = db.select().from(partnerOrganisation);
  return code === undefined
    ? query.orderBy(partnerOrganisation.name)
    : query.where(eq(partnerOrganisation.code, code));
}

/** Creates the organisation or replaces its details (the code is the key). */
export async function upsertOrganisation(db: Db, input: OrganisationInput): Promise<OrganisationRow> {
  const { code: _code, ...details } = input;
  const [row] = await db
    .insert(partnerOrganisation)
    .values(input)
    .onConflictDoUpdate({ target: partnerOrganisation.code, set: details })
    .returning();
  return row!;
}

/** Creates the organisations that do not exist yet (demo and first start); existing ones are left alone. */
export async function insertMissingOrganisations(db: Db, rows: OrganisationInput[]): Promise<number> {
  const inserted = await db.insert(partnerOrganisation).values(rows).onConflictDoNothing().returning();
  return inserted.length;
}

const pledgeColumns = sql`pp.id, pp.organisation_code AS "organisationCode", o.name AS "organisationName",
  pp.pillar::int AS pillar, pp.program_code AS "programCode", pp.plan_activity_id AS "planActivityId",
  a.title AS "planActivityTitle", pp.locations, pp.amount::float8 AS amount,
  pp.households_target AS "householdsTarget", pp.period_start::text AS "periodStart",
  pp.period_end::text AS "periodEnd", pp.status, pp.note,
  coalesce(d.value, 0)::float8 AS "realisedValue", coalesce(d.households, 0)::int AS "householdsReached",
  coalesce(s.households, 0)::int AS "householdsAssigned"`;

/** Pledges with their realised value (delivery reports) and live assignments, optionally of one organisation. */
export function selectPledges(
  db: Db,
  filter: { organisation?: string; id?: number },
): Promise<Omit<Pledge, 'nextStatuses'>[]> {
  const conditions: SQL[] = [sql`true`];
  if (filter.organisation !== undefined) conditions.push(sql`pp.organisation_code = ${filter.organisation}`);
  if (filter.id !== undefined) conditions.push(sql`pp.id = ${filter.id}`);
  return queryRows<Omit<Pledge, 'nextStatuses'>>(
    db,
    sql`SELECT ${pledgeColumns}
    FROM partner_pledge pp
    JOIN partner_organisation o ON o.code = pp.organisation_code
    LEFT JOIN plan_activity a ON a.id = pp.plan_activity_id
    LEFT JOIN (SELECT pledge_id, sum(value) AS value, count(DISTINCT household_id) AS households
               FROM partner_delivery GROUP BY pledge_id) d ON d.pledge_id = pp.id
    LEFT JOIN (SELECT pledge_id, count(DISTINCT household_id) AS households
               FROM partner_assignment WHERE ended_at IS NULL GROUP BY pledge_id) s ON s.pledge_id = pp.id
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY pp.period_start DESC, pp.id DESC`,
  );
}

/** Stores a pledge and returns its id. */
export async function insertPledge(db: Db, row: typeof partnerPledge.$inferInsert): Promise<number> {
  const [inserted] = await db.insert(partnerPledge).values(row).returning({ id: partnerPledge.id });
  return inserted!.id;
}

/** Changes a pledge's status. */
export async function updatePledgeStatus(db: Db, id: number, status: PledgeStatus): Promise<void> {
  await db
    .update(partnerPledge)
    .set({ status, statusChangedAt: sql`now()` })
    .where(eq(partnerPledge.id, id));
}

/** A plan activity's pillar, or undefined when there is no such activity. */
export async function findPlanActivityPillar(db: Db, id: number): Promise<number | undefined> {
  const [row] = await queryRows<{ pillar: number }>(
    db,
    sql`SELECT pillar::int AS pillar FROM plan_activity WHERE id = ${id}`,
  );
  return row?.pillar;
}

/** The region codes among `codes` that exist. */
export async function existingRegions(db: Db, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await queryRows<{ code: string }>(
    db,
    sql`SELECT code FROM region WHERE code IN (${sql.join(
      codes.map((c) => sql`${c}`),
      sql`, `,
    )})`,
  );
  return rows.map((r) => r.code);
}

/** An active household satisfying the scope condition (on `h`), with its kelurahan; else undefined. */
export async function findHouseholdInScope(db: Db, householdId: number, scope: SQL) {
  const [row] = await queryRows<{ id: number; kelurahanCode: string }>(
    db,
    sql`SELECT h.id::int AS id, h.kelurahan_code AS "kelurahanCode" FROM household h
        WHERE h.id = ${householdId} AND h.status = 'active' AND ${scope}`,
  );
  return row;
}

/** The person id of a current, active member of the household with this NIK (lowest id), or undefined. */
export async function findCurrentMemberByNik(db: Db, householdId: number, nik: string) {
  const [row] = await queryRows<{ personId: number }>(
    db,
    sql`SELECT p.id::int AS "personId" FROM household_member m JOIN person p ON p.id = m.person_id
        WHERE m.household_id = ${householdId} AND m.end_date IS NULL AND p.status = 'active' AND p.nik = ${nik}
        ORDER BY p.id LIMIT 1`,
  );
  return row?.personId;
}

const consentColumns = sql`c.id, c.household_id::int AS "householdId", c.organisation_code AS "organisationCode",
  c.pillar::int AS pillar, c.purpose, c.consenting_person_id::int AS "consentingPersonId",
  c.consented_at::text AS "consentedAt", c.evidence_file_id::text AS "evidenceFileId",
  c.recorded_at::text AS "recordedAt", c.withdrawn_at::text AS "withdrawnAt",
  c.withdrawal_reason AS "withdrawalReason"`;

/** Stores a consent; undefined when an unwithdrawn consent for the same household, organisation and pillar exists. */
export async function insertConsent(
  db: Db,
  row: typeof partnerConsent.$inferInsert,
): Promise<number | undefined> {
  const [inserted] = await db
    .insert(partnerConsent)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: partnerConsent.id });
  return inserted?.id;
}

/** Consents matching the condition (on `c` and its household `h`), newest first, with the household's kelurahan. */
export function selectConsents(db: Db, condition: SQL): Promise<(Consent & { kelurahanCode: string })[]> {
  return queryRows(
    db,
    sql`SELECT ${consentColumns}, h.kelurahan_code AS "kelurahanCode"
        FROM partner_consent c JOIN household h ON h.id = c.household_id
        WHERE ${condition} ORDER BY c.recorded_at DESC, c.id DESC LIMIT 500`,
  );
}

/** Withdraws a consent (if not yet) and ends its assignments, in one statement; true when this call withdrew it. */
export async function withdrawConsent(db: Db, id: number, by: number, reason: string): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`WITH w AS (
      UPDATE partner_consent SET withdrawn_at = now(), withdrawn_by = ${by}, withdrawal_reason = ${reason}
      WHERE id = ${id} AND withdrawn_at IS NULL RETURNING id
    ), e AS (
      UPDATE partner_assignment SET ended_at = now() WHERE consent_id IN (SELECT id FROM w) AND ended_at IS NULL
      RETURNING id
    )
    SELECT id FROM w`,
  );
  return rows.length > 0;
}

/**
 * Assigns a household to a pledge under the household's unwithdrawn consent for the pledge's organisation and
 * pillar, in one statement: nothing is inserted without such a consent. Returns the assignment (existing or new)
 * or undefined when no consent exists.
 */
export async function insertAssignmentUnderConsent(
  db: Db,
  input: { pledgeId: number; householdId: number; by: number },
) {
  const [row] = await queryRows<{ id: number; consentId: number; assignedAt: string; created: boolean }>(
    db,
    sql`WITH c AS (
      SELECT c.id FROM partner_consent c JOIN partner_pledge pp ON pp.id = ${input.pledgeId}
      WHERE c.household_id = ${input.householdId} AND c.organisation_code = pp.organisation_code
        AND c.pillar = pp.pillar AND c.withdrawn_at IS NULL
    ), ins AS (
      INSERT INTO partner_assignment (pledge_id, household_id, consent_id, assigned_by)
      SELECT ${input.pledgeId}, ${input.householdId}, c.id, ${input.by} FROM c
      ON CONFLICT (pledge_id, household_id) WHERE ended_at IS NULL DO NOTHING
      RETURNING id, consent_id, assigned_at
    )
    SELECT id, consent_id AS "consentId", assigned_at::text AS "assignedAt", true AS created FROM ins
    UNION ALL
    SELECT pa.id, pa.consent_id, pa.assigned_at::text, false FROM partner_assignment pa
    WHERE pa.pledge_id = ${input.pledgeId} AND pa.household_id = ${input.householdId} AND pa.ended_at IS NULL
      AND EXISTS (SELECT 1 FROM c) AND NOT EXISTS (SELECT 1 FROM ins)`,
  );
  return row;
}

/**
 * What a partner sees of its assigned households (the delivery fields only), under the scoping layer's partner
 * condition; optionally one household.
 */
export function selectAssignedHouseholds(
  db: Db,
  organisation: string,
  householdId?: number,
): Promise<(AssignedHousehold & { pledgeId: number })[]> {
  const one = householdId === undefined ? sql`true` : sql`pa.household_id = ${householdId}`;
  return queryRows(
    db,
    sql`SELECT pa.id AS "assignmentId", h.id::int AS "householdId", p.name AS "headName", h.address, h.rt, h.rw,
           h.kelurahan_code AS "kelurahanCode", r.name AS "kelurahanName", pc.contact_phone AS phone,
           json_build_object('id', pp.id, 'pillar', pp.pillar, 'programCode', pp.program_code,
                             'periodStart', pp.period_start::text, 'periodEnd', pp.period_end::text) AS pledge,
           json_build_object('purpose', pc.purpose, 'consentedAt', pc.consented_at::text) AS consent,
           pp.id AS "pledgeId"
    FROM partner_assignment pa
    JOIN partner_consent pc ON pc.id = pa.consent_id
    JOIN partner_pledge pp ON pp.id = pa.pledge_id
    JOIN household h ON h.id = pa.household_id AND h.status = 'active'
    JOIN region r ON r.code = h.kelurahan_code
    LEFT JOIN LATERAL (
      SELECT pe.name FROM household_member m JOIN person pe ON pe.id = m.person_id
      WHERE m.household_id = h.id AND m.end_date IS NULL AND m.relationship = 'head'
      ORDER BY m.position LIMIT 1) p ON true
    WHERE ${partnerAssignmentCondition(organisation)} AND ${one}
    ORDER BY h.kelurahan_code, h.rw, h.rt, pa.id`,
  );
}

/** One row of a delivery report, as resolved against the partner's live assignments and the ledger. */
export interface ResolvedItem {
  i: number;
  assignmentId: number | null;
  pledgeId: number | null;
  householdId: number | null;
  kelurahanCode: string | null;
  programCode: string | null;
  programFound: boolean;
  programPillar: number | null;
  pledgePillar: number | null;
  /** The household head, for person programs (the unit enrolled). */
  personId: number | null;
  period: string;
  existing: { amount: number | null; service: string | null; deliveredOn: string | null } | null;
  existingIsPartnerReport: boolean;
}

/** The JSON rows every delivery statement reads: one per report item, with its index. */
export type DeliveryItemRow = {
  i: number;
  assignmentId: number;
  programCode: string | null;
  service: string;
  deliveredOn: string;
  value: number;
};

const itemsTable = (items: DeliveryItemRow[]) =>
  sql`jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
    AS x(i int, "assignmentId" int, "programCode" text, service text, "deliveredOn" date, value bigint)`;

/**
 * Resolves every item of a report in ONE statement: its live assignment of this organisation (partner scoping
 * condition), the program (the item's or the pledge's), the unit, the period, and any delivery the ledger already
 * holds for that unit, program, provider and period.
 */
export function resolveDeliveryItems(
  db: Db,
  organisation: string,
  items: DeliveryItemRow[],
): Promise<ResolvedItem[]> {
  return queryRows<ResolvedItem>(
    db,
    sql`WITH x AS (SELECT * FROM ${itemsTable(items)}),
    a AS (
      SELECT x.i, pa.id AS assignment_id, pp.id AS pledge_id, pa.household_id, h.kelurahan_code,
             coalesce(x."programCode", pp.program_code) AS program_code, pp.pillar AS pledge_pillar
      FROM x
      JOIN partner_assignment pa ON pa.id = x."assignmentId"
      JOIN partner_consent pc ON pc.id = pa.consent_id
      JOIN partner_pledge pp ON pp.id = pa.pledge_id
      JOIN household h ON h.id = pa.household_id AND h.status = 'active'
      WHERE ${partnerAssignmentCondition(organisation)}
    )
    SELECT x.i, a.assignment_id AS "assignmentId", a.pledge_id AS "pledgeId",
           a.household_id::int AS "householdId", a.kelurahan_code AS "kelurahanCode",
           coalesce(a.program_code, x."programCode") AS "programCode", (g.code IS NOT NULL) AS "programFound",
           g.pillar::int AS "programPillar", a.pledge_pillar::int AS "pledgePillar",
           hd.person_id::int AS "personId", date_trunc('month', x."deliveredOn")::date::text AS period,
           CASE WHEN d.id IS NOT NULL THEN json_build_object('amount', d.amount, 'service', d.service,
             'deliveredOn', d.delivered_on::text) END AS existing,
           (pd.id IS NOT NULL) AS "existingIsPartnerReport"
    FROM x
    LEFT JOIN a ON a.i = x.i
    LEFT JOIN program g ON g.code = a.program_code
    LEFT JOIN LATERAL (
      SELECT m.person_id FROM household_member m
      WHERE m.household_id = a.household_id AND m.end_date IS NULL AND m.relationship = 'head'
      ORDER BY m.position LIMIT 1) hd ON g.unit = 'person'
    LEFT JOIN enrolment e ON e.program_code = g.code AND e.provider = ${organisation}
      AND e.provider_kind = 'partner' AND e.household_id = a.household_id
      AND coalesce(e.person_id, 0) = coalesce(hd.person_id, 0) AND e.status <> 'ended'
    LEFT JOIN delivery d ON d.enrolment_id = e.id AND d.period = date_trunc('month', x."deliveredOn")::date
    LEFT JOIN partner_delivery pd ON pd.delivery_id = d.id
    ORDER BY x.i`,
  );
}

/** A resolved item ready to store: its unit and program are known. */
export interface StorableItem extends DeliveryItemRow {
  pledgeId: number;
  householdId: number;
  personId: number | null;
  programCode: string;
}

/**
 * Stores a report's new items in the ledger, set-based: opens the missing partner enrolments (one per program
 * and unit, started on the first delivery), then inserts the deliveries and their partner_delivery rows in one
 * statement. Returns how many enrolments were opened and the households delivered to.
 */
export async function storeDeliveries(
  db: Db,
  input: { organisation: string; reportedBy: number; items: StorableItem[] },
): Promise<{ enrolmentsCreated: number; recorded: number }> {
  const rows = JSON.stringify(input.items);
  const x = sql`jsonb_to_recordset(${rows}::jsonb) AS x(i int, "assignmentId" int, "pledgeId" int,
    "householdId" bigint, "personId" bigint, "programCode" text, service text, "deliveredOn" date, value bigint)`;
  const opened = await queryRows<{ id: number }>(
    db,
    sql`INSERT INTO enrolment (program_code, household_id, person_id, provider, provider_kind, start_date, status)
    SELECT x."programCode", x."householdId", x."personId", ${input.organisation}, 'partner',
           date_trunc('month', min(x."deliveredOn"))::date, 'active'
    FROM ${x}
    GROUP BY x."programCode", x."householdId", x."personId"
    ON CONFLICT (program_code, provider, household_id, (coalesce(person_id, 0))) WHERE status <> 'ended'
    DO NOTHING
    RETURNING id::int`,
  );
  const recorded = await queryRows<{ id: number }>(
    db,
    sql`WITH x AS (SELECT * FROM ${x}),
    xe AS (
      SELECT x.*, e.id AS enrolment_id FROM x
      JOIN enrolment e ON e.program_code = x."programCode" AND e.provider = ${input.organisation}
        AND e.provider_kind = 'partner' AND e.household_id = x."householdId"
        AND coalesce(e.person_id, 0) = coalesce(x."personId", 0) AND e.status <> 'ended'
    ), d AS (
      INSERT INTO delivery (enrolment_id, period, amount, service, delivered_on)
      SELECT enrolment_id, date_trunc('month', "deliveredOn")::date, value, service, "deliveredOn" FROM xe
      RETURNING id, enrolment_id, period
    )
    INSERT INTO partner_delivery (assignment_id, pledge_id, household_id, enrolment_id, delivery_id, service,
                                  delivered_on, value, reported_by)
    SELECT xe."assignmentId", xe."pledgeId", xe."householdId", xe.enrolment_id, d.id, xe.service,
           xe."deliveredOn", xe.value, ${input.reportedBy}
    FROM d JOIN xe ON xe.enrolment_id = d.enrolment_id AND date_trunc('month', xe."deliveredOn")::date = d.period
    RETURNING id`,
  );
  return { enrolmentsCreated: opened.length, recorded: recorded.length };
}

/**
 * Whether the person with this NIK is served in the pillar: an active enrolment in a program of the pillar naming
 * the person, or a household program's enrolment of a household the person currently belongs to. ONE statement
 * whatever the NIK (unknown, malformed in content, not served), so every case takes the same path.
 */
export async function isServed(db: Db, nik: string, pillar: number): Promise<boolean> {
  // Both EXISTS are always evaluated (no OR short-circuit), each through the NIK, person and household indexes.
  const [row] = await queryRows<{ served: boolean }>(
    db,
    sql`SELECT coalesce(bool_or(t.served), false) AS served FROM (
      SELECT EXISTS (
        SELECT 1 FROM person p
        JOIN enrolment e ON e.person_id = p.id AND e.status = 'active'
        JOIN program g ON g.code = e.program_code AND g.pillar = ${pillar}
        WHERE p.nik = ${nik} AND p.status = 'active') AS served
      UNION ALL
      SELECT EXISTS (
        SELECT 1 FROM person p
        JOIN household_member m ON m.person_id = p.id AND m.end_date IS NULL
        JOIN enrolment e ON e.household_id = m.household_id AND e.person_id IS NULL AND e.status = 'active'
        JOIN program g ON g.code = e.program_code AND g.pillar = ${pillar}
        WHERE p.nik = ${nik} AND p.status = 'active')) t`,
  );
  return row?.served ?? false;
}

/** Unreached counts per child area of `region` and pillar, from the coverage rollup (desil 1–4, extreme poor). */
export function selectNeeds(db: Db, region: string, childLength: number) {
  return queryRows<{
    regionCode: string;
    regionName: string;
    pillar: number;
    desil14Unreached: number;
    extremePoorUnreached: number;
  }>(
    db,
    sql`SELECT g.code AS "regionCode", r.name AS "regionName", g.pillar, g.d14::int AS "desil14Unreached",
           g.xp::int AS "extremePoorUnreached"
    FROM (SELECT left(c.kelurahan_code, ${childLength}) AS code, c.pillar::int AS pillar,
                 sum(c.households - c.covered) FILTER (WHERE c.desil BETWEEN 1 AND 4) AS d14,
                 sum(c.extreme_poor - c.extreme_poor_covered) AS xp
          FROM coverage_rollup c WHERE ${codeWithin(sql`c.kelurahan_code`, region)}
          GROUP BY 1, 2) g
    JOIN region r ON r.code = g.code
    ORDER BY g.code, g.pillar`,
  );
}

/** Delivered value, households and deliveries per organisation, pillar and child area of `region`. */
export function selectContributions(db: Db, region: string, childLength: number, organisation?: string) {
  return queryRows<{
    organisationCode: string;
    organisationName: string;
    pillar: number;
    regionCode: string;
    regionName: string;
    realisedValue: number;
    householdsReached: number;
    deliveries: number;
  }>(
    db,
    sql`SELECT g.org AS "organisationCode", o.name AS "organisationName", g.pillar, g.code AS "regionCode",
           r.name AS "regionName", g.value::float8 AS "realisedValue", g.households::int AS "householdsReached",
           g.n::int AS deliveries
    FROM (SELECT pp.organisation_code AS org, pp.pillar::int AS pillar, left(h.kelurahan_code, ${childLength}) AS code,
                 sum(pd.value) AS value, count(DISTINCT pd.household_id) AS households, count(*) AS n
          FROM partner_delivery pd
          JOIN partner_pledge pp ON pp.id = pd.pledge_id
          JOIN household h ON h.id = pd.household_id
          WHERE ${codeWithin(sql`h.kelurahan_code`, region)}
            AND ${organisation === undefined ? sql`true` : sql`pp.organisation_code = ${organisation}`}
          GROUP BY 1, 2, 3) g
    JOIN partner_organisation o ON o.code = g.org
    JOIN region r ON r.code = g.code
    ORDER BY o.name, g.pillar, g.code`,
  );
}
