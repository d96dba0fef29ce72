/**
 * Change requests (issue 4, part 5, pemutakhiran mandiri): typed requests from the kelurahan desk or a resident's
 * self-service page, each with its evidence, a verification deadline, routing to the reviewers of its kelurahan
 * (escalated to the kecamatan when overdue), a status the requester can check by tracking code and NIK, and the
 * monthly update cycle it belongs to.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import { queryRows, type Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound, validationError, type FieldIssue } from '../../http/errors.ts';
import { findLoginRetryAfter, insertLoginAttempt } from '../access/access.repository.ts';
import { isRegionInArea, requirePersonalDataWrite, type Scope } from '../access/access.scope.ts';
import { loginLimits } from '../access/access.session.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { checkEvidence, insertEvidence } from '../field/field.evidence.ts';
import { evidenceFile } from '../field/field.schema.ts';
import { loadRegionPrefixes } from '../regions/region-codes.ts';
import { parseKk, parseNik } from '../registry/nik.ts';
import { findHouseholdState } from '../registry/registry.repository.ts';
import { checkKelurahan } from '../registry/registry.validation.ts';
import { applyRequest } from './requests.apply.ts';
import {
  payloadSchemas,
  type DeskRequestInput,
  type RequestSchema,
  type SettingsBody,
} from './requests.contracts.ts';
import {
  checkEvidenceKinds,
  cycleOf,
  dueAtOf,
  markOverdueRequests,
  readSettings,
  typeRules,
  writeSettings,
  type EvidenceKind,
  type RequestSettings,
} from './requests.rules.ts';
import { changeRequest, changeRequestChannels, type ChangeRequestType } from './requests.schema.ts';

type Row = typeof changeRequest.$inferSelect;
type RequestView = z.infer<typeof RequestSchema>;

/** Tracking codes: `PM-` and 8 characters without look-alikes (0/O, 1/I/L), about 40 bits. */
const codeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newTrackingCode(): string {
  const bytes = randomBytes(8);
  return `PM-${[...bytes].map((b) => codeAlphabet[b % codeAlphabet.length]).join('')}`;
}

function view(row: Row): RequestView {
  return {
    id: row.id,
    trackingCode: row.trackingCode,
    type: row.type,
    channel: row.channel,
    status: row.status,
    cycle: row.cycle,
    householdId: row.householdId,
    kelurahanCode: row.kelurahanCode,
    requesterName: row.requesterName,
    payload: row.payload,
    evidence: row.evidence as { evidenceId: string; kind: string }[],
    submittedAt: row.submittedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    overdue: row.overdueSince !== null,
    escalated: row.overdueSince !== null && row.decidedAt === null,
    reviewerId: row.reviewerId,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionNote: row.decisionNote,
    result: row.result,
  };
}

/** Validates a payload against its type's schema; issues are reported under `payload.…`. */
function parsePayload(type: ChangeRequestType, payload: unknown): Record<string, unknown> {
  const parsed = payloadSchemas[type].safeParse(payload);
  if (parsed.success) return parsed.data;
  throw validationError(
    parsed.error.issues.map((i) => ({
      path: ['payload', ...i.path.map(String)].join('.'),
      reason: i.code,
      message: i.message,
    })),
  );
}

interface NewRequest {
  type: ChangeRequestType;
  channel: (typeof changeRequestChannels)[number];
  clientId?: string;
  householdId: number | null;
  kelurahanCode: string;
  requesterUserId: number | null;
  requesterNik: string | null;
  requesterName: string | null;
  payload: Record<string, unknown>;
  evidence: { evidenceId: string; kind: EvidenceKind }[];
}

/**
 * Inserts a request in its cycle with its deadline (both from the settings in force and the database clock). The
 * same client id again returns the first request, if it was the same requester's; another's is refused.
 */
async function insertRequest(
  tx: Db,
  settings: RequestSettings,
  input: NewRequest,
): Promise<{ row: Row; created: boolean }> {
  if (input.clientId !== undefined) {
    const [existing] = await tx
      .select()
      .from(changeRequest)
      .where(eq(changeRequest.clientId, input.clientId));
    if (existing) {
      if (existing.requesterUserId !== input.requesterUserId || existing.requesterNik !== input.requesterNik)
        throw new AppError('CONFLICT', 'This client id belongs to another request.');
      return { row: existing, created: false };
    }
  }
  const [clock] = await queryRows<{ now: Date | string }>(tx, sql`SELECT now() AS now`);
  const now = new Date(clock!.now);
  const [row] = await tx
    .insert(changeRequest)
    .values({
      ...input,
      trackingCode: newTrackingCode(),
      cycle: cycleOf(now, settings.cutoffDay),
      submittedAt: now,
      dueAt: dueAtOf(now, settings.deadlineDays[input.type]),
    })
    .returning();
  return { row: row!, created: true };
}

async function isClientIdUsed(tx: Db, clientId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: changeRequest.id })
    .from(changeRequest)
    .where(eq(changeRequest.clientId, clientId));
  return row !== undefined;
}

/** An area role that may change personal data: the desk and the reviewers. */
function requireAreaWriter(user: SessionUser): Extract<Scope, { kind: 'region' }> {
  const scope = requirePersonalDataWrite(user);
  if (scope.kind !== 'region') throw new AppError('FORBIDDEN', 'Change requests are handled by area roles.');
  return scope;
}

/** A request entered at the kelurahan desk for a resident, with evidence uploaded beforehand. */
export async function createDeskRequest(
  db: Db,
  user: SessionUser,
  input: DeskRequestInput,
): Promise<RequestView> {
  const scope = requireAreaWriter(user);
  const payload = parsePayload(input.type, input.payload);
  const kindIssues = checkEvidenceKinds(
    input.type,
    input.evidence.map((e) => e.kind),
    'body.evidence',
  );
  if (kindIssues.length > 0) throw validationError(kindIssues);
  const settings = await readSettings(db);
  return db.transaction(async (tx) => {
    let householdId: number | null = null;
    let kelurahanCode: string;
    if (typeRules[input.type].householdBound) {
      householdId = payload.householdId as number;
      const state = await findHouseholdState(tx, householdId, scope);
      if (!state) throw notFound('Household');
      kelurahanCode = state.household.kelurahanCode;
    } else {
      kelurahanCode = payload.kelurahanCode as string;
      const issues = await checkKelurahan(tx, kelurahanCode, scope, 'payload.kelurahanCode');
      if (issues.length > 0) throw validationError(issues);
    }
    await checkEvidenceBelongs(tx, input.evidence, householdId, kelurahanCode);
    const { row, created } = await insertRequest(tx, settings, {
      type: input.type,
      channel: 'desk',
      clientId: input.clientId,
      householdId,
      kelurahanCode,
      requesterUserId: user.id,
      requesterNik: input.requesterNik ?? null,
      requesterName: input.requesterName ?? null,
      payload,
      evidence: input.evidence,
    });
    if (created) await auditRequest(tx, user, row, 'create', 'change request intake');
    return view(row);
  });
}

/** Each evidence file must exist and be about the same household (or, for a new household, the same kelurahan). */
async function checkEvidenceBelongs(
  tx: Db,
  evidence: { evidenceId: string }[],
  householdId: number | null,
  kelurahanCode: string,
): Promise<void> {
  if (evidence.length === 0) return;
  const ids = evidence.map((e) => e.evidenceId);
  const rows = await tx
    .select({
      id: evidenceFile.id,
      householdId: evidenceFile.householdId,
      kelurahanCode: evidenceFile.kelurahanCode,
    })
    .from(evidenceFile)
    .where(inArray(evidenceFile.id, ids));
  const found = new Map(rows.map((r) => [r.id, r]));
  const issues: FieldIssue[] = ids.flatMap((id, i) => {
    const file = found.get(id);
    const belongs =
      file !== undefined &&
      (householdId === null
        ? file.householdId === null && file.kelurahanCode === kelurahanCode
        : file.householdId === householdId);
    return belongs
      ? []
      : [
          {
            path: `body.evidence.${i}.evidenceId`,
            reason: 'unknown_evidence',
            message: 'No such file for this household.',
          },
        ];
  });
  if (issues.length > 0) throw validationError(issues);
}

function auditRequest(
  tx: Db,
  user: SessionUser | null,
  row: Row,
  action: 'create' | 'read' | 'update',
  purpose: string,
  details: Record<string, unknown> = {},
) {
  return recordAudit(tx, user, [
    {
      action,
      subjectType: 'change_request',
      subjectId: row.id,
      regionCode: row.kelurahanCode,
      purpose,
      details: { type: row.type, householdId: row.householdId, status: row.status, ...details },
    },
  ]);
}

/**
 * A newcomer an officer found on a visit the supervisor approved becomes a request for the desk (a birth when the
 * person is under a year old at the visit, else a move in): registering a person needs documents the visit does
 * not carry, so the desk verifies them like any other request. The visit's photos of the household go with it.
 */
export async function fileFromFieldVisit(
  tx: Db,
  visit: {
    id: number;
    officerId: number;
    householdId: number;
    kelurahanCode: string;
    capturedAt: Date;
    member: Record<string, unknown>;
    evidenceIds: string[];
  },
): Promise<{ id: number; trackingCode: string }> {
  const birthDate = Date.parse(String(visit.member.birthDate));
  const type = visit.capturedAt.getTime() - birthDate < 365 * 24 * 60 * 60 * 1000 ? 'birth' : 'move_in';
  const payload = parsePayload(type, { householdId: visit.householdId, member: visit.member });
  const photos =
    visit.evidenceIds.length === 0
      ? []
      : await tx
          .select({ id: evidenceFile.id })
          .from(evidenceFile)
          .where(
            and(inArray(evidenceFile.id, visit.evidenceIds), eq(evidenceFile.householdId, visit.householdId)),
          );
  const { row } = await insertRequest(tx, await readSettings(tx), {
    type,
    channel: 'field_verification',
    householdId: visit.householdId,
    kelurahanCode: visit.kelurahanCode,
    requesterUserId: visit.officerId,
    requesterNik: null,
    requesterName: null,
    payload,
    evidence: photos.map((p) => ({ evidenceId: p.id, kind: 'foto' as const })),
  });
  return { id: row.id, trackingCode: row.trackingCode };
}

/** A resident's request: who they are (NIK and KK number), what they ask, and the documents. */
export interface SelfServiceInput {
  nik: string;
  kkNumber: string;
  type: ChangeRequestType;
  payload: Record<string, unknown>;
  clientId?: string;
  requesterName?: string;
  files: { kind: EvidenceKind; fileName: string; content: Uint8Array }[];
  clientAddress: string;
}

/** Self-service proposals may name any kelurahan of the province. */
const jakarta: Scope = { kind: 'region', regionCode: '31' };

const identityFailure = 'The NIK and family card number do not match a household in the registry.';

/** Counts a failed identification like a failed sign-in (the same throttle, keyed by NIK and client address). */
async function throttleIdentification(
  db: Db,
  nik: string,
  clientAddress: string,
): Promise<{ username: string; clientAddress: string }> {
  const attempt = { username: `self-service:${nik}`, clientAddress };
  const retryAfter = await findLoginRetryAfter(db, attempt, loginLimits);
  if (retryAfter !== null)
    throw new AppError('RATE_LIMITED', 'Too many failed attempts. Try again later.', {
      retryAfterSeconds: retryAfter,
    });
  return attempt;
}

/**
 * The resident's household: an active person with this NIK who currently belongs to the active household with
 * this KK number. Members named by NIK in the payload (`personNik`, `members[].personNik`) are resolved to ids
 * within that household only.
 */
async function identifyResident(tx: Db, nik: string, kkNumber: string) {
  const members = await queryRows<{
    householdId: number;
    kelurahanCode: string;
    personId: number;
    nik: string;
  }>(
    tx,
    sql`SELECT h.id::int AS "householdId", h.kelurahan_code AS "kelurahanCode", p.id::int AS "personId", p.nik
        FROM household h
        JOIN household_member m ON m.household_id = h.id AND m.end_date IS NULL
        JOIN person p ON p.id = m.person_id AND p.status = 'active'
        WHERE h.kk_number = ${kkNumber} AND h.status = 'active'
          AND EXISTS (SELECT 1 FROM household_member m2 JOIN person p2 ON p2.id = m2.person_id
                      WHERE m2.household_id = h.id AND m2.end_date IS NULL AND p2.nik = ${nik} AND p2.status = 'active')`,
  );
  if (members.length === 0) return null;
  return {
    householdId: members[0]!.householdId,
    kelurahanCode: members[0]!.kelurahanCode,
    personIdOf: new Map(members.map((m) => [m.nik, m.personId])),
  };
}

function resolveMemberNiks(
  payload: Record<string, unknown>,
  personIdOf: Map<string, number>,
): Record<string, unknown> {
  const resolve = (nik: unknown, path: string) => {
    const id = typeof nik === 'string' ? personIdOf.get(nik) : undefined;
    if (id === undefined)
      throw validationError([
        { path, reason: 'not_a_member', message: 'No current member of your household has this NIK.' },
      ]);
    return id;
  };
  const { personNik, members, ...rest } = payload;
  const out: Record<string, unknown> = { ...rest };
  if (personNik !== undefined) out.personId = resolve(personNik, 'payload.personNik');
  if (Array.isArray(members))
    out.members = members.map((m: Record<string, unknown>, i) => {
      if (m.personNik === undefined) return m;
      const { personNik: memberNik, ...other } = m;
      return { ...other, personId: resolve(memberNik, `payload.members.${i}.personNik`) };
    });
  return out;
}

async function findActiveHouseholdByKk(tx: Db, kkNumber: unknown) {
  if (typeof kkNumber !== 'string') return undefined;
  const [row] = await queryRows<{ householdId: number; kelurahanCode: string }>(
    tx,
    sql`SELECT id::int AS "householdId", kelurahan_code AS "kelurahanCode" FROM household
        WHERE kk_number = ${kkNumber} AND status = 'active' ORDER BY id LIMIT 1`,
  );
  return row;
}

/** Files a resident's request: identifies them, stores the documents and the request in one transaction. */
export async function createSelfServiceRequest(db: Db, input: SelfServiceInput) {
  const attempt = await throttleIdentification(db, input.nik, input.clientAddress);
  const kindIssues = checkEvidenceKinds(
    input.type,
    input.files.map((f) => f.kind),
    'form.file',
  );
  const checked = input.files.map((f, i) => checkEvidence(f.content, f.fileName, `form.file.${i}`));
  if (kindIssues.length > 0) throw validationError(kindIssues);
  const settings = await readSettings(db);
  const { row, created } = await db
    .transaction(async (tx) => {
      let householdId: number | null = null;
      let kelurahanCode: string;
      let payload: Record<string, unknown>;
      if (typeRules[input.type].householdBound) {
        const resident = await identifyResident(tx, input.nik, input.kkNumber);
        if (!resident) throw new AppError('UNAUTHENTICATED', identityFailure);
        householdId = resident.householdId;
        kelurahanCode = resident.kelurahanCode;
        let fields = input.payload;
        if (input.type === 'recipient_challenge') {
          // A resident challenges another household's benefit, named by its family card number.
          const { targetKkNumber, ...rest } = input.payload;
          const target = await findActiveHouseholdByKk(tx, targetKkNumber);
          if (!target)
            throw validationError([
              {
                path: 'payload.targetKkNumber',
                reason: 'not_found',
                message: 'No registered household holds this family card number.',
              },
            ]);
          ({ householdId, kelurahanCode } = target);
          fields = rest;
        } else fields = resolveMemberNiks(fields, resident.personIdOf);
        payload = parsePayload(input.type, { ...fields, householdId });
      } else {
        const prefixes = loadRegionPrefixes();
        const issues: FieldIssue[] = [];
        if (!parseNik(input.nik, prefixes).ok)
          issues.push({ path: 'form.nik', reason: 'invalid', message: 'Not a valid NIK.' });
        if (!parseKk(input.kkNumber, prefixes).ok)
          issues.push({
            path: 'form.kkNumber',
            reason: 'invalid',
            message: 'Not a valid family card number.',
          });
        if (issues.length > 0) throw validationError(issues);
        payload = parsePayload(input.type, input.payload);
        const members = payload.members as { nik: string }[];
        if (payload.kkNumber !== input.kkNumber || !members.some((m) => m.nik === input.nik))
          throw validationError([
            {
              path: 'payload',
              reason: 'not_requester',
              message: 'The proposed household must be yours: your KK number, you among its members.',
            },
          ]);
        kelurahanCode = payload.kelurahanCode as string;
        const [registered] = await queryRows<{ id: number }>(
          tx,
          sql`SELECT id FROM household WHERE kk_number = ${input.kkNumber} AND status = 'active' LIMIT 1`,
        );
        if (registered)
          throw new AppError('CONFLICT', 'A household with this family card is already registered.');
        const issuesKel = await checkKelurahan(tx, kelurahanCode, jakarta, 'payload.kelurahanCode');
        if (issuesKel.length > 0) throw validationError(issuesKel);
      }
      // A resubmitted form stores nothing again (insertRequest answers with the first request).
      const repeated = input.clientId !== undefined && (await isClientIdUsed(tx, input.clientId));
      const evidence = [];
      for (const [i, file] of (repeated ? [] : input.files).entries()) {
        const stored = await insertEvidence(tx, {
          ...checked[i]!,
          householdId,
          kelurahanCode,
          uploadedBy: null,
          content: file.content,
        });
        evidence.push({ evidenceId: stored.id, kind: file.kind });
      }
      const inserted = await insertRequest(tx, settings, {
        type: input.type,
        channel: 'self_service',
        clientId: input.clientId,
        householdId,
        kelurahanCode,
        requesterUserId: null,
        requesterNik: input.nik,
        requesterName: input.requesterName ?? null,
        payload,
        evidence,
      });
      if (inserted.created) await auditRequest(tx, null, inserted.row, 'create', 'self-service request');
      return inserted;
    })
    .catch(async (error: unknown) => {
      if (error instanceof AppError && error.code === 'UNAUTHENTICATED')
        await insertLoginAttempt(db, { ...attempt, succeeded: false });
      throw error;
    });
  return { ...publicStatus(row), created };
}

function publicStatus(row: Row) {
  return {
    trackingCode: row.trackingCode,
    type: row.type,
    status: row.status,
    cycle: row.cycle,
    submittedAt: row.submittedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    overdue: row.overdueSince !== null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionNote: row.decisionNote,
  };
}

/** The requester's view of their request, by tracking code and their NIK (throttled like a sign-in). */
export async function readPublicStatus(
  db: Db,
  input: { trackingCode: string; nik: string; clientAddress: string },
) {
  const attempt = await throttleIdentification(db, input.nik, input.clientAddress);
  await markOverdueRequests(db);
  const [row] = await db
    .select()
    .from(changeRequest)
    .where(
      and(
        eq(changeRequest.trackingCode, input.trackingCode.toUpperCase()),
        eq(changeRequest.requesterNik, input.nik),
      ),
    );
  if (!row) {
    await insertLoginAttempt(db, { ...attempt, succeeded: false });
    throw notFound('Request');
  }
  return publicStatus(row);
}

/** A request in the reviewer's area, locked for a decision when asked. */
async function findInArea(tx: Db, scope: Extract<Scope, { kind: 'region' }>, id: number, forUpdate = false) {
  const query = tx.select().from(changeRequest).where(eq(changeRequest.id, id));
  const [row] = await (forUpdate ? query.for('update') : query);
  if (!row || !isRegionInArea(row.kelurahanCode, scope.regionCode)) throw notFound('Request');
  return row;
}

/** One request with its payload (personal data: audited). */
export async function readRequest(db: Db, user: SessionUser, id: number): Promise<RequestView> {
  const scope = requireAreaWriter(user);
  await markOverdueRequests(db);
  return db.transaction(async (tx) => {
    const row = await findInArea(tx, scope, id);
    await auditRequest(tx, user, row, 'read', 'change request review');
    return view(row);
  });
}

/** A reviewer takes a request into verification (submitted → verifying). */
export async function startVerification(db: Db, user: SessionUser, id: number): Promise<RequestView> {
  const scope = requireAreaWriter(user);
  return db.transaction(async (tx) => {
    const row = await findInArea(tx, scope, id, true);
    if (row.status !== 'submitted')
      throw new AppError('CONFLICT', `The request is ${row.status}; only a submitted request can be taken.`);
    const [updated] = await tx
      .update(changeRequest)
      .set({ status: 'verifying', reviewerId: user.id, verifyingSince: sql`now()` })
      .where(eq(changeRequest.id, id))
      .returning();
    await auditRequest(tx, user, updated!, 'update', 'change request review', { from: 'submitted' });
    return view(updated!);
  });
}

/**
 * Approves (the registry changes, with the request as provenance) or rejects a request still open. A second
 * decision on the same request is refused, so a double click cannot apply it twice.
 */
export async function decideRequest(
  db: Db,
  user: SessionUser,
  id: number,
  input: { decision: 'approve' | 'reject'; note?: string },
): Promise<RequestView> {
  const scope = requireAreaWriter(user);
  return db.transaction(async (tx) => {
    const row = await findInArea(tx, scope, id, true);
    if (row.status === 'approved' || row.status === 'rejected')
      throw new AppError('CONFLICT', `The request was already ${row.status}.`);
    const result =
      input.decision === 'approve'
        ? await applyRequest(tx, user, scope, {
            id: row.id,
            trackingCode: row.trackingCode,
            type: row.type,
            payload: row.payload as never,
          })
        : null;
    const [updated] = await tx
      .update(changeRequest)
      .set({
        status: input.decision === 'approve' ? 'approved' : 'rejected',
        reviewerId: row.reviewerId ?? user.id,
        decidedBy: user.id,
        decidedAt: sql`now()`,
        decisionNote: input.note ?? null,
        result,
      })
      .where(eq(changeRequest.id, id))
      .returning();
    await auditRequest(tx, user, updated!, 'update', 'change request review', { decision: input.decision });
    return view(updated!);
  });
}

export interface RequestInbox {
  counts: { submitted: number; verifying: number; dueSoon: number; overdue: number };
  items: Omit<RequestView, 'payload' | 'requesterName' | 'evidence' | 'result'>[];
  total: number;
}

const dueSoonDays = 3;

/** The open requests in the reviewer's area, overdue first, then by deadline; no personal data in the list. */
export async function listRequests(
  db: Db,
  user: SessionUser,
  query: { page: number; pageSize: number; status?: Row['status']; overdue?: 'true' | 'false' },
): Promise<RequestInbox> {
  const scope = requireAreaWriter(user);
  await markOverdueRequests(db);
  const area = sql`(cr.kelurahan_code = ${scope.regionCode} OR cr.kelurahan_code LIKE ${`${scope.regionCode}.%`})`;
  const [counts] = await queryRows<RequestInbox['counts']>(
    db,
    sql`SELECT count(*) FILTER (WHERE status = 'submitted')::int AS submitted,
               count(*) FILTER (WHERE status = 'verifying')::int AS verifying,
               count(*) FILTER (WHERE overdue_since IS NULL
                                  AND due_at < now() + make_interval(days => ${dueSoonDays}))::int AS "dueSoon",
               count(*) FILTER (WHERE overdue_since IS NOT NULL)::int AS overdue
        FROM change_request cr WHERE ${area} AND status IN ('submitted', 'verifying')`,
  );
  const filters = [
    area,
    query.status ? sql`cr.status = ${query.status}` : sql`cr.status IN ('submitted', 'verifying')`,
    query.overdue === undefined
      ? sql`TRUE`
      : query.overdue === 'true'
        ? sql`cr.overdue_since IS NOT NULL`
        : sql`cr.overdue_since IS NULL`,
  ];
  const where = sql.join(filters, sql` AND `);
  const rows = await db
    .select()
    .from(changeRequest)
    .where(sql`${changeRequest.id} IN (SELECT cr.id FROM change_request cr WHERE ${where})`)
    .orderBy(sql`${changeRequest.overdueSince} IS NULL`, changeRequest.dueAt, changeRequest.id)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM change_request cr WHERE ${where}`,
  );
  return {
    counts: counts!,
    items: rows.map((r) => {
      const { payload: _p, requesterName: _n, evidence: _e, result: _r, ...rest } = view(r);
      return rest;
    }),
    total: total!.n,
  };
}

/** Settings in force (any area role may read them). */
export async function getSettings(db: Db, user: SessionUser): Promise<RequestSettings> {
  requireAreaWriter(user);
  return readSettings(db);
}

/** Changes deadlines and the cut-off day (the provincial secretariat only); audited. */
export async function updateSettings(
  db: Db,
  user: SessionUser,
  input: z.infer<typeof SettingsBody>,
): Promise<RequestSettings> {
  if (user.role !== 'secretariat')
    throw new AppError('FORBIDDEN', 'Only the secretariat changes these settings.');
  return db.transaction(async (tx) => {
    const current = await readSettings(tx);
    const next: RequestSettings = {
      cutoffDay: input.cutoffDay,
      deadlineDays: { ...current.deadlineDays, ...input.deadlineDays },
    };
    await writeSettings(tx, next, user.id);
    await recordAudit(tx, user, [
      {
        action: 'update',
        subjectType: 'user',
        subjectId: user.id,
        purpose: 'change request settings',
        details: { ...next },
      },
    ]);
    return next;
  });
}
