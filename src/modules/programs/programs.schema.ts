import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appUser } from '../access/access.schema.ts';
import { region } from '../regions/regions.schema.ts';

/** Intervention pillars of product.md §S4 (seed 003): 1 data validation, 2 reducing spending, 3 productivity, 4 area-based. */
export const pillars = [1, 2, 3, 4] as const;
export const programLevels = ['province', 'national'] as const;
export const programUnits = ['person', 'household'] as const;
export type ProgramUnit = (typeof programUnits)[number];
export const benefitKinds = ['cash', 'in_kind', 'service'] as const;
export const benefitPeriods = ['month', 'semester', 'year', 'once'] as const;
/** Confidence labels of the domain brief (✅ confirmed, ⚠️ partial, ❓ unconfirmed). */
export const confidences = ['confirmed', 'partial', 'unconfirmed'] as const;
export type Confidence = (typeof confidences)[number];

/** The program catalogue: Jakarta and national social-protection and empowerment programs (domain brief §4). */
export const program = pgTable(
  'program',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    pillar: smallint('pillar').notNull(),
    /** Owning agency code (DISDIK, DINSOS, KEMENSOS…); agency users with this organisation manage the program. */
    agency: text('agency').notNull(),
    level: text('level', { enum: programLevels }).notNull(),
    unit: text('unit', { enum: programUnits }).notNull(),
    benefitKind: text('benefit_kind', { enum: benefitKinds }).notNull(),
    benefitPeriod: text('benefit_period', { enum: benefitPeriods }),
    /** Programs with the same purpose group overlap when one household receives both. */
    purposeGroup: text('purpose_group').notNull(),
    legalBasis: text('legal_basis'),
    description: text('description').notNull(),
    activeFrom: date('active_from'),
    activeTo: date('active_to'),
    confidence: text('confidence', { enum: confidences }).notNull(),
    source: text('source').notNull(),
  },
  (t) => [
    check('program_pillar_check', sql`${t.pillar} between 1 and 4`),
    index('program_agency_idx').on(t.agency),
  ],
);

/**
 * Dated benefit amounts, per component (KJP Plus level, PKH component; null = the whole program). Amounts change by
 * year and by governor (domain brief §0 point 9), so they live here, never in code.
 */
export const programBenefit = pgTable(
  'program_benefit',
  {
    id: serial('id').primaryKey(),
    programCode: text('program_code')
      .notNull()
      .references(() => program.code, { onDelete: 'cascade' }),
    component: text('component'),
    validFrom: date('valid_from').notNull(),
    /** Rupiah per period; null when the benefit is in kind or a service with no published value. */
    amount: bigint('amount', { mode: 'number' }),
    period: text('period', { enum: benefitPeriods }),
    confidence: text('confidence', { enum: confidences }).notNull(),
    source: text('source').notNull(),
  },
  (t) => [
    uniqueIndex('program_benefit_key').on(t.programCode, sql`coalesce(${t.component}, '')`, t.validFrom),
  ],
);

/** Budget (pagu) and quota per year and area (province or kota). */
export const programBudget = pgTable(
  'program_budget',
  {
    id: serial('id').primaryKey(),
    programCode: text('program_code')
      .notNull()
      .references(() => program.code, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => region.code),
    budget: bigint('budget', { mode: 'number' }),
    /** Persons or households, per the program's unit. */
    quota: integer('quota'),
    source: text('source').notNull(),
  },
  (t) => [uniqueIndex('program_budget_key').on(t.programCode, t.year, t.regionCode)],
);

/** Versioned eligibility rules in the rule language of the eligibility module; one active version per program. */
export const programRule = pgTable(
  'program_rule',
  {
    id: serial('id').primaryKey(),
    programCode: text('program_code')
      .notNull()
      .references(() => program.code, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    ruleText: text('rule_text').notNull(),
    unit: text('unit', { enum: programUnits }).notNull(),
    createdBy: integer('created_by').references(() => appUser.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    isActive: boolean('is_active').notNull().default(false),
  },
  (t) => [
    uniqueIndex('program_rule_version_key').on(t.programCode, t.version),
    uniqueIndex('program_rule_active_key')
      .on(t.programCode)
      .where(sql`${t.isActive}`),
  ],
);
