import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { withForeignKeysDeferred, withIndexesDeferred } from '../../db/tuning.ts';
import { fieldSpecs, personFieldSpecs, type ImportFileKind } from './imports.mapping.ts';
import { untimed, type PhaseTimer } from './imports.profile.ts';
import {
  anyDiffers,
  changedProvenance,
  householdColumns,
  householdStateJson,
  literal,
  personColumns,
} from './imports.sql.ts';

const run = (db: Db, text: string) => db.execute(sql.raw(text));
const rows = <T>(db: Db, text: string) => queryRows<T>(db, sql.raw(text));

/** The DTSEN header a staging column is reported under. */
const header = (kind: ImportFileKind, field: string) =>
  literal(fieldSpecs[kind].find((s) => s.field === field)!.headers[0]!);

/** The values of `column` a run's staged rows give more than once (a hash aggregate, not a sort of whole rows). */
const twice = (table: string, column: string, runId: number) =>
  `SELECT ${column} FROM ${table} WHERE run_id = ${runId} AND ${column} IS NOT NULL
   GROUP BY ${column} HAVING count(*) > 1`;

/** Context of one run's checks: its id, extract date and area (a region code prefix, or null for all). */
export interface RunContext {
  runId: number;
  extractDate: string;
  areaCode: string | null;
  source: string;
  createdBy: number | null;
}

/** True when the staged row `s` already has an error in the column reported under `header` (its own checks). */
const failed = (kind: ImportFileKind, field: string) =>
  `s.errors @? '$[*] ? (@[0] == ${header(kind, field).replaceAll("'", '"')})'`;

/**
 * Completes the validation of a run's staged rows. Each row's own checks ran while it was read (imports.rows.ts)
 * and travel with it; here they become the run's error rows, and the checks that need other rows or the registry
 * run over the staged tables: a KK or NIK given twice in a file, the KK's head count among the person rows, and a
 * person's household (in the file, or the registry within the area). Those come last among their column's
 * reasons, so a column that already failed its own checks is not reported again.
 */
export async function validateStaged(db: Db, ctx: RunContext): Promise<void> {
  const { runId } = ctx;
  for (const [file, table] of [
    ['household', 'import_household_stage'],
    ['person', 'import_person_stage'],
  ] as const)
    await run(
      db,
      `INSERT INTO import_error (run_id, file, row, "column", value, reason)
       SELECT ${runId}, '${file}', s.row, e->>0, e->>1, e->>2
       FROM ${table} s CROSS JOIN LATERAL jsonb_array_elements(s.errors) e
       WHERE s.run_id = ${runId} AND s.errors IS NOT NULL`,
    );
  await run(
    db,
    `INSERT INTO import_error (run_id, file, row, "column", value, reason)
     SELECT ${runId}, 'household', s.row, c.col, c.val, c.reason
     FROM (SELECT h.row, h.kk_number, h.errors, d.kk_number IS NOT NULL AS kk_twice, coalesce(p.heads, 0) AS heads
           FROM import_household_stage h
           LEFT JOIN (SELECT kk_number, count(*) FILTER (WHERE relationship = 'head') AS heads
                      FROM import_person_stage WHERE run_id = ${runId} GROUP BY kk_number) p
             ON p.kk_number = h.kk_number
           LEFT JOIN (${twice('import_household_stage', 'kk_number', runId)}) d ON d.kk_number = h.kk_number
           WHERE h.run_id = ${runId} AND (d.kk_number IS NOT NULL OR coalesce(p.heads, 0) <> 1)) s
     CROSS JOIN LATERAL (VALUES
       (${header('household', 'kk_number')}, s.kk_number,
        CASE WHEN NOT s.kk_twice OR ${failed('household', 'kk_number')} THEN NULL ELSE 'duplicate_in_file' END),
       ('HUBUNGAN_KELUARGA', s.heads::text, CASE WHEN s.heads <> 1 THEN 'head_count' END)) AS c(col, val, reason)
     WHERE c.reason IS NOT NULL`,
  );
  const area = ctx.areaCode === null ? 'true' : `h.kelurahan_code LIKE ${literal(`${ctx.areaCode}%`)}`;
  await run(
    db,
    `INSERT INTO import_error (run_id, file, row, "column", value, reason)
     SELECT ${runId}, 'person', s.row, c.col, c.val, c.reason
     FROM (SELECT p.row, p.kk_number, p.nik, p.errors, f.kk_number IS NOT NULL AS in_file,
             d.nik IS NOT NULL AS nik_twice
           FROM import_person_stage p
           LEFT JOIN (SELECT DISTINCT kk_number FROM import_household_stage WHERE run_id = ${runId}) f
             ON f.kk_number = p.kk_number
           LEFT JOIN (${twice('import_person_stage', 'nik', runId)}) d ON d.nik = p.nik
           WHERE p.run_id = ${runId} AND (f.kk_number IS NULL OR d.nik IS NOT NULL)) s
     CROSS JOIN LATERAL (VALUES
       (${header('person', 'kk_number')}, s.kk_number,
        CASE WHEN s.in_file OR s.kk_number IS NULL OR ${failed('person', 'kk_number')} THEN NULL
             WHEN NOT EXISTS (SELECT 1 FROM household h WHERE h.kk_number = s.kk_number AND (${area}))
             THEN 'unknown_household' END),
       (${header('person', 'nik')}, s.nik,
        CASE WHEN NOT s.nik_twice OR ${failed('person', 'nik')} THEN NULL ELSE 'duplicate_in_file' END))
       AS c(col, val, reason)
     WHERE c.reason IS NOT NULL`,
  );
}

const extractInstant = (ctx: RunContext) => `(${literal(ctx.extractDate)} || 'T00:00:00Z')::timestamptz`;

/** Staged person rows of a KK matched to the current members of its registry household by NIK. */
const matchedMembers = (runId: number, kkColumn: string) =>
  `SELECT s.*, h.id AS household_id, m.person_id, m.relationship AS current_relationship,
     m.position AS current_position
   FROM import_person_stage s
   JOIN household h ON h.kk_number = s.kk_number
   LEFT JOIN (household_member m JOIN person pp ON pp.id = m.person_id)
     ON m.household_id = h.id AND m.end_date IS NULL AND pp.nik = s.nik
   WHERE s.run_id = ${runId} AND s.kk_number = ${kkColumn}`;

/**
 * Decides what the run does with each household (KK) of the files: `held` when any of its rows is invalid,
 * `new` when the registry does not know it, otherwise `changed` or `unchanged` by comparing every field, member
 * and membership, and `stale` when it changed but the extract is not newer than the registry's version. The held
 * KKs are found once (the run's errors joined to their rows), not by a search of the errors per unit.
 */
export async function classifyUnits(db: Db, ctx: RunContext): Promise<void> {
  const { runId } = ctx;
  const extractAt = extractInstant(ctx);
  await run(
    db,
    `INSERT INTO import_unit (run_id, kk_number, action, household_id)
     SELECT ${runId}, u.kk_number,
       CASE
         WHEN held.kk_number IS NOT NULL THEN 'held'
         WHEN h.id IS NULL THEN 'new'
         WHEN NOT (
           EXISTS (SELECT 1 FROM import_household_stage s WHERE s.run_id = ${runId}
                   AND s.kk_number = u.kk_number AND ${anyDiffers(householdColumns, 'h')})
           OR EXISTS (SELECT 1 FROM (${matchedMembers(runId, 'u.kk_number')}) s
                      LEFT JOIN person p ON p.id = s.person_id
                      WHERE s.person_id IS NULL OR s.relationship IS DISTINCT FROM s.current_relationship
                        OR s.position::smallint IS DISTINCT FROM s.current_position
                        OR ${anyDiffers(personColumns, 'p')})
           OR EXISTS (SELECT 1 FROM household_member m JOIN person p ON p.id = m.person_id
                      WHERE m.household_id = h.id AND m.end_date IS NULL
                        AND NOT EXISTS (SELECT 1 FROM import_person_stage s WHERE s.run_id = ${runId}
                                        AND s.kk_number = u.kk_number AND s.nik = p.nik))
         ) THEN 'unchanged'
         WHEN h.valid_from >= ${extractAt} THEN 'stale'
         ELSE 'changed'
       END,
       h.id
     FROM (SELECT kk_number FROM import_household_stage WHERE run_id = ${runId}
           UNION
           SELECT kk_number FROM import_person_stage WHERE run_id = ${runId}
           -- The KK's shape is tested once per KK, not once per person row (OFFSET 0 keeps the test out here).
           OFFSET 0) u
     LEFT JOIN household h ON h.kk_number = u.kk_number
     LEFT JOIN (SELECT s.kk_number FROM import_error e JOIN import_household_stage s
                  ON s.run_id = e.run_id AND s.row = e.row
                WHERE e.run_id = ${runId} AND e.file = 'household'
                UNION
                SELECT s.kk_number FROM import_error e JOIN import_person_stage s
                  ON s.run_id = e.run_id AND s.row = e.row
                WHERE e.run_id = ${runId} AND e.file = 'person') held ON held.kk_number = u.kk_number
     WHERE u.kk_number ~ '^[0-9]{16}$'`,
  );
}

/** How many rows of each file have at least one error, and how many units take each action. */
export async function summariseRun(db: Db, runId: number): Promise<Record<string, number>> {
  const [row] = await rows<Record<string, string | number | null>>(
    db,
    `SELECT
       (SELECT count(*) FROM import_household_stage WHERE run_id = ${runId}) AS "householdRows",
       (SELECT count(*) FROM import_person_stage WHERE run_id = ${runId}) AS "personRows",
       (SELECT count(DISTINCT row) FROM import_error WHERE run_id = ${runId} AND file = 'household') AS "invalidHouseholdRows",
       (SELECT count(DISTINCT row) FROM import_error WHERE run_id = ${runId} AND file = 'person') AS "invalidPersonRows",
       (SELECT count(*) FROM import_error WHERE run_id = ${runId}) AS "errors",
       ${['new', 'changed', 'unchanged', 'stale', 'held']
         .map(
           (a) =>
             `(SELECT count(*) FROM import_unit WHERE run_id = ${runId} AND action = '${a}') AS "households${a[0]!.toUpperCase()}${a.slice(1)}"`,
         )
         .join(',\n')}`,
  );
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

/** The last KK of the next batch of units to apply after `cursor` (null when none is left); size null: all. */
export async function nextBatchEnd(
  db: Db,
  runId: number,
  cursor: string | null,
  size: number | null,
): Promise<string | null> {
  const [row] = await rows<{ last: string | null }>(
    db,
    `SELECT max(kk_number) AS last FROM (
       SELECT kk_number FROM import_unit WHERE run_id = ${runId} AND action IN ('new', 'changed')
         AND kk_number > ${literal(cursor ?? '')} ORDER BY kk_number LIMIT ${size ?? 'ALL'}) b`,
  );
  return row?.last ?? null;
}

const registryEmpty = `SELECT NOT EXISTS (SELECT 1 FROM household) AND NOT EXISTS (SELECT 1 FROM person)
  AND NOT EXISTS (SELECT 1 FROM household_member) AS empty`;

/** True when the registry has no households, persons or memberships (an initial load). */
export async function registryIsEmpty(db: Db): Promise<boolean> {
  const [row] = await rows<{ empty: boolean }>(db, registryEmpty);
  return row!.empty;
}

/**
 * Runs `work` (the apply of a whole run) as an initial load: the registry tables are locked and, if they are
 * still empty, all indexes of household, person and household_member — primary keys and unique indexes too — are
 * dropped and rebuilt after it (one sort each instead of an insertion per row), and the foreign keys of
 * household_member and household, and those of other tables resting on their keys, are re-added after it (each
 * checked by one join instead of a lookup per row; the other tables are empty, as nothing can reference an empty
 * registry). A duplicate the checks missed fails the rebuild of its unique index and with it the whole load.
 * Readers of the registry wait for the load's commit; an empty registry has nothing to read. If another writer got
 * in first, `work` runs with indexes and keys in place.
 */
export async function asInitialLoad<T>(tx: Db, work: (empty: boolean) => Promise<T>): Promise<T> {
  await run(tx, 'LOCK TABLE household, person, household_member IN ACCESS EXCLUSIVE MODE');
  const [row] = await rows<{ empty: boolean }>(tx, registryEmpty);
  if (!row!.empty) return work(false);
  return withForeignKeysDeferred(tx, ['household_member', 'household'], () =>
    withIndexesDeferred(tx, 'household_member', () =>
      withIndexesDeferred(tx, 'person', () => withIndexesDeferred(tx, 'household', () => work(true))),
    ),
  );
}

async function count(db: Db, text: string): Promise<number> {
  const [row] = await rows<{ n: string | number }>(
    db,
    `WITH w AS (${text} RETURNING 1) SELECT count(*) AS n FROM w`,
  );
  return Number(row!.n);
}

/**
 * Applies the units with KK in (from, to] in set-based statements: the replaced state of each changed household
 * goes to household_version, changed households and persons are updated with per-field provenance, members
 * missing from the extract leave, new households, persons and memberships are inserted.
 */
export async function applyBatch(
  db: Db,
  ctx: RunContext,
  range: { from: string | null; to: string },
  time: PhaseTimer = untimed,
  options: { lockedRegistry?: boolean; emptyRegistry?: boolean } = {},
): Promise<Record<string, number>> {
  const { runId } = ctx;
  const at = extractInstant(ctx);
  const entry = `jsonb_build_object('source', ${literal(ctx.source)}, 'actorId', ${ctx.createdBy ?? 'NULL'}::int,
    'at', ${literal(`${ctx.extractDate}T00:00:00.000Z`)})`;
  const inBatch = (col: string, actions: string) =>
    `${col} IN (SELECT kk_number FROM import_unit WHERE run_id = ${runId} AND action IN ${actions}
      AND kk_number > ${literal(range.from ?? '')} AND kk_number <= ${literal(range.to)})`;
  const changed = (col: string) => inBatch(col, `('changed')`);
  const [units] = await rows<{ changed: number; new: number }>(
    db,
    `SELECT count(*) FILTER (WHERE action = 'changed')::int AS changed, count(*) FILTER (WHERE action = 'new')::int AS new
     FROM import_unit WHERE run_id = ${runId} AND kk_number > ${literal(range.from ?? '')}
       AND kk_number <= ${literal(range.to)}`,
  );
  // Statements for units the batch does not have are skipped (an initial load has only new ones).
  const when = async (some: number, work: () => Promise<number>) => (some > 0 ? work() : 0);
  const versions = await when(units!.changed, () =>
    time('apply: household_version snapshots', () =>
      count(
        db,
        `INSERT INTO household_version (household_id, version, valid_from, valid_to, snapshot, changed_by,
       change_source, change_reason)
     SELECT h.id, h.version, h.valid_from, ${at}, ${householdStateJson('h')}, ${ctx.createdBy ?? 'NULL'},
       ${literal(ctx.source)}, ${literal(`import run ${runId} (extract ${ctx.extractDate})`)}
     FROM household h WHERE ${changed('h.kk_number')}`,
      ),
    ),
  );
  await when(units!.changed, () =>
    time('apply: household version bump', () =>
      count(
        db,
        `UPDATE household h SET version = h.version + 1, valid_from = ${at}
     WHERE ${changed('h.kk_number')}`,
      ),
    ),
  );
  const householdsUpdated = await when(units!.changed, () =>
    time('apply: household update', () =>
      count(
        db,
        `UPDATE household h SET ${householdColumns.map(([c, e]) => `${c} = ${e}`).join(', ')},
       provenance = h.provenance || ${changedProvenance(householdColumns, 'h', entry)}
     FROM import_household_stage s
     WHERE s.run_id = ${runId} AND s.kk_number = h.kk_number AND ${changed('h.kk_number')}
       AND ${anyDiffers(householdColumns, 'h')}`,
      ),
    ),
  );
  const personsUpdated = await when(units!.changed, () =>
    time('apply: person update', () =>
      count(
        db,
        `UPDATE person p SET ${personColumns.map(([c, e]) => `${c} = ${e}`).join(', ')},
       provenance = p.provenance || ${changedProvenance(personColumns, 'p', entry)}
     FROM (${matchedMembers(runId, 's.kk_number')} AND ${changed('s.kk_number')}) s
     WHERE p.id = s.person_id AND ${anyDiffers(personColumns, 'p')}`,
      ),
    ),
  );
  await when(units!.changed, () =>
    time('apply: membership update', () =>
      count(
        db,
        `UPDATE household_member m SET relationship = s.relationship, position = s.position::smallint
     FROM (${matchedMembers(runId, 's.kk_number')} AND ${changed('s.kk_number')}) s, household h
     WHERE m.person_id = s.person_id AND m.end_date IS NULL AND h.id = m.household_id
       AND h.kk_number = s.kk_number
       AND (m.relationship, m.position) IS DISTINCT FROM (s.relationship, s.position::smallint)`,
      ),
    ),
  );
  const membersEnded = await when(units!.changed, () =>
    time('apply: memberships ended', () =>
      count(
        db,
        `UPDATE household_member m SET end_date = ${literal(ctx.extractDate)}::date
     FROM household h, person p
     WHERE h.id = m.household_id AND p.id = m.person_id AND m.end_date IS NULL AND ${changed('h.kk_number')}
       AND NOT EXISTS (SELECT 1 FROM import_person_stage s WHERE s.run_id = ${runId}
                       AND s.kk_number = h.kk_number AND s.nik = p.nik)`,
      ),
    ),
  );
  const householdsInserted = await when(units!.new, () =>
    time('apply: household insert', () =>
      count(
        db,
        `INSERT INTO household (${householdColumns.map(([c]) => c).join(', ')}, version, valid_from, source)
     SELECT ${householdColumns.map(([, e]) => e).join(', ')}, 1, ${at}, ${literal(ctx.source)}
     FROM import_household_stage s WHERE s.run_id = ${runId} AND ${inBatch('s.kk_number', `('new')`)}`,
      ),
    ),
  );
  // New persons: those of new households, and rows of changed households no current member matches. Their ids
  // come from person's sequence one by one, or, while this transaction holds the registry's exclusive lock (no
  // one else can take ids for persons), as one block from the sequence's next value, set past it afterwards.
  const sequence = `pg_get_serial_sequence('person', 'id')`;
  // The block is numbered by the rows' numbers in the person file (unique in a run): no window over the whole batch.
  const newPersonId = options.lockedRegistry
    ? `(SELECT nextval(${sequence})) + s.row`
    : `nextval(${sequence})`;
  // Only what the inserts read goes into the materialised rows.
  const carried = [
    ...personFieldSpecs.map((f) => f.field).filter((f) => f !== 'kk_number'),
    'household_id',
  ].map((c) => `s.${c}`);
  // Into an empty registry no person row can match a current member: the rows of the batch's households as they are.
  const incoming = options.emptyRegistry
    ? `SELECT s.*, h.id AS household_id, NULL::bigint AS person_id
       FROM import_person_stage s JOIN household h ON h.kk_number = s.kk_number
       WHERE s.run_id = ${runId} AND ${inBatch('s.kk_number', `('new')`)}`
    : `${matchedMembers(runId, 's.kk_number')} AND ${inBatch('s.kk_number', `('new', 'changed')`)}`;
  // The households just inserted into an empty table: the planner needs their number to join them.
  if (options.emptyRegistry) await run(db, 'ANALYZE household');
  const personsInserted = await when(units!.new + units!.changed, () =>
    time('apply: person and membership insert', async () => {
      const [inserted] = await rows<{ n: string | number }>(
        db,
        `WITH incoming AS MATERIALIZED (
       SELECT ${carried.join(', ')}, ${newPersonId} AS new_id
       FROM (${incoming}) s
       WHERE s.person_id IS NULL),
     persons AS (
       INSERT INTO person (id, ${personColumns.map(([c]) => c).join(', ')}, source)
       SELECT s.new_id, ${personColumns.map(([, e]) => e).join(', ')}, ${literal(ctx.source)} FROM incoming s
       RETURNING 1),
     members AS (
       INSERT INTO household_member (household_id, person_id, relationship, start_date, position)
       SELECT s.household_id, s.new_id, s.relationship, ${literal(ctx.extractDate)}::date, s.position::smallint
       FROM incoming s
       RETURNING 1)
     SELECT (SELECT count(*) FROM persons) + 0 * (SELECT count(*) FROM members) AS n`,
      );
      if (options.lockedRegistry)
        await run(
          db,
          `SELECT setval(${sequence}, x.top) FROM (SELECT max(id) AS top FROM person) x
           WHERE x.top > coalesce(pg_sequence_last_value(${sequence}::regclass), 0)`,
        );
      return Number(inserted!.n);
    }),
  );
  return { versions, householdsInserted, householdsUpdated, personsInserted, personsUpdated, membersEnded };
}

/**
 * Removes a run's staged rows once it is finished (errors and units stay for the report): TRUNCATE when no other
 * run has rows staged (under the table's exclusive lock, so none can appear meanwhile), else DELETE of its rows.
 */
/** True while the run's household rows are in the staging table (staged and not yet cleared). */
export async function hasStagedRows(db: Db, runId: number): Promise<boolean> {
  const [row] = await rows<{ found: boolean }>(
    db,
    `SELECT EXISTS (SELECT 1 FROM import_household_stage WHERE run_id = ${Number(runId)}) AS found`,
  );
  return row!.found;
}

export async function clearStage(db: Db, runId: number): Promise<void> {
  for (const table of ['import_household_stage', 'import_person_stage']) {
    await db.transaction(async (tx) => {
      await run(tx, `LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      const [other] = await rows<{ found: boolean }>(
        tx,
        `SELECT EXISTS (SELECT 1 FROM ${table} WHERE run_id < ${runId})
           OR EXISTS (SELECT 1 FROM ${table} WHERE run_id > ${runId}) AS found`,
      );
      await run(tx, other!.found ? `DELETE FROM ${table} WHERE run_id = ${runId}` : `TRUNCATE ${table}`);
    });
  }
}
