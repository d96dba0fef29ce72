/**
 * What an approved change request does to the registry (issue 4, part 5). Every write goes through the
 * registry's versioned change path with the request as provenance (source `change-request`, the reviewer, the
 * request as evidence); changed households are re-ranked and their eligibility refreshed.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, validationError } from '../../http/errors.ts';
import type { Scope } from '../access/access.scope.ts';
import type { AuditEntry } from '../audit/audit.service.ts';
import { enrolment } from '../ledger/ledger.schema.ts';
import { loadRegionPrefixes } from '../regions/region-codes.ts';
import type { NewMemberInput } from '../registry/registry.contracts.ts';
import {
  endMembership,
  insertHousehold,
  insertMembers,
  insertPersons,
  setPersonStatus,
} from '../registry/registry.repository.ts';
import {
  householdFields,
  personFields,
  type HouseholdState,
  type ProvenanceEntry,
} from '../registry/registry.state.ts';
import { household } from '../registry/registry.schema.ts';
import {
  changeHousehold,
  updateHouseholdFields,
  updatePersonFields,
} from '../registry/registry-update.service.ts';
import { createHousehold, provenanceFor } from '../registry/registry-write.service.ts';
import { checkBirthDate, checkIdentity, checkKk, mergeFindings } from '../registry/registry.validation.ts';
import { refreshHouseholdTargeting } from '../targeting/targeting.recompute.ts';
import { rerankHousehold } from '../welfare/welfare.rerank.ts';
import {
  correctableHouseholdFields,
  correctablePersonFields,
  payloadSchemas,
  type Payloads,
} from './requests.contracts.ts';
import type { ChangeRequestType } from './requests.schema.ts';

export const requestSource = 'change-request';

/** The request being applied: its id (the provenance's evidence), tracking code and payload. */
export interface ApprovedRequest<T extends ChangeRequestType = ChangeRequestType> {
  id: number;
  trackingCode: string;
  type: T;
  payload: Payloads[T];
}

interface ApplyContext {
  tx: Db;
  reviewer: SessionUser;
  scope: Scope;
  request: ApprovedRequest;
}

const payloadIssue = (path: string, reason: string, message: string) =>
  validationError([{ path: `payload.${path}`, reason, message }], message);

function entryOf(ctx: ApplyContext, at: string): ProvenanceEntry {
  return {
    source: requestSource,
    actorId: ctx.reviewer.id,
    at,
    evidence: `change_request:${ctx.request.id}`,
  };
}

function auditOf(ctx: ApplyContext, state: HouseholdState): AuditEntry {
  return {
    action: 'update',
    subjectType: 'household',
    subjectId: state.household.id,
    regionCode: state.household.kelurahanCode,
    purpose: 'change request review',
    details: { changeRequestId: ctx.request.id, type: ctx.request.type },
  };
}

/** Runs one versioned change of a household for the request, re-ranked, at its current version. */
async function changeForRequest(
  ctx: ApplyContext,
  householdId: number,
  apply: (state: HouseholdState, at: string) => Promise<string[]>,
) {
  const [current] = await ctx.tx
    .select({ version: household.version })
    .from(household)
    .where(eq(household.id, householdId));
  if (!current) throw payloadIssue('householdId', 'not_found', 'The household no longer exists.');
  return changeHousehold(
    ctx.tx,
    ctx.reviewer,
    {
      householdId,
      scope: ctx.scope,
      meta: {
        baseVersion: current.version,
        source: requestSource,
        reason: `change request ${ctx.request.trackingCode}`,
      },
    },
    async (tx, state, at) => ({
      changedFields: await apply(state, at),
      audit: auditOf({ ...ctx, tx }, state),
    }),
  );
}

function currentMember(state: HouseholdState, personId: number) {
  const member = state.members.find((m) => m.person.id === personId && m.endDate === null);
  if (!member)
    throw payloadIssue(
      'personId',
      'not_a_member',
      `Person ${personId} is not a current member of this household.`,
    );
  return member;
}

const nextPosition = (state: HouseholdState) => Math.max(0, ...state.members.map((m) => m.position)) + 1;

/**
 * Adds a member: a newborn is a new person; a newcomer is a new person unless the registry already knows the
 * NIK, and must not still belong to another household (their move out is filed there first).
 */
async function addMember(
  ctx: ApplyContext,
  state: HouseholdState,
  member: NewMemberInput,
  at: string,
  newborn: boolean,
): Promise<string> {
  const findings = mergeFindings(
    checkIdentity(member, loadRegionPrefixes(), { nikPath: 'payload.member.nik' }),
    {
      issues: checkBirthDate(member.birthDate, 'payload.member.birthDate'),
      warnings: [],
    },
  );
  if (findings.issues.length > 0) throw validationError(findings.issues);
  const known = await queryRows<{ id: number; householdId: number | null; status: string }>(
    ctx.tx,
    sql`SELECT p.id::int, p.status, (SELECT m.household_id::int FROM household_member m
                                     WHERE m.person_id = p.id AND m.end_date IS NULL LIMIT 1) AS "householdId"
        FROM person p WHERE p.nik = ${member.nik} ORDER BY p.id`,
  );
  const living = known.find((p) => p.status === 'active' || p.status === 'moved_out');
  if (newborn && known.length > 0)
    throw payloadIssue(
      'member.nik',
      'nik_taken',
      'The registry already holds this NIK: a birth is a new person.',
    );
  if (living?.householdId != null)
    throw new AppError(
      'CONFLICT',
      `This person is still a member of household ${living.householdId}: record the move out there first.`,
      { householdId: living.householdId },
    );
  const entry = entryOf(ctx, at);
  let personId = living?.id;
  if (personId === undefined) {
    const { relationship: _r, startDate: _s, ...fields } = member;
    const ids = await insertPersons(
      ctx.tx,
      [{ ...fields, source: requestSource, provenance: provenanceFor(personFields, entry) }],
      at,
    );
    personId = ids.get(member.nik)!;
  } else await setPersonStatus(ctx.tx, personId, 'active', { status: entry });
  await insertMembers(ctx.tx, [
    {
      householdId: state.household.id,
      personId,
      relationship: member.relationship,
      startDate: member.startDate ?? at.slice(0, 10),
      position: nextPosition(state),
    },
  ]);
  return `members.${personId}.add`;
}

/** A member leaves: by death or by moving out. */
async function removeMember(
  ctx: ApplyContext,
  state: HouseholdState,
  personId: number,
  date: string,
  status: 'deceased' | 'moved_out',
  at: string,
): Promise<string> {
  currentMember(state, personId);
  await endMembership(ctx.tx, state.household.id, personId, date);
  await setPersonStatus(ctx.tx, personId, status, { status: entryOf(ctx, at) });
  return `members.${personId}.leave`;
}

/** A correction of one field through the registry's own checks (NIK against sex and birth date, KK format…). */
async function applyCorrection(ctx: ApplyContext, payload: Payloads['correction']) {
  const meta = {
    source: requestSource,
    reason: `change request ${ctx.request.trackingCode}`,
    purpose: 'change request review',
  };
  const [current] = await ctx.tx
    .select({ version: household.version })
    .from(household)
    .where(eq(household.id, payload.householdId));
  const baseVersion = current?.version ?? 0;
  if (payload.personId !== undefined) {
    if (!correctablePersonFields.includes(payload.field))
      throw payloadIssue('field', 'not_correctable', `A member has no field ${payload.field}.`);
    return updatePersonFields(ctx.tx, ctx.reviewer, payload.personId, {
      baseVersion,
      ...meta,
      [payload.field]: payload.value,
    } as Parameters<typeof updatePersonFields>[3]);
  }
  if (!correctableHouseholdFields.includes(payload.field))
    throw payloadIssue(
      'field',
      'not_correctable',
      `A household field ${payload.field} cannot be corrected this way.`,
    );
  return updateHouseholdFields(ctx.tx, ctx.reviewer, payload.householdId, {
    baseVersion,
    ...meta,
    [payload.field]: payload.value,
  } as Parameters<typeof updateHouseholdFields>[3]);
}

async function applySplit(ctx: ApplyContext, payload: Payloads['household_split']) {
  const kk = checkKk(payload.newKkNumber, loadRegionPrefixes(), 'payload.newKkNumber');
  if (kk.issues.length > 0) throw validationError(kk.issues);
  if (payload.members.filter((m) => m.relationship === 'head').length !== 1)
    throw payloadIssue('members', 'one_head', 'The new household needs exactly one head.');
  let source: HouseholdState | undefined;
  const old = await changeForRequest(ctx, payload.householdId, async (state, at) => {
    source = state;
    const moving = new Set(payload.members.map((m) => m.personId));
    if (state.members.filter((m) => m.endDate === null && !moving.has(m.person.id)).length === 0)
      throw payloadIssue('members', 'nobody_left', 'At least one member must stay in the household.');
    const keys = [];
    for (const personId of moving) {
      currentMember(state, personId);
      await endMembership(ctx.tx, state.household.id, personId, at.slice(0, 10));
      keys.push(`members.${personId}.leave`);
    }
    return keys;
  });
  const at = old.validFrom;
  const {
    id: _i,
    status: _s,
    version: _v,
    validFrom: _f,
    createdAt: _c,
    provenance: _p,
    ...fields
  } = source!.household;
  const newId = await insertHousehold(
    ctx.tx,
    {
      ...fields,
      kkNumber: payload.newKkNumber,
      address: payload.address ?? fields.address,
      rt: payload.rt?.padStart(3, '0') ?? fields.rt,
      rw: payload.rw?.padStart(3, '0') ?? fields.rw,
      source: requestSource,
      provenance: provenanceFor(householdFields, entryOf(ctx, at)),
    },
    at,
  );
  await insertMembers(
    ctx.tx,
    payload.members.map((m, i) => ({
      householdId: newId,
      personId: m.personId,
      relationship: m.relationship,
      startDate: at.slice(0, 10),
      position: i + 1,
    })),
  );
  await rerankHousehold(ctx.tx, newId);
  await refreshHouseholdTargeting(ctx.tx, newId);
  return {
    households: [
      { householdId: old.householdId, version: old.version },
      { householdId: newId, version: 1 },
    ],
  };
}

async function applyMerge(ctx: ApplyContext, payload: Payloads['household_merge']) {
  const [other] = await queryRows<{ id: number }>(
    ctx.tx,
    sql`SELECT id::int FROM household
        WHERE kk_number = ${payload.otherKkNumber} AND status = 'active' AND id <> ${payload.householdId}
        ORDER BY id LIMIT 1`,
  );
  if (!other)
    throw payloadIssue('otherKkNumber', 'not_found', 'No active household holds that family card number.');
  let joining: HouseholdState['members'] = [];
  const gone = await changeForRequest(ctx, other.id, async (state, at) => {
    joining = state.members.filter((m) => m.endDate === null);
    for (const m of joining) await endMembership(ctx.tx, state.household.id, m.person.id, at.slice(0, 10));
    await ctx.tx.update(household).set({ status: 'merged' }).where(eq(household.id, state.household.id));
    return joining.map((m) => `members.${m.person.id}.leave`);
  });
  const kept = await changeForRequest(ctx, payload.householdId, async (state, at) => {
    const start = nextPosition(state);
    await insertMembers(
      ctx.tx,
      joining.map((m, i) => ({
        householdId: state.household.id,
        personId: m.person.id,
        relationship: m.relationship === 'head' ? 'other_relative' : m.relationship,
        startDate: at.slice(0, 10),
        position: start + i,
      })),
    );
    return joining.map((m) => `members.${m.person.id}.add`);
  });
  return {
    households: [
      { householdId: kept.householdId, version: kept.version },
      { householdId: gone.householdId, version: gone.version, status: 'merged' },
    ],
  };
}

/** An upheld challenge suspends the household's open enrolments in the program until the agency decides. */
async function applyChallenge(ctx: ApplyContext, payload: Payloads['recipient_challenge']) {
  const suspended = await ctx.tx
    .update(enrolment)
    .set({ status: 'suspended' })
    .where(
      and(
        eq(enrolment.householdId, payload.householdId),
        eq(enrolment.programCode, payload.programCode),
        eq(enrolment.status, 'active'),
        isNull(enrolment.endDate),
      ),
    )
    .returning({ id: enrolment.id });
  await refreshHouseholdTargeting(ctx.tx, payload.householdId);
  return { suspendedEnrolments: suspended.map((e) => e.id) };
}

/** Applies an approved request inside the caller's transaction; returns what it did (stored as the result). */
export async function applyRequest(
  tx: Db,
  reviewer: SessionUser,
  scope: Scope,
  request: ApprovedRequest,
): Promise<Record<string, unknown>> {
  const ctx: ApplyContext = { tx, reviewer, scope, request };
  const payload = payloadSchemas[request.type].parse(request.payload);
  switch (request.type) {
    case 'birth':
    case 'move_in': {
      const p = payload as Payloads['birth'];
      const r = await changeForRequest(ctx, p.householdId, async (state, at) => [
        await addMember(ctx, state, p.member, at, request.type === 'birth'),
      ]);
      return { households: [{ householdId: r.householdId, version: r.version }] };
    }
    case 'death':
    case 'move_out': {
      const p = payload as Payloads['death'];
      const r = await changeForRequest(ctx, p.householdId, async (state, at) => [
        await removeMember(
          ctx,
          state,
          p.personId,
          p.date,
          request.type === 'death' ? 'deceased' : 'moved_out',
          at,
        ),
      ]);
      return { households: [{ householdId: r.householdId, version: r.version }] };
    }
    case 'correction': {
      const r = await applyCorrection(ctx, payload as Payloads['correction']);
      return {
        households: [{ householdId: r.householdId, version: r.version }],
        changedFields: r.changedFields,
      };
    }
    case 'household_split':
      return applySplit(ctx, payload as Payloads['household_split']);
    case 'household_merge':
      return applyMerge(ctx, payload as Payloads['household_merge']);
    case 'new_household': {
      const p = payload as Payloads['new_household'];
      const r = await createHousehold(tx, reviewer, {
        ...p,
        source: requestSource,
        reason: `change request ${request.trackingCode}`,
        purpose: 'change request review',
      });
      await rerankHousehold(tx, r.householdId);
      await refreshHouseholdTargeting(tx, r.householdId);
      return { households: [{ householdId: r.householdId, version: r.version }] };
    }
    case 'recipient_challenge':
      return applyChallenge(ctx, payload as Payloads['recipient_challenge']);
  }
}
