import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound, validationError } from '../../http/errors.ts';
import { seedPrograms } from './programs.data.ts';
import {
  deactivateRules,
  findProgram,
  insertFirstRules,
  insertRule,
  selectActiveRules,
  selectBenefits,
  selectBudgets,
  selectCurrentBenefits,
  selectLatestRuleVersion,
  selectPrograms,
  selectRules,
  upsertBenefits,
  upsertBudgets,
  upsertPrograms,
  type BenefitRow,
  type ProgramRow,
  type RuleRow,
} from './programs.repository.ts';
import { checkRuleText } from './programs.rules.ts';

export interface EnsureProgramsResult {
  programs: number;
  amounts: number;
  budgets: number;
  rulesAdded: number;
}

/**
 * Loads the seed catalogue (programs.data.ts), idempotently: upserts programs, dated amounts and budgets, and adds
 * the seed rule as version 1 only to a program that has no rule (a saved rule is never overwritten).
 * Budgets reference regions: run after the province regions are loaded.
 */
export async function ensurePrograms(db: Db): Promise<EnsureProgramsResult> {
  const programs = seedPrograms.map(({ amounts: _a, budgets: _b, rule: _r, ...row }) => row);
  const amounts = seedPrograms.flatMap((p) => p.amounts.map((a) => ({ programCode: p.code, ...a })));
  const budgets = seedPrograms.flatMap((p) => p.budgets.map((b) => ({ programCode: p.code, ...b })));
  const rules = seedPrograms.map((p) => ({ programCode: p.code, ruleText: p.rule, unit: p.unit }));
  return db.transaction(async (tx) => {
    await upsertPrograms(tx, programs);
    await upsertBenefits(tx, amounts);
    await upsertBudgets(tx, budgets);
    const rulesAdded = await insertFirstRules(tx, rules);
    return { programs: programs.length, amounts: amounts.length, budgets: budgets.length, rulesAdded };
  });
}

/** Per component, the amount with the latest valid_from on or before `date` (YYYY-MM-DD). */
export async function currentBenefitAmounts(db: Db, code: string, date: string): Promise<BenefitRow[]> {
  return selectCurrentBenefits(db, date, code);
}

/** A catalogue entry with its current amounts and active rule version. */
export interface ProgramSummary {
  program: ProgramRow;
  currentAmounts: BenefitRow[];
  activeRuleVersion: number | null;
}

/** The catalogue, filtered by pillar and agency, with amounts current on `date`. */
export async function listProgramCatalogue(
  db: Db,
  filter: { pillar?: number; agency?: string },
  date: string,
): Promise<ProgramSummary[]> {
  const [programs, amounts, rules] = await Promise.all([
    selectPrograms(db, filter),
    selectCurrentBenefits(db, date),
    selectActiveRules(db),
  ]);
  const versionOf = new Map(rules.map((r) => [r.programCode, r.version]));
  return programs.map((p) => ({
    program: p,
    currentAmounts: amounts.filter((a) => a.programCode === p.code),
    activeRuleVersion: versionOf.get(p.code) ?? null,
  }));
}

/** One program with its amount history, budgets and rule versions; NOT_FOUND if unknown. */
export async function getProgramDetail(db: Db, code: string, date: string) {
  const program = await findProgram(db, code);
  if (!program) throw notFound('Program');
  const [currentAmounts, amounts, budgets, rules] = await Promise.all([
    selectCurrentBenefits(db, date, code),
    selectBenefits(db, code),
    selectBudgets(db, code),
    selectRules(db, code),
  ]);
  return { program, currentAmounts, amounts, budgets, rules };
}

/** Rule versions of a program, newest first; NOT_FOUND if unknown. */
export async function listProgramRules(db: Db, code: string): Promise<RuleRow[]> {
  if (!(await findProgram(db, code))) throw notFound('Program');
  return selectRules(db, code);
}

/** The secretariat manages every program; an agency user only the programs of their own organisation. */
export function canManageProgram(user: SessionUser, program: Pick<ProgramRow, 'agency'>): boolean {
  if (user.role === 'secretariat') return true;
  return user.role === 'agency' && user.organisation !== null && user.organisation === program.agency;
}

/**
 * Saves a rule as the program's next version and makes it the active one (one transaction; the program row is
 * locked so two saves cannot take the same version). Invalid rules → VALIDATION_FAILED naming `body.ruleText`.
 */
export async function saveProgramRule(
  db: Db,
  user: SessionUser,
  code: string,
  ruleText: string,
): Promise<RuleRow> {
  const program = await findProgram(db, code);
  if (!program) throw notFound('Program');
  if (!canManageProgram(user, program))
    throw new AppError('FORBIDDEN', 'Only the secretariat or the program’s own agency may change its rule.');
  const errors = checkRuleText(ruleText, program.unit);
  if (errors.length > 0) {
    throw validationError(
      errors.map((e) => ({
        path: 'body.ruleText',
        reason: 'invalid_rule',
        message: `line ${e.line}, column ${e.column}: ${e.message}`,
        line: e.line,
        column: e.column,
      })),
      'The rule is not valid.',
    );
  }
  return db.transaction(async (tx) => {
    await findProgram(tx, code, { forUpdate: true });
    const version = (await selectLatestRuleVersion(tx, code)) + 1;
    await deactivateRules(tx, code);
    return insertRule(tx, {
      programCode: code,
      version,
      ruleText,
      unit: program.unit,
      createdBy: user.id,
      isActive: true,
    });
  });
}
