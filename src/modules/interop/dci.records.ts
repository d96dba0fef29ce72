/**
 * Finding households for DCI searches and presenting them as DCI `Group` records (issue 6, part 4). One statement
 * per search: the filter, the client's area (through the one scoping layer), the page and the records as JSON.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import { queryRows, type Db } from '../../db/client.ts';
import { householdScopeCondition, type Scope } from '../access/access.scope.ts';
import { codeWithin } from '../regions/region-sql.ts';
import type {
  ExpressionQuery,
  GroupRecord,
  IdTypeValueQuery,
  PredicateQuery,
  SearchCriteria,
} from './dci.schemas.ts';
import type { SearchStatusReasonCode } from './dci.schemas.ts';

/** A refusal of one search request, with its DCI reason code. */
export class DciReject extends Error {
  constructor(
    readonly code: SearchStatusReasonCode,
    message: string,
  ) {
    super(message);
  }
}

export const maxPageSize = 1_000;

type Criteria = z.infer<typeof SearchCriteria>;
type Comparison = { attribute: string; operator: string; value: unknown };

const comparators: Record<string, string> = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '=' };
const expressionOperators: Record<string, string> = {
  $lt: 'lt',
  $lte: 'le',
  $gt: 'gt',
  $gte: 'ge',
  $eq: 'eq',
  $in: 'in',
};

/** The SQL condition of one comparison over `h` (household) and `w` (latest welfare). */
function comparisonSql({ attribute, operator, value }: Comparison): SQL {
  const reject = (why: string) => new DciReject('rjct.search_criteria.invalid', `${attribute}: ${why}`);
  const values = operator === 'in' ? (Array.isArray(value) ? value : [value]) : [value];
  switch (attribute) {
    case 'desil': {
      if (!values.every((v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 10))
        throw reject('desil is a whole number from 1 to 10');
      if (operator === 'in')
        return sql`w.desil IN (${sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )})`;
      return sql`w.desil ${sql.raw(comparators[operator]!)} ${values[0]}`;
    }
    case 'kelurahan_code':
    case 'region_code': {
      if (operator !== 'eq' && operator !== 'in') throw reject('compare an area with eq or in');
      if (!values.every((v) => typeof v === 'string' && /^\d{2}(\.\d{2}){0,2}(\.\d{4})?$/.test(v)))
        throw reject('a Kemendagri code such as 31.72 or 31.72.01.1001');
      // An area holds the kelurahan nested in it, as scopes do.
      return sql`(${sql.join(
        values.map((v) => codeWithin(sql`h.kelurahan_code`, v as string)),
        sql` OR `,
      )})`;
    }
    case 'is_extreme_poor':
      if (operator !== 'eq' || typeof value !== 'boolean') throw reject('compare with eq and true or false');
      return sql`coalesce(w.is_extreme_poor, false) = ${value}`;
    default:
      throw reject('unknown attribute (desil, kelurahan_code, is_extreme_poor)');
  }
}

function comparisonsOfExpression(query: z.infer<typeof ExpressionQuery>): Comparison[] {
  const root = query.value.expression.query;
  const terms = Array.isArray(root.$and) ? (root.$and as unknown[]) : [root];
  return terms.flatMap((term) => {
    if (term === null || typeof term !== 'object' || Array.isArray(term))
      throw new DciReject('rjct.search_criteria.invalid', 'An expression term is an object.');
    return Object.entries(term as Record<string, unknown>).flatMap(([attribute, test]) => {
      if (attribute.startsWith('$'))
        throw new DciReject('rjct.search_criteria.invalid', `Only $and combines terms (got ${attribute}).`);
      const tests: [string, unknown][] =
        test !== null && typeof test === 'object' && !Array.isArray(test)
          ? Object.entries(test as Record<string, unknown>)
          : [['$eq', test]];
      return tests.map(([op, value]) => {
        const operator = expressionOperators[op];
        if (!operator) throw new DciReject('rjct.search_criteria.invalid', `Unknown operator ${op}.`);
        return { attribute, operator, value };
      });
    });
  });
}

function comparisonsOfPredicates(query: z.infer<typeof PredicateQuery>): Comparison[] {
  return query.flatMap((item) => {
    if (item.condition !== undefined && item.condition !== 'and')
      throw new DciReject('rjct.search_criteria.invalid', 'Only the `and` condition is supported.');
    const each = [item.expression1, ...(item.expression2 ? [item.expression2] : [])];
    return each.map((e) => ({ attribute: e.attribute_name, operator: e.operator, value: e.attribute_value }));
  });
}

function identifierSql(query: z.infer<typeof IdTypeValueQuery>): SQL {
  const value = String(query.value);
  switch (query.type.toUpperCase()) {
    case 'NIK':
      if (!/^\d{16}$/.test(value))
        throw new DciReject('rjct.search_criteria.invalid', 'A NIK has 16 digits.');
      return sql`EXISTS (SELECT 1 FROM household_member hm JOIN person p ON p.id = hm.person_id
        WHERE hm.household_id = h.id AND hm.end_date IS NULL AND p.nik = ${value})`;
    case 'KK':
      if (!/^\d{16}$/.test(value))
        throw new DciReject('rjct.search_criteria.invalid', 'A KK number has 16 digits.');
      return sql`h.kk_number = ${value}`;
    case 'HOUSEHOLD_ID':
      if (!/^\d{1,15}$/.test(value))
        throw new DciReject('rjct.search_criteria.invalid', 'Not a household id.');
      return sql`h.id = ${Number(value)}`;
    default:
      throw new DciReject('rjct.search_criteria.invalid', 'Identifier types: NIK, KK, HOUSEHOLD_ID.');
  }
}

/** The comparisons of an expression or predicate query (shape checked), or a DciReject. */
export function comparisonsOf(queryType: string, q: unknown): Comparison[] {
  if (queryType === 'expression') {
    const ok = q !== null && typeof q === 'object' && !Array.isArray(q) && 'value' in q;
    const value: unknown = ok ? q.value : undefined;
    if (!value || typeof value !== 'object' || !('expression' in value))
      throw new DciReject('rjct.search_criteria.invalid', 'The query does not have the expression shape.');
    return comparisonsOfExpression(q as z.infer<typeof ExpressionQuery>);
  }
  if (queryType === 'predicate') {
    if (!Array.isArray(q) || q.length === 0)
      throw new DciReject('rjct.search_criteria.invalid', 'The query does not have the predicate shape.');
    return comparisonsOfPredicates(q as z.infer<typeof PredicateQuery>);
  }
  throw new DciReject('rjct.search_criteria.invalid', `Query type ${queryType} is not supported here.`);
}

/** The filter of a search's criteria, or a DciReject. */
export function filterOf(criteria: Criteria): SQL {
  const q = criteria.query;
  if (criteria.query_type === 'idtype-value') {
    if (Array.isArray(q) || !('type' in q) || typeof q.value === 'object')
      throw new DciReject('rjct.search_criteria.invalid', 'The query does not have the idtype-value shape.');
    return identifierSql(q as z.infer<typeof IdTypeValueQuery>);
  }
  const comparisons = comparisonsOf(criteria.query_type, q);
  if (comparisons.length === 0) throw new DciReject('rjct.search_criteria.invalid', 'Empty query.');
  return sql.join(comparisons.map(comparisonSql), sql` AND `);
}

const sortColumns: Record<string, SQL> = {
  desil: sql`w.desil`,
  kk_number: sql`h.kk_number`,
  household_id: sql`h.id`,
};

export function orderOf(criteria: Criteria): SQL {
  const parts = (criteria.sort ?? []).map((s) => {
    const column = sortColumns[s.attribute_name];
    if (!column) throw new DciReject('rjct.sort.invalid', 'Sort by desil, kk_number or household_id.');
    return sql`${column} ${sql.raw(s.sort_order === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS LAST')}`;
  });
  return sql.join([...parts, sql`h.id`], sql`, `);
}

export function pageOf(criteria: Criteria): { size: number; number: number } {
  const size = criteria.pagination?.page_size ?? 100;
  const number = criteria.pagination?.page_number ?? 1;
  if (!Number.isInteger(size) || size < 1 || size > maxPageSize || !Number.isInteger(number) || number < 1)
    throw new DciReject('rjct.pagination.invalid', `page_size is 1 to ${maxPageSize}, page_number from 1.`);
  return { size, number };
}

export interface FoundGroup {
  householdId: number;
  kelurahanCode: string;
  record: z.infer<typeof GroupRecord>;
}

/** The latest welfare of `h` as `w` (desil, extreme poor) from the latest snapshot. */
const latestWelfare = sql`LEFT JOIN household_welfare w ON w.household_id = h.id
  AND w.snapshot_id = (SELECT id FROM welfare_snapshot ORDER BY snapshot_date DESC, id DESC LIMIT 1)`;

const member = (alias: string) =>
  sql.raw(`json_build_object(
    '@type', 'Member',
    'member_identifier', json_build_array(json_build_object('identifier_type', 'NIK', 'identifier_value', ${alias}.nik)),
    'demographic_info', json_build_object('@type', 'SRPerson',
      'identifier', json_build_array(json_build_object('identifier_type', 'NIK', 'identifier_value', ${alias}.nik)),
      'name', json_build_object('@type', 'Name', 'given_name', ${alias}.name, 'surname', ''),
      'sex', CASE ${alias}.sex WHEN 'F' THEN 'female' ELSE 'male' END,
      'birth_date', ${alias}.birth_date::text),
    'relationship_head', ${alias}.relationship,
    'is_disabled', ${alias}.disability <> 'none',
    'marital_status', ${alias}.marital_status,
    'education_level', ${alias}.education,
    'occupation', ${alias}.occupation)`);

/** One page of households matching `filter` inside `scope`, as Group records, with the total count. */
export async function findGroups(
  db: Db,
  scope: Scope,
  filter: SQL,
  order: SQL,
  page: { size: number; number: number },
): Promise<{ total: number; groups: FoundGroup[] }> {
  const inScope = householdScopeCondition(scope, {
    kelurahanCode: sql`h.kelurahan_code`,
    householdId: sql`h.id`,
  });
  const rows = await queryRows<{
    total: number;
    householdId: string | null;
    kelurahanCode: string;
    record: FoundGroup['record'];
  }>(
    db,
    sql`WITH matched AS (
        SELECT h.id, h.kelurahan_code, w.desil, w.is_extreme_poor FROM household h ${latestWelfare}
        WHERE h.status = 'active' AND ${inScope} AND ${filter}
      ),
      page AS (
        SELECT h.*, w.desil, w.is_extreme_poor, row_number() OVER (ORDER BY ${order}) AS rn
        FROM household h ${latestWelfare}
        WHERE h.id IN (SELECT id FROM matched)
        ORDER BY ${order} LIMIT ${page.size} OFFSET ${(page.number - 1) * page.size}
      )
      SELECT t.total, x.* FROM (SELECT count(*)::int AS total FROM matched) t
      LEFT JOIN LATERAL (
        SELECT pg.rn, pg.id::text AS "householdId", pg.kelurahan_code AS "kelurahanCode", json_build_object(
          '@type', 'Group',
          'group_identifier', json_build_array(
            json_build_object('identifier_type', 'KK', 'identifier_value', pg.kk_number),
            json_build_object('identifier_type', 'HOUSEHOLD_ID', 'identifier_value', pg.id::text)),
          'group_type', 'household',
          'group_size', coalesce(json_array_length(m.members), 0),
          'place', json_build_object('@type', 'Place', 'kelurahan_code', pg.kelurahan_code,
            'address', pg.address || ', RT ' || pg.rt || '/RW ' || pg.rw),
          'poverty_score', pg.desil,
          'poverty_score_type', 'desil',
          'group_head_info', m.head,
          'member_list', coalesce(m.members, '[]'::json),
          'last_updated', to_char(pg.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'additional_attributes', json_build_array(
            json_build_object('is_extreme_poor', pg.is_extreme_poor),
            json_build_object('registry_version', pg.version))
        ) AS record
        FROM page pg
        LEFT JOIN LATERAL (
          SELECT json_agg(${member('p')} ORDER BY p.position) AS members,
            (array_agg(${member('p')} ORDER BY p.position) FILTER (WHERE p.relationship = 'head'))[1] AS head
          FROM (SELECT pe.*, hm.relationship, hm.position FROM household_member hm JOIN person pe ON pe.id = hm.person_id
            WHERE hm.household_id = pg.id AND hm.end_date IS NULL) p
        ) m ON true
      ) x ON true
      ORDER BY x.rn`,
  );
  const total = rows[0]?.total ?? 0;
  const groups = rows
    .filter((r) => r.householdId !== null)
    .map((r) => ({ householdId: Number(r.householdId), kelurahanCode: r.kelurahanCode, record: r.record }));
  return { total, groups };
}
