import { and, desc, eq, getTableColumns, isNull, sql, type Column, type Table } from 'drizzle-orm';
import { queryPrepared, queryRows, type Db } from '../../db/client.ts';
import { householdScopeCondition, type Scope } from '../access/access.scope.ts';
import { region } from '../regions/regions.schema.ts';
import { household, householdMember, householdVersion, person } from './registry.schema.ts';
import type {
  HouseholdField,
  HouseholdRecord,
  HouseholdState,
  PersonField,
  PersonRecord,
  ProvenanceMap,
} from './registry.state.ts';

const scopeOfHousehold = (scope: Scope) =>
  householdScopeCondition(scope, { kelurahanCode: household.kelurahanCode, householdId: household.id });

const toNumber = (value: string | null) => (value === null ? null : Number(value));

function toHouseholdRecord(row: typeof household.$inferSelect): HouseholdRecord {
  return {
    ...row,
    floorAreaM2: Number(row.floorAreaM2),
    propertyNjop: toNumber(row.propertyNjop),
    validFrom: row.validFrom.toISOString(),
    createdAt: row.createdAt.toISOString(),
    provenance: row.provenance as ProvenanceMap,
  };
}

function toPersonRecord(row: typeof person.$inferSelect): PersonRecord {
  return { ...row, createdAt: row.createdAt.toISOString(), provenance: row.provenance as ProvenanceMap };
}

/** The current state of a household inside the scope (null when absent or outside); optionally row-locked. */
export async function findHouseholdState(
  db: Db,
  id: number,
  scope: Scope,
  options: { forUpdate?: boolean } = {},
): Promise<HouseholdState | null> {
  return (await findHouseholdStates(db, [{ id, scope }], options)).get(id) ?? null;
}

/**
 * A select list of a table's columns under their Drizzle names (`prefix` + name), and the decoder that turns such
 * a raw row back into the record Drizzle's own select returns (each column's driver mapping, null kept).
 */
function columnsOf<T extends Table>(table: T, alias: string, prefix = '') {
  const columns = Object.entries(getTableColumns(table) as Record<string, Column>);
  return {
    list: columns.map(([key, c]) => `${alias}."${c.name}" AS "${prefix}${key}"`).join(', '),
    count: columns.length,
    decode(row: Record<string, unknown>): T['$inferSelect'] {
      const record: Record<string, unknown> = {};
      for (const [key, c] of columns) {
        const value = row[prefix + key];
        record[key] = value === null || value === undefined ? null : c.mapFromDriverValue(value);
      }
      return record;
    },
  };
}

const householdColumns = columnsOf(household, 'h');
const memberColumns = columnsOf(householdMember, 'm', 'member.');
const personColumns = columnsOf(person, 'p');

/**
 * Households by id, each inside its own scope (householdScopeCondition, by parameters: the assigned user, or the
 * area its kelurahan lies in; neither matches nothing), in id order. Fixed statements, the ids and scopes passed
 * as arrays: they are planned once per connection however many households a call asks for.
 */
const householdsSql = `SELECT ${householdColumns.list} FROM household h
  WHERE h.id = ANY($1::bigint[])
    AND EXISTS (SELECT 1 FROM unnest($1::bigint[], $2::int[], $3::text[]) AS w(id, user_id, area)
                WHERE w.id = h.id
                  AND (EXISTS (SELECT 1 FROM household_assignment ha
                               WHERE ha.user_id = w.user_id AND ha.household_id = h.id)
                       OR h.kelurahan_code = w.area OR h.kelurahan_code LIKE w.area || '.%'))
  ORDER BY h.id`;
const householdsForUpdateSql = `${householdsSql} FOR UPDATE OF h`;

/**
 * The select list of a household's members (every membership, ended ones too) with their persons, over
 * `household_member m JOIN person p`; `addMembers` reads such rows. Ordered by `memberOrder`, in display order.
 */
export const memberSelectList = `${memberColumns.list}, ${personColumns.list}`;
export const memberColumnCount = memberColumns.count + personColumns.count;
export const memberOrder = '"member.householdId", "member.position", "member.startDate"';

const membersSql = `SELECT ${memberSelectList}
  FROM household_member m JOIN person p ON p.id = m.person_id
  WHERE m.household_id = ANY($1::bigint[])
  ORDER BY ${memberOrder}`;

/** Adds member rows (`memberSelectList`, in `memberOrder`) to the states of their households. */
export function addMembers(states: Map<number, HouseholdState>, rows: readonly Record<string, unknown>[]) {
  for (const row of rows) {
    const member = memberColumns.decode(row);
    states.get(member.householdId)!.members.push({
      relationship: member.relationship,
      startDate: member.startDate,
      endDate: member.endDate,
      position: member.position,
      person: toPersonRecord(personColumns.decode(row)),
    });
  }
}

/**
 * Households by id, each inside its own scope (absent or outside: missing from the map), without their members
 * (`addMembers` adds them); with `forUpdate` the rows are locked in id order, so two such calls cannot deadlock.
 */
export async function findHouseholdRecords(
  db: Db,
  wanted: readonly { id: number; scope: Scope }[],
  options: { forUpdate?: boolean } = {},
): Promise<Map<number, HouseholdState>> {
  const states = new Map<number, HouseholdState>();
  if (wanted.length === 0) return states;
  const rows = await queryPrepared<Record<string, unknown>>(
    db,
    options.forUpdate ? 'registry.households.for-update' : 'registry.households',
    options.forUpdate ? householdsForUpdateSql : householdsSql,
    [
      wanted.map((w) => w.id),
      wanted.map((w) => (w.scope.kind === 'assigned' ? w.scope.userId : null)),
      wanted.map((w) => (w.scope.kind === 'region' ? w.scope.regionCode : null)),
    ],
  );
  for (const row of rows) {
    const record = toHouseholdRecord(householdColumns.decode(row));
    states.set(record.id, { household: record, members: [] });
  }
  return states;
}

/**
 * The current states of several households, each inside its own scope (absent or outside: missing from the map),
 * in two statements; with `forUpdate` the rows are locked in id order, so two such calls cannot deadlock.
 */
export async function findHouseholdStates(
  db: Db,
  wanted: readonly { id: number; scope: Scope }[],
  options: { forUpdate?: boolean } = {},
): Promise<Map<number, HouseholdState>> {
  const states = await findHouseholdRecords(db, wanted, options);
  if (states.size === 0) return states;
  addMembers(
    states,
    await queryPrepared<Record<string, unknown>>(db, 'registry.members', membersSql, [[...states.keys()]]),
  );
  return states;
}

/** The household a person currently belongs to, if it lies inside the scope. */
export async function findCurrentHouseholdIdOfPerson(db: Db, personId: number, scope: Scope) {
  const [row] = await db
    .select({ householdId: householdMember.householdId })
    .from(householdMember)
    .innerJoin(household, eq(household.id, householdMember.householdId))
    .where(
      and(eq(householdMember.personId, personId), isNull(householdMember.endDate), scopeOfHousehold(scope)),
    )
    .orderBy(desc(householdMember.startDate))
    .limit(1);
  return row?.householdId ?? null;
}

/** A region by code, with its level (to check that a household is placed in a kelurahan). */
export async function findRegion(db: Db, code: string) {
  const [row] = await db
    .select({ code: region.code, level: region.level })
    .from(region)
    .where(eq(region.code, code));
  return row ?? null;
}

/**
 * The database clock now (not the transaction start: a change that waited for a row lock must be stamped after
 * the change it waited for). One change stamps all it writes with this one value.
 */
export async function currentTimestamp(db: Db): Promise<string> {
  const [row] = await queryRows<{ now: Date | string }>(db, sql`SELECT clock_timestamp() AS now`);
  return new Date(row!.now).toISOString();
}

/** Columns a new household gets from its record (id, version and timestamps are set here or by defaults). */
export type NewHousehold = Omit<HouseholdRecord, 'id' | 'status' | 'version' | 'validFrom' | 'createdAt'>;
export type NewPerson = Omit<PersonRecord, 'id' | 'status' | 'createdAt'>;

/** Inserts a household; returns its id. */
export async function insertHousehold(db: Db, values: NewHousehold, at: string): Promise<number> {
  const [row] = await db
    .insert(household)
    .values({
      ...values,
      floorAreaM2: String(values.floorAreaM2),
      propertyNjop: values.propertyNjop === null ? null : String(values.propertyNjop),
      validFrom: new Date(at),
      createdAt: new Date(at),
    })
    .returning({ id: household.id });
  return row!.id;
}

/** Inserts persons; returns their ids by NIK (the caller makes NIKs distinct within one insert). */
export async function insertPersons(db: Db, values: NewPerson[], at: string): Promise<Map<string, number>> {
  const rows = await db
    .insert(person)
    .values(values.map((v) => ({ ...v, createdAt: new Date(at) })))
    .returning({ id: person.id, nik: person.nik });
  return new Map(rows.map((r) => [r.nik, r.id]));
}

/** Inserts memberships of persons in a household. */
export async function insertMembers(db: Db, values: (typeof householdMember.$inferInsert)[]): Promise<void> {
  await db.insert(householdMember).values(values);
}

/** Stores the state a change replaces, valid from its own `validFrom` until `validTo`. */
export async function insertHouseholdVersion(
  db: Db,
  state: HouseholdState,
  change: { validTo: string; changedBy: number; source: string; reason: string | null },
): Promise<void> {
  await db.insert(householdVersion).values({
    householdId: state.household.id,
    version: state.household.version,
    validFrom: new Date(state.household.validFrom),
    validTo: new Date(change.validTo),
    snapshot: state,
    changedBy: change.changedBy,
    changeSource: change.source,
    changeReason: change.reason,
  });
}

/** New values of user-settable household fields. */
export type HouseholdChanges = Partial<Pick<HouseholdRecord, HouseholdField>>;

/** Numeric columns travel as strings through the driver. */
function toHouseholdColumns(changes: HouseholdChanges) {
  const { floorAreaM2, propertyNjop, ...rest } = changes;
  return {
    ...rest,
    ...(floorAreaM2 === undefined ? {} : { floorAreaM2: String(floorAreaM2) }),
    ...(propertyNjop === undefined
      ? {}
      : { propertyNjop: propertyNjop === null ? null : String(propertyNjop) }),
  };
}

/** Sets household columns, merges per-field provenance and moves to the next version. */
export async function updateHousehold(
  db: Db,
  id: number,
  change: { set: HouseholdChanges; provenance: ProvenanceMap; version: number; validFrom: string },
): Promise<void> {
  await db
    .update(household)
    .set({
      ...toHouseholdColumns(change.set),
      version: change.version,
      validFrom: new Date(change.validFrom),
      provenance: sql`${household.provenance} || ${JSON.stringify(change.provenance)}::jsonb`,
    })
    .where(eq(household.id, id));
}

/** Sets person columns and merges per-field provenance. */
export async function updatePerson(
  db: Db,
  id: number,
  change: { set: Partial<Pick<PersonRecord, PersonField>>; provenance: ProvenanceMap },
): Promise<void> {
  await db
    .update(person)
    .set({
      ...change.set,
      provenance: sql`${person.provenance} || ${JSON.stringify(change.provenance)}::jsonb`,
    })
    .where(eq(person.id, id));
}

/** Ends a person's current membership of a household (a death or a move out). */
export async function endMembership(
  db: Db,
  householdId: number,
  personId: number,
  endDate: string,
): Promise<void> {
  await db
    .update(householdMember)
    .set({ endDate })
    .where(
      and(
        eq(householdMember.householdId, householdId),
        eq(householdMember.personId, personId),
        isNull(householdMember.endDate),
      ),
    );
}

/** Sets a person's status (`deceased`, `moved_out`…) with its provenance. */
export async function setPersonStatus(
  db: Db,
  personId: number,
  status: 'active' | 'deceased' | 'moved_out',
  provenance: ProvenanceMap,
): Promise<void> {
  await db
    .update(person)
    .set({ status, provenance: sql`${person.provenance} || ${JSON.stringify(provenance)}::jsonb` })
    .where(eq(person.id, personId));
}
