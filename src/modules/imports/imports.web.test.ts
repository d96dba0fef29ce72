import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import {
  insertTestRegions,
  loginAs,
  request,
  type TestApp,
  type TestSession,
} from '../access/access.test-support.ts';
import { job } from '../jobs/jobs.schema.ts';
import type { ImportRunView } from './imports.contracts.ts';
import { importJobName } from './imports.jobs.ts';
import { importRun } from './imports.schema.ts';
import { applyImport, createImportRun, stageImport } from './imports.service.ts';
import {
  householdRow,
  personRow,
  tempDir,
  writeCsvExtract,
  writeXlsxExtract,
  type Row,
} from './imports.test-support.ts';
import { uploadFolder } from './imports.upload.ts';

const password = 'demo-password-1';
const gambir = '31.71.01.1001'; // Jakarta Pusat
const penjaringan = '31.72.01.1001'; // Jakarta Utara, the demo kota TKPK's kota
const maxBytes = 16 * 1024;

/** `count` households of `size` members in `kelurahan`; NIK sequences from `firstSequence` (unique per test). */
function extract(count: number, size: number, kelurahan: string, firstKk: bigint, firstSequence: number) {
  const households: Row[] = [];
  const persons: Row[] = [];
  for (let i = 0; i < count; i++) {
    const kk = String(firstKk + BigInt(i));
    households.push(householdRow(kk, kelurahan));
    for (let p = 1; p <= size; p++) persons.push(personRow(kk, p, firstSequence + i * 10 + p));
  }
  return { households, persons };
}

const fileOf = (path: string, name = path.split('/').at(-1)!) => new File([readFileSync(path)], name);

function uploadForm(files: Record<string, File>, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [key, file] of Object.entries(files)) form.append(key, file);
  for (const [key, value] of Object.entries({ extractDate: '2026-01-31', ...fields }))
    form.append(key, value);
  return form;
}

interface Issue {
  path: string;
  reason: string;
}
const issuesOf = async (response: Response) =>
  ((await response.json()) as { error: { details: { issues: Issue[] } } }).error.details.issues;

describeEachDatabase(
  'imports from the web',
  (env) => {
    const dir = tempDir();
    const dataDir = join(tempDir(), 'data');
    let app: TestApp;
    let secretariat: TestSession;
    let kota: TestSession;
    const db = () => env().ctx.database.db;
    const uploadsLeft = () => (existsSync(uploadFolder(dataDir)) ? readdirSync(uploadFolder(dataDir)) : []);

    async function counts() {
      const [row] = await queryRows<{ runs: number; jobs: number; audits: number }>(
        db(),
        sql`SELECT (SELECT count(*)::int FROM import_run) AS runs, (SELECT count(*)::int FROM job) AS jobs,
              (SELECT count(*)::int FROM audit_log WHERE subject_type = 'import_run') AS audits`,
      );
      return row!;
    }

    async function upload(session: TestSession, form: FormData) {
      return request(app, 'POST', '/imports', { session, form });
    }

    /** Uploads, waits for the job, and reads the run as the API presents it. */
    async function importAndWait(session: TestSession, form: FormData) {
      const response = await upload(session, form);
      expect(response.status, await response.clone().text()).toBe(202);
      const started = (await response.json()) as { runId: number; jobId: number };
      await env().ctx.jobs.idle();
      const read = await request(app, 'GET', `/imports/${started.runId}`, { session });
      expect(read.status).toBe(200);
      return { started, run: (await read.json()) as ImportRunView };
    }

    beforeAll(async () => {
      const ctx = env().ctx;
      app = createApp({ ...ctx, config: { ...ctx.config, dataDir, importMaxBytes: maxBytes } });
      secretariat = await loginAs(app, 'sekretariat', password);
      kota = await loginAs(app, 'tkpk.jakut', password);
    });

    it('imports an uploaded CSV pair as a job: counts, held rows, error report, audit, files removed', async () => {
      const data = extract(3, 2, gambir, 3171010105000001n, 100);
      // A fourth household whose second member has a malformed NIK: held back whole in valid-only mode.
      const held = String(3171010105000004n);
      data.households.push(householdRow(held, gambir));
      data.persons.push(
        personRow(held, 1, 140),
        personRow(held, 2, 141, { NIK: '12345', PENDIDIKAN: '=1+2' }),
      );
      const files = writeCsvExtract(dir, 'web-a', data);
      const { started, run } = await importAndWait(
        secretariat,
        uploadForm(
          // A client file name with a path in it never reaches the file system.
          {
            householdFile: fileOf(files.householdFile, '../../rumah tangga.csv'),
            personFile: fileOf(files.personFile),
          },
          { name: 'web-a', mode: 'valid-only' },
        ),
      );
      expect(run).toMatchObject({
        id: started.runId,
        name: 'web-a',
        status: 'completed',
        mode: 'valid-only',
        areaCode: null,
        errorCount: 2,
        job: { id: started.jobId, status: 'succeeded', progress: 100, total: 100 },
      });
      expect(run.createdBy).toBe('Sekretariat TKPK DKI Jakarta');
      expect(run.counts).toMatchObject({
        householdRows: 4,
        personRows: 8,
        householdsNew: 3,
        householdsHeld: 1,
        householdsInserted: 3,
        personsInserted: 6,
      });
      const loaded = await queryRows<{ kk: string; source: string; members: number }>(
        db(),
        sql`SELECT h.kk_number AS kk, h.source, (SELECT count(*)::int FROM household_member m
              WHERE m.household_id = h.id AND m.end_date IS NULL) AS members
            FROM household h WHERE h.kk_number LIKE '3171010105%' ORDER BY h.kk_number`,
      );
      expect(loaded).toEqual(
        data.households.slice(0, 3).map((h) => ({ kk: h.NO_KK, source: 'import:web-a', members: 2 })),
      );
      // The error report names the bad rows (the person file's 8th data row is line 9).
      const report = await request(app, 'GET', `/imports/${run.id}/errors.csv`, { session: secretariat });
      expect(report.status).toBe(200);
      const text = await report.text();
      expect(text).toContain('person,9,NIK,12345,nik_format');
      // A value that would be a formula in Excel stays text.
      expect(text).toContain("person,9,PENDIDIKAN,'=1+2,not_in_list");
      // The upload is audited with the files' fingerprints; the files are gone once staged.
      const [audit] = await queryRows<{
        action: string;
        actor: string;
        details: { files: { sha256: string }[] };
      }>(
        db(),
        sql`SELECT action, actor_role AS actor, details FROM audit_log
            WHERE subject_type = 'import_run' AND subject_id = ${String(run.id)}`,
      );
      const digest = createHash('sha256').update(readFileSync(files.householdFile)).digest('hex');
      expect(audit).toMatchObject({ action: 'create', actor: 'secretariat' });
      expect(audit!.details.files.map((f) => f.sha256)).toContain(digest);
      expect(uploadsLeft()).toEqual([]);
      const [stored] = await queryRows<{ household: string; person: string }>(
        db(),
        sql`SELECT household_file AS household, person_file AS person FROM import_run WHERE id = ${run.id}`,
      );
      const generated = /^[0-9a-f-]{36}\.csv$/;
      for (const file of [stored!.household, stored!.person]) {
        expect(file.startsWith(`${uploadFolder(dataDir)}/`)).toBe(true);
        expect(file.slice(uploadFolder(dataDir).length + 1)).toMatch(generated);
      }
      // The run is listed, newest first.
      const list = await request(app, 'GET', '/imports', { session: secretariat });
      const page = (await list.json()) as { items: ImportRunView[]; total: number };
      expect(page.items[0]).toMatchObject({ id: run.id, status: 'completed' });
    });

    it('reads a workbook with both sheets uploaded alone', async () => {
      const files = await writeXlsxExtract(dir, 'web-x', extract(2, 3, gambir, 3171010105100001n, 200));
      const { run } = await importAndWait(
        secretariat,
        uploadForm({ householdFile: fileOf(files.householdFile) }, { name: 'web-x', mode: 'all-or-nothing' }),
      );
      expect(run).toMatchObject({ status: 'completed', errorCount: 0 });
      expect(run.counts).toMatchObject({ householdsInserted: 2, personsInserted: 6 });
      expect(uploadsLeft()).toEqual([]);
    });

    it('refuses bad files and fields with 400 naming the field, and stores nothing', async () => {
      const files = writeCsvExtract(dir, 'web-bad', extract(2, 2, gambir, 3171010105200001n, 300));
      const household = fileOf(files.householdFile);
      const person = fileOf(files.personFile);
      const before = await counts();
      const refused = async (form: FormData, path: string, reason: string) => {
        const response = await upload(secretariat, form);
        expect(response.status).toBe(400);
        expect(await issuesOf(response)).toContainEqual(expect.objectContaining({ path, reason }));
      };
      await refused(
        uploadForm({
          householdFile: new File([readFileSync(files.householdFile)], 'households.txt'),
          personFile: person,
        }),
        'form.householdFile',
        'file_type',
      );
      // A workbook renamed .csv, and text named .xlsx.
      const workbook = await writeXlsxExtract(
        dir,
        'web-bad-x',
        extract(1, 1, gambir, 3171010105210001n, 350),
      );
      await refused(
        uploadForm({
          householdFile: household,
          personFile: new File([readFileSync(workbook.personFile)], 'p.csv'),
        }),
        'form.personFile',
        'content_mismatch',
      );
      await refused(
        uploadForm({
          householdFile: new File([readFileSync(files.householdFile)], 'h.xlsx'),
          personFile: person,
        }),
        'form.householdFile',
        'content_mismatch',
      );
      // Larger than the limit (16 KiB here): the file is named.
      const padding = '\n'.repeat(maxBytes);
      await refused(
        uploadForm({
          householdFile: household,
          personFile: new File([readFileSync(files.personFile), padding], 'p.csv'),
        }),
        'form.personFile',
        'too_large',
      );
      // Far larger than two files may be: the whole body is refused before it is read.
      const huge = new File([new Uint8Array(3 * maxBytes + 1024 * 1024).fill(65)], 'h.csv');
      await refused(uploadForm({ householdFile: huge, personFile: person }), 'form', 'too_large');
      // Not an extract: the required columns are missing.
      await refused(
        uploadForm({ householdFile: new File(['a,b\n1,2\n'], 'h.csv'), personFile: person }),
        'form.householdFile',
        'missing_columns',
      );
      // A CSV household file needs its person file.
      await refused(uploadForm({ householdFile: household }), 'form.personFile', 'required');
      // Fields: no date, a date in the future, an unknown mode, a name with a path in it.
      const both = { householdFile: household, personFile: person };
      const noDate = new FormData();
      noDate.append('householdFile', household);
      noDate.append('personFile', person);
      await refused(noDate, 'form.extractDate', 'invalid_type');
      await refused(uploadForm(both, { extractDate: '2999-01-01' }), 'form.extractDate', 'custom');
      await refused(uploadForm(both, { mode: 'some' }), 'form.mode', 'invalid_value');
      await refused(uploadForm(both, { name: '../../etc' }), 'form.name', 'invalid_format');
      // Not multipart at all.
      const json = await request(app, 'POST', '/imports', {
        session: secretariat,
        body: { extractDate: '2026-01-31' },
      });
      expect(json.status).toBe(400);
      expect(await counts()).toEqual(before);
      expect(uploadsLeft()).toEqual([]);
    });

    it('a kota TKPK imports only within its kota and sees only its own runs', async () => {
      const inside = extract(2, 2, penjaringan, 3172010105300001n, 400);
      const outside = extract(2, 2, gambir, 3171010105300001n, 450);
      const files = writeCsvExtract(dir, 'web-kota', {
        households: [...inside.households, ...outside.households],
        persons: [...inside.persons, ...outside.persons],
      });
      const { run } = await importAndWait(
        kota,
        uploadForm(
          { householdFile: fileOf(files.householdFile), personFile: fileOf(files.personFile) },
          { name: 'web-kota' },
        ),
      );
      expect(run).toMatchObject({ status: 'completed', areaCode: '31.72' });
      expect(run.counts).toMatchObject({ householdsNew: 2, householdsHeld: 2, householdsInserted: 2 });
      const loaded = await queryRows<{ kk: string }>(
        db(),
        sql`SELECT kk_number AS kk FROM household WHERE kk_number LIKE '317_010105300%' ORDER BY kk_number`,
      );
      expect(loaded.map((r) => r.kk)).toEqual(inside.households.map((h) => h.NO_KK));
      const [reason] = await queryRows<{ reasons: string[] }>(
        db(),
        sql`SELECT array_agg(DISTINCT reason) AS reasons FROM import_error WHERE run_id = ${run.id}`,
      );
      expect(reason!.reasons).toEqual(['outside_area']);
      // The secretariat's runs are not the kota's: not listed, not readable, no error report.
      const list = (await (await request(app, 'GET', '/imports', { session: kota })).json()) as {
        items: ImportRunView[];
        total: number;
      };
      expect(list.items.map((r) => r.id)).toEqual([run.id]);
      expect(list.total).toBe(1);
      const [first] = await queryRows<{ id: number }>(
        db(),
        sql`SELECT min(id)::int AS id FROM import_run WHERE area_code IS NULL`,
      );
      expect((await request(app, 'GET', `/imports/${first!.id}`, { session: kota })).status).toBe(404);
      expect((await request(app, 'GET', `/imports/${first!.id}/errors.csv`, { session: kota })).status).toBe(
        404,
      );
      // The secretariat sees the kota's run.
      expect((await request(app, 'GET', `/imports/${run.id}`, { session: secretariat })).status).toBe(200);
    });

    it('other roles may not import or list runs (403), and nothing is stored', async () => {
      const files = writeCsvExtract(dir, 'web-role', extract(1, 1, penjaringan, 3172010105400001n, 500));
      const before = await counts();
      for (const username of ['petugas.penjaringan', 'kel.penjaringan', 'dinsos']) {
        const session = await loginAs(app, username, password);
        const form = uploadForm({
          householdFile: fileOf(files.householdFile),
          personFile: fileOf(files.personFile),
        });
        expect((await upload(session, form)).status).toBe(403);
        expect((await request(app, 'GET', '/imports', { session })).status).toBe(403);
      }
      expect((await request(app, 'GET', '/imports')).status).toBe(401);
      expect(await counts()).toEqual(before);
      expect(uploadsLeft()).toEqual([]);
    });

    it('resumes a run its stopped server left behind, once, after the dead job is marked failed', async () => {
      const ctx = env().ctx;
      const files = writeCsvExtract(dir, 'web-resume', extract(3, 2, gambir, 3171010105400101n, 600));
      // What a server stopped mid-import leaves: the rows staged and a job still marked running.
      const created = await createImportRun(db(), {
        ...files,
        name: 'web-resume',
        extractDate: '2026-01-31',
        mode: 'valid-only',
      });
      const staged = await stageImport(ctx.database, created);
      expect(staged.status).toBe('staged');
      const [dead] = await db()
        .insert(job)
        .values({ name: importJobName, payload: { runId: staged.id }, status: 'running' })
        .returning({ id: job.id });
      const resume = () => request(app, 'POST', `/imports/${staged.id}/resume`, { session: secretariat });
      expect((await resume()).status).toBe(409);
      // The server's start marks the job failed; the run can then go on, in the secretariat's hands only.
      expect(await ctx.jobs.failInterrupted()).toBe(1);
      const [failed] = await db().select().from(job).where(eq(job.id, dead!.id));
      expect(failed!.status).toBe('failed');
      const other = await request(app, 'POST', `/imports/${staged.id}/resume`, { session: kota });
      expect(other.status).toBe(404);
      const response = await resume();
      expect(response.status, await response.clone().text()).toBe(202);
      await ctx.jobs.idle();
      const run = (await (
        await request(app, 'GET', `/imports/${staged.id}`, { session: secretariat })
      ).json()) as ImportRunView;
      expect(run).toMatchObject({ status: 'completed', job: { status: 'succeeded', progress: 100 } });
      const [registry] = await queryRows<{ households: number; persons: number }>(
        db(),
        sql`SELECT (SELECT count(*)::int FROM household WHERE kk_number LIKE '31710101054001%') AS households,
              (SELECT count(*)::int FROM household_member m JOIN household h ON h.id = m.household_id
                WHERE h.kk_number LIKE '31710101054001%') AS persons`,
      );
      expect(registry).toEqual({ households: 3, persons: 6 });
      // Finished: nothing to resume.
      expect((await resume()).status).toBe(409);
    });

    it('fails a run whose staged rows are gone instead of completing it with nothing applied', async () => {
      const ctx = env().ctx;
      const files = writeCsvExtract(dir, 'web-gone', extract(2, 1, gambir, 3171010105400201n, 700));
      const created = await createImportRun(db(), {
        ...files,
        name: 'web-gone',
        extractDate: '2026-01-31',
        mode: 'valid-only',
      });
      const staged = await stageImport(ctx.database, created);
      await db().execute(sql`DELETE FROM import_household_stage WHERE run_id = ${staged.id}`);
      await expect(applyImport(ctx.database, staged.id)).rejects.toMatchObject({ code: 'CONFLICT' });
      const [run] = await db().select().from(importRun).where(eq(importRun.id, staged.id));
      expect(run!.status).toBe('failed');
      expect(run!.error).toContain('gone');
      const [registry] = await queryRows<{ households: number }>(
        db(),
        sql`SELECT count(*)::int AS households FROM household WHERE kk_number LIKE '31710101054002%'`,
      );
      expect(registry!.households).toBe(0);
    });
  },
  async ({ ctx }) => {
    await insertTestRegions(ctx.database.db);
    await ensureDemoUsers(ctx.database.db, password);
  },
);
