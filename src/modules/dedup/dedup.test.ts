import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { loginAs, request, type TestSession } from '../access/access.test-support.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import type { PairDetail, PairList } from './dedup.contracts.ts';
import { normalizeName } from './dedup.normalize.ts';
import { scoreAgainstPlanted } from './dedup.quality.ts';
import { runDeduplication, type DedupResult } from './dedup.service.ts';

const password = 'dedup-password';

describeEachDatabase(
  'deduplication',
  (env) => {
    const db = () => env().ctx.database.db;
    let app: ReturnType<typeof createApp>;
    const sessions: Record<string, TestSession> = {};
    let run: DedupResult;
    const call = (user: string, method: string, path: string, body?: unknown) =>
      request(app, method, path, { session: sessions[user], body });

    beforeAll(async () => {
      app = createApp(env().ctx);
      for (const user of ['sekretariat', 'kec.penjaringan', 'kel.penjaringan', 'mitra.baznas', 'inspektorat'])
        sessions[user] = await loginAs(app, user, password);
      run = await runDeduplication(db());
    }, 300_000);

    it('normalises names in SQL exactly as in TypeScript', async () => {
      const rows = await queryRows<{ name: string; norm: string }>(
        db(),
        sql`SELECT name, tepat_normalize_name(name) AS norm FROM (SELECT DISTINCT name FROM person ORDER BY name LIMIT 3000) n
            UNION ALL SELECT v, tepat_normalize_name(v) FROM (VALUES ${sql.join(
              [
                'Dr. Ir. Hj. Sitti Noor Djamilah, S.Pd., M.Pd.',
                'Muh. Achmad Tjahjono',
                'Bpk. Abd Rahman S.E.',
                "Ma'ruf Amin",
                'José Árbenz',
                'Ibu Dyah Supriyadi',
              ].map((v) => sql`(${v}::text)`),
              sql`, `,
            )}) AS x(v)`,
      );
      expect(rows.length).toBeGreaterThan(3000);
      const differing = rows.filter((r) => normalizeName(r.name) !== r.norm);
      expect(differing).toEqual([]);
    });

    it('finds the planted duplicates: precision ≥ 0.98 and recall ≥ 0.95 (auto-merged + review count as found)', async () => {
      const quality = await scoreAgainstPlanted(db());
      console.log(`[${env().kind}] dedup quality`, JSON.stringify({ ...quality, run }));
      expect(quality.planted).toBeGreaterThan(100);
      expect(run.pairsCompared).toBeGreaterThanOrEqual(quality.found);
      expect(quality.precision).toBeGreaterThanOrEqual(0.98);
      expect(quality.recall).toBeGreaterThanOrEqual(0.95);
      expect(quality.autoMergedCorrect / quality.autoMerged).toBeGreaterThanOrEqual(0.99);
      // Every auto-merged duplicate is now merged into its survivor, with a merge record.
      const [merged] = await queryRows<{ n: number; merges: number }>(
        db(),
        sql`SELECT count(*)::int AS n, count(pm.id)::int AS merges FROM dedup_pair dp
            JOIN person p ON p.id = dp.person_b AND p.status = 'merged'
            LEFT JOIN person_merge pm ON pm.pair_id = dp.id AND pm.unmerged_at IS NULL
            WHERE dp.status = 'auto_merged'`,
      );
      expect(merged!.n).toBe(quality.autoMerged);
      expect(merged!.merges).toBe(quality.autoMerged);
      const [stored] = await queryRows<{ parameters: { emConverged: boolean; prior: number } }>(
        db(),
        sql`SELECT parameters FROM dedup_run WHERE id = ${run.runId}`,
      );
      expect(stored!.parameters.emConverged).toBe(true);
      expect(stored!.parameters.prior).toBeGreaterThan(0);
    });

    it('keeps a person under review enrolled and active until a decision', async () => {
      const [pair] = await queryRows<{ id: number; a: number; b: number; household: number }>(
        db(),
        sql`SELECT dp.id::int, dp.person_a::int AS a, dp.person_b::int AS b, hm.household_id::int AS household
            FROM dedup_pair dp JOIN household_member hm ON hm.person_id = dp.person_b AND hm.end_date IS NULL
            WHERE dp.status = 'review' ORDER BY dp.id LIMIT 1`,
      );
      expect(pair).toBeDefined();
      await db()
        .execute(sql`INSERT INTO enrolment (program_code, household_id, person_id, provider, provider_kind,
          start_date) SELECT code, ${pair!.household}, ${pair!.b}, 'DINSOS', 'agency', current_date - 30
        FROM program ORDER BY code LIMIT 1`);
      // A later run over these persons (as after an import) leaves the pair in review and touches nothing.
      const again = await runDeduplication(db(), { personIds: [pair!.a, pair!.b] });
      expect(again.pairsCompared).toBeGreaterThan(0);
      const [state] = await queryRows<{ status: string; person: string; enrolments: number; open: number }>(
        db(),
        sql`SELECT dp.status, p.status AS person,
              (SELECT count(*)::int FROM enrolment e WHERE e.person_id = p.id AND e.status = 'active') AS enrolments,
              (SELECT count(*)::int FROM household_member hm WHERE hm.person_id = p.id AND hm.end_date IS NULL) AS open
            FROM dedup_pair dp JOIN person p ON p.id = dp.person_b WHERE dp.id = ${pair!.id}`,
      );
      expect(state).toEqual({ status: 'review', person: 'active', enrolments: 1, open: 1 });
    });

    it('merges a reviewed pair and unmerges it back to exactly the state before', async () => {
      const [pair] = await queryRows<{ id: number; a: number; b: number }>(
        db(),
        sql`SELECT dp.id::int, dp.person_a::int AS a, dp.person_b::int AS b FROM dedup_pair dp
            WHERE dp.status = 'review' AND EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = dp.person_b)
            ORDER BY dp.id LIMIT 1`,
      );
      expect(pair).toBeDefined();
      const snapshot = async () =>
        queryRows<{ state: unknown }>(
          db(),
          sql`SELECT jsonb_build_object(
                'persons', (SELECT jsonb_agg(to_jsonb(p) ORDER BY p.id) FROM person p WHERE p.id IN (${pair!.a}, ${pair!.b})),
                'members', (SELECT jsonb_agg(to_jsonb(m) ORDER BY m.person_id, m.household_id, m.start_date)
                            FROM household_member m WHERE m.person_id IN (${pair!.a}, ${pair!.b})),
                'enrolments', (SELECT jsonb_agg(to_jsonb(e) ORDER BY e.id) FROM enrolment e
                               WHERE e.person_id IN (${pair!.a}, ${pair!.b}))) AS state`,
        );
      const before = await snapshot();
      const merged = await call('sekretariat', 'POST', `/dedup/pairs/${pair!.id}/decision`, {
        decision: 'merge',
      });
      expect(merged.status).toBe(200);
      const detail = (await merged.json()) as PairDetail;
      expect(detail.status).toBe('merged');
      expect(detail.personB.status).toBe('merged');
      expect(detail.personB.enrolments).toEqual([]);
      expect(detail.personA.enrolments.length).toBeGreaterThan(0);
      expect(detail.mergeId).not.toBeNull();
      const [open] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM household_member WHERE person_id = ${pair!.b} AND end_date IS NULL`,
      );
      expect(open!.n).toBe(0);
      expect(await snapshot()).not.toEqual(before);
      // A decided pair cannot be decided again.
      expect(
        (await call('sekretariat', 'POST', `/dedup/pairs/${pair!.id}/decision`, { decision: 'merge' }))
          .status,
      ).toBe(409);
      const unmerged = await call('sekretariat', 'POST', `/dedup/pairs/${pair!.id}/unmerge`);
      expect(unmerged.status).toBe(200);
      expect(((await unmerged.json()) as PairDetail).status).toBe('unmerged');
      expect(await snapshot()).toEqual(before);
    });

    it('records "not a duplicate" without touching either person', async () => {
      const [pair] = await queryRows<{ id: number }>(
        db(),
        sql`SELECT id::int FROM dedup_pair WHERE status = 'review' ORDER BY id LIMIT 1`,
      );
      const response = await call('sekretariat', 'POST', `/dedup/pairs/${pair!.id}/decision`, {
        decision: 'not_duplicate',
      });
      expect(response.status).toBe(200);
      const detail = (await response.json()) as PairDetail;
      expect(detail.status).toBe('rejected');
      expect([detail.personA.status, detail.personB.status]).toEqual(['active', 'active']);
      expect(detail.fields.map((f) => f.field)).toEqual(['nik', 'name', 'birthDate', 'sex', 'area']);
      expect(detail.fields.every((f) => typeof f.weight === 'number')).toBe(true);
    });

    it('scopes the review queue to the reviewer’s area and audits the reads', async () => {
      const list = async (user: string) => {
        const response = await call(user, 'GET', '/dedup/pairs?status=auto_merged&pageSize=100');
        expect(response.status).toBe(200);
        return (await response.json()) as PairList;
      };
      const all = await list('sekretariat');
      const kecamatan = await list('kec.penjaringan');
      // Expected independently: pairs whose two persons' latest households both lie in Penjaringan (31.72.01).
      const expected = await queryRows<{ id: number }>(
        db(),
        sql`SELECT dp.id::int FROM dedup_pair dp WHERE dp.status = 'auto_merged' AND NOT EXISTS (
              SELECT 1 FROM unnest(ARRAY[dp.person_a, dp.person_b]) AS x(person)
              WHERE (SELECT h.kelurahan_code FROM household_member hm JOIN household h ON h.id = hm.household_id
                     WHERE hm.person_id = x.person ORDER BY (hm.end_date IS NULL) DESC, hm.start_date DESC,
                     hm.household_id LIMIT 1) NOT LIKE '31.72.01.%')
            ORDER BY dp.id`,
      );
      expect(kecamatan.total).toBe(expected.length);
      expect(kecamatan.items.map((p) => p.id).sort((x, y) => x - y)).toEqual(
        expected.map((r) => r.id).slice(0, 100),
      );
      expect(all.total).toBeGreaterThan(kecamatan.total);
      const outside = all.items.find((p) => !expected.some((e) => e.id === p.id));
      expect(outside).toBeDefined();
      expect((await call('kec.penjaringan', 'GET', `/dedup/pairs/${outside!.id}`)).status).toBe(404);
      expect((await call('mitra.baznas', 'GET', '/dedup/pairs')).status).toBe(403);
      // Inspectors read but do not decide.
      expect(
        (await call('inspektorat', 'POST', `/dedup/pairs/${outside!.id}/decision`, { decision: 'merge' }))
          .status,
      ).toBe(403);
      const [audited] = await queryRows<{ n: number }>(
        db(),
        sql`SELECT count(*)::int AS n FROM audit_log WHERE purpose = 'deduplication review'`,
      );
      expect(audited!.n).toBeGreaterThanOrEqual(3);
    });

    it('starts a run as a job for the secretariat only', async () => {
      expect((await call('kel.penjaringan', 'POST', '/dedup/runs')).status).toBe(403);
      const started = await call('sekretariat', 'POST', '/dedup/runs');
      expect(started.status).toBe(202);
      await env().ctx.jobs.idle();
      const { jobId } = (await started.json()) as { jobId: number };
      const [job] = await queryRows<{ status: string }>(
        db(),
        sql`SELECT status FROM job WHERE id = ${jobId}`,
      );
      expect(job!.status).toBe('succeeded');
      const runs = await call('sekretariat', 'GET', '/dedup/runs');
      expect(((await runs.json()) as { status: string }[])[0]!.status).toBe('succeeded');
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await seedPopulation(database, { scale: 0.002, seed: 29 });
    await ensurePrograms(database.db);
    await ensureDemoUsers(database.db, password);
  },
);
