/**
 * Demo action plans: a RAT 2026 of the province and one of Jakarta Utara (kota 31.72), with activities from the
 * program catalogue, approved through the real flow, and Q1–Q3 progress. Figures are illustrative (not the
 * official APBD). Idempotent: a demo plan that exists (same kind, region, year and title) is left alone.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import type { ActivityInput } from './plans.contracts.ts';
import { upsertProgress } from './plans.repository.ts';
import { addActivity, createPlan, transitionPlan } from './plans.service.ts';

const year = 2026;
const billion = 1_000_000_000;

interface DemoActivity {
  activity: Omit<ActivityInput, 'budgetYear' | 'indicators' | 'priorityLocations'> & {
    priorityLocations?: string[];
    output: { code: string; unit: string; target: number };
    outcome?: { code: string; unit: string; target: number };
  };
  /** Q1–Q3: budget realised (Rp) and output achieved, each for that quarter alone. */
  progress: [number, number][];
  issues?: string;
}

interface DemoPlan {
  title: string;
  regionCode: string;
  reviewer: string;
  activities: DemoActivity[];
}

const demoPlans: DemoPlan[] = [
  {
    title: 'Rencana Aksi Tahunan Penanggulangan Kemiskinan Provinsi DKI Jakarta 2026',
    regionCode: '31',
    reviewer: 'sekretariat',
    activities: [
      {
        activity: {
          title: 'Verifikasi dan validasi DTSEN keluarga desil 1–4',
          responsibleAgency: 'DINSOS',
          programCode: 'VERIVALI_DTSEN',
          pillar: 1,
          budget: 14.5 * billion,
          output: { code: 'KK_DIVERIFIKASI', unit: 'KK', target: 320_000 },
        },
        progress: [
          [2.9 * billion, 61_000],
          [4.1 * billion, 88_500],
          [3.6 * billion, 79_200],
        ],
      },
      {
        activity: {
          title: 'Bantuan pendidikan KJP Plus bagi peserta didik dari keluarga miskin',
          responsibleAgency: 'DISDIK',
          programCode: 'KJP_PLUS',
          pillar: 2,
          budget: 3_120 * billion,
          output: { code: 'PENERIMA_KJP', unit: 'siswa', target: 707_000 },
          outcome: { code: 'APS_16_18', unit: '%', target: 78 },
        },
        progress: [
          [742 * billion, 668_900],
          [781 * billion, 9_800],
          [760 * billion, 6_100],
        ],
      },
      {
        activity: {
          title: 'Kartu Lansia Jakarta (KLJ)',
          responsibleAgency: 'DINSOS',
          programCode: 'KLJ',
          pillar: 2,
          budget: 1_018 * billion,
          output: { code: 'PENERIMA_KLJ', unit: 'orang', target: 141_000 },
        },
        progress: [
          [244 * billion, 132_400],
          [251 * billion, 4_300],
          [238 * billion, 1_900],
        ],
        issues: 'Sebagian penerima meninggal dunia belum dimutakhirkan di DTSEN.',
      },
      {
        activity: {
          title: 'Pelatihan kerja berbasis kompetensi bagi angkatan kerja dari keluarga miskin',
          responsibleAgency: 'DISNAKERTRANSGI',
          programCode: 'PELATIHAN_KERJA',
          pillar: 3,
          budget: 46 * billion,
          priorityLocations: ['31.72.01', '31.72.05', '31.72.02'],
          output: { code: 'PESERTA_PELATIHAN', unit: 'orang', target: 12_000 },
          outcome: { code: 'PENEMPATAN_KERJA', unit: '%', target: 40 },
        },
        progress: [
          [6.2 * billion, 1_850],
          [11.4 * billion, 3_300],
          [10.1 * billion, 2_900],
        ],
      },
      {
        activity: {
          title: 'Pemberian makanan tambahan bagi balita berisiko stunting',
          responsibleAgency: 'DINKES',
          programCode: 'PMT',
          pillar: 4,
          budget: 38 * billion,
          output: { code: 'BALITA_PMT', unit: 'balita', target: 24_000 },
        },
        progress: [
          [5.1 * billion, 4_200],
          [9.8 * billion, 6_900],
          [8.7 * billion, 6_100],
        ],
        issues: 'Distribusi Q1 terlambat karena proses pengadaan.',
      },
    ],
  },
  {
    title: 'Rencana Aksi Tahunan Penanggulangan Kemiskinan Kota Administrasi Jakarta Utara 2026',
    regionCode: '31.72',
    reviewer: 'tkpk.jakut',
    activities: [
      {
        activity: {
          title: 'Pendampingan keluarga miskin ekstrem di kecamatan prioritas',
          responsibleAgency: 'DINSOS',
          programCode: 'VERIVALI_DTSEN',
          pillar: 1,
          budget: 2.4 * billion,
          priorityLocations: ['31.72.01', '31.72.05', '31.72.02'],
          output: { code: 'KK_DIDAMPINGI', unit: 'KK', target: 6_500 },
          outcome: { code: 'KK_MISKIN_EKSTREM', unit: 'KK', target: 0 },
        },
        progress: [
          [0.45 * billion, 1_200],
          [0.62 * billion, 1_750],
          [0.58 * billion, 1_640],
        ],
      },
      {
        activity: {
          title: 'Pelatihan dan pendampingan usaha Jakpreneur bagi warga Penjaringan dan Pademangan',
          responsibleAgency: 'PPKUKM',
          programCode: 'JAKPRENEUR',
          pillar: 3,
          budget: 3.1 * billion,
          priorityLocations: ['31.72.01', '31.72.05'],
          output: { code: 'PELAKU_USAHA_DIBINA', unit: 'orang', target: 1_800 },
        },
        progress: [
          [0.38 * billion, 240],
          [0.91 * billion, 520],
          [0.84 * billion, 470],
        ],
      },
      {
        activity: {
          title: 'Penataan permukiman kumuh RW prioritas Tanjung Priok',
          responsibleAgency: 'DPRKP',
          programCode: 'PENATAAN_PERMUKIMAN',
          pillar: 4,
          budget: 21 * billion,
          priorityLocations: ['31.72.02'],
          output: { code: 'RW_DITATA', unit: 'RW', target: 6 },
        },
        progress: [
          [0, 0],
          [4.2 * billion, 1],
          [6.9 * billion, 2],
        ],
        issues: 'Lelang konstruksi belum selesai; pekerjaan fisik dimulai triwulan II.',
      },
    ],
  },
];

async function demoUser(db: Db, username: string): Promise<SessionUser | undefined> {
  const [row] = await queryRows<Omit<SessionUser, 'csrfToken'>>(
    db,
    sql`SELECT id, username, display_name AS "displayName", role, region_code AS "regionCode", organisation
        FROM app_user WHERE username = ${username}`,
  );
  return row && { ...row, role: row.role, csrfToken: '' };
}

/**
 * Creates the demo plans that do not exist yet, through the plan service (validation and the approval flow with its
 * history), then files Q1–Q3 progress. Needs the regions, the program catalogue and the demo users; does nothing
 * without the demo DINSOS user. Returns the titles created.
 */
export async function ensureDemoPlans(db: Db): Promise<string[]> {
  const owner = await demoUser(db, 'dinsos');
  if (!owner) return [];
  const created: string[] = [];
  for (const demo of demoPlans) {
    const exists = await queryRows(
      db,
      sql`SELECT 1 FROM plan WHERE kind = 'rat' AND region_code = ${demo.regionCode} AND year_from = ${year}
            AND title = ${demo.title}`,
    );
    const reviewer = await demoUser(db, demo.reviewer);
    if (exists.length > 0 || !reviewer) continue;
    const plan = await createPlan(db, owner, {
      kind: 'rat',
      title: demo.title,
      regionCode: demo.regionCode,
      yearFrom: year,
    });
    const activityIds: number[] = [];
    for (const { activity } of demo.activities) {
      const { output, outcome, priorityLocations, ...rest } = activity;
      const indicators = [
        { kind: 'output' as const, ...output },
        ...(outcome ? [{ kind: 'outcome' as const, ...outcome }] : []),
      ].map(({ kind, code, unit, target }) => ({
        kind,
        indicatorCode: code,
        unit,
        targets: [{ year, target }],
      }));
      const added = await addActivity(db, owner, plan.id, {
        ...rest,
        budgetYear: year,
        priorityLocations: priorityLocations ?? [],
        indicators,
      });
      activityIds.push(added.id);
    }
    await transitionPlan(db, owner, plan.id, { action: 'submit' });
    await transitionPlan(db, reviewer, plan.id, { action: 'review' });
    await transitionPlan(db, reviewer, plan.id, { action: 'approve' });
    // Demo shortcut: the demo has one agency user (DINSOS), so it files every activity's progress on the agencies'
    // behalf, straight through the repository (the service lets only the responsible agency file).
    for (const [i, { progress, issues }] of demo.activities.entries())
      for (const [q, [budgetRealised, outputAchieved]] of progress.entries())
        await upsertProgress(
          db,
          activityIds[i]!,
          {
            year,
            quarter: q + 1,
            budgetRealised,
            outputAchieved,
            ...(issues && q === 0 ? { issues } : {}),
          },
          owner.id,
        );
    created.push(demo.title);
  }
  return created;
}
