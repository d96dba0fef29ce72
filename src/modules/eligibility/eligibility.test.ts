import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/database.ts';
import { queryRows, type Db } from '../../db/client.ts';
import { AppError } from '../../http/errors.ts';
import { insertTestRegions } from '../access/access.test-support.ts';
import { insertWelfareHistory } from '../registry/registry.test-support.ts';
import { insertHandHousehold } from '../welfare/welfare.test-support.ts';
import { explainEligibility } from './eligibility.service.ts';
import type { RuleNode } from './rules.ast.ts';
import { eligibleSetSql } from './rules.compiler.ts';
import { parseRule } from './rules.parser.ts';

const referenceDate = '2026-03-01';
let poorFamily = 0;
let carFamily = 0;
let child = 0;

function ast(text: string): RuleNode {
  const parsed = parseRule(text);
  if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
  return parsed.ast;
}

async function memberIds(db: Db, householdId: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`SELECT person_id::int AS id FROM household_member WHERE household_id = ${householdId} ORDER BY position`,
  );
  return rows.map((r) => r.id);
}

const kjpPlus = `desil <= 4 and age between 6 and 21 and school_enrolment = 'enrolled'
  and not has_car and property_njop <= 1_000_000_000 and not has_civil_servant_member`;

describeEachDatabase(
  'eligibility explain and eligible sets',
  (env) => {
    const db = () => env().ctx.database.db;

    it('explains a passing person with the values seen', async () => {
      const result = await explainEligibility(db(), {
        ruleText: kjpPlus,
        unit: 'person',
        householdId: poorFamily,
        personId: child,
        referenceDate,
      });
      expect(result.passed).toBe(true);
      expect(result.trace.children!.map((c) => [c.text, c.passed, c.value])).toEqual([
        ['desil <= 4', true, 1],
        ['age between 6 and 21', true, 10],
        ["school_enrolment = 'enrolled'", true, 'enrolled'],
        ['not has_car', true, undefined],
        ['property_njop <= 1000000000', true, 0],
        ['not has_civil_servant_member', true, undefined],
      ]);
      expect(result.trace.children![3]!.children![0]).toMatchObject({
        text: 'has_car',
        passed: false,
        value: false,
      });
    });

    it('explains a failing household, naming the failed clauses and matching members', async () => {
      const result = await explainEligibility(db(), {
        ruleText: "desil <= 4 and not has_car and any_member(occupation = 'civil_servant')",
        unit: 'household',
        householdId: carFamily,
        referenceDate,
      });
      expect(result.passed).toBe(false);
      const [desil, car, member] = result.trace.children!;
      expect(desil).toMatchObject({ text: 'desil <= 4', passed: false, value: null });
      expect(car).toMatchObject({ passed: false });
      expect(car!.children![0]).toMatchObject({ value: true });
      const [head] = await memberIds(db(), carFamily);
      expect(member).toMatchObject({ passed: true, matchedMembers: [head], count: 1 });
    });

    it('rejects invalid rules and unknown households with stable errors', async () => {
      const request = { unit: 'household' as const, householdId: carFamily, referenceDate };
      await expect(explainEligibility(db(), { ...request, ruleText: 'desill <= 4' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(explainEligibility(db(), { ...request, ruleText: 'age > 3' })).rejects.toBeInstanceOf(
        AppError,
      );
      await expect(
        explainEligibility(db(), { ...request, householdId: 999_999, ruleText: 'has_car' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('restricts the eligible set to a region and agrees with explain', async () => {
      const rule = ast('not extreme_poor or has_car');
      const all = await queryRows<{ household_id: number; kelurahan_code: string }>(
        db(),
        sql`SELECT household_id::int AS household_id, kelurahan_code FROM (${eligibleSetSql(rule, 'household', { referenceDate })}) e ORDER BY 1`,
      );
      expect(all.map((r) => r.household_id)).toEqual([carFamily]);
      const inUtara = eligibleSetSql(rule, 'household', { referenceDate, regionCode: '31.72' });
      expect(await queryRows(db(), inUtara)).toEqual([]);
      const inPusat = eligibleSetSql(rule, 'household', { referenceDate, regionCode: '31.71.01' });
      expect(await queryRows(db(), inPusat)).toHaveLength(1);
      const persons = eligibleSetSql(ast('age between 6 and 21'), 'person', {
        referenceDate,
        regionCode: '31',
      });
      const ids = (await queryRows<{ person_id: number }>(db(), persons)).map((r) => Number(r.person_id));
      expect(ids).toContain(child);
      expect(() => eligibleSetSql(rule, 'household', { referenceDate, regionCode: "31' or 1=1" })).toThrow(
        AppError,
      );
    });
  },
  async ({ ctx }) => {
    const db = ctx.database.db;
    await insertTestRegions(db);
    poorFamily = await insertHandHousehold(db, { kkNumber: '3171000000000001', hasCar: false }, [
      { relationship: 'head', birthDate: '1985-05-01', occupation: 'labourer' },
      { relationship: 'child', birthDate: '2015-06-30', occupation: 'student' },
    ]);
    child = (await memberIds(db, poorFamily))[1]!;
    await db.execute(sql`UPDATE person SET school_enrolment = 'enrolled' WHERE id = ${child}`);
    await insertWelfareHistory(db, poorFamily);
    carFamily = await insertHandHousehold(db, { kkNumber: '3171000000000002', hasCar: true }, [
      { relationship: 'head', birthDate: '1970-01-01', occupation: 'civil_servant' },
    ]);
  },
);
