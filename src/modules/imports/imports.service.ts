import { stat } from 'node:fs/promises';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Database, type Db } from '../../db/client.ts';
import { tuneBulkTransaction } from '../../db/tuning.ts';
import { runDeduplication } from '../dedup/dedup.service.ts';
import { AppError, validationError } from '../../http/errors.ts';
import type { ColumnMapping } from './imports.mapping.ts';
import {
  applyBatch,
  asInitialLoad,
  classifyUnits,
  clearStage,
  hasStagedRows,
  nextBatchEnd,
  registryIsEmpty,
  summariseRun,
  validateStaged,
  type RunContext,
} from './imports.repository.ts';
import { untimed, type PhaseTimer } from './imports.profile.ts';
import { importRun, type ImportMode } from './imports.schema.ts';
import { rowContext, stageFile } from './imports.stage.ts';

export interface ImportRequest {
  householdFile: string;
  personFile: string;
  /** Source name: registry rows carry `import:<name>`. */
  name: string;
  /** The date of the extract (ISO day): changes are valid from it; older than the registry → not applied. */
  extractDate: string;
  mode: ImportMode;
  /** Region code prefix the import may write (kota_tkpk), or null for the whole province. */
  areaCode?: string | null;
  createdBy?: number | null;
  mapping?: ColumnMapping;
  /** Households per apply transaction. */
  batchSize?: number;
}

export interface ImportProgress {
  (done: number, total: number, message: string): void;
}

export type ImportRunRow = typeof importRun.$inferSelect;

const defaultBatchSize = 5000;

function checkRequest(request: ImportRequest): void {
  const issues = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(request.extractDate) || Number.isNaN(Date.parse(request.extractDate)))
    issues.push({
      path: 'extractDate',
      reason: 'not_a_date',
      message: 'Give the extract date as YYYY-MM-DD.',
    });
  if (!/^[A-Za-z0-9_.-]{1,60}$/.test(request.name))
    issues.push({ path: 'name', reason: 'invalid', message: 'Use letters, digits, `_`, `.` or `-`.' });
  if (request.areaCode != null && !/^[0-9.]{2,13}$/.test(request.areaCode))
    issues.push({ path: 'areaCode', reason: 'invalid', message: 'Not a region code.' });
  if (issues.length > 0) throw validationError(issues);
}

/** ANALYZE of the tables an import's statements join, so they are planned for their current sizes. */
async function analyse(db: Db, tables: string[]): Promise<void> {
  for (const table of tables) await db.execute(sql.raw(`ANALYZE ${table}`));
}

function contextOf(run: ImportRunRow): RunContext {
  return {
    runId: run.id,
    extractDate: run.extractDate,
    areaCode: run.areaCode,
    source: `import:${run.name}`,
    createdBy: run.createdBy,
  };
}

async function loadRun(db: Db, runId: number): Promise<ImportRunRow> {
  const [run] = await db.select().from(importRun).where(eq(importRun.id, runId));
  if (!run) throw new AppError('NOT_FOUND', `Import run ${runId} does not exist.`);
  return run;
}

/** Creates the run row; the import itself is `stageImport` then `applyImport` (or `runImport` for both). */
export async function createImportRun(db: Db, request: ImportRequest): Promise<ImportRunRow> {
  checkRequest(request);
  const [run] = await db
    .insert(importRun)
    .values({
      name: request.name,
      extractDate: request.extractDate,
      mode: request.mode,
      householdFile: request.householdFile,
      personFile: request.personFile,
      areaCode: request.areaCode ?? null,
      createdBy: request.createdBy ?? null,
    })
    .returning();
  return run!;
}

/**
 * Stage: both files streamed through the row checks into the staging tables (COPY), the checks across rows run in
 * SQL, and each household's action decided. Ends `staged`, or `rejected` (all-or-nothing with any error; nothing is applied).
 */
export async function stageImport(
  database: Database,
  run: ImportRunRow,
  options: { mapping?: ColumnMapping; onProgress?: ImportProgress; timer?: PhaseTimer } = {},
): Promise<ImportRunRow> {
  const { db } = database;
  const progress = options.onProgress ?? (() => undefined);
  const time = options.timer ?? untimed;
  try {
    const context = await rowContext(database, run);
    // Reading is measured in bytes of both files (a workbook's row count is not known before it is read).
    const sizes = [(await stat(run.householdFile)).size, (await stat(run.personFile)).size] as const;
    const totalBytes = sizes[0] + sizes[1];
    await time('stage households (read, check, COPY)', () =>
      stageFile(
        database,
        { id: run.id, mapping: options.mapping },
        context,
        'household',
        run.householdFile,
        (n, bytes) => progress(Math.min(bytes, sizes[0]), totalBytes, `membaca rumah tangga: ${n}`),
      ),
    );
    await time('stage persons (read, check, COPY)', () =>
      stageFile(
        database,
        { id: run.id, mapping: options.mapping },
        context,
        'person',
        run.personFile,
        (n, bytes) => progress(sizes[0] + Math.min(bytes, sizes[1]), totalBytes, `membaca anggota: ${n}`),
      ),
    );
    progress(totalBytes, totalBytes, 'memeriksa baris');
    const ctx = contextOf(run);
    // Fresh statistics, so the checks' joins are planned for the rows just staged.
    await time('analyse (stage)', () =>
      analyse(db, [
        'import_household_stage',
        'import_person_stage',
        'household',
        'person',
        'household_member',
      ]),
    );
    await db.transaction(async (tx) => {
      await tuneBulkTransaction(tx);
      await time('validate', () => validateStaged(tx, ctx));
      await time('classify', () => classifyUnits(tx, ctx));
    });
    // The apply joins the units just classified: planned for their real number, not the table's last count.
    await time('analyse (units)', () => analyse(db, ['import_unit']));
    const counts = await time('summarise', () => summariseRun(db, run.id));
    const rejected = run.mode === 'all-or-nothing' && counts.errors! > 0;
    await db
      .update(importRun)
      .set({
        status: rejected ? 'rejected' : 'staged',
        counts,
        ...(rejected ? { finishedAt: new Date() } : {}),
      })
      .where(eq(importRun.id, run.id));
    if (rejected) await clearStage(db, run.id);
    return loadRun(db, run.id);
  } catch (error) {
    await clearStage(db, run.id);
    await db
      .update(importRun)
      .set({ status: 'failed', error: (error as Error).message, finishedAt: new Date() })
      .where(eq(importRun.id, run.id));
    throw error;
  }
}

const addCounts = (counts: unknown, add: Record<string, number>) => {
  const base = { ...(counts as Record<string, number>) };
  for (const [k, v] of Object.entries(add)) base[k] = (base[k] ?? 0) + v;
  return base;
};

/** How many new and changed units of a run have KK up to `cursor` (applied before a resume). */
async function unitsUpTo(db: Db, runId: number, cursor: string): Promise<number> {
  const [row] = await queryRows<{ done: number }>(
    db,
    sql`SELECT count(*)::int AS done FROM import_unit WHERE run_id = ${runId}
        AND action IN ('new', 'changed') AND kk_number <= ${cursor}`,
  );
  return row?.done ?? 0;
}

/**
 * Apply: units in KK order, one transaction per batch of whole households, each committing its changes with the
 * advanced cursor and counts. A killed process calls this again and continues after the cursor.
 */
export async function applyImport(
  database: Database,
  runId: number,
  options: {
    batchSize?: number;
    onProgress?: ImportProgress;
    /** Run deduplication over the imported persons once applied (the CLI and API do). */
    deduplicate?: boolean;
    /** Called after each committed batch (the kill-and-resume test kills the process here). */
    onBatchCommitted?: (batches: number) => void;
    timer?: PhaseTimer;
  } = {},
): Promise<ImportRunRow> {
  const { db } = database;
  const time = options.timer ?? untimed;
  let run = await loadRun(db, runId);
  if (run.status === 'completed' || run.status === 'rejected') return run;
  if (run.status !== 'staged' && run.status !== 'applying') {
    throw new AppError('CONFLICT', `Import run ${runId} is ${run.status}; it cannot be applied.`);
  }
  const ctx = contextOf(run);
  const size = options.batchSize ?? defaultBatchSize;
  const counts = run.counts as Record<string, number>;
  const total = (counts.householdsNew ?? 0) + (counts.householdsChanged ?? 0);
  let batches = 0;
  let cursor = run.cursor;
  // Households applied before a resume; then each batch adds its new and changed ones.
  let done = cursor === null ? 0 : await unitsUpTo(db, runId, cursor);
  if (done < total && !(await hasStagedRows(db, runId))) {
    // Nothing left to apply from: the run fails instead of completing with half its households.
    const message = `The staged rows of import run ${runId} are gone; upload the files again.`;
    await db
      .update(importRun)
      .set({ status: 'failed', error: message, finishedAt: new Date() })
      .where(eq(importRun.id, runId));
    throw new AppError('CONFLICT', message);
  }
  await db.update(importRun).set({ status: 'applying' }).where(eq(importRun.id, runId));
  for (;;) {
    // Into an empty registry the whole run is one batch with deferred indexes and keys (see asInitialLoad).
    const initial = cursor === null && (await registryIsEmpty(db));
    const end = await time('apply: next batch end', () =>
      nextBatchEnd(db, runId, cursor, initial ? null : size),
    );
    if (end === null) break;
    const from = cursor;
    const applied = await time('apply batch (whole transaction)', () =>
      db.transaction(async (tx) => {
        await tuneBulkTransaction(tx);
        const counted = initial
          ? await asInitialLoad(tx, (empty) =>
              applyBatch(tx, ctx, { from, to: end }, time, { lockedRegistry: true, emptyRegistry: empty }),
            )
          : await applyBatch(tx, ctx, { from, to: end }, time);
        const [current] = await tx.select().from(importRun).where(eq(importRun.id, runId)).for('update');
        await tx
          .update(importRun)
          .set({
            cursor: end,
            batchesDone: current!.batchesDone + 1,
            counts: addCounts(current!.counts, counted),
          })
          .where(eq(importRun.id, runId));
        return counted;
      }),
    );
    cursor = end;
    batches += 1;
    // An empty registry grows fast: after the first batch, let the planner see its real size.
    if (batches === 1)
      await time('analyse (after first batch)', () =>
        analyse(db, ['household', 'person', 'household_member', 'import_unit']),
      );
    done += applied.householdsInserted! + applied.versions!;
    options.onProgress?.(done, total, `menerapkan: ${done}/${total} rumah tangga`);
    options.onBatchCommitted?.(batches);
  }
  await time('clear stage', () => clearStage(db, runId));
  await db
    .update(importRun)
    .set({ status: 'completed', finishedAt: new Date() })
    .where(eq(importRun.id, runId));
  run = await loadRun(db, runId);
  if (options.deduplicate) await deduplicateImported(database, run);
  return run;
}

/**
 * After an import: deduplication (issue 6 part 2) of the persons of the households the run added or changed,
 * against the whole registry.
 */
async function deduplicateImported(database: Database, run: ImportRunRow): Promise<void> {
  const persons = await queryRows<{ id: number }>(
    database.db,
    sql`SELECT DISTINCT m.person_id::int AS id FROM import_unit u
        JOIN household h ON h.kk_number = u.kk_number
        JOIN household_member m ON m.household_id = h.id AND m.end_date IS NULL
        WHERE u.run_id = ${run.id} AND u.action IN ('new', 'changed')`,
  );
  if (persons.length === 0) return;
  await runDeduplication(database.db, { personIds: persons.map((p) => p.id), startedBy: run.createdBy });
}

/** Stage and apply in one call (the CLI's and the job's way). */
export async function runImport(
  database: Database,
  request: ImportRequest,
  hooks: {
    onProgress?: ImportProgress;
    onBatchCommitted?: (batches: number) => void;
    deduplicate?: boolean;
    timer?: PhaseTimer;
  } = {},
): Promise<ImportRunRow> {
  const created = await createImportRun(database.db, request);
  const staged = await stageImport(database, created, {
    mapping: request.mapping,
    onProgress: hooks.onProgress,
    timer: hooks.timer,
  });
  if (staged.status !== 'staged') return staged;
  return applyImport(database, staged.id, { batchSize: request.batchSize, ...hooks });
}
