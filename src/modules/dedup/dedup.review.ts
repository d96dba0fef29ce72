import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import {
  householdScopeCondition,
  requirePersonalDataAccess,
  requirePersonalDataWrite,
  type Scope,
} from '../access/access.scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { DedupPairStatus } from './dedup.schema.ts';
import type { PairDetail, PairList } from './dedup.contracts.ts';
import { mergePairs, unmergePersons } from './dedup.merge.ts';
import { comparisonFields } from './dedup.model.ts';

const purpose = 'deduplication review';

/** A person's home for review: the open membership, else the latest one (a merged duplicate's ended one). */
const home = (personColumn: SQL) => sql`LEFT JOIN LATERAL (
    SELECT hm.household_id, hm.relationship, h.kk_number, h.address, h.kelurahan_code, r.name AS kelurahan_name
    FROM household_member hm JOIN household h ON h.id = hm.household_id JOIN region r ON r.code = h.kelurahan_code
    WHERE hm.person_id = ${personColumn}
    ORDER BY (hm.end_date IS NULL) DESC, hm.start_date DESC, hm.household_id LIMIT 1)`;

/** A pair is in a reviewer's area when both persons' homes are: no one sees a person outside their area. */
function pairInScope(scope: Scope): SQL {
  return sql`${householdScopeCondition(scope, { kelurahanCode: sql`ha.kelurahan_code`, householdId: sql`ha.household_id` })}
    AND ${householdScopeCondition(scope, { kelurahanCode: sql`hb.kelurahan_code`, householdId: sql`hb.household_id` })}`;
}

const pairFrom = sql`FROM dedup_pair dp
  JOIN person pa ON pa.id = dp.person_a JOIN person pb ON pb.id = dp.person_b
  ${home(sql`dp.person_a`)} ha ON TRUE ${home(sql`dp.person_b`)} hb ON TRUE`;

interface SummaryRow {
  id: number;
  status: DedupPairStatus;
  score: number;
  comparison: PairList['items'][number]['comparison'];
  a_id: number;
  a_name: string;
  a_nik: string;
  b_id: number;
  b_name: string;
  b_nik: string;
  kelurahan_name: string | null;
  total: number;
}

/** Pairs with a status (pending review by default) in the reviewer's area, best score first; the read is audited. */
export async function listPairs(
  db: Db,
  user: SessionUser,
  query: { status: DedupPairStatus; page: number; pageSize: number },
): Promise<PairList> {
  const scope = requirePersonalDataAccess(user);
  const rows = await queryRows<SummaryRow>(
    db,
    sql`SELECT dp.id::int, dp.status, dp.score, dp.comparison, pa.id::int AS a_id, pa.name AS a_name,
          pa.nik AS a_nik, pb.id::int AS b_id, pb.name AS b_name, pb.nik AS b_nik,
          ha.kelurahan_name, count(*) OVER ()::int AS total
        ${pairFrom}
        WHERE dp.status = ${query.status} AND ${pairInScope(scope)}
        ORDER BY dp.score DESC, dp.id
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
  );
  await recordAudit(db, user, [
    {
      action: 'search',
      subjectType: 'person',
      purpose,
      details: { status: query.status, page: query.page, pairs: rows.map((r) => r.id) },
    },
  ]);
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      status: r.status,
      score: r.score,
      comparison: r.comparison,
      personA: { id: r.a_id, name: r.a_name, nik: r.a_nik },
      personB: { id: r.b_id, name: r.b_name, nik: r.b_nik },
      kelurahanName: r.kelurahan_name,
    })),
  };
}

interface PairRow {
  id: number;
  status: DedupPairStatus;
  score: number;
  run_id: number;
  comparison: Record<string, number>;
  parameters: { weights?: number[][]; thresholds?: { auto: number; review: number } } | null;
  merge_id: number | null;
}

/** The pair if it is in the user's area (404 otherwise: a pair outside one's area does not exist for them). */
async function visiblePair(db: Db, scope: Scope, id: number): Promise<PairRow> {
  const [row] = await queryRows<PairRow>(
    db,
    sql`SELECT dp.id::int, dp.status, dp.score, dp.run_id, dp.comparison, r.parameters,
          (SELECT pm.id::int FROM person_merge pm WHERE pm.pair_id = dp.id AND pm.unmerged_at IS NULL) AS merge_id
        ${pairFrom} JOIN dedup_run r ON r.id = dp.run_id
        WHERE dp.id = ${id} AND ${pairInScope(scope)}`,
  );
  if (!row) throw notFound('Pair');
  return row;
}

interface SideRow {
  id: number;
  nik: string;
  name: string;
  sex: string;
  birth_date: string;
  birth_place: string | null;
  status: string;
  household_id: number | null;
  kk_number: string | null;
  address: string | null;
  kelurahan_code: string | null;
  kelurahan_name: string | null;
  relationship: string | null;
  enrolments: { id: number; programCode: string; status: string }[];
}

async function side(db: Db, personId: number): Promise<PairDetail['personA']> {
  const [r] = await queryRows<SideRow>(
    db,
    sql`SELECT p.id::int, p.nik, p.name, p.sex, p.birth_date::text, p.birth_place, p.status,
          ha.household_id::int, ha.kk_number, ha.address, ha.kelurahan_code, ha.kelurahan_name, ha.relationship,
          coalesce((SELECT jsonb_agg(jsonb_build_object('id', e.id, 'programCode', e.program_code, 'status', e.status)
                    ORDER BY e.id) FROM enrolment e WHERE e.person_id = p.id), '[]'::jsonb) AS enrolments
        FROM person p ${home(sql`p.id`)} ha ON TRUE WHERE p.id = ${personId}`,
  );
  return {
    id: r!.id,
    nik: r!.nik,
    name: r!.name,
    sex: r!.sex,
    birthDate: r!.birth_date,
    birthPlace: r!.birth_place,
    status: r!.status,
    household:
      r!.household_id === null
        ? null
        : {
            id: r!.household_id,
            kkNumber: r!.kk_number!,
            address: r!.address!,
            kelurahanCode: r!.kelurahan_code!,
            kelurahanName: r!.kelurahan_name!,
            relationship: r!.relationship!,
          },
    enrolments: r!.enrolments,
  };
}

/** Both persons side by side with their households and enrolments, and each field's level and weight; audited. */
export async function readPair(db: Db, user: SessionUser, id: number): Promise<PairDetail> {
  const scope = requirePersonalDataAccess(user);
  const pair = await visiblePair(db, scope, id);
  const [ids] = await queryRows<{ a: number; b: number }>(
    db,
    sql`SELECT person_a::int AS a, person_b::int AS b FROM dedup_pair WHERE id = ${id}`,
  );
  const [personA, personB] = [await side(db, ids!.a), await side(db, ids!.b)];
  await recordAudit(
    db,
    user,
    [personA, personB].map((p) => ({
      action: 'read' as const,
      subjectType: 'person' as const,
      subjectId: p.id,
      regionCode: p.household?.kelurahanCode ?? null,
      purpose,
      details: { pairId: id },
    })),
  );
  const weights = pair.parameters?.weights;
  return {
    id: pair.id,
    status: pair.status,
    score: pair.score,
    runId: pair.run_id,
    fields: comparisonFields.map((f, i) => {
      const level = pair.comparison[f.name] ?? 0;
      return { field: f.name, level, weight: weights?.[i]?.[level] ?? null };
    }),
    thresholds: pair.parameters?.thresholds
      ? { auto: pair.parameters.thresholds.auto, review: pair.parameters.thresholds.review }
      : null,
    personA,
    personB,
    mergeId: pair.merge_id,
  };
}

/** A reviewer's decision on a pair pending review: merge (the lower id survives) or not a duplicate. */
export async function decidePair(
  db: Db,
  user: SessionUser,
  id: number,
  decision: 'merge' | 'not_duplicate',
): Promise<PairDetail> {
  const scope = requirePersonalDataWrite(user);
  await db.transaction(async (tx) => {
    const pair = await visiblePair(tx, scope, id);
    // The row lock makes two reviewers deciding the same pair at once decide it once.
    const [locked] = await queryRows<{ status: string }>(
      tx,
      sql`SELECT status FROM dedup_pair WHERE id = ${pair.id} FOR UPDATE`,
    );
    if (locked!.status !== 'review') throw new AppError('CONFLICT', `The pair is already ${locked!.status}.`);
    if (decision === 'merge') {
      const [merged] = await queryRows<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n FROM dedup_pair dp JOIN person pa ON pa.id = dp.person_a
            JOIN person pb ON pb.id = dp.person_b WHERE dp.id = ${id} AND 'merged' IN (pa.status, pb.status)`,
      );
      if (merged!.n > 0) throw new AppError('CONFLICT', 'One of the persons has already been merged.');
      await mergePairs(tx, [id], 'merged', user.id);
    } else {
      await tx.execute(sql`UPDATE dedup_pair SET status = 'rejected', decided_by = ${user.id}, decided_at = now()
        WHERE id = ${id}`);
    }
  });
  return readPair(db, user, id);
}

/** Undoes the merge of a merged pair exactly (see `unmergePersons`). */
export async function unmergePair(db: Db, user: SessionUser, id: number): Promise<PairDetail> {
  const scope = requirePersonalDataWrite(user);
  await db.transaction(async (tx) => {
    const pair = await visiblePair(tx, scope, id);
    if (pair.merge_id === null) throw new AppError('CONFLICT', 'The pair is not merged.');
    await unmergePersons(tx, [pair.merge_id], user.id);
  });
  return readPair(db, user, id);
}

/** The latest runs, newest first (secretariat). */
export async function listRuns(db: Db, user: SessionUser) {
  if (user.role !== 'secretariat')
    throw new AppError('FORBIDDEN', 'Only the TKPK secretariat runs deduplication.');
  return queryRows<{
    id: number;
    status: string;
    scope: string;
    personsConsidered: number;
    pairsCompared: number;
    autoMerged: number;
    review: number;
    startedAt: string;
    finishedAt: string | null;
  }>(
    db,
    sql`SELECT id, status, scope, persons_considered AS "personsConsidered", pairs_compared::int AS "pairsCompared",
          auto_merged AS "autoMerged", review, started_at::text AS "startedAt", finished_at::text AS "finishedAt"
        FROM dedup_run ORDER BY id DESC LIMIT 20`,
  );
}
