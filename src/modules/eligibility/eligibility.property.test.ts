/**
 * Property test (issue 3 acceptance): on a random registry, the compiled SQL eligible set of thousands of random
 * rules equals the TS evaluator applied to the facts loaded from the database.
 */
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { queryRows, type Db } from '../../db/client.ts';
import { Random } from '../synthetic/prng.ts';
import type { HouseholdFacts, PersonFacts } from './eligibility.facts.ts';
import { selectHouseholdFacts, selectPersonFacts } from './eligibility.repository.ts';
import { insertRandomPopulation, randomRule } from './eligibility.test-support.ts';
import type { RuleNode, RuleUnit } from './rules.ast.ts';
import { eligibleSetSql } from './rules.compiler.ts';
import { evaluateRule } from './rules.evaluator.ts';
import { formatRule } from './rules.format.ts';
import { parseRule } from './rules.parser.ts';
import { validateRule } from './rules.validator.ts';

const seed = Number(process.env.ELIGIBILITY_SEED ?? 20260301);
const referenceDate = '2026-03-01';
const ruleCount = 2000;
const batchSize = 50;

interface GeneratedRule {
  ast: RuleNode;
  unit: RuleUnit;
}

/** The eligible ids of every rule of a batch, in one query (UNION ALL of the rules' eligible sets). */
async function sqlEligibleSets(db: Db, rules: GeneratedRule[]): Promise<Map<number, number[]>> {
  const parts = rules.map(({ ast, unit }, i) => {
    const id = unit === 'person' ? sql`e.person_id::int` : sql`e.household_id::int`;
    return sql`SELECT ${i}::int AS r, ${id} AS id FROM (${eligibleSetSql(ast, unit, { referenceDate })}) e`;
  });
  const rows = await queryRows<{ r: number; ids: number[] }>(
    db,
    sql`SELECT r, array_agg(id ORDER BY id) AS ids FROM (${sql.join(parts, sql` UNION ALL `)}) u GROUP BY r`,
  );
  return new Map(rows.map((row) => [row.r, row.ids.map(Number)]));
}

function evaluatorSet(
  { ast, unit }: GeneratedRule,
  households: HouseholdFacts[],
  membersOf: Map<number, PersonFacts[]>,
): number[] {
  const ids: number[] = [];
  for (const household of households) {
    const members = membersOf.get(household.householdId) ?? [];
    if (unit === 'household') {
      if (evaluateRule(ast, { household, members })) ids.push(household.householdId);
    } else {
      for (const person of members)
        if (evaluateRule(ast, { household, person, members })) ids.push(person.personId);
    }
  }
  return ids.sort((a, b) => a - b);
}

describeEachDatabase(
  'eligibility: compiled SQL agrees with the evaluator',
  (env) => {
    it(`agrees on ${ruleCount} random rules (seed ${seed})`, async () => {
      const db = env().ctx.database.db;
      const households = await selectHouseholdFacts(db);
      const membersOf = new Map<number, PersonFacts[]>();
      for (const p of await selectPersonFacts(db, referenceDate))
        membersOf.set(p.householdId, [...(membersOf.get(p.householdId) ?? []), p]);
      expect(households.some((h) => h.desil === null)).toBe(true);
      expect(households.some((h) => h.floorAreaPerPerson === null)).toBe(true);

      const rng = new Random(seed, 'rules');
      const rules: GeneratedRule[] = Array.from({ length: ruleCount }, () => {
        const unit: RuleUnit = rng.chance(0.5) ? 'person' : 'household';
        return { unit, ast: randomRule(rng, unit) };
      });
      let nonEmpty = 0;
      for (let start = 0; start < rules.length; start += batchSize) {
        const batch = rules.slice(start, start + batchSize);
        const fromSql = await sqlEligibleSets(db, batch);
        batch.forEach((rule, i) => {
          const text = formatRule(rule.ast);
          const context = `seed ${seed}, rule ${start + i} (${rule.unit}): ${text}`;
          const reparsed = parseRule(text);
          expect(reparsed.ok && formatRule(reparsed.ast), context).toBe(text);
          expect(validateRule(rule.ast, rule.unit), context).toEqual([]);
          const expected = evaluatorSet(rule, households, membersOf);
          if (expected.length > 0) nonEmpty++;
          expect(fromSql.get(i) ?? [], context).toEqual(expected);
        });
      }
      // The rules are not trivially empty: most select someone.
      expect(nonEmpty).toBeGreaterThan(ruleCount / 3);
    }, 180_000);
  },
  async ({ ctx }) => insertRandomPopulation(ctx.database.db, new Random(seed, 'population'), 300),
);
