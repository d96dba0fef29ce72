import { existsSync, readFileSync } from 'node:fs';
import { and, count, eq, sql } from 'drizzle-orm';
import type { AppContext } from './http/context.ts';
import { appUser } from './modules/access/access.schema.ts';
import { demoUsers, ensureDemoUsers } from './modules/access/access.demo.ts';
import { assignHouseholdsToOfficer } from './modules/access/access.service.ts';
import type { JobState } from './modules/jobs/jobs.service.ts';
import { loadBoundaries } from './modules/regions/boundaries.service.ts';
import { region } from './modules/regions/regions.schema.ts';
import { ensureDemoPlans } from './modules/plans/plans.demo.ts';
import { ensurePartnerOrganisations } from './modules/partners/partners.service.ts';
import { ensurePriorityWeightings } from './modules/priority/priority.service.ts';
import { ensurePrograms } from './modules/programs/programs.service.ts';
import { loadProvince } from './modules/regions/regions.service.ts';
import { household } from './modules/registry/registry.schema.ts';
import { seedSyntheticEnrolments } from './modules/synthetic/enrolments.ts';
import { calibratePmtModel, ensureDefaultModel } from './modules/welfare/welfare.models.service.ts';

/** Loads the configured province's regions and official statistics when they are not there yet; ensures the default PMT model and the program catalogue. */
export async function ensureRegions(ctx: AppContext): Promise<boolean> {
  const { db } = ctx.database;
  const [row] = await db.select({ n: count() }).from(region).where(eq(region.code, ctx.config.provinceCode));
  const fresh = (row?.n ?? 0) === 0;
  if (fresh) await loadProvince(db, ctx.config.provinceCode);
  // Reference data kept current on every start (idempotent): the default PMT model, the program catalogue.
  await ensureDefaultModel(db);
  await ensurePrograms(db);
  // The demo partner organisation (BAZNAS), which the demo partner user belongs to.
  await ensurePartnerOrganisations(db);
  // The named weightings of the priority-location score (data: editable, more may be added).
  await ensurePriorityWeightings(db);
  return fresh;
}

export interface DemoOptions {
  scale: number;
  seed: number;
  password: string;
  /** GeoJSON boundary files to load when present (deployment data; optional). */
  boundaryFiles: readonly string[];
  log: (line: string) => void;
  onProgress?: (label: string, state: JobState) => void;
}

/** Households the demo field officer gets to visit. */
const officerAssignmentCount = 25;

/**
 * Prepares the demo on an empty registry: boundaries (when available), a synthetic population, demo users, a
 * PMT model calibrated on a survey-like sample, and the first ranking. Does nothing when households exist.
 */
export async function prepareDemo(ctx: AppContext, options: DemoOptions): Promise<{ seeded: boolean }> {
  const { db } = ctx.database;
  const [existing] = await db.select({ n: count() }).from(household);
  if ((existing?.n ?? 0) > 0) {
    // Demo data added after a registry was seeded still arrives (idempotent: existing demo plans are kept).
    await logDemoPlans(ctx, options);
    return { seeded: false };
  }

  for (const file of options.boundaryFiles.filter((f) => existsSync(f))) {
    const result = await loadBoundaries(db, JSON.parse(readFileSync(file, 'utf8')), file.split('/').pop()!);
    options.log(`Loaded ${result.loaded} boundaries from ${file}`);
  }
  await runJob(ctx, 'synthetic.seed', { scale: options.scale, seed: options.seed }, 'Seeding', options);
  await ensureDemoUsers(db, options.password);
  const sampleSize = Math.max(500, Math.round(options.scale * 200_000));
  const { model, fit } = await calibratePmtModel(db, {
    sampleSize,
    seed: options.seed,
    version: `demo-${options.seed}`,
    activate: true,
  });
  options.log(`Calibrated PMT model ${model.version} on ${fit.n} households (R² ${fit.r2.toFixed(3)})`);
  await runJob(ctx, 'welfare.recompute', {}, 'Ranking', options);
  options.log('Seeding program enrolments (with planted targeting errors)…');
  const enrolments = await seedSyntheticEnrolments(db, { seed: options.seed });
  options.log(
    `Seeded ${enrolments.enrolments} enrolments (planted: ${enrolments.planted.inclusion} inclusion errors, ` +
      `${enrolments.planted.exclusion} exclusion errors, ${enrolments.planted.overlap} overlaps)`,
  );
  await runJob(ctx, 'targeting.recompute', {}, 'Targeting', options);
  await assignDemoOfficer(ctx);
  await logDemoPlans(ctx, options);
  return { seeded: true };
}

/** The demo action plans (RAT 2026 of the province and Jakarta Utara) when they are not there yet. */
async function logDemoPlans(ctx: AppContext, options: DemoOptions) {
  const created = await ensureDemoPlans(ctx.database.db);
  if (created.length > 0)
    options.log(`Created ${created.length} demo action plans (RAT 2026) with Q1–Q3 progress`);
}

async function runJob(ctx: AppContext, name: string, payload: unknown, label: string, options: DemoOptions) {
  const state = await ctx.jobs.run(name, payload, (s) => options.onProgress?.(label, s));
  if (state.status === 'failed') throw new Error(`${label} failed: ${state.error ?? 'unknown error'}`);
  return state;
}

/** Gives the demo field officer the first households of their kelurahan. */
async function assignDemoOfficer(ctx: AppContext) {
  const { db } = ctx.database;
  const officer = demoUsers.find((u) => u.role === 'field_officer');
  if (!officer) return;
  const [user] = await db
    .select()
    .from(appUser)
    .where(and(eq(appUser.username, officer.username), eq(appUser.role, 'field_officer')));
  if (!user) return;
  const rows = await db
    .select({ id: household.id })
    .from(household)
    .where(sql`${household.kelurahanCode} = ${user.regionCode} AND ${household.status} = 'active'`)
    .orderBy(household.id)
    .limit(officerAssignmentCount);
  await assignHouseholdsToOfficer(
    db,
    user.id,
    rows.map((r) => r.id),
  );
}
