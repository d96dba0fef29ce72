import { sql } from 'drizzle-orm';
import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appUser } from '../access/access.schema.ts';
import { person } from '../registry/registry.schema.ts';

export const dedupPairStatuses = ['auto_merged', 'review', 'rejected', 'merged', 'unmerged'] as const;
export type DedupPairStatus = (typeof dedupPairStatuses)[number];

/**
 * One deduplication run: which persons it looked at, how many pairs its blocks produced and compared, and the
 * Fellegi–Sunter parameters it estimated (m and u per comparison level by EM, weights, thresholds).
 */
export const dedupRun = pgTable('dedup_run', {
  id: serial('id').primaryKey(),
  status: text('status', { enum: ['running', 'succeeded', 'failed'] })
    .notNull()
    .default('running'),
  /** `all`, or `persons` when a run was limited to some persons (after an import). */
  scope: text('scope').notNull(),
  personsConsidered: integer('persons_considered').notNull().default(0),
  pairsCompared: bigint('pairs_compared', { mode: 'number' }).notNull().default(0),
  autoMerged: integer('auto_merged').notNull().default(0),
  review: integer('review').notNull().default(0),
  /** m/u per field level, prior match share, EM iterations, thresholds, block sizes. */
  parameters: jsonb('parameters')
    .notNull()
    .default(sql`'{}'::jsonb`),
  error: text('error'),
  startedBy: integer('started_by').references(() => appUser.id, { onDelete: 'set null' }),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/**
 * A candidate pair kept by a run (score at or above the review threshold), `person_a < person_b`. One row per
 * pair of persons: a later run refreshes the score of a pair still in review and leaves decided pairs alone.
 */
export const dedupPair = pgTable(
  'dedup_pair',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    runId: integer('run_id')
      .notNull()
      .references(() => dedupRun.id),
    personA: bigint('person_a', { mode: 'number' })
      .notNull()
      .references(() => person.id),
    personB: bigint('person_b', { mode: 'number' })
      .notNull()
      .references(() => person.id),
    /** Sum of the log2 likelihood-ratio weights of the comparison vector. */
    score: doublePrecision('score').notNull(),
    /** Comparison vector levels: `{ nik, name, birthDate, sex, area }`. */
    comparison: jsonb('comparison').notNull(),
    status: text('status', { enum: dedupPairStatuses }).notNull(),
    decidedBy: integer('decided_by').references(() => appUser.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dedup_pair_persons_uq').on(t.personA, t.personB),
    index('dedup_pair_status_idx').on(t.status),
    index('dedup_pair_b_idx').on(t.personB),
  ],
);

/**
 * A merge of a duplicate person into a surviving person, with everything needed to undo it exactly: the
 * duplicate's previous status, the memberships it ended and the enrolments it moved to the survivor.
 */
export const personMerge = pgTable(
  'person_merge',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    pairId: bigint('pair_id', { mode: 'number' }).references(() => dedupPair.id),
    survivorId: bigint('survivor_id', { mode: 'number' })
      .notNull()
      .references(() => person.id),
    duplicateId: bigint('duplicate_id', { mode: 'number' })
      .notNull()
      .references(() => person.id),
    previousStatus: text('previous_status').notNull(),
    /** `[{ householdId, startDate }]` of the duplicate's open memberships the merge ended. */
    endedMemberships: jsonb('ended_memberships').notNull(),
    /** Ids of the enrolments moved from the duplicate to the survivor. */
    movedEnrolments: jsonb('moved_enrolments').notNull(),
    mergedBy: integer('merged_by').references(() => appUser.id, { onDelete: 'set null' }),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
    unmergedBy: integer('unmerged_by').references(() => appUser.id, { onDelete: 'set null' }),
    unmergedAt: timestamp('unmerged_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('person_merge_open_uq')
      .on(t.duplicateId)
      .where(sql`${t.unmergedAt} IS NULL`),
    index('person_merge_survivor_idx').on(t.survivorId),
  ],
);
