/**
 * Imports from the web: who may import (the secretariat for the province, a kota TKPK for its kota), starting an
 * uploaded import as a background job (audited), and the runs a user may see with their job's progress.
 */
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { AppContext, SessionUser } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { appUser } from '../access/access.schema.ts';
import { isRegionInArea } from '../access/access.scope.ts';
import { appendToAuditChain } from '../audit/audit.service.ts';
import { job } from '../jobs/jobs.schema.ts';
import { codeWithin } from '../regions/region-sql.ts';
import type { ImportRunView } from './imports.contracts.ts';
import { importJobName } from './imports.jobs.ts';
import { importRun, type ImportMode } from './imports.schema.ts';
import { createImportRun } from './imports.service.ts';
import { checkUploads, removeUploads, storeUploads, type UploadedFile } from './imports.upload.ts';

/** Imports are for the secretariat, and for a kota TKPK within its own area. */
export function requireImporter(user: SessionUser): void {
  if (user.role !== 'secretariat' && user.role !== 'kota_tkpk')
    throw new AppError('FORBIDDEN', 'Only the TKPK secretariat or a kota TKPK may import extracts.');
}

/** The area an importer's runs may write: none for the secretariat (the province), the kota for a kota TKPK. */
const importArea = (user: SessionUser) => (user.role === 'secretariat' ? null : user.regionCode);

/** A run is visible to the secretariat, and to a kota TKPK when it was limited to (a part of) its kota. */
export function canSeeRun(user: SessionUser, run: { areaCode: string | null }): boolean {
  if (user.role === 'secretariat') return true;
  return user.role === 'kota_tkpk' && run.areaCode !== null && isRegionInArea(run.areaCode, user.regionCode);
}

const runScope = (user: SessionUser): SQL =>
  user.role === 'secretariat' ? sql`true` : codeWithin(importRun.areaCode, user.regionCode);

export interface WebImportRequest {
  householdFile: UploadedFile;
  personFile?: UploadedFile;
  name: string;
  extractDate: string;
  mode: ImportMode;
}

/**
 * Checks and stores the files, creates the run (limited to the user's kota for a kota TKPK: rows outside it are
 * refused as `outside_area`), records the upload in the audit log in the same transaction, and queues the job.
 */
export async function startWebImport(
  ctx: AppContext,
  user: SessionUser,
  request: WebImportRequest,
): Promise<{ runId: number; jobId: number }> {
  requireImporter(user);
  // Without a person file, the household workbook must hold the person sheet too; it is stored once.
  const personFile = request.personFile ?? { ...request.householdFile, kind: 'person' as const };
  const checked = await checkUploads([request.householdFile, personFile], ctx.config.importMaxBytes);
  const paths = await storeUploads(ctx.config.dataDir, request.personFile ? checked : checked.slice(0, 1));
  const [householdPath, personPath = householdPath] = paths;
  let runId: number;
  try {
    runId = await ctx.database.db.transaction(async (tx) => {
      const run = await createImportRun(tx, {
        householdFile: householdPath!,
        personFile: personPath!,
        name: request.name,
        extractDate: request.extractDate,
        mode: request.mode,
        areaCode: importArea(user),
        createdBy: user.id,
      });
      await appendToAuditChain(tx, [
        {
          actor: user,
          entry: {
            action: 'create',
            subjectType: 'import_run',
            subjectId: run.id,
            regionCode: run.areaCode ?? user.regionCode,
            purpose: 'bulk import of a registry extract (web upload)',
            details: {
              name: run.name,
              extractDate: run.extractDate,
              mode: run.mode,
              files: checked.map((f) => ({
                kind: f.kind,
                field: f.field,
                fileName: f.fileName,
                bytes: f.bytes.length,
                sha256: f.sha256,
              })),
            },
          },
        },
      ]);
      return run.id;
    });
  } catch (error) {
    await removeUploads(paths);
    throw error;
  }
  const jobId = await ctx.jobs.enqueue(importJobName, { runId }, user.id);
  return { runId, jobId };
}

/** Runs with their creator's name and their latest import job (a web upload's), newest first. */
async function selectRuns(db: Db, where: SQL, limit: number, offset: number) {
  const latestJob = sql`(SELECT j.id FROM ${job} j WHERE j.name = ${importJobName}
      AND (j.payload ->> 'runId')::int = ${importRun.id} ORDER BY j.id DESC LIMIT 1)`;
  return db
    .select({
      run: importRun,
      creator: appUser.displayName,
      job: {
        id: job.id,
        status: job.status,
        progress: job.progress,
        total: job.total,
        message: job.message,
      },
    })
    .from(importRun)
    .leftJoin(appUser, eq(appUser.id, importRun.createdBy))
    .leftJoin(job, eq(job.id, latestJob))
    .where(where)
    .orderBy(desc(importRun.id))
    .limit(limit)
    .offset(offset);
}

function present(row: Awaited<ReturnType<typeof selectRuns>>[number]): ImportRunView {
  const { run } = row;
  const counts = Object.fromEntries(
    Object.entries((run.counts ?? {}) as Record<string, unknown>).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number',
    ),
  );
  return {
    id: run.id,
    name: run.name,
    extractDate: run.extractDate,
    mode: run.mode,
    status: run.status,
    areaCode: run.areaCode,
    counts,
    errorCount: counts.errors ?? 0,
    error: run.error,
    createdBy: row.creator ?? null,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    job: row.job?.id == null ? null : row.job,
  };
}

/** One page of the runs the user may see, newest first. */
export async function listImportRuns(
  db: Db,
  user: SessionUser,
  page: { page: number; pageSize: number },
): Promise<{ items: ImportRunView[]; total: number }> {
  requireImporter(user);
  const where = runScope(user);
  const [rows, [count]] = await Promise.all([
    selectRuns(db, where, page.pageSize, (page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(importRun)
      .where(where),
  ]);
  return { items: rows.map(present), total: count?.n ?? 0 };
}

/** One run the user may see (404 otherwise, so runs of other areas are not revealed). */
export async function getImportRun(db: Db, user: SessionUser, id: number): Promise<ImportRunView> {
  requireImporter(user);
  const [row] = await selectRuns(db, sql`${importRun.id} = ${id} AND ${runScope(user)}`, 1, 0);
  if (!row) throw new AppError('NOT_FOUND', `Import run ${id} does not exist.`);
  return present(row);
}

/**
 * Starts an interrupted run's job again (the server stopped while it ran: its job was marked failed at start). A
 * run whose rows are staged goes on applying after its cursor, so no household is applied twice or by half. A run
 * interrupted while its files were read cannot continue (the files are gone or partial): it is uploaded again.
 */
export async function resumeWebImport(
  ctx: AppContext,
  user: SessionUser,
  id: number,
): Promise<{ runId: number; jobId: number }> {
  const run = await getImportRun(ctx.database.db, user, id);
  if (run.job && (run.job.status === 'queued' || run.job.status === 'running'))
    throw new AppError('CONFLICT', `Import run ${id} is still running (job ${run.job.id}).`);
  if (run.status !== 'staged' && run.status !== 'applying')
    throw new AppError(
      'CONFLICT',
      run.status === 'staging'
        ? `Import run ${id} stopped while its files were read; upload the files again.`
        : `Import run ${id} is ${run.status}; there is nothing to resume.`,
    );
  const jobId = await ctx.jobs.enqueue(importJobName, { runId: id }, user.id);
  return { runId: id, jobId };
}
