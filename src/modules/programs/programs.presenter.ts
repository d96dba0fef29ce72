import { z } from '@hono/zod-openapi';
import type { BenefitRow, BudgetRow, ProgramRow, RuleRow } from './programs.repository.ts';
import { benefitKinds, benefitPeriods, confidences, programLevels, programUnits } from './programs.schema.ts';
import type { ProgramSummary } from './programs.service.ts';

// The catalogue is public policy, not personal data: every field leaves the server except internal row ids.

const Period = z.enum(benefitPeriods).nullable();
const ConfidenceSchema = z.enum(confidences);

export const AmountSchema = z
  .object({
    component: z
      .string()
      .nullable()
      .openapi({ description: 'e.g. SD, SMP (KJP Plus); null = the whole program' }),
    validFrom: z.string().openapi({ example: '2023-01-01' }),
    amount: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Rupiah per period; null when in kind or a service' }),
    period: Period,
    confidence: ConfidenceSchema,
    source: z.string(),
  })
  .openapi('ProgramAmount');

export const BudgetSchema = z
  .object({
    year: z.number().int(),
    regionCode: z.string(),
    budget: z.number().int().nullable().openapi({ description: 'Pagu, Rupiah' }),
    quota: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Persons or households, per the program unit' }),
    source: z.string(),
  })
  .openapi('ProgramBudget');

export const RuleSchema = z
  .object({
    version: z.number().int(),
    ruleText: z.string(),
    unit: z.enum(programUnits),
    createdBy: z.number().int().nullable(),
    createdAt: z.string(),
    isActive: z.boolean(),
  })
  .openapi('ProgramRule');

const programFields = {
  code: z.string().openapi({ example: 'KJP_PLUS' }),
  name: z.string(),
  nameEn: z.string(),
  pillar: z.number().int().min(1).max(4),
  agency: z.string().openapi({ example: 'DISDIK' }),
  level: z.enum(programLevels),
  unit: z.enum(programUnits),
  benefitKind: z.enum(benefitKinds),
  benefitPeriod: Period,
  purposeGroup: z.string(),
  legalBasis: z.string().nullable(),
  description: z.string(),
  activeFrom: z.string().nullable(),
  activeTo: z.string().nullable(),
  confidence: ConfidenceSchema,
  source: z.string(),
};

export const ProgramSummarySchema = z
  .object({
    ...programFields,
    currentAmounts: z.array(AmountSchema),
    activeRuleVersion: z.number().int().nullable(),
  })
  .openapi('ProgramSummary');

export const ProgramDetailSchema = z
  .object({
    ...programFields,
    currentAmounts: z.array(AmountSchema),
    amounts: z.array(AmountSchema).openapi({ description: 'Every dated amount, by component then date' }),
    budgets: z.array(BudgetSchema),
    rules: z.array(RuleSchema).openapi({ description: 'Rule versions, newest first' }),
  })
  .openapi('ProgramDetail');

/** A program's catalogue fields. */
export function presentProgram(p: ProgramRow) {
  const { code, name, nameEn, pillar, agency, level, unit, benefitKind, benefitPeriod, purposeGroup } = p;
  const { legalBasis, description, activeFrom, activeTo, confidence, source } = p;
  return {
    ...{ code, name, nameEn, pillar, agency, level, unit, benefitKind, benefitPeriod, purposeGroup },
    ...{ legalBasis, description, activeFrom, activeTo, confidence, source },
  };
}

/** A dated amount. */
export function presentAmount(a: BenefitRow) {
  const { component, validFrom, amount, period, confidence, source } = a;
  return { component, validFrom, amount, period, confidence, source };
}

/** A budget and quota row. */
export function presentBudget(b: BudgetRow) {
  const { year, regionCode, budget, quota, source } = b;
  return { year, regionCode, budget, quota, source };
}

/** A rule version. */
export function presentRule(r: RuleRow) {
  const { version, ruleText, unit, createdBy, isActive } = r;
  return { version, ruleText, unit, createdBy, createdAt: new Date(r.createdAt).toISOString(), isActive };
}

/** A catalogue entry of the list. */
export function presentSummary(s: ProgramSummary) {
  return {
    ...presentProgram(s.program),
    currentAmounts: s.currentAmounts.map(presentAmount),
    activeRuleVersion: s.activeRuleVersion,
  };
}
