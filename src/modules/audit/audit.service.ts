import { createHash } from 'node:crypto';
import { asc, gt } from 'drizzle-orm';
import { queryPrepared, type Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { auditLog } from './audit.schema.ts';

/** One access to personal data: who (the user), what (action and subject), where (region) and why (purpose). */
export interface AuditEntry {
  action: 'read' | 'search' | 'create' | 'update' | 'delete' | 'export' | 'login' | 'logout' | 'login_failed';
  subjectType:
    | 'household'
    | 'person'
    | 'user'
    | 'session'
    | 'change_request'
    | 'kelurahan'
    | 'campaign'
    | 'import_run'
    | 'api_client';
  subjectId?: string | number | null;
  regionCode?: string | null;
  purpose: string;
  details?: Record<string, unknown>;
}

/** Key under which the chain's writers serialise (one chain, one writer at a time). */
const AUDIT_LOCK_KEY = 7_241_001;

/** JSON with object keys sorted at every depth: jsonb does not keep key order, the hash must not depend on it. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The content of an audit row as its hash covers it: canonical JSON of its fields in a fixed order. */
interface AuditRowContent {
  at: string;
  actorId: number | null;
  actorRole: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  regionCode: string | null;
  purpose: string;
  details: unknown;
}

function auditContent(row: AuditRowContent): string {
  return canonicalJson([
    row.at,
    row.actorId,
    row.actorRole,
    row.action,
    row.subjectType,
    row.subjectId,
    row.regionCode,
    row.purpose,
    row.details ?? null,
  ]);
}

/**
 * The hash of a row: SHA-256 over the previous hash, a newline and the row's content. The database computes the
 * same when it extends the chain (`audit_chain_append`, migration 0025); this one checks it.
 */
export function hashAuditRow(prevHash: string, row: AuditRowContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(auditContent(row)).digest('hex');
}

/** An entry with the user it is recorded for: one transaction may record the accesses of several users. */
export interface ActorEntry {
  actor: Pick<SessionUser, 'id' | 'role'> | null;
  entry: AuditEntry;
}

/**
 * Appends entries to the audit log in one transaction, extending the hash chain.
 * Call it in the same request that reads or writes the personal data.
 */
export async function recordAudit(
  db: Db,
  actor: Pick<SessionUser, 'id' | 'role'> | null,
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await db.transaction((tx) =>
    appendToAuditChain(
      tx,
      entries.map((entry) => ({ actor, entry })),
    ),
  );
}

/**
 * Extends the hash chain inside the caller's open transaction (`tx`, no savepoint of its own), in one round trip:
 * `audit_chain_append` takes the chain lock, which is held until that transaction ends, reads the last hash and
 * inserts the rows chained to it in order. Call it last, just before the commit and after the transaction's row
 * locks, so the chain is locked as briefly as possible.
 */
export async function appendToAuditChain(tx: Db, entries: readonly ActorEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const at = new Date().toISOString();
  const rows = entries.map(({ actor, entry }) => {
    const row = {
      at,
      actorId: actor?.id ?? null,
      actorRole: actor?.role ?? null,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId == null ? null : String(entry.subjectId),
      regionCode: entry.regionCode ?? null,
      purpose: entry.purpose,
      details: entry.details ?? null,
    };
    return { ...row, content: auditContent(row) };
  });
  await queryPrepared(tx, 'audit.chain-append', 'SELECT audit_chain_append($1::bigint, $2::jsonb)', [
    AUDIT_LOCK_KEY,
    JSON.stringify(rows),
  ]);
}

/** Export rows per transaction: large lists extend the chain in steps rather than in one long transaction. */
const exportAuditBatch = 2_000;

/**
 * One `export` row per household of a list file (household id → its kelurahan), with the purpose and what was
 * exported, in batches of the chain.
 */
export async function recordHouseholdExport(
  db: Db,
  actor: Pick<SessionUser, 'id' | 'role'>,
  households: ReadonlyMap<number | string, string>,
  purpose: string,
  details: Record<string, unknown>,
): Promise<void> {
  const entries = [...households].map(([householdId, kelurahanCode]) => ({
    action: 'export' as const,
    subjectType: 'household' as const,
    subjectId: householdId,
    regionCode: kelurahanCode,
    purpose,
    details,
  }));
  for (let start = 0; start < entries.length; start += exportAuditBatch)
    await recordAudit(db, actor, entries.slice(start, start + exportAuditBatch));
}

/** Rows read per batch while verifying, so memory stays flat however long the log grows. */
const VERIFY_BATCH = 5_000;

/** Walks the chain in id order and returns the id of the first row whose hash does not match, or null when intact. */
export async function verifyAuditChain(db: Db): Promise<{ checked: number; firstBrokenId: number | null }> {
  let prevHash = '';
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, lastId))
      .orderBy(asc(auditLog.id))
      .limit(VERIFY_BATCH);
    for (const row of rows) {
      const expected = hashAuditRow(prevHash, {
        at: row.at.toISOString(),
        actorId: row.actorId,
        actorRole: row.actorRole,
        action: row.action,
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        regionCode: row.regionCode,
        purpose: row.purpose,
        details: row.details,
      });
      checked++;
      if (row.prevHash !== prevHash || row.hash !== expected) return { checked, firstBrokenId: row.id };
      prevHash = row.hash;
      lastId = row.id;
    }
    if (rows.length < VERIFY_BATCH) return { checked, firstBrokenId: null };
  }
}
