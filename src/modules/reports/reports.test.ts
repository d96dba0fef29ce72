import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { extractText } from 'unpdf';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { createApp } from '../../app.ts';
import { queryRows } from '../../db/client.ts';
import { ensureDemoUsers } from '../access/access.demo.ts';
import { loginAs, request, type TestSession } from '../access/access.test-support.ts';
import { ensurePrograms } from '../programs/programs.service.ts';
import { loadOfficialPovertyStats } from '../regions/statistics.service.ts';
import { loadProvince } from '../regions/regions.service.ts';
import { seedSyntheticEnrolments } from '../synthetic/enrolments.ts';
import { seedPopulation } from '../synthetic/synthetic.service.ts';
import { recomputeTargeting } from '../targeting/targeting.recompute.ts';
import { recomputeWelfare } from '../welfare/welfare.service.ts';

const password = 'report-password';
const jakartaUtara = '31.72';
const sections = [
  '1. Situasi Kemiskinan',
  '2. Realisasi Program dan Anggaran',
  '3. Cakupan terhadap Sasaran',
  '4. Permasalahan dan Tindak Lanjut',
];

interface Document {
  subtitle: string;
  sections: {
    heading: string;
    tables: { sheet: string; title: string; rows: (string | number | null)[][] }[];
  }[];
}

const tableOf = (document: Document, sheet: string) =>
  document.sections.flatMap((s) => s.tables).find((t) => t.sheet === sheet)!;

describeEachDatabase(
  'reports: the yearly LP2KD (PDF, XLSX)',
  (env) => {
    let app: ReturnType<typeof createApp>;
    let secretariat: TestSession;
    let kota: TestSession;
    const db = () => env().ctx.database.db;

    beforeAll(async () => {
      app = createApp(env().ctx);
      secretariat = await loginAs(app, 'sekretariat', password);
      kota = await loginAs(app, 'tkpk.jakut', password);
    });

    async function lp2kd(session: TestSession, query: string) {
      const response = await request(app, 'GET', `/reports/lp2kd?${query}`, { session });
      expect(response.status).toBe(200);
      return (await response.json()) as Document;
    }

    it('reports the registry and coverage figures of the area as the registry holds them', async () => {
      const document = await lp2kd(secretariat, `region=${jakartaUtara}&year=2026`);
      expect(document.subtitle).toBe('Kota Administrasi Jakarta Utara – Tahun 2026');
      expect(document.sections.map((s) => s.heading)).toEqual(sections);

      // Registry figures, counted here straight from the registry tables, not from region_stat.
      const [registry] = await queryRows<{ households: number; poor: number; extreme: number }>(
        db(),
        sql`SELECT count(*)::int AS households,
                   count(*) FILTER (WHERE hw.desil <= 4)::int AS poor,
                   count(*) FILTER (WHERE hw.is_extreme_poor)::int AS extreme
              FROM household h
              JOIN household_welfare hw ON hw.household_id = h.id
               AND hw.snapshot_id = (SELECT max(id) FROM welfare_snapshot)
             WHERE h.status = 'active' AND h.kelurahan_code LIKE ${`${jakartaUtara}.%`}`,
      );
      const figures = new Map(tableOf(document, 'Registri').rows.map(([k, v]) => [k, v]));
      expect(figures.get('Rumah tangga')).toBe(registry!.households);
      expect(figures.get('Rumah tangga desil 1–4')).toBe(registry!.poor);
      expect(figures.get('Rumah tangga miskin ekstrem')).toBe(registry!.extreme);
      expect(registry!.poor).toBeGreaterThan(0);

      // Coverage: desil 1–4 households reached by a program of each pillar, from the ledger itself.
      const covered = await queryRows<{ pillar: number; target: number; covered: number }>(
        db(),
        sql`WITH poor AS (
              SELECT h.id FROM household h
                JOIN household_welfare hw ON hw.household_id = h.id
                 AND hw.snapshot_id = (SELECT max(id) FROM welfare_snapshot)
               WHERE h.status = 'active' AND hw.desil <= 4 AND h.kelurahan_code LIKE ${`${jakartaUtara}.%`}),
            reached AS (
              SELECT DISTINCT p.pillar, e.household_id
                FROM enrolment e JOIN program p ON p.code = e.program_code
               WHERE e.status = 'active')
            SELECT pl.pillar::int,
                   (SELECT count(*) FROM poor)::int AS target,
                   count(r.household_id)::int AS covered
              FROM (SELECT DISTINCT pillar FROM program) pl
              LEFT JOIN reached r ON r.pillar = pl.pillar AND r.household_id IN (SELECT id FROM poor)
             GROUP BY pl.pillar ORDER BY pl.pillar`,
      );
      const coverage = tableOf(document, 'Cakupan').rows;
      expect(coverage.map((row) => [row[1], row[2]])).toEqual(covered.map((c) => [c.target, c.covered]));
      expect(covered.some((c) => c.covered > 0)).toBe(true);

      // BPS does not publish 2026 yet: the latest published points of Jakarta Utara stand in, with their periods.
      const official = tableOf(document, 'Statistik BPS').rows;
      expect(official.length).toBeGreaterThan(0);
      expect(official.every((row) => typeof row[0] === 'string' && row[0] <= '2026-12')).toBe(true);
    });

    it('writes the same report as a PDF with its sections and as an XLSX workbook', async () => {
      const document = await lp2kd(kota, 'year=2025');
      const pdf = await request(app, 'GET', `/reports/lp2kd.pdf?region=${jakartaUtara}&year=2025`, {
        session: kota,
      });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="lp2kd-31.72-2025.pdf"');
      const { text } = await extractText(new Uint8Array(await pdf.arrayBuffer()), { mergePages: true });
      for (const heading of sections) expect(text).toContain(heading);
      expect(text).toContain('Kota Administrasi Jakarta Utara – Tahun 2025');
      const households = tableOf(document, 'Registri').rows[0]![1] as number;
      expect(text).toContain(households.toLocaleString('id-ID'));

      const xlsx = await request(app, 'GET', `/reports/lp2kd.xlsx?region=${jakartaUtara}&year=2025`, {
        session: kota,
      });
      expect(xlsx.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await xlsx.arrayBuffer());
      const tables = document.sections.flatMap((s) => s.tables);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['Ringkasan', ...tables.map((t) => t.sheet)]);
      for (const table of tables) {
        const sheet = workbook.getWorksheet(table.sheet)!;
        const rows: unknown[][] = [];
        sheet.eachRow((row, n) => {
          if (n > 2) rows.push(Array.from(row.values as unknown[]).slice(1));
        });
        expect(rows.map((r) => r.map((v) => v ?? null))).toEqual(
          table.rows.map((r) => {
            const cells = r.map((v) => v ?? null);
            // A trailing empty cell is not written to the sheet.
            while (cells.length > 0 && cells.at(-1) === null) cells.pop();
            return cells;
          }),
        );
      }
    });

    /** Creates a DINSOS RAT 2027 for `region` through the API with activities, brought to `approve` or left a draft. */
    async function plan(
      region: string,
      approve: boolean,
      activities: { title: string; budget: number; target: number }[],
    ) {
      const dinsos = await loginAs(app, 'dinsos', password);
      const created = (await (
        await request(app, 'POST', '/plans', {
          session: dinsos,
          body: { kind: 'rat', title: `RAT ${region} 2027`, regionCode: region, yearFrom: 2027 },
        })
      ).json()) as { id: number };
      const ids: number[] = [];
      for (const a of activities) {
        const response = await request(app, 'POST', `/plans/${created.id}/activities`, {
          session: dinsos,
          body: {
            title: a.title,
            responsibleAgency: 'DINSOS',
            programCode: 'KLJ',
            pillar: 2,
            budgetYear: 2027,
            budget: a.budget,
            priorityLocations: [],
            indicators: [
              {
                kind: 'output',
                indicatorCode: 'PENERIMA',
                unit: 'orang',
                targets: [{ year: 2027, target: a.target }],
              },
            ],
          },
        });
        expect(response.status).toBe(201);
        ids.push(((await response.json()) as { id: number }).id);
      }
      if (approve) {
        for (const [who, action] of [
          [dinsos, 'submit'],
          [secretariat, 'review'],
          [secretariat, 'approve'],
        ] as const) {
          const response = await request(app, 'POST', `/plans/${created.id}/transitions`, {
            session: who,
            body: { action },
          });
          expect(response.status).toBe(200);
        }
      }
      const file = async (
        activity: number,
        quarter: number,
        budgetRealised: number,
        outputAchieved: number,
        issues?: string,
      ) => {
        const response = await request(app, 'POST', `/plans/${created.id}/activities/${activity}/progress`, {
          session: dinsos,
          body: { year: 2027, quarter, budgetRealised, outputAchieved, ...(issues ? { issues } : {}) },
        });
        expect(response.status).toBe(200);
      };
      return { ids, file };
    }

    it('puts the approved plans of the area, and only those, into the budget realisation and the issues', async () => {
      const approved = await plan('31.72', true, [
        { title: 'Pendampingan lansia', budget: 400_000_000, target: 200 },
        { title: 'Bantuan alat bantu disabilitas', budget: 100_000_000, target: 50 },
      ]);
      await approved.file(approved.ids[0]!, 1, 80_000_000, 40);
      await approved.file(approved.ids[0]!, 2, 120_000_000, 70, 'Data lansia belum padan dengan DTSEN');
      await approved.file(approved.ids[1]!, 1, 10_000_000, 5);
      // A draft in the area and an approved plan of another kota must not count.
      await plan('31.72', false, [{ title: 'Draf', budget: 999_000_000, target: 1 }]);
      const elsewhere = await plan('31.71', true, [
        { title: 'Jakarta Pusat', budget: 777_000_000, target: 1 },
      ]);
      await elsewhere.file(elsewhere.ids[0]!, 1, 7_000_000, 1, 'Bukan Jakarta Utara');

      const yearly = await lp2kd(kota, 'year=2027');
      // DINSOS: pagu 400 + 100 million; realised 80 + 120 + 10 million over the year; output 110/200 and 5/50,
      // a mean of 55 % and 10 %.
      expect(tableOf(yearly, 'Anggaran per OPD').rows).toEqual([
        ['DINSOS', 2, 500_000_000, 210_000_000, 0.42, 32.5],
      ]);
      expect(tableOf(yearly, 'Permasalahan').rows[0]).toEqual([
        1,
        'DINSOS – Pendampingan lansia (T2)',
        'Data lansia belum padan dengan DTSEN',
      ]);
      expect(JSON.stringify(yearly)).not.toContain('Bukan Jakarta Utara');

      const quarterly = async (quarter: number) => {
        const response = await request(app, 'GET', `/reports/quarterly?year=2027&quarter=${quarter}`, {
          session: kota,
        });
        expect(response.status).toBe(200);
        return (await response.json()) as Document;
      };
      // Up to Q1: 80 + 10 million; the activities' output 40/200 and 5/50.
      const first = await quarterly(1);
      expect(first.subtitle).toBe('Kota Administrasi Jakarta Utara – Triwulan 1 Tahun 2027');
      expect(tableOf(first, 'Anggaran per OPD').rows).toEqual([
        ['DINSOS', 2, 500_000_000, 90_000_000, 0.18, 15],
      ]);
      expect(tableOf(first, 'Kegiatan').rows).toEqual([
        ['Pendampingan lansia', 400_000_000, 80_000_000, 0.2, 200, 40, 'orang', 20],
        ['Bantuan alat bantu disabilitas', 100_000_000, 10_000_000, 0.1, 50, 5, 'orang', 10],
      ]);
      expect(tableOf(first, 'Permasalahan').rows).toEqual([]);
      const second = await quarterly(2);
      expect(tableOf(second, 'Kegiatan').rows[0]).toEqual([
        'Pendampingan lansia',
        400_000_000,
        200_000_000,
        0.5,
        200,
        110,
        'orang',
        55,
      ]);
      const pdf = await request(app, 'GET', '/reports/quarterly.pdf?year=2027&quarter=2', { session: kota });
      expect(pdf.headers.get('content-disposition')).toBe(
        'attachment; filename="triwulan-31.72-2027-T2.pdf"',
      );
      const { text } = await extractText(new Uint8Array(await pdf.arrayBuffer()), { mergePages: true });
      expect(text).toContain('Data lansia belum padan dengan DTSEN');
      expect(text).toContain('Rp 200.000.000');
    });

    it('keeps each user to their area and refuses bad input', async () => {
      expect(
        (await request(app, 'GET', '/reports/lp2kd?region=31.71&year=2026', { session: kota })).status,
      ).toBe(403);
      expect(
        (await request(app, 'GET', '/reports/lp2kd.pdf?region=31.71&year=2026', { session: kota })).status,
      ).toBe(403);
      const bad = await request(app, 'GET', '/reports/lp2kd?year=nineteen', { session: kota });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await bad.json())).toContain('query.year');
      expect((await request(app, 'GET', '/reports/lp2kd.xlsx?year=2026')).status).toBe(401);
    });
  },
  async ({ ctx }) => {
    const { database } = ctx;
    await loadProvince(database.db, '31');
    await loadOfficialPovertyStats(database.db);
    await seedPopulation(database, { scale: 0.0005, seed: 9 });
    await ensurePrograms(database.db);
    await ensureDemoUsers(database.db, password);
    await recomputeWelfare(database.db);
    await seedSyntheticEnrolments(database.db, { seed: 9, plantRate: 0.03 });
    await recomputeTargeting(database.db);
  },
);
