import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { JobContext, JobDefinition } from '../jobs/jobs.service.ts';
import { importRun } from './imports.schema.ts';
import { applyImport, stageImport, type ImportRunRow } from './imports.service.ts';
import { removeUploads } from './imports.upload.ts';

export const importJobName = 'imports.run';

const payload = z.object({ runId: z.number().int().positive() }).strict();

export interface ImportJobResult {
  runId: number;
  status: ImportRunRow['status'];
  counts: Record<string, number>;
}

/** Progress in percent: reading the files 0–40, checking 40–50, applying 50–95, deduplicating 95–100. */
const readShare = 40;
const checked = 50;
const applied = 95;

/** Reads and checks the uploaded files into the staging tables, then deletes them (the rows are staged). */
async function stageUploads(ctx: JobContext, run: ImportRunRow): Promise<ImportRunRow> {
  try {
    ctx.progress(0, 100, 'membaca berkas');
    return await stageImport(ctx.database, run, {
      onProgress: (done, total, message) =>
        ctx.progress(Math.min(readShare, Math.floor((readShare * done) / Math.max(total, 1))), 100, message),
    });
  } finally {
    await removeUploads([run.householdFile, run.personFile]);
  }
}

/**
 * The background job behind `POST /imports`: stages the uploaded files (then deletes them: the rows are in the
 * staging tables), applies the run, and deduplicates the imported persons, reporting progress as it goes.
 */
export const importRunJob: JobDefinition<z.infer<typeof payload>, ImportJobResult> = {
  name: importJobName,
  payload,
  // Staging starts from the files, which are gone afterwards: a run that failed while staging is uploaded again; one
  // interrupted while applying is resumed (POST /imports/{id}/resume).
  maxAttempts: 1,
  async run(ctx, { runId }) {
    const { db } = ctx.database;
    const [created] = await db.select().from(importRun).where(eq(importRun.id, runId));
    if (!created) throw new Error(`Import run ${runId} does not exist.`);
    let run = created;
    // Started again after an interruption (POST /imports/{id}/resume): the rows are staged already, so the job
    // goes on applying after the run's cursor.
    if (run.status === 'staging') run = await stageUploads(ctx, run);
    if (run.status === 'staged' || run.status === 'applying') {
      ctx.progress(checked, 100, 'menerapkan perubahan');
      run = await applyImport(ctx.database, runId, {
        deduplicate: true,
        onProgress: (done, total, message) =>
          ctx.progress(checked + Math.floor(((applied - checked) * done) / Math.max(total, 1)), 100, message),
      });
    }
    ctx.progress(100, 100, run.status === 'rejected' ? 'ditolak' : 'selesai');
    return { runId, status: run.status, counts: run.counts as Record<string, number> };
  },
};
