import { and, asc, desc, eq, getTableColumns, max, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { program, programBenefit, programBudget, programRule } from './programs.schema.ts';

export type ProgramRow = typeof program.$inferSelect;
export type NewProgram = typeof program.$inferInsert;
export type BenefitRow = typeof programBenefit.$inferSelect;
export type NewBenefit = Omit<typeof programBenefit.$inferInsert, 'id'>;
export type BudgetRow = typeof programBudget.$inferSelect;
export type NewBudget = Omit<typeof programBudget.$inferInsert, 'id'>;
export type RuleRow = typeof programRule.$inferSelect;

/** Inserts or updates catalogue rows by code. */
export async function upsertPrograms(db: Db, rows: readonly NewProgram[]): Promise<void> {
  if (rows.length === 0) return;
  const updated = Object.fromEntries(
    Object.entries(getTableColumns(program))
      .filter(([key]) => key !== 'code')
      .map(([key, column]) => [key, sql.raw(`excluded.${column.name}`)]),
  );
  await db
    .insert(program)
    .values([...rows])
    .onConflictDoUpdate({ target: program.code, set: updated });
}

/** Inserts or updates dated amounts by (program, component, valid_from), set-based through one JSON parameter. */
export async function upsertBenefits(db: Db, rows: readonly NewBenefit[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into program_benefit (program_code, component, valid_from, amount, period, confidence, source)
    select r."programCode", r.component, r."validFrom"::date, r.amount, r.period, r.confidence, r.source
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
      "programCode" text, component text, "validFrom" text, amount bigint, period text, confidence text, source text)
    on conflict (program_code, coalesce(component, ''), valid_from)
    do update set amount = excluded.amount, period = excluded.period,
      confidence = excluded.confidence, source = excluded.source`);
}

/** Inserts or updates budgets and quotas by (program, year, region). */
export async function upsertBudgets(db: Db, rows: readonly NewBudget[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(programBudget)
    .values([...rows])
    .onConflictDoUpdate({
      target: [programBudget.programCode, programBudget.year, programBudget.regionCode],
      set: { budget: sql`excluded.budget`, quota: sql`excluded.quota`, source: sql`excluded.source` },
    });
}

/** Adds each rule as active version 1 of a program that has no rule yet; returns how many were added. */
export async function insertFirstRules(
  db: Db,
  rows: readonly { programCode: string; ruleText: string; unit: string }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await queryRows<{ id: number }>(
    db,
    sql`
    insert into program_rule (program_code, version, rule_text, unit, is_active)
    select r."programCode", 1, r."ruleText", r.unit, true
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("programCode" text, "ruleText" text, unit text)
    where not exists (select 1 from program_rule p where p.program_code = r."programCode")
    returning id`,
  );
  return inserted.length;
}

/** Catalogue rows, filtered by pillar and agency, ordered by pillar then code. */
export async function selectPrograms(db: Db, filter: { pillar?: number; agency?: string }) {
  const conditions: SQL[] = [];
  if (filter.pillar !== undefined) conditions.push(eq(program.pillar, filter.pillar));
  if (filter.agency !== undefined) conditions.push(eq(program.agency, filter.agency));
  return db
    .select()
    .from(program)
    .where(and(...conditions))
    .orderBy(asc(program.pillar), asc(program.code));
}

/** One program by code, optionally locked for update (serialises rule versioning). */
export async function findProgram(db: Db, code: string, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(program).where(eq(program.code, code));
  const [row] = await (options.forUpdate ? query.for('update') : query);
  return row;
}

/** Per program and component, the amount with the latest valid_from on or before `date` (all programs if none given). */
export async function selectCurrentBenefits(db: Db, date: string, code?: string): Promise<BenefitRow[]> {
  type Raw = Omit<BenefitRow, 'id' | 'amount'> & { id: number | string; amount: number | string | null };
  const rows = await queryRows<Raw>(
    db,
    sql`
    select distinct on (program_code, coalesce(component, ''))
      id, program_code as "programCode", component, valid_from::text as "validFrom", amount, period,
      confidence, source
    from program_benefit
    where valid_from <= ${date}::date ${code === undefined ? sql`` : sql`and program_code = ${code}`}
    order by program_code, coalesce(component, ''), valid_from desc`,
  );
  // bigint arrives as a string from node-postgres and as a number from PGlite.
  return rows.map((r) => ({ ...r, id: Number(r.id), amount: r.amount === null ? null : Number(r.amount) }));
}

/** Every dated amount of a program, by component then date. */
export async function selectBenefits(db: Db, code: string) {
  return db
    .select()
    .from(programBenefit)
    .where(eq(programBenefit.programCode, code))
    .orderBy(asc(programBenefit.component), asc(programBenefit.validFrom));
}

/** Budgets and quotas of a program, newest year first. */
export async function selectBudgets(db: Db, code: string) {
  return db
    .select()
    .from(programBudget)
    .where(eq(programBudget.programCode, code))
    .orderBy(desc(programBudget.year), asc(programBudget.regionCode));
}

/** Rule versions of a program, newest first. */
export async function selectRules(db: Db, code: string) {
  return db
    .select()
    .from(programRule)
    .where(eq(programRule.programCode, code))
    .orderBy(desc(programRule.version));
}

/** The active rule of every program (at most one each). */
export async function selectActiveRules(db: Db) {
  return db.select().from(programRule).where(eq(programRule.isActive, true));
}

/** The highest rule version of a program (0 when it has none). */
export async function selectLatestRuleVersion(db: Db, code: string): Promise<number> {
  const [row] = await db
    .select({ version: max(programRule.version) })
    .from(programRule)
    .where(eq(programRule.programCode, code));
  return row?.version ?? 0;
}

/** Deactivates the program's active rule (before a new version becomes active). */
export async function deactivateRules(db: Db, code: string): Promise<void> {
  await db
    .update(programRule)
    .set({ isActive: false })
    .where(and(eq(programRule.programCode, code), eq(programRule.isActive, true)));
}

/** Inserts a rule version. */
export async function insertRule(db: Db, row: typeof programRule.$inferInsert): Promise<RuleRow> {
  const [inserted] = await db.insert(programRule).values(row).returning();
  return inserted!;
}
